//! The clock stream's inputs, checked once at the edge into typed values.
//!
//! [`ClockQuery`] reads `city`/`cities`, `sec` and `limit` from the raw query string (not
//! through serde, so every rejection — bytes that are not UTF-8 included — is the contract's
//! `400` JSON naming the parameter); [`LastEventId`] reads the resume header and never
//! rejects. Past this module nothing re-checks.

use std::collections::HashMap;

use axum::{
    extract::{FromRef, FromRequestParts},
    http::request::Parts,
};
use percent_encoding::percent_decode;

use crate::contract::decimal_seconds_to_millis;

use super::{
    config::Settings,
    errors::ApiError,
    ticks::Interval,
    zones::{Zone, ZoneError},
};

/// Most zones one stream carries.
pub const MAX_ZONES: usize = 24;
/// Most names a `cities` list may hold before duplicates are dropped; anything longer is
/// refused before a single name is looked up.
const MAX_LISTED_NAMES: usize = MAX_ZONES * 4;
/// The interval when `sec` is absent.
pub const DEFAULT_INTERVAL_MS: u64 = 5_000;
/// Largest `limit`: about 31 years of one-second ticks.
pub const MAX_LIMIT: u64 = 1_000_000_000;
/// How many unknown names get suggestions (each costs a search over every zone).
pub const SUGGESTED_NAMES: usize = 3;
/// How many characters of a bad value an error message quotes.
const QUOTED_CHARS: usize = 40;

/// The zones of one stream: one to [`MAX_ZONES`], without duplicates, in the order asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ZoneSet(Vec<Zone>);

impl ZoneSet {
    /// The zones, in order.
    pub fn zones(&self) -> &[Zone] {
        &self.0
    }

    /// `Asia/Seoul,Europe/London`: for logs.
    pub fn names(&self) -> String {
        let names: Vec<&str> = self.0.iter().map(|zone| zone.name()).collect();
        names.join(",")
    }
}

/// The total number of ticks a stream delivers, counting those before a reconnect.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit(u64);

impl Limit {
    /// The number of ticks.
    pub fn ticks(self) -> u64 {
        self.0
    }
}

/// Everything `/api/clock/stream` and `/event-stream` take in the query string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClockQuery {
    /// The zones to stream.
    pub zones: ZoneSet,
    /// How often to tick.
    pub interval: Interval,
    /// Where to stop, if anywhere.
    pub limit: Option<Limit>,
}

/// The `Last-Event-ID` request header as a tick number: `None` for a fresh stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LastEventId(pub Option<u64>);

impl<S> FromRequestParts<S> for ClockQuery
where
    S: Send + Sync,
    std::sync::Arc<Settings>: FromRef<S>,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let settings = std::sync::Arc::<Settings>::from_ref(state);
        ClockQuery::parse(
            parts.uri.query().unwrap_or(""),
            Zone::from(settings.default_zone),
        )
    }
}

impl<S: Send + Sync> FromRequestParts<S> for LastEventId {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let value = parts
            .headers
            .get("last-event-id")
            .and_then(|value| value.to_str().ok());
        Ok(LastEventId(value.and_then(parse_last_event_id)))
    }
}

