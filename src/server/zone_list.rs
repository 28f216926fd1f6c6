//! `GET /api/zones`: every supported zone with its display name, offset and abbreviation now;
//! `GET /api/transitions/next`: the next clock change of some zones.

use axum::{extract::State, Json};

use super::{params::ClockQuery, router::AppState, transitions::next_transition, zones::Zone};
use crate::contract::{Transition, ZoneSummary};

/// The zone list, sorted by zone name, as of this request.
pub async fn list_zones(State(state): State<AppState>) -> Json<Vec<ZoneSummary>> {
    let now = state.tickers.clock().now_ms();
    Json(Zone::all().map(|zone| zone.summary(now)).collect())
}

/// The next clock change (within two years) of each zone named as the clock stream names
/// them (`?cities=Europe/London,Asia/Seoul`); zones with none are left out.
pub async fn next_transitions(
    State(state): State<AppState>,
    query: ClockQuery,
) -> Json<Vec<Transition>> {
    let now_s = state.tickers.clock().now_ms().div_euclid(1000);
    Json(
        query
            .zones
            .zones()
            .iter()
            .filter_map(|zone| next_transition(*zone, now_s))
            .collect(),
    )
}
