//! The planner's typed time without JavaScript. The page's "Plan this time" form is a GET
//! to `/` with `in` (a city), `date` and `time` beside `cities` and `sec`; before the page
//! is rendered, the typed local time is read in that city's zone (chrono-tz's offsets, the
//! model's rule: a skipped time moves forward by the gap, a repeated one is the earlier
//! instant) and the request is answered `303 See Other` with the canonical planned page,
//! `/?cities=…&sec=…&at=…`, so the address is the state. Fields that name no moment go on
//! to the page, which says why ([`typed_moment_problem`]).

use axum::{
    extract::Request,
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};

use crate::model::{Language, Moment, Selection, TypedTime, TypedTimeError, LANGUAGE_PARAM};
use crate::server::{
    cities::resolve,
    http::{decode_query, ApiError},
    zones::zone_offsets,
};

/// The form's fields, as the page's URL carries them.
const TYPED_FIELDS: [&str; 3] = ["in", "date", "time"];
/// Seconds either side of a typed wall time whose offsets are read: any zone's offset is
/// less than a day, so the instant it names lies within.
const AROUND_S: i64 = 2 * 86_400;

/// Why a typed time names no moment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TypedMomentError {
    /// A field is missing or malformed.
    Typed(TypedTimeError),
    /// The city is neither a place nor a zone we know (the text, shortened).
    UnknownCity(String),
    /// The instant falls outside the years a moment may (1900 to 2100, in UTC).
    OutOfRange,
    /// The query itself could not be read (a field given twice, bytes not UTF-8).
    Query(String),
}

impl std::fmt::Display for TypedMomentError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TypedMomentError::Typed(error) => write!(f, "{error}"),
            TypedMomentError::UnknownCity(city) => {
                write!(f, "“{city}” is not a city or time zone we know")
            }
            TypedMomentError::OutOfRange => {
                f.write_str("that time falls outside the years 1900 to 2100")
            }
            TypedMomentError::Query(message) => f.write_str(message),
        }
    }
}

/// Answers a request of `/` that carries typed fields naming a moment with a redirect to
/// the planned page; any other request goes on to the page.
pub async fn redirect_typed_moment(request: Request, next: Next) -> Response {
    if let Some(Ok(location)) = planned_location(request.uri().query().unwrap_or("")) {
        return Redirect::to(&location).into_response();
    }
    next.run(request).await
}

/// Why the typed fields of a page's URL name no moment, in a sentence of the page's
/// language for its notice; `None` when the URL has none of the fields, or they name a
/// moment.
pub fn typed_moment_problem(query: &str, language: Language) -> Option<String> {
    let words = language.messages();
    planned_location(query)?.err().map(|error| match error {
        TypedMomentError::Typed(error) => error.sentence(words).to_owned(),
        TypedMomentError::UnknownCity(city) => words.typed_unknown_city(city),
        TypedMomentError::OutOfRange => words.typed_out_of_range.to_owned(),
        // How the query itself is unreadable (a field given twice): the server's own words.
        TypedMomentError::Query(message) => message,
    })
}

/// The planned page the typed fields of `query` stand for; `None` without typed fields.
fn planned_location(query: &str) -> Option<Result<String, TypedMomentError>> {
    let has_typed_fields = query.split('&').any(|pair| {
        let name = pair.split_once('=').map_or(pair, |(name, _)| name);
        TYPED_FIELDS.contains(&name)
    });
    if !has_typed_fields {
        return None;
    }
    let known = ["in", "date", "time", "cities", "sec", LANGUAGE_PARAM];
    let params = match decode_query(query, &known) {
        Ok(params) => params,
        Err(ApiError::BadParameter { message, .. }) => {
            return Some(Err(TypedMomentError::Query(message)))
        }
        Err(error) => return Some(Err(TypedMomentError::Query(format!("{error:?}")))),
    };
    let field = |name: &str| params.get(name).map(String::as_str);
    let moment = match typed_moment(field("in"), field("date"), field("time")) {
        Ok(moment) => moment,
        Err(error) => return Some(Err(error)),
    };
    let selection = Selection::from_query(field("cities"), field("sec"), None);
    let language = field(LANGUAGE_PARAM).and_then(Language::from_tag);
    Some(Ok(Selection::planned_url(
        selection.cities.as_deref(),
        selection.interval_ms,
        Some(moment),
        language,
    )))
}

