//! `GET /api/plan.ics?cities=…&at=…[&minutes=N][&lang=ko]`: the planned moment as a
//! calendar file, one event listing each city's local time then, in the language a page of
//! the same request would speak (the URL's `lang`, the `lang` cookie, `Accept-Language`).
//! The file is a function of the request (and of the time-zone data) but for its
//! `DTSTAMP`, so any instance gives the same event with the same `UID` (in any language).

use axum::{
    extract::{RawQuery, State},
    http::{header, HeaderMap, HeaderValue},
    response::{IntoResponse, Response},
};

use super::{
    calendar::{calendar_text, utc_text, CalendarEvent},
    query::CalendarRequest,
};
use crate::model::{CivilTime, Language, LANGUAGE_PARAM};
use crate::server::{
    http::{decode_query, ApiError},
    state::AppState,
};

/// The calendar file of the request's moment.
pub async fn plan_calendar(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let params = decode_query(
        query.as_deref().unwrap_or(""),
        &["cities", "at", "minutes", LANGUAGE_PARAM],
    )?;
    let language = request_language(params.get(LANGUAGE_PARAM), &headers);
    let request = CalendarRequest::parse(&params, language)?;
    let stamp_s = state.tickers.clock().now_ms().div_euclid(1000);
    let event = event(&request, stamp_s);
    let disposition = format!(
        "attachment; filename=\"worldclock-{}.ics\"",
        utc_text(request.at.epoch_s())
    );
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/calendar; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition)
                    .map_err(|error| ApiError::Internal(error.to_string()))?,
            ),
            // Without `lang` in the URL, the words follow the cookie or the browser's
            // languages: a cache must not give one visitor's file to another.
            (
                header::VARY,
                HeaderValue::from_static("Accept-Language, Cookie"),
            ),
        ],
        calendar_text(&event),
    )
        .into_response())
}

/// The language of a request for the file: the URL's `lang` if it names one, else the
/// cookie's, else `Accept-Language`'s choice, as for a page ([`Language::chosen`]).
fn request_language(url: Option<&String>, headers: &HeaderMap) -> Language {
    let header_text = |name| {
        headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
    };
    Language::chosen(
        url.map(String::as_str),
        Language::in_cookies(header_text(header::COOKIE)),
        header_text(header::ACCEPT_LANGUAGE),
    )
}

/// The event of `request`, stamped at Unix second `stamp_s`, in the request's language:
/// the cities' names, the date's words and order are the page's; the time is 24-hour, as
/// an entry that leaves the page reads best without a marker to misread.
fn event(request: &CalendarRequest, stamp_s: i64) -> CalendarEvent {
    let words = request.language.messages();
    let start_s = request.at.epoch_s();
    let mut names: Vec<&str> = Vec::new();
    for attendee in &request.cities {
        if !names.contains(&attendee.title()) {
            names.push(attendee.title());
        }
    }
    let description: Vec<String> = request
        .cities
        .iter()
        .map(|attendee| {
            let city = &attendee.city;
            let (offset_s, abbreviation) = city.zone.offset_at(start_s);
            let local = CivilTime::from_epoch_ms((start_s + i64::from(offset_s)) * 1000);
            let card = match &attendee.name {
                Some(name) => words.calendar_named_card(name, city.label.short_name()),
                None => city.label.short_name(),
            };
            words.calendar_card_time(
                card,
                local.day_text(&words.calendar),
                format!("{:02}:{:02}", local.hour, local.minute),
                abbreviation,
            )
        })
        .collect();
    CalendarEvent {
        uid: uid(request),
        stamp_s,
        start_s,
        end_s: start_s + i64::from(request.minutes) * 60,
        summary: words.calendar_title(names.join(words.list_separator)),
        description: description.join("\n"),
        language: request.language.tag(),
    }
}

