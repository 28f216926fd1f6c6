//! The transitions report protocol, typed once for the server that writes it and the browser
//! that reads it: the request that names a report, what the server says about one, the
//! events a follower reads (an enum of the three kinds and their data), and its paths.
//!
//! A report is a pure function of its request and the time-zone data, and its id carries
//! both (`docs/CONTRACT.md`, "Reports"), so every path below is answered by any instance.

use serde::{Deserialize, Serialize};

use super::json::{FromJson, Json, JsonObject};

/// The SSE event type of a progress event.
pub const PROGRESS_EVENT: &str = "progress";
/// The SSE event type of the final event of a report that completed.
pub const COMPLETE_EVENT: &str = "complete";
/// The SSE event type of the final event of a report that stopped without a result.
pub const FAILED_EVENT: &str = "failed";

/// The body of `POST /api/reports`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportRequest {
    /// IANA zone names, matched case-insensitively; absent (or `null`) means every zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zones: Option<Vec<String>>,
    /// The first year covered (UTC).
    pub from: i32,
    /// The last year covered (UTC), inclusive.
    pub to: i32,
}

/// What the server says about a report: the answer to `POST /api/reports` and to
/// `GET /api/reports/<id>`. Everything here is read from the id, so every instance says the
/// same.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportInfo {
    /// The report's id: its request and the time-zone data version, in URL-safe text.
    pub id: String,
    /// The IANA time-zone data version the report is computed from, e.g. `2025b`.
    pub tzdata: String,
    /// The first year covered.
    pub from: i32,
    /// The last year covered, inclusive.
    pub to: i32,
    /// The zones in canonical spelling and order (by name); `null` for every zone.
    pub zones: Option<Vec<String>>,
    /// How many zones the report covers: the `total` of its progress events.
    pub total: u32,
    /// Where its events stream.
    pub events: String,
    /// Where its CSV downloads.
    pub csv: String,
    /// Where its JSON downloads.
    pub json: String,
}

/// The answer to `DELETE /api/reports/<id>`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportCancellation {
    /// The report's id.
    pub id: String,
    /// Whether the instance that answered was computing it (and has stopped).
    pub stopped: bool,
}

/// One event of a report's stream.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReportEvent {
    /// Zones done so far.
    Progress(ReportProgress),
    /// The report is computed; its result downloads from the paths given.
    Complete(ReportComplete),
    /// The report stopped without a result (cancelled, or a fault of the server's).
    Failed(ReportFailed),
}

/// The `data` of a `progress` event; its event id is `done`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportProgress {
    /// Zones done.
    pub done: u32,
    /// Zones in all.
    pub total: u32,
    /// The last zone done.
    pub zone: String,
}

/// The `data` of a `complete` event; its event id is `total + 1`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportComplete {
    /// How many transitions the result holds.
    pub transitions: u64,
    /// Where the CSV downloads.
    pub csv: String,
    /// Where the JSON downloads.
    pub json: String,
}

/// The `data` of a `failed` event; its event id is `total + 1`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportFailed {
    /// A sentence a person understands.
    pub error: String,
}

impl ReportEvent {
    /// The SSE event type.
    pub fn name(&self) -> &'static str {
        match self {
            ReportEvent::Progress(_) => PROGRESS_EVENT,
            ReportEvent::Complete(_) => COMPLETE_EVENT,
            ReportEvent::Failed(_) => FAILED_EVENT,
        }
    }

    /// The SSE `data`: the event's JSON, on one line.
    pub fn data(&self) -> String {
        let json = match self {
            ReportEvent::Progress(data) => serde_json::to_string(data),
            ReportEvent::Complete(data) => serde_json::to_string(data),
            ReportEvent::Failed(data) => serde_json::to_string(data),
        };
        json.expect("plain structs of strings and numbers serialise")
    }

    /// Reads an event back from its type and data; `None` for anything else.
    pub fn parse(name: &str, data: &str) -> Option<ReportEvent> {
        match name {
            PROGRESS_EVENT => ReportProgress::from_json_text(data).map(ReportEvent::Progress),
            COMPLETE_EVENT => ReportComplete::from_json_text(data).map(ReportEvent::Complete),
            FAILED_EVENT => ReportFailed::from_json_text(data).map(ReportEvent::Failed),
            _ => None,
        }
    }

    /// Whether the report's stream ends with this event.
    pub fn is_final(&self) -> bool {
        !matches!(self, ReportEvent::Progress(_))
    }
}

/// `/api/reports/<id>`: what the report is (`GET`), and how to stop it (`DELETE`).
pub fn report_path(id: &str) -> String {
    format!("/api/reports/{id}")
}

/// `/api/reports/<id>/events`.
pub fn report_events_path(id: &str) -> String {
    format!("/api/reports/{id}/events")
}

/// `/api/reports/<id>.csv` or `.json`.
pub fn report_file_path(id: &str, extension: &str) -> String {
    format!("/api/reports/{id}.{extension}")
}

