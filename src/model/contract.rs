//! The wire types of `docs/CONTRACT.md`, shared by the server that writes them and the
//! browser that reads them. Field names and order follow the contract exactly.

use super::json::{FromJson, Json};
use serde::{Deserialize, Serialize};

/// The SSE event type of a clock tick.
pub const UPDATE_EVENT: &str = "UPDATE";
/// The SSE event type sent after the last tick of a stream with `limit`.
pub const END_EVENT: &str = "END";

/// The `data` of one `UPDATE` event: one zone's wall time at one tick.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClockUpdate {
    /// The tick number, the same as the event's `id`.
    pub id: u64,
    /// IANA zone name in canonical spelling, e.g. `Asia/Seoul`.
    pub zone: String,
    /// The zone's display name, e.g. `Seoul`.
    pub city: String,
    /// Local wall time at `epoch_ms`: `YYYY-MM-DD HH:MM:SS`, 24-hour.
    pub date_time: String,
    /// Offset from UTC at `epoch_ms`: `+09:00`, `-03:30`, `+00:00`.
    pub utc_offset: String,
    /// The zone's abbreviation at `epoch_ms`: `KST`, `EDT`, or `+0545` where none is in use.
    pub abbreviation: String,
    /// The tick's instant, UTC milliseconds since the Unix epoch.
    pub epoch_ms: i64,
}

/// One entry of `GET /api/zones`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ZoneSummary {
    /// IANA zone name, e.g. `America/New_York`.
    pub zone: String,
    /// Display name, e.g. `New York`.
    pub city: String,
    /// Offset from UTC now.
    pub utc_offset: String,
    /// Abbreviation now.
    pub abbreviation: String,
}

/// The `data` of the `END` event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndOfStream {
    /// Why the stream ended: `limit`.
    pub reason: String,
}

/// The body of every `400` (and other client-facing error) response.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// A sentence a person understands.
    pub error: String,
    /// The parameter at fault, when one is.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub param: Option<String>,
}

/// One change of a zone's UTC offset: a row of a transitions report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Transition {
    /// The zone, e.g. `Europe/London`.
    pub zone: String,
    /// The first instant of the new offset, UTC, RFC 3339 (`2026-10-25T01:00:00Z`).
    pub instant_utc: String,
    /// The same instant in Unix seconds, for sorting and arithmetic.
    pub epoch_s: i64,
    /// Offset before, `+01:00`.
    pub offset_before: String,
    /// Offset after, `+00:00`.
    pub offset_after: String,
    /// Abbreviation before, `BST`.
    pub abbreviation_before: String,
    /// Abbreviation after, `GMT`.
    pub abbreviation_after: String,
}

/// A zone's display name: the last part of its IANA name with underscores as spaces
/// (`America/Argentina/Buenos_Aires` → `Buenos Aires`, `UTC` → `UTC`).
pub fn city_of_zone(zone: &str) -> String {
    zone.rsplit('/').next().unwrap_or(zone).replace('_', " ")
}

/// `"1.5"` to 1500: digits with at most three decimals, nothing else (no sign, exponent,
/// `NaN` or `inf`), so every accepted text names an exact number of milliseconds.
pub fn decimal_seconds_to_millis(text: &str) -> Option<u64> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let all_digits = |part: &str| part.bytes().all(|byte| byte.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty())
        || !all_digits(whole)
        || !all_digits(fraction)
        || fraction.len() > 3
        || whole.len() > 12
    {
        return None;
    }
    let whole: u64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let fraction_ms: u64 = format!("{fraction:0<3}").parse().ok()?;
    Some(whole * 1000 + fraction_ms)
}

/// The contract's example update (Seoul at 2026-11-21 17:03:58 local), for tests that need one.
#[cfg(test)]
pub(crate) fn seoul_contract_example() -> ClockUpdate {
    ClockUpdate {
        id: 7,
        zone: "Asia/Seoul".into(),
        city: "Seoul".into(),
        date_time: "2026-11-21 17:03:58".into(),
        utc_offset: "+09:00".into(),
        abbreviation: "KST".into(),
        epoch_ms: 1_795_248_238_000,
    }
}