/// A non-negative integer in plain digits, or nothing: `"7"` → 7; `"-1"`, `"x"`, `""`,
/// `"1e3"`, `" 7"` and numbers past `u64` are a fresh stream, never an error.
pub fn parse_last_event_id(text: &str) -> Option<u64> {
    if text.is_empty() || !text.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

impl ClockQuery {
    /// Reads a raw (still percent-encoded) query string.
    pub fn parse(query: &str, default_zone: Zone) -> Result<ClockQuery, ApiError> {
        let params = decode_query(query)?;
        let zones = match (params.get("city"), params.get("cities")) {
            (Some(_), Some(_)) => {
                return Err(ApiError::bad(
                    "cities",
                    "give either city (one zone) or cities (a comma-separated list), not both",
                ))
            }
            (Some(city), None) => parse_zone_list("city", std::slice::from_ref(city))?,
            (None, Some(cities)) => {
                let names: Vec<String> = cities.split(',').map(str::to_owned).collect();
                parse_zone_list("cities", &names)?
            }
            (None, None) => ZoneSet(vec![default_zone]),
        };
        let interval = match params.get("sec") {
            None => Interval::from_millis(DEFAULT_INTERVAL_MS).expect("the default is in range"),
            Some(text) => parse_interval(text)?,
        };
        let limit = params
            .get("limit")
            .map(|text| parse_limit(text))
            .transpose()?;
        Ok(ClockQuery {
            zones,
            interval,
            limit,
        })
    }
}

/// Splits and percent-decodes the query; each parameter we read may appear once.
fn decode_query(query: &str) -> Result<HashMap<&'static str, String>, ApiError> {
    const KNOWN: [&str; 4] = ["city", "cities", "sec", "limit"];
    let mut params = HashMap::new();
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        let (raw_key, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
        let Ok(key) = decode_component(raw_key) else {
            // A key we cannot read is not one of ours; ignore it like any unknown parameter.
            continue;
        };
        let Some(known) = KNOWN.into_iter().find(|known| *known == key) else {
            continue; // unknown parameters (cache busters and the like) are ignored
        };
        let value = decode_component(raw_value).map_err(|()| {
            ApiError::bad(
                known,
                format!("{known} must be text in UTF-8, but its percent-encoded bytes are not"),
            )
        })?;
        if params.insert(known, value).is_some() {
            return Err(ApiError::bad(
                known,
                format!("give {known} once; it appears more than once in the query"),
            ));
        }
    }
    Ok(params)
}

/// `+` as space, then `%XX` escapes, then UTF-8 or nothing.
fn decode_component(raw: &str) -> Result<String, ()> {
    let spaced = raw.replace('+', " ");
    let bytes: Vec<u8> = percent_decode(spaced.as_bytes()).collect();
    String::from_utf8(bytes).map_err(|_| ())
}

fn parse_zone_list(param: &'static str, names: &[String]) -> Result<ZoneSet, ApiError> {
    let names: Vec<&str> = names
        .iter()
        .map(|name| name.trim())
        .filter(|name| !name.is_empty())
        .collect();
    if names.is_empty() {
        return Err(ApiError::bad(
            param,
            format!("{param} is empty; name a time zone such as Asia/Seoul, or leave {param} out for the default zone"),
        ));
    }
    if names.len() > MAX_LISTED_NAMES {
        return Err(too_many_zones(param, names.len()));
    }
    let mut zones = Vec::new();
    let mut problems = Vec::new();
    for name in names {
        match Zone::parse(name) {
            Ok(zone) if !zones.contains(&zone) => zones.push(zone),
            Ok(_) => {} // duplicates are dropped
            Err(error) => {
                let suggest = problems.len() < SUGGESTED_NAMES;
                problems.push(describe_zone_error(name, error, suggest));
            }
        }
    }
    if !problems.is_empty() {
        return Err(ApiError::bad(param, problems.join("; ")));
    }
    if zones.len() > MAX_ZONES {
        return Err(too_many_zones(param, zones.len()));
    }
    Ok(ZoneSet(zones))
}

fn too_many_zones(param: &str, count: usize) -> ApiError {
    ApiError::bad(
        param,
        format!("a stream carries at most {MAX_ZONES} time zones, but {param} names {count}"),
    )
}

/// Why `name` is not a zone, in a sentence; with the closest names when `suggest` (each
/// suggestion is a search over every zone, so callers suggest for a few names only).
pub fn describe_zone_error(name: &str, error: ZoneError, suggest: bool) -> String {
    match error {
        ZoneError::Empty => "a time zone name is empty".to_owned(),
        ZoneError::TooLong { length } => format!(
            "{} is not a time zone: it is {length} characters long, and zone names are short, such as Asia/Seoul",
            quote(name)
        ),
        ZoneError::Unknown if suggest => format!(
            "{} is not a time zone we know; did you mean {}?",
            quote(name),
            or_list(&Zone::closest_names(name))
        ),
        ZoneError::Unknown => format!("{} is not a time zone we know", quote(name)),
    }
}

