//! The clocks at one instant for a list of city names: what the server renders before any
//! WASM loads, and what the page asks for (`GET /api/snapshot`) when its URL names cities it
//! has not seen. It says which names are cities, how each is labelled, and which are not;
//! made for a planned moment (`at=`), it adds what the page plans with.

use serde::{Deserialize, Serialize};

use super::{
    city::CityLabel,
    contract::{ClockUpdate, Transition},
    json::{FromJson, Json},
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
    /// This snapshot moved to the planned moment `at`, worked out from its plan's offsets
    /// (a planned moment's, or the live one around now) when they cover `at`'s hour strip
    /// (the page then need not ask the server); `None` otherwise.
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
            // Moved from the plan around now, it is a planned moment's.
            plan.live = false;
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

impl FromJson for ClockSnapshot {
    fn from_json(value: &Json) -> Option<Self> {
        Some(ClockSnapshot {
            asked: value.field("asked")?,
            cities: value.field("cities")?,
            clocks: value.field("clocks")?,
            unknown: value.field("unknown")?,
            next_changes: value.field("nextChanges")?,
            plan: value.optional("plan")?,
        })
    }
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

    /// London and Kathmandu planned at 2027-03-27T12:00Z, London's offsets changing to BST
    /// at 2027-03-28T01:00Z.
    fn planned() -> ClockSnapshot {
        use crate::model::{
            plan_range, zone_offsets::fixtures::offsets, CityWorkingDays, WeekdaySet,
        };
        let at = Moment::parse("2027-03-27T12:00Z").unwrap();
        let (from, until) = plan_range(at);
        let bst = Moment::parse("2027-03-28T01:00Z").unwrap().epoch_s();
        let clock = |zone: &str, date_time: &str, offset: &str, abbreviation: &str| ClockUpdate {
            id: 0,
            zone: zone.into(),
            city: zone.into(),
            date_time: date_time.into(),
            utc_offset: offset.into(),
            abbreviation: abbreviation.into(),
            epoch_ms: at.epoch_ms(),
        };
        ClockSnapshot {
            asked: vec!["london-gb".into(), "Asia/Kathmandu".into()],
            cities: vec![
                city("london-gb", "Europe/London"),
                city("Asia/Kathmandu", "Asia/Kathmandu"),
            ],
            clocks: vec![
                clock("Europe/London", "2027-03-27 12:00:00", "+00:00", "GMT"),
                clock("Asia/Kathmandu", "2027-03-27 17:45:00", "+05:45", "+0545"),
            ],
            plan: Some(Plan {
                at,
                from_epoch_s: from,
                until_epoch_s: until,
                zones: vec![
                    offsets(
                        "Europe/London",
                        from,
                        until,
                        (0.0, "GMT"),
                        &[(bst, 1.0, "BST")],
                    ),
                    offsets("Asia/Kathmandu", from, until, (5.75, "+0545"), &[]),
                ],
                working_days: vec![CityWorkingDays {
                    key: "london-gb".into(),
                    days: WeekdaySet::MONDAY_TO_FRIDAY,
                }],
                live: true,
            }),
            ..Default::default()
        }
    }

    #[test]
    fn the_page_reads_a_snapshot_as_the_server_writes_it() {
        let mut snapshot = planned();
        snapshot.asked = vec!["london-gb".into(), "서울".into()];
        snapshot.unknown = vec!["atlantis".into()];
        let text = serde_json::to_string(&snapshot).unwrap();
        assert_eq!(
            ClockSnapshot::from_json_text(&text).as_ref(),
            Some(&snapshot)
        );
        let unplanned = ClockSnapshot {
            plan: None,
            ..snapshot
        };
        let text = serde_json::to_string(&unplanned).unwrap();
        assert!(!text.contains("plan"));
        assert_eq!(ClockSnapshot::from_json_text(&text), Some(unplanned));
    }

    #[test]
    fn a_snapshot_moves_inside_its_plan_across_a_clock_change() {
        let later = Moment::parse("2027-03-28T09:15Z").unwrap();
        let moved = planned().moved_to(later).expect("inside the plan");
        let clocks: Vec<(&str, &str, &str)> = moved
            .clocks
            .iter()
            .map(|c| {
                (
                    c.date_time.as_str(),
                    c.utc_offset.as_str(),
                    c.abbreviation.as_str(),
                )
            })
            .collect();
        assert_eq!(
            clocks,
            [
                ("2027-03-28 10:15:00", "+01:00", "BST"),
                ("2027-03-28 15:00:00", "+05:45", "+0545"),
            ]
        );
        assert!(moved.clocks.iter().all(|c| c.epoch_ms == later.epoch_ms()));
        let plan = moved.plan.expect("a plan");
        assert_eq!(plan.at, later);
        assert!(!plan.live, "moved to a moment, the plan is that moment's");
        assert_eq!(moved.cities, planned().cities);
    }

    #[test]
    fn a_snapshot_does_not_move_where_its_plan_cannot_draw_the_strip() {
        let snapshot = planned();
        let plan = snapshot.plan.clone().unwrap();
        // The strip around a moment needs 12 hours before it and 13 after its hour.
        let first = Moment::from_epoch_s(plan.from_epoch_s + 12 * 3600).unwrap();
        assert!(snapshot.moved_to(first).is_some());
        let earlier = Moment::from_epoch_s(plan.from_epoch_s + 11 * 3600).unwrap();
        assert_eq!(snapshot.moved_to(earlier), None);
        let last = Moment::from_epoch_s(plan.until_epoch_s - 13 * 3600).unwrap();
        assert!(snapshot.moved_to(last).is_some());
        let later = Moment::from_epoch_s(plan.until_epoch_s - 12 * 3600).unwrap();
        assert_eq!(snapshot.moved_to(later), None);
        let live = ClockSnapshot {
            plan: None,
            ..snapshot
        };
        assert_eq!(live.moved_to(first), None, "no plan, nothing to move with");
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
