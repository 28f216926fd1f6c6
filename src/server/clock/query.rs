//! The clock stream's inputs, checked once at the edge into typed values.
//!
//! [`ClockQuery`] reads `city`/`cities`, `sec` and `limit` from the raw query string (not
//! through serde, so every rejection — bytes that are not UTF-8 included — is the contract's
//! `400` JSON naming the parameter). Past this module nothing re-checks.

use axum::{
    extract::{FromRef, FromRequestParts},
    http::request::Parts,
};

use crate::model::{decimal_seconds_to_millis, DEFAULT_STREAM_INTERVAL_MS};
use crate::server::{
    config::Settings,
    http::{decode_query, quote, ApiError},
    zones::{Zone, ZoneSet},
};

use super::interval::Interval;

/// Largest `limit`: about 31 years of one-second ticks.
pub const MAX_LIMIT: u64 = 1_000_000_000;

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

impl ClockQuery {
    /// Reads a raw (still percent-encoded) query string.
    pub fn parse(query: &str, default_zone: Zone) -> Result<ClockQuery, ApiError> {
        let params = decode_query(query, &["city", "cities", "sec", "limit"])?;
        let zones = ZoneSet::from_params(params.get("city"), params.get("cities"), default_zone)?;
        let interval = match params.get("sec") {
            None => {
                Interval::from_millis(DEFAULT_STREAM_INTERVAL_MS).expect("the default is in range")
            }
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
    fn a_plus_typed_plainly_in_a_zone_is_the_plus_meant() {
        // `+` decodes to a space, but no zone name has a space: `Etc/GMT+5` as typed works.
        assert_eq!(names(&parse("city=Etc/GMT+5").unwrap()), "Etc/GMT+5");
        assert_eq!(names(&parse("city=Etc/GMT%2B5").unwrap()), "Etc/GMT+5");
        assert_eq!(
            names(&parse("cities=Etc/GMT+5,Etc/GMT-3,UTC").unwrap()),
            "Etc/GMT+5,Etc/GMT-3,UTC"
        );
        let (param, message) = rejected("city=Etc/GMT+15");
        assert_eq!(param, "city");
        assert!(
            message.starts_with("\"Etc/GMT+15\" is not a time zone we know"),
            "quoted as meant: {message}"
        );
    }

    #[test]
    fn unknown_parameters_are_ignored() {
        assert!(parse("city=UTC&_=1732181038&lastEventId=4").is_ok());
    }

    #[test]
    fn the_resume_parameter_is_not_the_querys_business() {
        // `lastEventID` is read beside the query (`http::LastEventId`), never refused here,
        // whatever its value or however often it appears: the stream is the same stream.
        let plain = parse("cities=UTC,Asia/Seoul&sec=2&limit=9").unwrap();
        for resume in ["4", "", "x", "4&lastEventID=5"] {
            let query = format!("cities=UTC,Asia/Seoul&sec=2&limit=9&lastEventID={resume}");
            assert_eq!(parse(&query).unwrap(), plain, "{query}");
        }
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
}
