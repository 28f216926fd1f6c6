//! The clocks of the cities a page names: at request time, what the server renders before
//! any script runs, and `GET /api/snapshot` for a page whose URL changed; at a planned
//! moment (`at=`), the clocks then, each zone's offsets around it and each city's working
//! days. A name is a place's slug (`chennai-in`), its GeoNames id, or a zone name
//! (`Asia/Seoul`, any case). Cities are labelled in the page's language (`lang=`).

use axum::{
    extract::{RawQuery, State},
    Json,
};

use super::{
    gazetteer::Gazetteer,
    labels::{place_label, requested_language, zone_label},
    working_days::working_days,
};
use crate::model::{
    plan_range, CityLabel, CityWorkingDays, ClockSnapshot, Language, Moment, MomentError, Plan,
    WeekdaySet, LONGEST_ZONE_NAME, MAX_CITIES,
};
use crate::server::{
    http::{decode_query, quote, ApiError},
    state::AppState,
    zones::{next_transition, zone_offsets, Zone},
};

/// The snapshot of the cities in `?cities=a,b,c` (at most [`MAX_CITIES`] are looked at):
/// now, or at the moment `at=` names, labelled in the language `lang=` names.
pub async fn snapshot_api(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Json<ClockSnapshot>, ApiError> {
    let params = decode_query(query.as_deref().unwrap_or(""), &["cities", "at", "lang"])?;
    let names: Vec<String> = params
        .get("cities")
        .map(|cities| cities.split(',').map(str::to_owned).collect())
        .unwrap_or_default();
    let language = requested_language(params.get("lang"));
    match params.get("at") {
        None => Ok(Json(snapshot(
            &names,
            state.tickers.clock().now_ms(),
            language,
        ))),
        Some(text) => Ok(Json(planned_snapshot(&names, parse_at(text)?, language))),
    }
}

/// The `at` parameter as a moment, or the contract's `400` naming it.
pub fn parse_at(text: &str) -> Result<Moment, ApiError> {
    Moment::parse(text).map_err(|error| {
        let message = match error {
            MomentError::Empty => error.to_string(),
            _ => format!("{error}, not {}", quote(text)),
        };
        ApiError::bad("at", message)
    })
}

/// The cities `names` stands for, labelled in `language`, with their clocks at `epoch_ms`:
/// at most [`MAX_CITIES`] names are looked at; a city named twice is shown once. Its plan
/// is the one around now (marked live), which the page draws its hour strips from.
pub fn snapshot(names: &[String], epoch_ms: i64, language: Language) -> ClockSnapshot {
    let (mut snapshot, cities) = build(names, epoch_ms, language);
    if let Ok(now) = Moment::from_epoch_s(epoch_ms.div_euclid(1000)) {
        snapshot.plan = Some(Plan {
            live: true,
            ..plan(cities, now)
        });
    }
    snapshot
}

/// The cities `names` stands for, labelled in `language`, at the planned moment `at`: their
/// clocks then, and the plan (each zone's offsets over [`plan_range`] and each city's
/// working days).
pub fn planned_snapshot(names: &[String], at: Moment, language: Language) -> ClockSnapshot {
    let (mut snapshot, cities) = build(names, at.epoch_ms(), language);
    snapshot.plan = Some(plan(cities, at));
    snapshot
}

/// The plan of `cities` around `at`.
fn plan(cities: Vec<ResolvedCity>, at: Moment) -> Plan {
    let (from, until) = plan_range(at);
    let mut zones: Vec<Zone> = Vec::new();
    for city in &cities {
        if !zones.contains(&city.zone) {
            zones.push(city.zone);
        }
    }
    Plan {
        at,
        from_epoch_s: from,
        until_epoch_s: until,
        zones: zones
            .into_iter()
            .map(|zone| zone_offsets(zone, from, until))
            .collect(),
        working_days: cities
            .into_iter()
            .map(|city| CityWorkingDays {
                key: city.label.key,
                days: city.working_days,
            })
            .collect(),
        live: false,
    }
}

/// The snapshot at `epoch_ms`, and the cities it found.
fn build(
    names: &[String],
    epoch_ms: i64,
    language: Language,
) -> (ClockSnapshot, Vec<ResolvedCity>) {
    let mut snapshot = ClockSnapshot {
        asked: names.to_vec(),
        ..Default::default()
    };
    let mut cities: Vec<ResolvedCity> = Vec::new();
    for name in names.iter().take(MAX_CITIES) {
        let Some(city) = resolve_in(name, language) else {
            snapshot
                .unknown
                .push(name.chars().take(LONGEST_ZONE_NAME).collect());
            continue;
        };
        if cities.iter().any(|known| known.label.key == city.label.key) {
            continue;
        }
        if !cities.iter().any(|known| known.zone == city.zone) {
            snapshot.clocks.push(city.zone.clock_update(0, epoch_ms));
            snapshot
                .next_changes
                .extend(next_transition(city.zone, epoch_ms.div_euclid(1000)));
        }
        snapshot.cities.push(city.label.clone());
        cities.push(city);
    }
    (snapshot, cities)
}

/// A name resolved: the city as the page labels it, its zone and its working days.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResolvedCity {
    /// The city as the page labels it.
    pub label: CityLabel,
    /// Its zone.
    pub zone: Zone,
    /// The days it works: outside its country's weekend (a bare zone: the world's).
    pub working_days: WeekdaySet,
}

