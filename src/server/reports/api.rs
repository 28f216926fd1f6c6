//! The transitions report API: `POST /api/reports` starts one, `GET /api/reports/{id}/events`
//! follows it over SSE, `GET /api/reports/{id}.csv` and `.json` give its result, and
//! `DELETE /api/reports/{id}` cancels it.

use std::{convert::Infallible, sync::Arc};

use axum::{
    body::{Body, Bytes},
    extract::{Path, State},
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use serde::Deserialize;
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

use super::jobs::{to_csv, Job, JobEvent, Lookup, StartError};
use crate::server::{
    http::{event_stream_response, sse, ApiError, LastEventId},
    state::AppState,
    zones::{describe_zone_error, Zone, SUGGESTED_NAMES},
};

/// Earliest and latest years a report covers (chrono-tz's rules are reliable in between).
const FIRST_YEAR: i32 = 1900;
const LAST_YEAR: i32 = 2100;
/// Longest span of one report, in years.
const MAX_SPAN: i32 = 50;

/// The body of `POST /api/reports`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReportRequest {
    /// Zone names; absent means every zone.
    zones: Option<Vec<String>>,
    from: i32,
    to: i32,
}

/// `POST /api/reports`: `202` with the id and the events URL.
pub async fn start_report(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let request: ReportRequest = serde_json::from_slice(&body).map_err(|error| {
        ApiError::bad(
            "body",
            format!(
                "the body must be JSON such as {{\"zones\": [\"Europe/London\"], \"from\": 2026, \"to\": 2030}}: {error}"
            ),
        )
    })?;
    let (from, to) = (request.from, request.to);
    for (param, year) in [("from", from), ("to", to)] {
        if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
            return Err(ApiError::bad(
                param,
                format!("{param} must be a year from {FIRST_YEAR} to {LAST_YEAR}, not {year}"),
            ));
        }
    }
    if to < from {
        return Err(ApiError::bad(
            "to",
            format!("to ({to}) must not be before from ({from})"),
        ));
    }
    if to - from >= MAX_SPAN {
        return Err(ApiError::bad(
            "to",
            format!(
                "a report covers at most {MAX_SPAN} years; {from} to {to} is {}",
                to - from + 1
            ),
        ));
    }
    let zones = match request.zones {
        None => Zone::all().collect(),
        Some(names) => parse_zones(&names)?,
    };
    let job = state
        .reports
        .start(zones, from, to)
        .map_err(|StartError::Busy { cap }| ApiError::TooManyJobs {
            cap,
            retry_after_secs: 5,
        })?;
    let events = format!("/api/reports/{}/events", job.id);
    let mut response = (
        StatusCode::ACCEPTED,
        Json(serde_json::json!({ "id": job.id, "events": events })),
    )
        .into_response();
    if let Ok(location) = HeaderValue::from_str(&format!("/api/reports/{}", job.id)) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

fn parse_zones(names: &[String]) -> Result<Vec<Zone>, ApiError> {
    if names.is_empty() {
        return Err(ApiError::bad(
            "zones",
            "zones is empty; list zone names such as \"Europe/London\", or leave zones out for every zone",
        ));
    }
    let mut zones = Vec::new();
    let mut problems = Vec::new();
    for name in names {
        match Zone::parse(name) {
            Ok(zone) if !zones.contains(&zone) => zones.push(zone),
            Ok(_) => {}
            Err(error) => {
                let suggest = problems.len() < SUGGESTED_NAMES;
                problems.push(describe_zone_error(name, error, suggest));
            }
        }
    }
    if problems.is_empty() {
        Ok(zones)
    } else {
        Err(ApiError::bad("zones", problems.join("; ")))
    }
}

/// The job with `id`, or a `404` that says whether it expired or never existed.
fn find_job(state: &AppState, id: &str) -> Result<Arc<Job>, ApiError> {
    match state.reports.lookup(id) {
        Lookup::Found(job) => Ok(job),
        Lookup::Expired => Err(ApiError::NotFound(format!(
            "report {id:?} has expired; start it again"
        ))),
        Lookup::Unknown => Err(ApiError::NotFound(format!("there is no report {id:?}"))),
    }
}