fn parse_interval(text: &str) -> Result<Interval, ApiError> {
    decimal_seconds_to_millis(text.trim())
        .and_then(Interval::from_millis)
        .ok_or_else(|| {
            ApiError::bad(
                "sec",
                format!(
                    "sec must be a number of seconds from 0.1 to 3600 with at most three decimals, such as 5 or 0.5, not {}",
                    quote(text)
                ),
            )
        })
}

fn parse_limit(text: &str) -> Result<Limit, ApiError> {
    let trimmed = text.trim();
    trimmed
        .bytes()
        .all(|byte| byte.is_ascii_digit())
        .then(|| trimmed.parse::<u64>().ok())
        .flatten()
        .filter(|ticks| (1..=MAX_LIMIT).contains(ticks))
        .map(Limit)
        .ok_or_else(|| {
            ApiError::bad(
                "limit",
                format!(
                    "limit must be a whole number of ticks from 1 to {MAX_LIMIT}, or left out for an endless stream, not {}",
                    quote(text)
                ),
            )
        })
}

/// A client's text for an error message: quoted, control characters escaped, and cut to
/// [`QUOTED_CHARS`] characters so a huge value cannot bloat the response.
fn quote(text: &str) -> String {
    let mut shown: String = text.chars().take(QUOTED_CHARS).collect();
    if text.chars().count() > QUOTED_CHARS {
        shown.push('…');
    }
    format!("{shown:?}")
}