/// `20270314T150000Z-60m-<16 hex digits>@worldclock`: the moment, the length and a hash of
/// the cities' keys. FNV-1a, not std's hasher, whose output may change between Rust
/// releases: instances built apart must agree.
fn uid(request: &CalendarRequest) -> String {
    const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;
    let keys: Vec<String> = request.cities.iter().map(|card| card.key()).collect();
    let hash = keys.join(",").bytes().fold(FNV_OFFSET, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(FNV_PRIME)
    });
    format!(
        "{}-{}m-{hash:016x}@worldclock",
        utc_text(request.at.epoch_s()),
        request.minutes
    )
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn request(cities: &str, at: &str, minutes: Option<&str>) -> CalendarRequest {
        request_in(cities, at, minutes, Language::English)
    }

    fn request_in(
        cities: &str,
        at: &str,
        minutes: Option<&str>,
        language: Language,
    ) -> CalendarRequest {
        let mut params: HashMap<&'static str, String> = HashMap::new();
        params.insert("cities", cities.into());
        params.insert("at", at.into());
        if let Some(minutes) = minutes {
            params.insert("minutes", minutes.into());
        }
        CalendarRequest::parse(&params, language).unwrap()
    }

    fn headers(pairs: &[(header::HeaderName, &'static str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(name, value)| (name.clone(), HeaderValue::from_static(value)))
            .collect()
    }

    #[test]
    fn the_language_is_the_url_s_then_the_cookie_s_then_the_browser_s() {
        let korean_browser = headers(&[(header::ACCEPT_LANGUAGE, "ko-KR,ko;q=0.9,en;q=0.5")]);
        let english_cookie = headers(&[
            (header::ACCEPT_LANGUAGE, "ko-KR"),
            (header::COOKIE, "zone=Asia/Seoul; lang=en"),
        ]);
        let ko = "ko".to_owned();
        let fr = "fr".to_owned();
        assert_eq!(request_language(None, &korean_browser), Language::Korean);
        assert_eq!(request_language(None, &english_cookie), Language::English);
        assert_eq!(
            request_language(Some(&ko), &english_cookie),
            Language::Korean
        );
        // A language the page does not speak is passed over, never an error.
        assert_eq!(
            request_language(Some(&fr), &korean_browser),
            Language::Korean
        );
        assert_eq!(request_language(None, &HeaderMap::new()), Language::English);
    }

    #[test]
    fn a_korean_event_names_cities_dates_and_title_in_korean() {
        let request = request_in(
            "seoul-kr~민아,london-gb,new-york-city-us,Asia/Kathmandu",
            "2027-03-14T15:00Z",
            None,
            Language::Korean,
        );
        let event = event(&request, 1_795_248_238);
        assert_eq!(event.language, "ko");
        assert_eq!(event.summary, "worldclock 일정: 민아, 런던, 뉴욕, 카트만두");
        assert_eq!(
            event.description.lines().collect::<Vec<_>>(),
            [
                "민아(서울, 대한민국): 3월 15일 (월) 00:00 KST",
                "런던, 영국: 3월 14일 (일) 15:00 GMT",
                "뉴욕, 미국: 3월 14일 (일) 11:00 EDT",
                "카트만두: 3월 14일 (일) 20:45 +0545",
            ]
        );
        // The same event as in English: the UID does not depend on the language.
        let english = super::tests::request(
            "seoul-kr~민아,london-gb,new-york-city-us,Asia/Kathmandu",
            "2027-03-14T15:00Z",
            None,
        );
        assert_eq!(uid(&request), uid(&english));
        let file = calendar_text(&event);
        assert!(
            file.contains("SUMMARY;LANGUAGE=ko:worldclock 일정: 민아\\, 런던"),
            "{file}"
        );
    }

    #[test]
    fn the_event_lists_each_city_s_local_time() {
        let request = request(
            "seoul-kr,london-gb,new-york-city-us,Asia/Kathmandu",
            "2027-03-14T15:00Z",
            None,
        );
        let event = event(&request, 1_795_248_238);
        assert_eq!(event.start_s, request.at.epoch_s());
        assert_eq!(event.end_s - event.start_s, 3600);
        assert_eq!(
            event.summary,
            "worldclock: Seoul, London, New York City, Kathmandu"
        );
        assert_eq!(
            event.description.lines().collect::<Vec<_>>(),
            [
                "Seoul, South Korea: Mon 15 Mar 00:00 KST",
                "London, United Kingdom: Sun 14 Mar 15:00 GMT",
                "New York City, United States: Sun 14 Mar 11:00 EDT",
                "Kathmandu: Sun 14 Mar 20:45 +0545",
            ]
        );
    }

    #[test]
    fn named_cards_lead_with_their_names_and_markup_stays_text() {
        let request = request(
            "seoul-kr~Mina,seoul-kr~<b>Jun; 1</b>,london-gb",
            "2027-03-14T15:00Z",
            None,
        );
        let event = event(&request, 1_795_248_238);
        assert_eq!(event.summary, "worldclock: Mina, <b>Jun; 1</b>, London");
        assert_eq!(
            event.description.lines().collect::<Vec<_>>(),
            [
                "Mina (Seoul, South Korea): Mon 15 Mar 00:00 KST",
                "<b>Jun; 1</b> (Seoul, South Korea): Mon 15 Mar 00:00 KST",
                "London, United Kingdom: Sun 14 Mar 15:00 GMT",
            ]
        );
        let file = calendar_text(&event);
        assert!(
            file.contains("SUMMARY;LANGUAGE=en:worldclock: Mina\\, <b>Jun\\; 1</b>\\, London"),
            "{file}"
        );
        assert_ne!(
            uid(&request),
            uid(&super::tests::request(
                "seoul-kr,london-gb",
                "2027-03-14T15:00Z",
                None
            ))
        );
    }

    #[test]
    fn the_uid_is_a_function_of_the_request() {
        let one = uid(&request("seoul-kr,london-gb", "2027-03-14T15:00Z", None));
        assert_eq!(
            one,
            uid(&request(
                "seoul-kr,london-gb",
                "2027-03-15T00:00+09:00",
                Some("60")
            ))
        );
        assert!(one.starts_with("20270314T150000Z-60m-"), "{one}");
        assert!(one.ends_with("@worldclock"));
        assert_ne!(
            one,
            uid(&request("london-gb,seoul-kr", "2027-03-14T15:00Z", None))
        );
        assert_ne!(
            one,
            uid(&request(
                "seoul-kr,london-gb",
                "2027-03-14T15:00Z",
                Some("30")
            ))
        );
        assert_ne!(
            one,
            uid(&request("seoul-kr,london-gb", "2027-03-14T15:15Z", None))
        );
    }
}