/// `GET /api/reports/{id}/events`: the job's events over SSE, resuming after `Last-Event-ID`;
/// `204` once the job has expired, `404` for an id never issued.
pub async fn report_events(
    State(state): State<AppState>,
    Path(id): Path<String>,
    LastEventId(last_seen): LastEventId,
) -> Response {
    let job = match state.reports.lookup(&id) {
        Lookup::Found(job) => job,
        // The only answer that makes an EventSource stop reconnecting.
        Lookup::Expired => return StatusCode::NO_CONTENT.into_response(),
        Lookup::Unknown => {
            return ApiError::NotFound(format!("there is no report {id:?}")).into_response()
        }
    };
    let following = Following {
        newest: job.subscribe(),
        job,
        seen: last_seen.unwrap_or(0),
        shutdown: state.reports.shutdown(),
        phase: Phase::Opening {
            retry_ms: state.settings.retry.as_millis() as u64,
        },
    };
    event_stream_response(Body::from_stream(futures_util::stream::unfold(
        following,
        Following::next_chunk,
    )))
}

enum Phase {
    Opening { retry_ms: u64 },
    Following,
    Done,
}

/// One client following one job.
struct Following {
    job: Arc<Job>,
    /// The last event id the client has.
    seen: u64,
    newest: watch::Receiver<u64>,
    shutdown: CancellationToken,
    phase: Phase,
}

impl Following {
    /// The retry hint first; then the events after `seen` as they come, until the final one.
    /// A reconnect after the job ended gets the final event again and the stream ends.
    async fn next_chunk(mut self) -> Option<(Result<Bytes, Infallible>, Following)> {
        let mut out = Vec::new();
        match std::mem::replace(&mut self.phase, Phase::Following) {
            Phase::Done => return None,
            Phase::Opening { retry_ms } => {
                sse::write_retry(&mut out, retry_ms);
                if let Some(done) = self.job.final_event().filter(|done| done.id <= self.seen) {
                    write_job_event(&mut out, &done);
                    self.phase = Phase::Done;
                }
            }
            Phase::Following => loop {
                self.newest.borrow_and_update();
                let events = self.job.events_after(self.seen);
                if !events.is_empty() {
                    for event in &events {
                        write_job_event(&mut out, event);
                        self.seen = event.id;
                        if event.is_final() {
                            self.phase = Phase::Done;
                        }
                    }
                    break;
                }
                // Nothing after `seen` although the job has ended: the client claims an id
                // past the last (the largest there is, say). It gets the final event, as a
                // reconnect after the end does, rather than waiting for ids that never come.
                if let Some(done) = self.job.final_event().filter(|done| done.id <= self.seen) {
                    write_job_event(&mut out, &done);
                    self.phase = Phase::Done;
                    break;
                }
                tokio::select! {
                    changed = self.newest.changed() => if changed.is_err() { return None },
                    () = self.shutdown.cancelled() => return None,
                }
            },
        }
        Some((Ok(Bytes::from(out)), self))
    }
}

fn write_job_event(out: &mut Vec<u8>, event: &JobEvent) {
    let id = sse::FieldValue::new(event.id.to_string()).expect("digits are one line");
    let name = sse::FieldValue::new(event.name).expect("event names are one line");
    sse::write_event(
        out,
        &sse::Event {
            id: Some(&id),
            event: Some(&name),
            data: &event.data,
        },
    );
}

/// `GET /api/reports/{id}.csv` or `.json`: the result of a complete job.
pub async fn report_result(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> Result<Response, ApiError> {
    let (id, format) = file
        .rsplit_once('.')
        .filter(|(_, format)| matches!(*format, "csv" | "json"))
        .ok_or_else(|| {
            ApiError::NotFound(format!(
                "there is no report file {file:?}; ask for <id>.csv or <id>.json"
            ))
        })?;
    let job = find_job(&state, id)?;
    let Some(found) = job.result() else {
        let why = match job.final_event() {
            Some(_) => "did not complete (it was cancelled or failed)",
            None => "is still being computed; follow its events until complete",
        };
        return Err(ApiError::NotReady(format!("report {id:?} {why}")));
    };
    let disposition = format!("attachment; filename=\"transitions-{id}.{format}\"");
    let (content_type, body) = match format {
        "csv" => ("text/csv; charset=utf-8", to_csv(&found)),
        _ => (
            "application/json",
            serde_json::to_string(&*found)
                .map_err(|error| ApiError::Internal(error.to_string()))?,
        ),
    };
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response())
}

/// `DELETE /api/reports/{id}`: cancels a running job (`202`), or says it already ended (`200`).
pub async fn cancel_report(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let job = find_job(&state, &id)?;
    if job.final_event().is_some() {
        return Ok((
            StatusCode::OK,
            Json(serde_json::json!({ "id": id, "status": "ended" })),
        )
            .into_response());
    }
    job.cancel();
    Ok((
        StatusCode::ACCEPTED,
        Json(serde_json::json!({ "id": id, "status": "cancelling" })),
    )
        .into_response())
}
