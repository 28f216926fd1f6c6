//! The clocks at request time of the cities a page names: what the server renders before
//! any script runs, and `GET /api/snapshot` for a page whose URL changed. A name is a place's
//! slug (`chennai-in`), its GeoNames id, or a zone name (`Asia/Seoul`, any case).

use axum::{
    extract::{RawQuery, State},
    Json,
};

use super::gazetteer::{Gazetteer, Place};
use crate::model::{CityLabel, ClockSnapshot, LONGEST_ZONE_NAME, MAX_CITIES};
use crate::server::{
    http::{decode_query, ApiError},
    state::AppState,
    zones::{next_transition, Zone},
};

/// The snapshot of the cities in `?cities=a,b,c` now (at most [`MAX_CITIES`] are looked at).
pub async fn snapshot_api(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Json<ClockSnapshot>, ApiError> {
    let params = decode_query(query.as_deref().unwrap_or(""), &["cities"])?;
    let names: Vec<String> = params
        .get("cities")
        .map(|cities| cities.split(',').map(str::to_owned).collect())
        .unwrap_or_default();
    Ok(Json(snapshot(&names, state.tickers.clock().now_ms())))
}

/// The cities `names` stands for, with their clocks at `epoch_ms`: at most [`MAX_CITIES`]
/// names are looked at; a city named twice is shown once.
pub fn snapshot(names: &[String], epoch_ms: i64) -> ClockSnapshot {
    let mut snapshot = ClockSnapshot {
        asked: names.to_vec(),
        ..Default::default()
    };
    let mut zones: Vec<Zone> = Vec::new();
    for name in names.iter().take(MAX_CITIES) {
        let Some((city, zone)) = resolve(name) else {
            snapshot
                .unknown
                .push(name.chars().take(LONGEST_ZONE_NAME).collect());
            continue;
        };
        if snapshot.cities.iter().any(|known| known.key == city.key) {
            continue;
        }
        snapshot.cities.push(city);
        if !zones.contains(&zone) {
            zones.push(zone);
            snapshot.clocks.push(zone.clock_update(0, epoch_ms));
            snapshot
                .next_changes
                .extend(next_transition(zone, epoch_ms.div_euclid(1000)));
        }
    }
    snapshot
}

/// The city a name stands for: a place by slug or GeoNames id, else a zone by name.
pub fn resolve(name: &str) -> Option<(CityLabel, Zone)> {
    let name = name.trim();
    if name.is_empty() {
        return None;
    }
    let gazetteer = Gazetteer::load();
    let place = name
        .parse::<u32>()
        .ok()
        .and_then(|id| gazetteer.by_id(id))
        .or_else(|| gazetteer.by_slug(name));
    if let Some(place) = place {
        return Some((place_label(place), Zone::from(place.zone())));
    }
    let zone = Zone::parse(name).ok()?;
    Some((CityLabel::of_zone(zone.name()), zone))
}

/// A place as the page labels it.
pub fn place_label(place: &Place) -> CityLabel {
    CityLabel {
        key: place.slug(),
        name: place.name().to_owned(),
        region: place.region().map(str::to_owned),
        country: Some(place.country_name().to_owned()),
        zone: place.zone().name().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_795_248_238_000; // 2026-11-21T08:03:58Z

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|name| name.to_string()).collect()
    }

    #[test]
    fn slugs_ids_and_zones_resolve_and_cities_of_one_zone_share_its_clock() {
        let snapshot = snapshot(
            &names(&[
                "chennai-in",
                "1275339",
                "asia/seoul",
                "Atlantis",
                "chennai-in",
            ]),
            NOW,
        );
        let keys: Vec<&str> = snapshot.cities.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(keys, ["chennai-in", "mumbai-in", "Asia/Seoul"]);
        assert_eq!(snapshot.cities[0].name, "Chennai");
        assert_eq!(snapshot.cities[0].country.as_deref(), Some("India"));
        let zones: Vec<&str> = snapshot.clocks.iter().map(|c| c.zone.as_str()).collect();
        assert_eq!(zones, ["Asia/Kolkata", "Asia/Seoul"]);
        assert_eq!(snapshot.unknown, ["Atlantis"]);
    }

    #[test]
    fn a_slug_survives_its_round_trip() {
        let (city, _) = resolve("Madrid-ES").expect("Madrid");
        assert_eq!(city.key, "madrid-es");
        assert_eq!(resolve(&city.key).unwrap().0, city);
    }
}