impl FromJson for ClockUpdate {
    fn from_json(value: &Json) -> Option<Self> {
        Some(ClockUpdate {
            id: value.field("id")?,
            zone: value.field("zone")?,
            city: value.field("city")?,
            date_time: value.field("dateTime")?,
            utc_offset: value.field("utcOffset")?,
            abbreviation: value.field("abbreviation")?,
            epoch_ms: value.field("epochMs")?,
        })
    }
}

impl FromJson for ErrorBody {
    fn from_json(value: &Json) -> Option<Self> {
        Some(ErrorBody {
            error: value.field("error")?,
            param: value.optional("param")?,
        })
    }
}

impl FromJson for Transition {
    fn from_json(value: &Json) -> Option<Self> {
        Some(Transition {
            zone: value.field("zone")?,
            instant_utc: value.field("instantUtc")?,
            epoch_s: value.field("epochS")?,
            offset_before: value.field("offsetBefore")?,
            offset_after: value.field("offsetAfter")?,
            abbreviation_before: value.field("abbreviationBefore")?,
            abbreviation_after: value.field("abbreviationAfter")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_seconds_are_exact_to_the_millisecond() {
        assert_eq!(decimal_seconds_to_millis("5"), Some(5000));
        assert_eq!(decimal_seconds_to_millis("0.1"), Some(100));
        assert_eq!(decimal_seconds_to_millis(".5"), Some(500));
        assert_eq!(decimal_seconds_to_millis("2."), Some(2000));
        assert_eq!(decimal_seconds_to_millis("1.234"), Some(1234));
        for bad in [
            "",
            ".",
            "1.2345",
            "-1",
            "+1",
            "1e3",
            "NaN",
            "inf",
            " 1",
            "1,5",
            "9999999999999",
        ] {
            assert_eq!(decimal_seconds_to_millis(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn a_clock_update_serialises_in_the_contract_order() {
        assert_eq!(
            serde_json::to_string(&seoul_contract_example()).unwrap(),
            r#"{"id":7,"zone":"Asia/Seoul","city":"Seoul","dateTime":"2026-11-21 17:03:58","utcOffset":"+09:00","abbreviation":"KST","epochMs":1795248238000}"#
        );
    }

    #[test]
    fn the_page_reads_what_the_server_writes() {
        let update = seoul_contract_example();
        let text = serde_json::to_string(&update).unwrap();
        assert_eq!(ClockUpdate::from_json_text(&text), Some(update));
        assert_eq!(ClockUpdate::from_json_text(r#"{"id":7}"#), None);

        let error = ErrorBody {
            error: "A \"quoted\" word".into(),
            param: Some("zones".into()),
        };
        let text = serde_json::to_string(&error).unwrap();
        assert_eq!(ErrorBody::from_json_text(&text), Some(error));
        let bare = ErrorBody::from_json_text(r#"{"error":"Not found."}"#).unwrap();
        assert_eq!(bare.param, None);

        let change = Transition {
            zone: "Europe/London".into(),
            instant_utc: "2026-10-25T01:00:00Z".into(),
            epoch_s: 1_792_890_000,
            offset_before: "+01:00".into(),
            offset_after: "+00:00".into(),
            abbreviation_before: "BST".into(),
            abbreviation_after: "GMT".into(),
        };
        let text = serde_json::to_string(&vec![change.clone()]).unwrap();
        assert_eq!(Vec::<Transition>::from_json_text(&text), Some(vec![change]));
    }

    #[test]
    fn city_names_come_from_the_last_part_of_the_zone() {
        assert_eq!(
            city_of_zone("America/Argentina/Buenos_Aires"),
            "Buenos Aires"
        );
        assert_eq!(city_of_zone("Asia/Seoul"), "Seoul");
        assert_eq!(city_of_zone("UTC"), "UTC");
        assert_eq!(city_of_zone("US/Eastern"), "Eastern");
    }
}
