//! The wire types of `shared/CONTRACT.md`, shared by the server that writes them and the
//! browser that reads them. Field names and order follow the contract exactly.

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

/// A zone's display name: the last part of its IANA name with underscores as spaces
/// (`America/Argentina/Buenos_Aires` → `Buenos Aires`, `UTC` → `UTC`).
pub fn city_of_zone(zone: &str) -> String {
    zone.rsplit('/').next().unwrap_or(zone).replace('_', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clock_update_serialises_in_the_contract_order() {
        let update = ClockUpdate {
            id: 7,
            zone: "Asia/Seoul".into(),
            city: "Seoul".into(),
            date_time: "2026-11-21 17:03:58".into(),
            utc_offset: "+09:00".into(),
            abbreviation: "KST".into(),
            epoch_ms: 1_795_248_238_000,
        };
        assert_eq!(
            serde_json::to_string(&update).unwrap(),
            r#"{"id":7,"zone":"Asia/Seoul","city":"Seoul","dateTime":"2026-11-21 17:03:58","utcOffset":"+09:00","abbreviation":"KST","epochMs":1795248238000}"#
        );
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