impl ReportRequest {
    /// The request as `POST /api/reports` takes it (what serde writes for it).
    pub fn to_json(&self) -> String {
        let request = JsonObject::new();
        let request = match &self.zones {
            Some(zones) => request.strings("zones", zones),
            None => request,
        };
        request
            .integer("from", self.from)
            .integer("to", self.to)
            .finish()
    }
}

impl FromJson for ReportInfo {
    fn from_json(value: &Json) -> Option<Self> {
        Some(ReportInfo {
            id: value.field("id")?,
            tzdata: value.field("tzdata")?,
            from: value.field("from")?,
            to: value.field("to")?,
            zones: value.optional("zones")?,
            total: value.field("total")?,
            events: value.field("events")?,
            csv: value.field("csv")?,
            json: value.field("json")?,
        })
    }
}

impl FromJson for ReportProgress {
    fn from_json(value: &Json) -> Option<Self> {
        Some(ReportProgress {
            done: value.field("done")?,
            total: value.field("total")?,
            zone: value.field("zone")?,
        })
    }
}

impl FromJson for ReportComplete {
    fn from_json(value: &Json) -> Option<Self> {
        Some(ReportComplete {
            transitions: value.field("transitions")?,
            csv: value.field("csv")?,
            json: value.field("json")?,
        })
    }
}

impl FromJson for ReportFailed {
    fn from_json(value: &Json) -> Option<Self> {
        Some(ReportFailed {
            error: value.field("error")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_round_trip_through_their_name_and_data() {
        let events = [
            ReportEvent::Progress(ReportProgress {
                done: 2,
                total: 3,
                zone: "Europe/London".into(),
            }),
            ReportEvent::Complete(ReportComplete {
                transitions: 8,
                csv: report_file_path("x", "csv"),
                json: report_file_path("x", "json"),
            }),
            ReportEvent::Failed(ReportFailed {
                error: "the report was cancelled".into(),
            }),
        ];
        for event in events {
            assert_eq!(
                ReportEvent::parse(event.name(), &event.data()),
                Some(event.clone())
            );
        }
        assert_eq!(ReportEvent::parse("UPDATE", "{}"), None);
        assert_eq!(ReportEvent::parse(PROGRESS_EVENT, "{\"done\":1}"), None);
    }

    #[test]
    fn event_data_is_written_in_the_contract_order() {
        let progress = ReportEvent::Progress(ReportProgress {
            done: 1,
            total: 3,
            zone: "America/New_York".into(),
        });
        assert_eq!(
            progress.data(),
            r#"{"done":1,"total":3,"zone":"America/New_York"}"#
        );
        let complete = ReportEvent::Complete(ReportComplete {
            transitions: 8,
            csv: "/api/reports/x.csv".into(),
            json: "/api/reports/x.json".into(),
        });
        assert_eq!(
            complete.data(),
            r#"{"transitions":8,"csv":"/api/reports/x.csv","json":"/api/reports/x.json"}"#
        );
        assert!(complete.is_final() && !progress.is_final());
    }

    #[test]
    fn a_request_without_zones_means_every_zone_and_refuses_unknown_fields() {
        let every: ReportRequest = serde_json::from_str(r#"{"from":2026,"to":2027}"#).unwrap();
        assert_eq!(every.zones, None);
        let null: ReportRequest =
            serde_json::from_str(r#"{"zones":null,"from":2026,"to":2027}"#).unwrap();
        assert_eq!(null, every);
        assert!(serde_json::from_str::<ReportRequest>(r#"{"from":1,"to":2,"x":3}"#).is_err());
        assert_eq!(
            serde_json::to_string(&every).unwrap(),
            r#"{"from":2026,"to":2027}"#
        );
        // The page writes what serde writes, and the server reads it back.
        assert_eq!(every.to_json(), r#"{"from":2026,"to":2027}"#);
        let some = ReportRequest {
            zones: Some(vec!["Europe/London".into(), "Asia/Seoul".into()]),
            from: 2026,
            to: 2030,
        };
        assert_eq!(some.to_json(), serde_json::to_string(&some).unwrap());
        assert_eq!(
            serde_json::from_str::<ReportRequest>(&some.to_json()).unwrap(),
            some
        );
    }

    #[test]
    fn the_page_reads_a_report_as_the_server_writes_it() {
        for zones in [None, Some(vec!["Asia/Seoul".to_owned()])] {
            let info = ReportInfo {
                id: "r1".into(),
                tzdata: "2025b".into(),
                from: 2026,
                to: 2027,
                zones,
                total: 1,
                events: "/api/reports/r1/events".into(),
                csv: "/api/reports/r1.csv".into(),
                json: "/api/reports/r1.json".into(),
            };
            let text = serde_json::to_string(&info).unwrap();
            assert_eq!(ReportInfo::from_json_text(&text), Some(info));
        }
    }
}