/// The city a name stands for, labelled in English: a place by slug or GeoNames id, else a
/// zone by name.
pub fn resolve(name: &str) -> Option<ResolvedCity> {
    resolve_in(name, Language::English)
}

/// The city a name stands for, labelled in `language`.
pub fn resolve_in(name: &str, language: Language) -> Option<ResolvedCity> {
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
        return Some(ResolvedCity {
            label: place_label(place, language),
            zone: Zone::from(place.zone()),
            working_days: working_days(Some(place.country_code())),
        });
    }
    let zone = Zone::parse(name).ok()?;
    Some(ResolvedCity {
        label: zone_label(zone.name(), language),
        zone,
        working_days: working_days(None),
    })
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
            Language::English,
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
    fn cities_are_labelled_in_the_language_and_keyed_as_in_english() {
        let asked = names(&["seoul-kr", "asia/seoul", "shenzhen-cn", "Etc/GMT+5"]);
        let korean = snapshot(&asked, NOW, Language::Korean);
        let labels: Vec<(&str, &str, Option<&str>)> = korean
            .cities
            .iter()
            .map(|c| (c.key.as_str(), c.name.as_str(), c.country.as_deref()))
            .collect();
        assert_eq!(
            labels,
            [
                ("seoul-kr", "서울", Some("대한민국")),
                ("Asia/Seoul", "서울", None),
                ("shenzhen-cn", "Shenzhen", Some("중국")),
                ("Etc/GMT+5", "GMT+5", None),
            ]
        );
        let english = snapshot(&asked, NOW, Language::English);
        assert_eq!(english.cities[0].name, "Seoul");
        assert_eq!(english.cities[0].country.as_deref(), Some("South Korea"));
        let at = Moment::parse("2027-03-14T15:00Z").unwrap();
        let planned = planned_snapshot(&asked, at, Language::Korean);
        assert_eq!(planned.cities, korean.cities);
        assert_eq!(resolve("seoul-kr").unwrap().label.name, "Seoul");
    }

    #[test]
    fn a_slug_survives_its_round_trip() {
        let city = resolve("Madrid-ES").expect("Madrid").label;
        assert_eq!(city.key, "madrid-es");
        assert_eq!(resolve(&city.key).unwrap().label, city);
    }

    #[test]
    fn without_a_moment_the_plan_is_around_now_and_says_so() {
        let snapshot = snapshot(&names(&["chennai-in"]), NOW, Language::English);
        let plan = snapshot.plan.as_ref().expect("a plan around now");
        assert!(plan.live);
        assert_eq!(plan.at.epoch_ms(), NOW);
        assert_eq!((plan.from_epoch_s, plan.until_epoch_s), plan_range(plan.at));
        assert_eq!(plan.zones[0].zone, "Asia/Kolkata");
        let json = serde_json::to_value(&snapshot).unwrap();
        assert_eq!(json["plan"]["live"], true, "{json}");
    }

    #[test]
    fn a_planned_snapshot_has_the_clocks_then_offsets_and_working_days() {
        let at = Moment::parse("2027-03-14T15:00Z").unwrap();
        let snapshot = planned_snapshot(
            &names(&[
                "seoul-kr",
                "riyadh-sa",
                "mumbai-in",
                "chennai-in",
                "Europe/London",
                "Mars",
            ]),
            at,
            Language::English,
        );
        let clocks: Vec<(&str, &str)> = snapshot
            .clocks
            .iter()
            .map(|clock| (clock.zone.as_str(), clock.date_time.as_str()))
            .collect();
        assert_eq!(
            clocks,
            [
                ("Asia/Seoul", "2027-03-15 00:00:00"),
                ("Asia/Riyadh", "2027-03-14 18:00:00"),
                ("Asia/Kolkata", "2027-03-14 20:30:00"),
                ("Europe/London", "2027-03-14 15:00:00"),
            ]
        );
        assert!(snapshot
            .clocks
            .iter()
            .all(|clock| clock.epoch_ms == at.epoch_ms()));
        assert_eq!(snapshot.unknown, ["Mars"]);
        // London's next change after the moment, not after now.
        assert_eq!(snapshot.next_changes[0].instant_utc, "2027-03-28T01:00:00Z");
        let plan = snapshot.plan.expect("a plan");
        assert_eq!(plan.at, at);
        assert!(!plan.live);
        assert_eq!((plan.from_epoch_s, plan.until_epoch_s), plan_range(at));
        let zones: Vec<&str> = plan.zones.iter().map(|zone| zone.zone.as_str()).collect();
        assert_eq!(
            zones,
            ["Asia/Seoul", "Asia/Riyadh", "Asia/Kolkata", "Europe/London"]
        );
        let london = plan.offsets("Europe/London").unwrap();
        assert_eq!(london.spans.len(), 2, "GMT, then BST from 28 March");
        let days: Vec<(&str, String)> = plan
            .working_days
            .iter()
            .map(|city| (city.key.as_str(), city.days.to_string()))
            .collect();
        assert_eq!(
            days,
            [
                ("seoul-kr", "Mon–Fri".to_owned()),
                ("riyadh-sa", "Sun–Thu".to_owned()),
                ("mumbai-in", "Mon–Sat".to_owned()),
                ("chennai-in", "Mon–Sat".to_owned()),
                ("Europe/London", "Mon–Fri".to_owned()),
            ]
        );
    }
}
