//! The `Last-Event-ID` request header, read as a tick or progress number: how an
//! `EventSource` says where to resume. It never rejects a request.

use axum::{extract::FromRequestParts, http::request::Parts};

/// The `Last-Event-ID` request header as a tick number: `None` for a fresh stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LastEventId(pub Option<u64>);

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
