//! The clocks at one instant for a list of city names: what the server renders before any
//! WASM loads, and what the page asks for (`GET /api/snapshot`) when its URL names cities it
//! has not seen. It says which names are cities, how each is labelled, and which are not;
//! made for a planned moment (`at=`), it adds what the page plans with.

use serde::{Deserialize, Serialize};

use super::{
    city::CityLabel,
    contract::{ClockUpdate, Transition},
    moment::Moment,
    plan::Plan,
};

/// The named cities with their clocks, and the names that are neither places nor zones.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClockSnapshot {
    /// The names this snapshot was made for, as asked.
    pub asked: Vec<String>,
    /// The cities found, in the order named, each once.
    pub cities: Vec<CityLabel>,
    /// One entry per distinct zone of those cities, in order, at the same instant: now, or
    /// the planned moment.
    pub clocks: Vec<ClockUpdate>,
    /// The names that are neither places nor time zones, as written.
    pub unknown: Vec<String>,
    /// Each zone's next clock change within two years of the clocks' instant, for the zones
    /// that have one.
    pub next_changes: Vec<Transition>,
    /// Made for a planned moment (`at=`): the zones' offsets around it and the cities'
    /// working days. Absent (and left out of the JSON) otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<Plan>,
}

impl ClockSnapshot {
    /// The distinct zones of the cities, in order: what the page's one stream carries.
    pub fn zones(&self) -> Vec<String> {
        distinct_zones(&self.cities)
    }
}

impl ClockSnapshot {
    /// This planned snapshot moved to `at`, worked out from its own offsets when they cover
    /// `at`'s hour strip (the page then need not ask the server); `None` otherwise.
    pub fn moved_to(&self, at: Moment) -> Option<ClockSnapshot> {
        let plan = self.plan.as_ref()?;
        if !plan.covers_strip(at) {
            return None;
        }
        let clocks = self
            .clocks
            .iter()
            .map(|clock| {
                let reading = plan.offsets(&clock.zone)?.local_at(at.epoch_s())?;
                let c = reading.civil;
                let offset_min = reading.offset_s / 60;
                let sign = if offset_min < 0 { '-' } else { '+' };
                Some(ClockUpdate {
                    date_time: format!(
                        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
                        c.year, c.month, c.day, c.hour, c.minute, c.second
                    ),
                    utc_offset: format!(
                        "{sign}{:02}:{:02}",
                        offset_min.abs() / 60,
                        offset_min.abs() % 60
                    ),
                    abbreviation: reading.abbreviation.to_owned(),
                    epoch_ms: at.epoch_ms(),
                    ..clock.clone()
                })
            })
            .collect::<Option<Vec<_>>>()?;
        let mut moved = self.clone();
        moved.clocks = clocks;
        if let Some(plan) = moved.plan.as_mut() {
            plan.at = at;
        }
        Some(moved)
    }
}

/// The distinct zones of `cities`, in order: cities that share a zone share its events.
pub fn distinct_zones(cities: &[CityLabel]) -> Vec<String> {
    let mut zones: Vec<String> = Vec::new();
    for city in cities {
        if !zones.contains(&city.zone) {
            zones.push(city.zone.clone());
        }
    }
    zones
}

#[cfg(test)]
mod tests {
    use super::*;

    fn city(key: &str, zone: &str) -> CityLabel {
        CityLabel {
            key: key.into(),
            name: key.into(),
            region: None,
            country: Some("India".into()),
            zone: zone.into(),
        }
    }

    #[test]
    fn cities_of_one_zone_share_it() {
        let cities = [
            city("mumbai-in", "Asia/Kolkata"),
            city("london-gb", "Europe/London"),
            city("chennai-in", "Asia/Kolkata"),
        ];
        assert_eq!(distinct_zones(&cities), ["Asia/Kolkata", "Europe/London"]);
    }
}
