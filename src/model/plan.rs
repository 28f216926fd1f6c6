//! What a page needs to plan around a moment, sent with the snapshot when it asks with
//! `at=`: the moment, each zone's offsets over a range that covers the hour strips and the
//! two weeks "find a time" looks through, and each city's working days. With these the page
//! draws the strips, counts who works and finds a time without asking the server again.

use serde::{Deserialize, Serialize};

use super::{
    card_list::ShownCard,
    city::CityLabel,
    hour_strip::strip_columns,
    json::{FromJson, Json},
    limits::{SEARCH_DAYS, STRIP_HOURS_AROUND},
    moment::Moment,
    overlap::Attendee,
    working_hours::{WeekdaySet, WorkingHours},
    zone_offsets::ZoneOffsets,
};

const HOUR: i64 = 3600;
const DAY: i64 = 86_400;

/// The planning part of a snapshot made with `at=`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Plan {
    /// The planned moment, in canonical form (`2027-03-14T15:00Z`).
    pub at: Moment,
    /// The first instant every zone's offsets cover, Unix seconds ([`plan_range`]).
    pub from_epoch_s: i64,
    /// The first instant after them.
    pub until_epoch_s: i64,
    /// One entry per distinct zone of the cities, in the order of the snapshot's clocks.
    pub zones: Vec<ZoneOffsets>,
    /// One entry per city, in the order of the snapshot's cities.
    pub working_days: Vec<CityWorkingDays>,
    /// Made for now, not for a planned moment (the snapshot without `at`): the page draws
    /// its hour strips around the current hour from it, and nothing is planned.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub live: bool,
}

/// The days a city works, from its country's weekend as CLDR states it (Saturday and
/// Sunday off for a bare zone, CLDR's world default).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CityWorkingDays {
    /// The city's key (`riyadh-sa`).
    pub key: String,
    /// Its working days (`[0,1,2,3,4]`: Sunday to Thursday).
    pub days: WeekdaySet,
}

/// The instants a plan around `at` covers, `[from, until)` in Unix seconds: from the first
/// column of `at`'s hour strip to the last column of the strip around any moment up to
/// [`SEARCH_DAYS`] days after `at`, so a time found from `at` can be drawn at once.
pub fn plan_range(at: Moment) -> (i64, i64) {
    let hour_of = |epoch_s: i64| epoch_s.div_euclid(HOUR) * HOUR;
    let from = hour_of(at.epoch_s()) - STRIP_HOURS_AROUND * HOUR;
    let until = hour_of(at.epoch_s() + SEARCH_DAYS * DAY) + (STRIP_HOURS_AROUND + 1) * HOUR;
    (from, until)
}

impl Plan {
    /// Whether the offsets cover every column of the hour strip around `at`: then the page
    /// draws it, and the clocks at `at`, without asking the server.
    pub fn covers_strip(&self, at: Moment) -> bool {
        let mut columns = strip_columns(at);
        let Some(first) = columns.next() else {
            return false;
        };
        let last = columns.last().unwrap_or(first);
        first >= self.from_epoch_s && last + HOUR <= self.until_epoch_s
    }

    /// The offsets of `zone` (canonical spelling, as in a [`CityLabel`]).
    pub fn offsets(&self, zone: &str) -> Option<&ZoneOffsets> {
        self.zones.iter().find(|offsets| offsets.zone == zone)
    }

    /// The working days of the city with `key`.
    pub fn working_days(&self, key: &str) -> Option<WeekdaySet> {
        self.working_days
            .iter()
            .find(|city| city.key == key)
            .map(|city| city.days)
    }

    /// The city's hours unless a person set others: 09:00 to 17:00 on its working days.
    pub fn standard_hours(&self, city: &CityLabel) -> Option<WorkingHours> {
        self.working_days(&city.key).map(WorkingHours::standard)
    }

    /// The card's working hours: those the person set, on their days or the country's,
    /// else the city's standard hours; `None` for a city this plan was not made for.
    pub fn card_hours(&self, card: &ShownCard) -> Option<WorkingHours> {
        let country_days = self.working_days(&card.city.key)?;
        let standard = WorkingHours::standard(country_days);
        Some(match card.choice.hours {
            // The URL's hours were checked as it was read; a failure here would be a bug,
            // and the standard hours are the safe answer to it.
            Some(hours) => hours.resolve(country_days).unwrap_or(standard),
            None => standard,
        })
    }

    /// `city` as "find a time" and the working count see it, working `hours`; `None` for a
    /// city this plan was not made for.
    pub fn attendee(&self, city: &CityLabel, hours: WorkingHours) -> Option<Attendee<'_>> {
        Some(Attendee {
            offsets: self.offsets(&city.zone)?,
            hours,
        })
    }

    /// Every one of `cities` this plan was made for, working its standard hours, in order.
    pub fn standard_attendees(&self, cities: &[CityLabel]) -> Vec<Attendee<'_>> {
        cities
            .iter()
            .filter_map(|city| self.attendee(city, self.standard_hours(city)?))
            .collect()
    }

    /// Every one of `cards` this plan was made for, working its hours, in order.
    pub fn attendees(&self, cards: &[ShownCard]) -> Vec<Attendee<'_>> {
        cards
            .iter()
            .filter_map(|card| self.attendee(&card.city, self.card_hours(card)?))
            .collect()
    }
}

