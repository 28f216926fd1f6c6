//! When the clocks change: every UTC-offset transition of a zone in a range of years
//! (daylight saving starting and ending, and permanent changes of standard time), found in
//! chrono-tz's rules.
//!
//! chrono-tz answers "what offset applies at this instant" but does not list its
//! transitions, so the finder samples the offset once a day and, where two days differ,
//! bisects to the exact second. No zone changes its offset twice within a day.

use chrono::{DateTime, TimeZone, Utc};

use super::zone::{format_offset, Zone};
use crate::model::Transition;

/// Seconds in a day: the sampling step.
const DAY: i64 = 86_400;

/// Unix seconds of 1 January `year`, 00:00 UTC.
fn start_of_year(year: i32) -> i64 {
    Utc.with_ymd_and_hms(year, 1, 1, 0, 0, 0)
        .single()
        .map_or(0, |instant| instant.timestamp())
}

/// Every offset transition of `zone` from the start of `from_year` to the end of `to_year`
/// (UTC), in order.
pub fn transitions(zone: Zone, from_year: i32, to_year: i32) -> Vec<Transition> {
    let start = start_of_year(from_year);
    let end = start_of_year(to_year + 1);
    let mut found = Vec::new();
    let mut before_at = start;
    let mut before = zone.offset_at(start);
    while before_at < end {
        let after_at = (before_at + DAY).min(end);
        let after = zone.offset_at(after_at);
        if after.0 != before.0 {
            // Bisect: the offset at `low` is the old one, at `high` the new one.
            let (mut low, mut high) = (before_at, after_at);
            while high - low > 1 {
                let middle = low + (high - low) / 2;
                if zone.offset_at(middle).0 == before.0 {
                    low = middle;
                } else {
                    high = middle;
                }
            }
            let new = zone.offset_at(high);
            if high >= start && high < end {
                found.push(Transition {
                    zone: zone.name().to_owned(),
                    instant_utc: DateTime::<Utc>::from_timestamp(high, 0)
                        .unwrap_or_default()
                        .format("%Y-%m-%dT%H:%M:%SZ")
                        .to_string(),
                    epoch_s: high,
                    offset_before: format_offset(before.0),
                    offset_after: format_offset(new.0),
                    abbreviation_before: before.1.clone(),
                    abbreviation_after: new.1.clone(),
                });
            }
            before = new;
            before_at = high;
            continue;
        }
        before = after;
        before_at = after_at;
    }
    found
}

/// The first transition of `zone` after Unix second `now`, looking up to two years ahead.
pub fn next_transition(zone: Zone, now: i64) -> Option<Transition> {
    let year = DateTime::<Utc>::from_timestamp(now, 0)
        .unwrap_or_default()
        .format("%Y")
        .to_string()
        .parse::<i32>()
        .ok()?;
    transitions(zone, year, year + 1)
        .into_iter()
        .find(|transition| transition.epoch_s > now)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zone(name: &str) -> Zone {
        Zone::parse(name).unwrap()
    }

    fn summary(found: &[Transition]) -> Vec<(String, String, String)> {
        found
            .iter()
            .map(|t| {
                (
                    t.instant_utc.clone(),
                    t.offset_before.clone(),
                    t.offset_after.clone(),
                )
            })
            .collect()
    }

    #[test]
    fn new_york_changes_twice_in_2026() {
        let found = transitions(zone("America/New_York"), 2026, 2026);
        assert_eq!(
            summary(&found),
            vec![
                (
                    "2026-03-08T07:00:00Z".into(),
                    "-05:00".into(),
                    "-04:00".into()
                ),
                (
                    "2026-11-01T06:00:00Z".into(),
                    "-04:00".into(),
                    "-05:00".into()
                ),
            ]
        );
        assert_eq!(
            (
                found[0].abbreviation_before.as_str(),
                found[0].abbreviation_after.as_str()
            ),
            ("EST", "EDT")
        );
    }

    #[test]
    fn london_springs_forward_and_falls_back_in_2026() {
        let found = transitions(zone("Europe/London"), 2026, 2026);
        assert_eq!(
            summary(&found),
            vec![
                (
                    "2026-03-29T01:00:00Z".into(),
                    "+00:00".into(),
                    "+01:00".into()
                ),
                (
                    "2026-10-25T01:00:00Z".into(),
                    "+01:00".into(),
                    "+00:00".into()
                ),
            ]
        );
        assert_eq!(found[1].abbreviation_after, "GMT");
    }

    #[test]
    fn lord_howe_moves_by_thirty_minutes() {
        let found = transitions(zone("Australia/Lord_Howe"), 2026, 2026);
        assert_eq!(found.len(), 2);
        assert_eq!(
            (
                found[0].instant_utc.as_str(),
                found[0].offset_before.as_str(),
                found[0].offset_after.as_str()
            ),
            ("2026-04-04T15:00:00Z", "+11:00", "+10:30")
        );
        assert_eq!(
            (
                found[1].offset_before.as_str(),
                found[1].offset_after.as_str()
            ),
            ("+10:30", "+11:00")
        );
    }

    #[test]
    fn zones_without_daylight_saving_have_none() {
        assert!(transitions(zone("Asia/Kolkata"), 2026, 2030).is_empty());
        assert!(transitions(zone("Asia/Tokyo"), 2026, 2030).is_empty());
        assert!(transitions(zone("UTC"), 2026, 2030).is_empty());
    }

    #[test]
    fn a_range_of_years_finds_every_change_in_order() {
        let found = transitions(zone("Europe/Berlin"), 2026, 2030);
        assert_eq!(found.len(), 10);
        assert!(found
            .windows(2)
            .all(|pair| pair[0].epoch_s < pair[1].epoch_s));
    }

    #[test]
    fn the_next_transition_is_after_now() {
        // 2026-11-21: New York's next change is 2027-03-14 07:00 UTC.
        let next = next_transition(zone("America/New_York"), 1_795_248_238).unwrap();
        assert_eq!(next.instant_utc, "2027-03-14T07:00:00Z");
        assert_eq!(next_transition(zone("Asia/Seoul"), 1_795_248_238), None);
    }
}