/// `A`, `A or B`, `A, B or C`.
fn or_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [only] => (*only).to_owned(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(query: &str) -> Result<ClockQuery, ApiError> {
        ClockQuery::parse(query, Zone::parse("Asia/Kolkata").unwrap())
    }

    fn rejected(query: &str) -> (String, String) {
        match parse(query) {
            Err(ApiError::BadParameter { param, message }) => (param, message),
            other => panic!("{query:?} was not rejected: {other:?}"),
        }
    }

    fn names(query: &ClockQuery) -> String {
        query.zones.names()
    }

    #[test]
    fn defaults_apply_when_parameters_are_missing() {
        let query = parse("").unwrap();
        assert_eq!(names(&query), "Asia/Kolkata");
        assert_eq!(query.interval.millis(), 5000);
        assert_eq!(query.limit, None);
    }

    #[test]
    fn the_articles_query_works() {
        let query = parse("city=Asia/Seoul&sec=5").unwrap();
        assert_eq!(names(&query), "Asia/Seoul");
        assert_eq!(query.interval.millis(), 5000);
    }

    #[test]
    fn cities_are_matched_case_insensitively_and_deduplicated_in_order() {
        let query =
            parse("cities=europe/london,Asia%2FSeoul,EUROPE/LONDON,,asia/calcutta&sec=0.5&limit=3")
                .unwrap();
        assert_eq!(names(&query), "Europe/London,Asia/Seoul,Asia/Calcutta");
        assert_eq!(query.interval.millis(), 500);
        assert_eq!(query.limit.map(Limit::ticks), Some(3));
    }

    #[test]
    fn plus_is_a_space_in_query_strings() {
        // "Asia/Seoul" cannot contain a space, but trimming makes "+Asia/Seoul+" harmless.
        assert_eq!(names(&parse("city=+Asia/Seoul+").unwrap()), "Asia/Seoul");
    }

    #[test]
    fn unknown_parameters_are_ignored() {
        assert!(parse("city=UTC&_=1732181038&lastEventId=4").is_ok());
    }

    #[test]
    fn bad_sec_values_are_refused_with_the_range() {
        for bad in [
            "",
            "abc",
            "NaN",
            "nan",
            "inf",
            "-1",
            "0",
            "0.0",
            "0.05",
            "3600.001",
            "1e3",
            "99999999999999999999",
            "5s",
            "1.2345",
        ] {
            let (param, message) = rejected(&format!("sec={bad}"));
            assert_eq!(param, "sec", "{bad}");
            assert!(
                message.starts_with("sec must be a number of seconds from 0.1 to 3600"),
                "{message}"
            );
        }
        assert_eq!(parse("sec=0.1").unwrap().interval.millis(), 100);
        assert_eq!(parse("sec=3600").unwrap().interval.millis(), 3_600_000);
    }

    #[test]
    fn bad_limits_are_refused() {
        for bad in [
            "",
            "0",
            "-3",
            "2.5",
            "abc",
            "1000000001",
            "18446744073709551616",
        ] {
            let (param, message) = rejected(&format!("limit={bad}"));
            assert_eq!(param, "limit");
            assert!(
                message.starts_with("limit must be a whole number of ticks"),
                "{message}"
            );
        }
    }

    #[test]
    fn unknown_zones_name_the_closest_ones() {
        let (param, message) = rejected("city=Asia/Seul");
        assert_eq!(param, "city");
        assert!(
            message
                .starts_with("\"Asia/Seul\" is not a time zone we know; did you mean Asia/Seoul"),
            "{message}"
        );
        let (param, message) = rejected("cities=Asia/Seoul,Europe/Londn,Mars/Base");
        assert_eq!(param, "cities");
        assert!(
            message.contains(
                "\"Europe/Londn\" is not a time zone we know; did you mean Europe/London"
            ),
            "{message}"
        );
        assert!(message.contains("\"Mars/Base\""), "{message}");
    }

    #[test]
    fn empty_names_are_refused() {
        assert_eq!(rejected("city=").0, "city");
        assert!(rejected("city=").1.starts_with("city is empty"));
        assert_eq!(rejected("cities=,,").0, "cities");
    }

    #[test]
    fn a_five_thousand_character_name_is_refused_briefly() {
        let (param, message) = rejected(&format!("city={}", "x".repeat(5000)));
        assert_eq!(param, "city");
        assert!(message.contains("5000 characters long"), "{message}");
        assert!(
            message.len() < 200,
            "the message quotes only the start: {}",
            message.len()
        );
    }

    #[test]
    fn too_many_zones_are_refused_but_duplicates_do_not_count() {
        let zones: Vec<&str> = crate::server::zones::Zone::all()
            .map(|zone| zone.name())
            .take(25)
            .collect();
        let (param, message) = rejected(&format!("cities={}", zones.join(",")));
        assert_eq!(param, "cities");
        assert_eq!(
            message,
            "a stream carries at most 24 time zones, but cities names 25"
        );
        let repeated = vec!["UTC"; 60].join(",");
        assert_eq!(names(&parse(&format!("cities={repeated}")).unwrap()), "UTC");
        let (_, message) = rejected(&format!("cities={}", vec!["UTC"; 1000].join(",")));
        assert!(message.contains("names 1000"), "{message}");
    }

    #[test]
    fn bytes_that_are_not_utf8_are_refused() {
        let (param, message) = rejected("city=%FF%FE");
        assert_eq!(param, "city");
        assert!(message.contains("UTF-8"), "{message}");
        assert_eq!(rejected("sec=%C3%28").0, "sec");
    }

    #[test]
    fn repeated_and_conflicting_parameters_are_refused() {
        assert_eq!(rejected("sec=1&sec=2").0, "sec");
        assert_eq!(rejected("city=UTC&cities=UTC").0, "cities");
    }

    #[test]
    fn last_event_ids_are_plain_non_negative_integers() {
        assert_eq!(parse_last_event_id("0"), Some(0));
        assert_eq!(parse_last_event_id("42"), Some(42));
        for ignored in [
            "",
            "-1",
            "x",
            "1e3",
            " 7",
            "7 ",
            "+7",
            "18446744073709551616",
            "3.0",
        ] {
            assert_eq!(parse_last_event_id(ignored), None, "{ignored:?}");
        }
    }

    #[test]
    fn or_lists_read_naturally() {
        assert_eq!(or_list(&["A"]), "A");
        assert_eq!(or_list(&["A", "B"]), "A or B");
        assert_eq!(or_list(&["A", "B", "C"]), "A, B or C");
    }
}
