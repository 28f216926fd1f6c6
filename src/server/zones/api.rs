//! `GET /api/zones`: every supported zone with its display name, offset and abbreviation now;
//! `GET /api/transitions/next`: the next clock change of some zones.

use axum::{
    extract::{RawQuery, State},
    Json,
};

use super::{transitions::next_transition, Zone, ZoneSet};
use crate::model::{Transition, ZoneSummary};
use crate::server::{
    http::{decode_query, ApiError},
    state::AppState,
};

/// The zone list, sorted by zone name, as of this request.
pub async fn list_zones(State(state): State<AppState>) -> Json<Vec<ZoneSummary>> {
    let now = state.tickers.clock().now_ms();
    Json(Zone::all().map(|zone| zone.summary(now)).collect())
}

/// The next clock change (within two years) of each zone named as the clock stream names
/// them (`?cities=Europe/London,Asia/Seoul`); zones with none are left out.
pub async fn next_transitions(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Json<Vec<Transition>>, ApiError> {
    let params = decode_query(query.as_deref().unwrap_or(""), &["city", "cities"])?;
    let zones = ZoneSet::from_params(
        params.get("city"),
        params.get("cities"),
        Zone::from(state.settings.default_zone),
    )?;
    let now_s = state.tickers.clock().now_ms().div_euclid(1000);
    Ok(Json(
        zones
            .zones()
            .iter()
            .filter_map(|zone| next_transition(*zone, now_s))
            .collect(),
    ))
}
