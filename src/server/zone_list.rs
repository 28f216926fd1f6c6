//! `GET /api/zones`: every supported zone with its display name, offset and abbreviation now.

use axum::{extract::State, Json};

use super::{router::AppState, zones::Zone};
use crate::contract::ZoneSummary;

/// The zone list, sorted by zone name, as of this request.
pub async fn list_zones(State(state): State<AppState>) -> Json<Vec<ZoneSummary>> {
    let now = state.tickers.clock().now_ms();
    Json(Zone::all().map(|zone| zone.summary(now)).collect())
}