impl FromJson for Plan {
    fn from_json(value: &Json) -> Option<Self> {
        Some(Plan {
            at: value.field("at")?,
            from_epoch_s: value.field("fromEpochS")?,
            until_epoch_s: value.field("untilEpochS")?,
            zones: value.field("zones")?,
            working_days: value.field("workingDays")?,
            live: value.optional("live")?.unwrap_or(false),
        })
    }
}

impl FromJson for CityWorkingDays {
    fn from_json(value: &Json) -> Option<Self> {
        Some(CityWorkingDays {
            key: value.field("key")?,
            days: value.field("days")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{find_time, hour_strip, zone_offsets::fixtures::fixed};

    fn moment(text: &str) -> Moment {
        Moment::parse(text).unwrap()
    }

    fn city(key: &str, zone: &str) -> CityLabel {
        CityLabel {
            key: key.into(),
            name: key.into(),
            region: None,
            country: None,
            zone: zone.into(),
        }
    }

    fn plan(at: Moment) -> Plan {
        let (from, until) = plan_range(at);
        Plan {
            at,
            from_epoch_s: from,
            until_epoch_s: until,
            zones: vec![
                fixed("Europe/London", from, until, 0.0, "GMT"),
                fixed("Asia/Riyadh", from, until, 3.0, "+03"),
            ],
            working_days: vec![
                CityWorkingDays {
                    key: "london-gb".into(),
                    days: WeekdaySet::MONDAY_TO_FRIDAY,
                },
                CityWorkingDays {
                    key: "riyadh-sa".into(),
                    days: WeekdaySet::outside_weekend(5, 6),
                },
            ],
            live: false,
        }
    }

    #[test]
    fn the_range_covers_the_strip_and_every_strip_of_the_next_two_weeks() {
        let at = moment("2027-03-14T15:20Z");
        let (from, until) = plan_range(at);
        assert_eq!(from, moment("2027-03-14T03:00Z").epoch_s());
        assert_eq!(until, moment("2027-03-29T04:00Z").epoch_s());
        let plan = plan(at);
        let london = plan.offsets("Europe/London").unwrap();
        let hours = WorkingHours::standard(WeekdaySet::MONDAY_TO_FRIDAY);
        assert!(hour_strip(london, hours, at).is_some());
        let last = Moment::from_epoch_s(at.epoch_s() + SEARCH_DAYS * DAY - 1).unwrap();
        assert!(hour_strip(london, hours, last).is_some());
    }

    fn cards(list: &str) -> Vec<ShownCard> {
        let cities = [
            city("london-gb", "Europe/London"),
            city("riyadh-sa", "Asia/Riyadh"),
            city("nowhere", "Mars/Olympus"),
        ];
        crate::model::shown_cards(&crate::model::parse_cards(list).0, |key| {
            cities.iter().find(|city| city.key == key).cloned()
        })
    }

    #[test]
    fn cities_find_their_zones_and_working_days() {
        let plan = plan(moment("2027-03-12T00:00Z"));
        let cards = cards("london-gb,riyadh-sa,nowhere");
        assert_eq!(
            plan.working_days("riyadh-sa"),
            Some(WeekdaySet::outside_weekend(5, 6))
        );
        assert_eq!(plan.standard_hours(&cards[2].city), None);
        assert_eq!(plan.card_hours(&cards[2]), None);
        let attendees = plan.attendees(&cards);
        assert_eq!(attendees.len(), 2);
        let found = find_time(&attendees, plan.at).unwrap();
        assert_eq!(found.moment.to_string(), "2027-03-15T09:00Z");
    }

    #[test]
    fn a_cards_own_hours_move_what_find_a_time_finds() {
        let plan = plan(moment("2027-03-12T00:00Z"));
        // Riyadh from 06:00 (03:00 UTC) on its own days; London from 08:00 on Mondays.
        let cards = cards("london-gb@0800-1700/mo,riyadh-sa@0600-1400");
        let riyadh = plan.card_hours(&cards[1]).unwrap();
        assert_eq!(riyadh.to_string(), "06:00–14:00, Sun–Thu");
        assert_eq!(
            plan.card_hours(&cards[0]).unwrap().to_string(),
            "08:00–17:00, Mon"
        );
        let found = find_time(&plan.attendees(&cards), plan.at).unwrap();
        assert_eq!(found.moment.to_string(), "2027-03-15T08:00Z");
        assert!(found.everyone);
    }

    #[test]
    fn a_plan_travels_in_camel_case_with_its_moment_as_text() {
        let plan = plan(moment("2027-03-14T15:00Z"));
        let json = serde_json::to_value(&plan).unwrap();
        assert_eq!(json["at"], "2027-03-14T15:00Z");
        assert_eq!(json["fromEpochS"], plan.from_epoch_s);
        assert_eq!(json["workingDays"][1]["key"], "riyadh-sa");
        assert!(
            json.get("live").is_none(),
            "a planned moment's plan says nothing of live"
        );
        assert_eq!(
            json["workingDays"][1]["days"],
            serde_json::json!([0, 1, 2, 3, 4])
        );
        assert_eq!(
            Plan::from_json_text(&json.to_string()).as_ref(),
            Some(&plan)
        );
        assert_eq!(serde_json::from_value::<Plan>(json).unwrap(), plan);
        let live = Plan { live: true, ..plan };
        let text = serde_json::to_string(&live).unwrap();
        assert!(text.contains(r#""live":true"#));
        assert_eq!(Plan::from_json_text(&text), Some(live));
    }
}
