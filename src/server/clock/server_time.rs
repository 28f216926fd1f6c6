//! `GET /api/time`: the server's clock, for a page to measure its own against (Cristian's
//! method: the page keeps the sample with the shortest round trip).
//!
//! The clock is the one the ticks read, and it is read in the handler, after the request
//! has been parsed and routed, just before the answer is written: the closer the reading is
//! to the bytes leaving, the smaller the part of the round trip the reading cannot place.
//! Nothing is cached anywhere (`no-store`): a cached time is a wrong time.

use axum::{
    extract::State,
    http::header,
    response::{IntoResponse, Response},
};

use super::WallClock;
use crate::model::ServerTime;

/// `200` with `{"epochMs": <now>}`.
pub async fn server_time(State(clock): State<WallClock>) -> Response {
    let time = ServerTime {
        epoch_ms: clock.now_ms(),
    };
    let body = serde_json::to_string(&time).expect("ServerTime always serialises");
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}
