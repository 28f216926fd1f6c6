//! Where an `EventSource` says to resume: the `Last-Event-ID` request header, or the
//! `lastEventID` query parameter, read as a tick or progress number. It never rejects a
//! request.
//!
//! The query parameter exists because a browser cannot set `Last-Event-ID` on a new
//! `EventSource` (only its own reconnects send it): a tab that takes over another tab's
//! stream, or a page that reopens a stream itself, names the last id it has in the URL.
//! The name is Mercure's. The header comes first: an `EventSource` opened with
//! `?lastEventID=N` that reconnects by itself sends the URL unchanged, and its header then
//! carries the later id.

use axum::{extract::FromRequestParts, http::request::Parts};
use percent_encoding::percent_decode_str;

use crate::model::LAST_EVENT_ID_PARAM;

/// Where to resume as a tick number: `None` for a fresh stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LastEventId(pub Option<u64>);

impl<S: Send + Sync> FromRequestParts<S> for LastEventId {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(LastEventId(resume_after(
            parts
                .headers
                .get("last-event-id")
                .map(|value| value.to_str()),
            parts.uri.query(),
        )))
    }
}

/// The id to resume after. A header that is present decides, even when its value is not an
/// id (a fresh stream, as before the parameter existed); without one, the query parameter.
fn resume_after<E>(header: Option<Result<&str, E>>, query: Option<&str>) -> Option<u64> {
    match header {
        Some(value) => value.ok().and_then(parse_last_event_id),
        None => query.and_then(query_last_event_id),
    }
}

/// The `lastEventID` parameter of a raw query string, read like the header. Given more than
/// once it is ignored: which one was meant cannot be told. Other parameters are the
/// endpoint's own business.
fn query_last_event_id(query: &str) -> Option<u64> {
    let mut values = query
        .split('&')
        .map(|pair| pair.split_once('=').unwrap_or((pair, "")))
        .filter(|(key, _)| *key == LAST_EVENT_ID_PARAM)
        .map(|(_, value)| value);
    let value = values.next()?;
    if values.next().is_some() {
        return None;
    }
    // Digits need no escaping, but `%37` is a `7` all the same; `+` would be a space, which
    // no id has, so it is left as it is and refused with the rest.
    let decoded = percent_decode_str(value).decode_utf8().ok()?;
    parse_last_event_id(&decoded)
}

/// A non-negative integer in plain digits, or nothing: `"7"` → 7; `"-1"`, `"x"`, `""`,
/// `"1e3"`, `" 7"` and numbers past `u64` are a fresh stream, never an error.
pub fn parse_last_event_id(text: &str) -> Option<u64> {
    if text.is_empty() || !text.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values that are a fresh stream, in the header and in the query alike.
    const NOT_IDS: [&str; 9] = [
        "",
        "-1",
        "x",
        "1e3",
        " 7",
        "7 ",
        "+7",
        "18446744073709551616",
        "3.0",
    ];

    #[test]
    fn last_event_ids_are_plain_non_negative_integers() {
        assert_eq!(parse_last_event_id("0"), Some(0));
        assert_eq!(parse_last_event_id("42"), Some(42));
        for ignored in NOT_IDS {
            assert_eq!(parse_last_event_id(ignored), None, "{ignored:?}");
        }
    }

    fn from_query(query: &str) -> Option<u64> {
        resume_after::<()>(None, Some(query))
    }

    #[test]
    fn the_query_parameter_is_read_like_the_header() {
        assert_eq!(from_query("lastEventID=41"), Some(41));
        assert_eq!(from_query("city=UTC&sec=1&lastEventID=0&_=17"), Some(0));
        assert_eq!(from_query("lastEventID=%34%32"), Some(42), "escaped digits");
        assert_eq!(
            from_query("lastEventID=18446744073709551615"),
            Some(u64::MAX)
        );
        for ignored in NOT_IDS {
            let escaped = ignored.replace(' ', "%20");
            assert_eq!(
                from_query(&format!("lastEventID={escaped}")),
                None,
                "{ignored:?}"
            );
        }
        for ignored in ["lastEventID", "lastEventID=%FF", "lastEventID=7%"] {
            assert_eq!(from_query(ignored), None, "{ignored:?}");
        }
    }

    #[test]
    fn only_the_exact_name_given_once_counts() {
        for other in [
            "lasteventid=4",
            "lastEventId=4",
            "LastEventID=4",
            "xlastEventID=4",
        ] {
            assert_eq!(from_query(other), None, "{other}");
        }
        assert_eq!(from_query("lastEventID=4&lastEventID=4"), None);
        assert_eq!(from_query("lastEventID=4&lastEventID=5"), None);
        assert_eq!(resume_after::<()>(None, None), None);
    }

    #[test]
    fn a_header_that_is_present_wins_over_the_query() {
        let query = Some("lastEventID=7");
        assert_eq!(resume_after::<()>(Some(Ok("41")), query), Some(41));
        assert_eq!(
            resume_after::<()>(Some(Ok("abc")), query),
            None,
            "a bad header is a fresh stream, as it always was"
        );
        assert_eq!(resume_after(Some(Err(())), query), None, "not text");
        assert_eq!(resume_after::<()>(None, query), Some(7));
    }
}