/// The moment at which the clock of `city` reads `date` and `time`.
pub fn typed_moment(
    city: Option<&str>,
    date: Option<&str>,
    time: Option<&str>,
) -> Result<Moment, TypedMomentError> {
    let typed = TypedTime::parse(city, date, time).map_err(TypedMomentError::Typed)?;
    let zone = resolve(&typed.city)
        .ok_or_else(|| TypedMomentError::UnknownCity(typed.city.chars().take(40).collect()))?
        .zone;
    let offsets = zone_offsets(zone, typed.wall_s - AROUND_S, typed.wall_s + AROUND_S);
    let instant = offsets
        .utc_of_local(typed.wall_s)
        .ok_or(TypedMomentError::OutOfRange)?;
    Moment::from_epoch_s(instant).map_err(|_| TypedMomentError::OutOfRange)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(city: &str, date: &str, time: &str) -> Result<String, TypedMomentError> {
        typed_moment(Some(city), Some(date), Some(time)).map(|moment| moment.to_string())
    }

    #[test]
    fn a_typed_time_is_read_in_the_citys_zone() {
        assert_eq!(
            typed("london-gb", "2027-03-30", "09:30").unwrap(),
            "2027-03-30T08:30Z"
        );
        assert_eq!(
            typed("Asia/Seoul", "2027-03-30", "09:30").unwrap(),
            "2027-03-30T00:30Z"
        );
        assert_eq!(
            typed("kathmandu-np", "2027-01-01", "00:00").unwrap(),
            "2026-12-31T18:15Z"
        );
    }

    #[test]
    fn a_skipped_time_moves_forward_by_the_gap_in_both_hemispheres() {
        // London skips 01:00–02:00 on 28 March 2027: 01:30 is read as GMT, 01:30 UTC (02:30 BST).
        assert_eq!(
            typed("london-gb", "2027-03-28", "01:30").unwrap(),
            "2027-03-28T01:30Z"
        );
        // New York skips 02:00–03:00 on 14 March 2027: 02:30 EST is 07:30 UTC (03:30 EDT).
        assert_eq!(
            typed("America/New_York", "2027-03-14", "02:30").unwrap(),
            "2027-03-14T07:30Z"
        );
        // Sydney skips 02:00–03:00 on 3 October 2027: 02:30 AEST is 16:30 UTC the day before.
        assert_eq!(
            typed("Australia/Sydney", "2027-10-03", "02:30").unwrap(),
            "2027-10-02T16:30Z"
        );
    }

    #[test]
    fn a_repeated_time_is_the_earlier_instant_in_both_hemispheres() {
        // London shows 01:00–02:00 twice on 31 October 2027: BST first (00:30 UTC).
        assert_eq!(
            typed("london-gb", "2027-10-31", "01:30").unwrap(),
            "2027-10-31T00:30Z"
        );
        // Sydney shows 02:00–03:00 twice on 4 April 2027: AEDT first (15:30 UTC the day before).
        assert_eq!(
            typed("Australia/Sydney", "2027-04-04", "02:30").unwrap(),
            "2027-04-03T15:30Z"
        );
    }

    #[test]
    fn bad_fields_and_unknown_cities_are_said() {
        assert_eq!(
            typed("atlantis", "2027-03-30", "09:30"),
            Err(TypedMomentError::UnknownCity("atlantis".into()))
        );
        assert_eq!(
            typed("london-gb", "2027-02-30", "09:30"),
            Err(TypedMomentError::Typed(TypedTimeError::NoSuchDate))
        );
        // Midnight starting 1900 in Tokyo was still 1899 in UTC.
        assert_eq!(
            typed("Asia/Tokyo", "1900-01-01", "00:00"),
            Err(TypedMomentError::OutOfRange)
        );
    }

    #[test]
    fn the_form_is_answered_with_the_canonical_planned_page() {
        let query = "cities=seoul-kr%2Clondon-gb&sec=1&in=london-gb&date=2027-03-30&time=09%3A30";
        assert_eq!(
            planned_location(query),
            Some(Ok(
                "/?cities=seoul-kr,london-gb&sec=1&at=2027-03-30T08:30Z".to_owned()
            ))
        );
        assert_eq!(
            planned_location("sec=5&in=Asia%2FSeoul&date=2027-03-30&time=09:00"),
            Some(Ok("/?sec=5&at=2027-03-30T00:00Z".to_owned()))
        );
        assert_eq!(
            planned_location("sec=5&in=Asia%2FSeoul&date=2027-03-30&time=09:00&lang=ko"),
            Some(Ok("/?sec=5&at=2027-03-30T00:00Z&lang=ko".to_owned()))
        );
        assert_eq!(planned_location("cities=seoul-kr&sec=1"), None);
        assert_eq!(
            typed_moment_problem(
                "cities=seoul-kr&sec=1&at=2027-03-30T08:30Z",
                Language::English
            ),
            None
        );
        let bad_time = "cities=seoul-kr&in=seoul-kr&date=2027-03-30&time=9h";
        let problem = typed_moment_problem(bad_time, Language::English).unwrap();
        assert!(
            problem.starts_with("type the time as hours and minutes"),
            "{problem}"
        );
        let problem = typed_moment_problem(bad_time, Language::Korean).unwrap();
        assert!(problem.starts_with("시각을 00:00부터"), "{problem}");
        let unknown = "in=atlantis&date=2027-03-30&time=09:30";
        let problem = typed_moment_problem(unknown, Language::Korean).unwrap();
        assert!(
            problem.contains("“atlantis”") && problem.contains("알 수 없는"),
            "{problem}"
        );
        let twice = "in=seoul-kr&in=london-gb&date=2027-03-30&time=09:30";
        let problem = typed_moment_problem(twice, Language::English);
        assert!(problem.unwrap().contains("more than once"));
    }
}
