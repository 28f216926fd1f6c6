//! The transitions report API. `POST /api/reports` checks a request and names the report;
//! `GET /api/reports/{id}` says what an id is, `/events` follows the report over SSE,
//! `.csv` and `.json` download its result, and `DELETE` stops its computation here.
//!
//! Every handler reads the report from its id, so any instance answers any of them: it
//! serves the result from its cache, joins the computation running here, or starts one.

use axum::{
    body::Body,
    extract::{Path, State},
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Json,
};

use super::{
    body::ReportBody,
    computations::{Busy, Outcome, Source},
    events::{final_event_id, report_stream, Pacing, ReportStreamSlot},
    report_id::{self, IdError, TZDATA},
    spec::{ReportSpec, ZoneChoice},
};
use crate::model::{
    report_events_path, report_file_path, report_path, ReportCancellation, ReportInfo,
};
use crate::server::{
    http::{event_stream_response, quote, ApiError, LastEventId},
    state::AppState,
};

/// Seconds after which a refused computation is worth asking for again.
const RETRY_COMPUTATION_SECS: u64 = 2;

/// `POST /api/reports`: `201` with what the report is, its id and its paths. Nothing is
/// computed yet: whichever instance gets the follower or the download computes it.
pub async fn start_report(ReportBody(request): ReportBody) -> Result<Response, ApiError> {
    let spec = ReportSpec::from_request(request)?;
    let info = describe(&spec);
    tracing::info!(report = %info.id, zones = info.total, from = info.from, to = info.to, "report named");
    let mut response = (StatusCode::CREATED, Json(&info)).into_response();
    if let Ok(location) = HeaderValue::from_str(&report_path(&info.id)) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

/// What the API says about a report: all of it read from the spec, so every instance says
/// the same.
fn describe(spec: &ReportSpec) -> ReportInfo {
    let id = spec.id();
    ReportInfo {
        tzdata: TZDATA.to_owned(),
        from: spec.from(),
        to: spec.to(),
        zones: match spec.choice() {
            ZoneChoice::Every => None,
            ZoneChoice::Listed(zones) => {
                Some(zones.iter().map(|zone| zone.name().to_owned()).collect())
            }
        },
        total: spec.total(),
        events: report_events_path(&id),
        csv: report_file_path(&id, "csv"),
        json: report_file_path(&id, "json"),
        id,
    }
}

/// The report an id names: `404` for text that is not an id, `410` for an id of another
/// time-zone data version.
fn find_report(id: &str) -> Result<ReportSpec, ApiError> {
    report_id::decode(id).map_err(|error| match error {
        IdError::Malformed => ApiError::NotFound(format!(
            "there is no report {}; report ids come from POST /api/reports",
            quote(id)
        )),
        IdError::OtherData { tzdata } => ApiError::Gone(format!(
            "report {} was named with time-zone data {tzdata}, and this server has {TZDATA}; start the report again with POST /api/reports",
            quote(id)
        )),
    })
}

fn busy(Busy { cap }: Busy) -> ApiError {
    ApiError::TooManyJobs {
        cap,
        retry_after_secs: RETRY_COMPUTATION_SECS,
    }
}

/// `GET /api/reports/{id}/events`: the report's events over SSE, after `Last-Event-ID`;
/// `204` when that is already the final event's id, which stops an `EventSource`.
pub async fn report_events(
    State(state): State<AppState>,
    Path(id): Path<String>,
    LastEventId(last_seen): LastEventId,
) -> Result<Response, ApiError> {
    let spec = find_report(&id)?;
    let seen = last_seen.unwrap_or(0);
    if seen >= final_event_id(&spec) {
        return Ok(StatusCode::NO_CONTENT.into_response());
    }
    let settings = &state.settings;
    let cap = settings.max_report_streams;
    let slot =
        ReportStreamSlot::acquire(&state.metrics, cap).ok_or(ApiError::TooManyReportStreams {
            cap,
            retry_after_secs: settings.retry.as_millis().div_ceil(1000).max(1) as u64,
        })?;
    let source = state.reports.follow(&spec).map_err(busy)?;
    let pacing = Pacing {
        retry_ms: settings.retry.as_millis() as u64,
        heartbeat: settings.heartbeat,
        shutdown: state.reports.shutdown(),
    };
    Ok(event_stream_response(report_stream(
        spec, source, seen, pacing, slot,
    )))
}

/// `GET /api/reports/{id}` (what the report is) or `GET /api/reports/{id}.csv` / `.json`
/// (its result, computed here first if need be).
pub async fn report_file(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> Result<Response, ApiError> {
    let Some((id, format)) = file.split_once('.') else {
        return Ok(Json(describe(&find_report(&file)?)).into_response());
    };
    let content_type = match format {
        "csv" => "text/csv; charset=utf-8",
        "json" => "application/json",
        _ => {
            return Err(ApiError::NotFound(format!(
                "there is no report file {}; ask for <id>.csv or <id>.json",
                quote(&file)
            )))
        }
    };
    let spec = find_report(id)?;
    let result = match state.reports.follow(&spec).map_err(busy)? {
        Source::Cached(result) => result,
        // The follower is dropped if the client goes away, and with it the computation.
        Source::Computing(follower) => match follower.outcome().await {
            Outcome::Complete(result) => result,
            Outcome::Cancelled => {
                return Err(ApiError::NotReady(format!(
                    "report {} was cancelled before it was complete; ask for it again",
                    quote(id)
                )))
            }
            Outcome::Crashed => {
                return Err(ApiError::Internal(format!(
                    "report {id} crashed while computed for a download"
                )))
            }
            Outcome::Stopped => {
                return Err(ApiError::Unavailable(
                    "the server is shutting down; ask again".to_owned(),
                ))
            }
        },
    };
    let body = if format == "csv" {
        result.csv.clone()
    } else {
        result.json.clone()
    };
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"transitions-{id}.{format}\""),
            ),
            // The id fixes the bytes: they can be kept as long as anyone likes.
            (
                header::CACHE_CONTROL,
                "public, max-age=31536000, immutable".to_owned(),
            ),
        ],
        Body::from(body),
    )
        .into_response())
}

/// `DELETE /api/reports/{id}`: `202` for any valid id, stopping the computation if it runs
/// on this instance (its followers here end with `failed`). A computation elsewhere stops
/// when its followers leave.
pub async fn cancel_report(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let spec = find_report(&id)?;
    let stopped = state.reports.cancel(&spec.id());
    Ok((
        StatusCode::ACCEPTED,
        Json(ReportCancellation { id, stopped }),
    )
        .into_response())
}
