//! When cities work together: how many are inside their working hours at an instant, and
//! "find a time", the next moment on the 15-minute grid when all of them are, or, when no
//! such moment comes within two weeks, the earliest moment when the most of them are.
//!
//! Each city brings its own [`WorkingHours`], so hours a person sets for one card change
//! only that card's part of the search.

use super::{
    limits::{PLAN_STEP_MINUTES, SEARCH_DAYS},
    moment::Moment,
    working_hours::WorkingHours,
    zone_offsets::ZoneOffsets,
};

const STEP_S: i64 = PLAN_STEP_MINUTES * 60;
const DAY_S: i64 = 86_400;

/// One city as the search sees it: its zone's offsets and its working hours.
#[derive(Clone, Copy, Debug)]
pub struct Attendee<'a> {
    /// The offsets of the city's zone.
    pub offsets: &'a ZoneOffsets,
    /// The city's working hours.
    pub hours: WorkingHours,
}

impl Attendee<'_> {
    /// Whether the city is inside its working hours at Unix second `epoch_s` (never outside
    /// the range its offsets cover: what is not known is not counted).
    pub fn is_working(&self, epoch_s: i64) -> bool {
        self.offsets
            .local_at(epoch_s)
            .is_some_and(|local| self.hours.is_working(&local.civil))
    }
}

/// How many of `attendees` are inside their working hours at Unix second `epoch_s`.
pub fn working_count(attendees: &[Attendee<'_>], epoch_s: i64) -> usize {
    attendees
        .iter()
        .filter(|attendee| attendee.is_working(epoch_s))
        .count()
}

/// What "find a time" found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FoundTime {
    /// The moment, on the 15-minute grid.
    pub moment: Moment,
    /// How many cities are inside working hours then.
    pub working: usize,
    /// Whether that is all of them.
    pub everyone: bool,
}

/// The first instant on the 15-minute grid at or after Unix second `epoch_s`.
pub fn grid_at_or_after(epoch_s: i64) -> i64 {
    epoch_s.div_euclid(STEP_S) * STEP_S
        + if epoch_s.rem_euclid(STEP_S) == 0 {
            0
        } else {
            STEP_S
        }
}

/// The first moment on the 15-minute grid at or after `start` when every attendee is inside
/// working hours; when none comes within [`SEARCH_DAYS`] days of `start`, the earliest moment
/// in that time when the most are. Only moments every attendee's offsets cover are looked
/// at; `None` when there are none, or no attendees.
///
/// At most 1,344 moments (two weeks of quarter hours) times the attendees are tried.
pub fn find_time(attendees: &[Attendee<'_>], start: Moment) -> Option<FoundTime> {
    let covered_from = attendees
        .iter()
        .map(|attendee| attendee.offsets.from_epoch_s())
        .max()?;
    let covered_until = attendees
        .iter()
        .map(|attendee| attendee.offsets.until_epoch_s)
        .min()?;
    let first = grid_at_or_after(start.epoch_s().max(covered_from));
    let end = (start.epoch_s() + SEARCH_DAYS * DAY_S).min(covered_until);
    let mut best: Option<FoundTime> = None;
    for epoch_s in (first..end).step_by(STEP_S as usize) {
        let Ok(moment) = Moment::from_epoch_s(epoch_s) else {
            break; // past 2100
        };
        let working = working_count(attendees, epoch_s);
        let found = FoundTime {
            moment,
            working,
            everyone: working == attendees.len(),
        };
        if found.everyone {
            return Some(found);
        }
        if best.is_none_or(|best| working > best.working) {
            best = Some(found);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        zone_offsets::fixtures::{fixed, offsets},
        WeekdaySet,
    };

    fn moment(text: &str) -> Moment {
        Moment::parse(text).unwrap()
    }

    fn standard(days: WeekdaySet) -> WorkingHours {
        WorkingHours::standard(days)
    }

    /// Offsets covering three weeks from a day before `start`.
    fn zone(name: &str, start: Moment, offset_h: f64, abbreviation: &str) -> ZoneOffsets {
        let from = start.epoch_s() - DAY_S;
        fixed(name, from, from + 22 * DAY_S, offset_h, abbreviation)
    }

    #[test]
    fn counts_who_is_working_at_an_instant() {
        let start = moment("2027-03-10T00:00Z"); // a Wednesday
        let london = zone("Europe/London", start, 0.0, "GMT");
        let kolkata = zone("Asia/Kolkata", start, 5.5, "IST");
        let new_york = zone("America/New_York", start, -5.0, "EST");
        let weekdays = WeekdaySet::MONDAY_TO_FRIDAY;
        let attendees = [
            Attendee {
                offsets: &london,
                hours: standard(weekdays),
            },
            Attendee {
                offsets: &kolkata,
                hours: standard(weekdays),
            },
            Attendee {
                offsets: &new_york,
                hours: standard(weekdays),
            },
        ];
        let at = |text: &str| working_count(&attendees, moment(text).epoch_s());
        assert_eq!(
            at("2027-03-10T10:00Z"),
            2,
            "London 10:00, Kolkata 15:30, New York 05:00"
        );
        assert_eq!(
            at("2027-03-10T14:00Z"),
            2,
            "London 14:00, Kolkata 19:30, New York 09:00"
        );
        assert_eq!(at("2027-03-10T02:00Z"), 0);
        assert_eq!(at("2027-03-13T10:00Z"), 0, "Saturday");
    }

    #[test]
    fn finds_the_first_quarter_hour_when_everyone_works() {
        // London (GMT) and Kolkata (+05:30) overlap from 09:00 to 11:30 GMT on weekdays.
        let start = moment("2027-03-12T12:07Z"); // Friday, after the overlap
        let london = zone("Europe/London", start, 0.0, "GMT");
        let kolkata = zone("Asia/Kolkata", start, 5.5, "IST");
        let weekdays = WeekdaySet::MONDAY_TO_FRIDAY;
        let attendees = [
            Attendee {
                offsets: &london,
                hours: standard(weekdays),
            },
            Attendee {
                offsets: &kolkata,
                hours: standard(weekdays),
            },
        ];
        let found = find_time(&attendees, start).unwrap();
        assert_eq!(
            found.moment.to_string(),
            "2027-03-15T09:00Z",
            "Monday 09:00 in London"
        );
        assert_eq!((found.working, found.everyone), (2, true));
        // Starting inside the overlap finds the next quarter hour, the start itself if on it.
        let inside = moment("2027-03-15T10:05Z");
        assert_eq!(
            find_time(&attendees, inside).unwrap().moment.to_string(),
            "2027-03-15T10:15Z"
        );
        let on_grid = moment("2027-03-15T11:15Z");
        assert_eq!(find_time(&attendees, on_grid).unwrap().moment, on_grid);
        // 11:30 GMT is 17:00 in Kolkata: over.
        let late = moment("2027-03-15T11:30Z");
        assert_eq!(
            find_time(&attendees, late).unwrap().moment.to_string(),
            "2027-03-16T09:00Z"
        );
    }

    #[test]
    fn working_days_come_from_each_city() {
        // Riyadh works Sunday to Thursday, London Monday to Friday: not on Friday together.
        let start = moment("2027-03-12T00:00Z"); // Friday
        let london = zone("Europe/London", start, 0.0, "GMT");
        let riyadh = zone("Asia/Riyadh", start, 3.0, "+03");
        let attendees = [
            Attendee {
                offsets: &london,
                hours: standard(WeekdaySet::MONDAY_TO_FRIDAY),
            },
            Attendee {
                offsets: &riyadh,
                hours: standard(WeekdaySet::outside_weekend(5, 6)),
            },
        ];
        let found = find_time(&attendees, start).unwrap();
        // Monday 09:00 GMT is 12:00 in Riyadh.
        assert_eq!(found.moment.to_string(), "2027-03-15T09:00Z");
    }

    #[test]
    fn with_no_overlap_in_two_weeks_the_earliest_best_is_found() {
        // Honolulu (-10), London (0) and Tokyo (+9) never all work at once: the best is two.
        let start = moment("2027-03-10T00:00Z"); // Wednesday
        let honolulu = zone("Pacific/Honolulu", start, -10.0, "HST");
        let london = zone("Europe/London", start, 0.0, "GMT");
        let tokyo = zone("Asia/Tokyo", start, 9.0, "JST");
        let weekdays = WeekdaySet::MONDAY_TO_FRIDAY;
        let attendees = [
            Attendee {
                offsets: &honolulu,
                hours: standard(weekdays),
            },
            Attendee {
                offsets: &london,
                hours: standard(weekdays),
            },
            Attendee {
                offsets: &tokyo,
                hours: standard(weekdays),
            },
        ];
        let found = find_time(&attendees, start).unwrap();
        assert_eq!((found.working, found.everyone), (2, false));
        // At 00:00 UTC Wednesday Tokyo works (09:00) and Honolulu does (14:00 Tuesday).
        assert_eq!(found.moment, start);
        // Starting a little later, the earliest pair is the next quarter hour.
        let later = moment("2027-03-10T00:01Z");
        assert_eq!(
            find_time(&attendees, later).unwrap().moment.to_string(),
            "2027-03-10T00:15Z"
        );
    }

    #[test]
    fn nobody_working_ever_gives_the_first_moment_with_none() {
        let start = moment("2027-03-10T00:00Z");
        let utc = zone("UTC", start, 0.0, "UTC");
        let attendees = [Attendee {
            offsets: &utc,
            hours: standard(WeekdaySet::default()),
        }];
        let found = find_time(&attendees, start).unwrap();
        assert_eq!(
            (found.moment, found.working, found.everyone),
            (start, 0, false)
        );
        assert_eq!(find_time(&[], start), None);
    }

    #[test]
    fn a_clock_change_moves_the_overlap() {
        // New York springs forward on 2027-03-14; from Monday its 09:00 is 13:00 UTC.
        let start = moment("2027-03-12T17:00Z"); // Friday, after London's working day
        let from = start.epoch_s() - DAY_S;
        let new_york = offsets(
            "America/New_York",
            from,
            from + 22 * DAY_S,
            (-5.0, "EST"),
            &[(moment("2027-03-14T07:00Z").epoch_s(), -4.0, "EDT")],
        );
        let london = zone("Europe/London", start, 0.0, "GMT");
        let weekdays = WeekdaySet::MONDAY_TO_FRIDAY;
        let attendees = [
            Attendee {
                offsets: &new_york,
                hours: standard(weekdays),
            },
            Attendee {
                offsets: &london,
                hours: standard(weekdays),
            },
        ];
        assert_eq!(
            find_time(&attendees, start).unwrap().moment.to_string(),
            "2027-03-15T13:00Z"
        );
    }

    #[test]
    fn the_search_stays_inside_the_offsets_it_was_given() {
        let start = moment("2027-03-13T00:00Z"); // Saturday
                                                 // Offsets that end on Sunday: no working moment, so the best (none) at the start.
        let short = fixed(
            "UTC",
            start.epoch_s(),
            start.epoch_s() + 2 * DAY_S,
            0.0,
            "UTC",
        );
        let attendees = [Attendee {
            offsets: &short,
            hours: standard(WeekdaySet::MONDAY_TO_FRIDAY),
        }];
        let found = find_time(&attendees, start).unwrap();
        assert_eq!((found.moment, found.working), (start, 0));
        // Offsets that start after the two weeks: nothing to look at.
        let later = fixed(
            "UTC",
            start.epoch_s() + 15 * DAY_S,
            start.epoch_s() + 20 * DAY_S,
            0.0,
            "UTC",
        );
        let attendees = [Attendee {
            offsets: &later,
            hours: standard(WeekdaySet::MONDAY_TO_FRIDAY),
        }];
        assert_eq!(find_time(&attendees, start), None);
    }

    #[test]
    fn the_grid_is_every_quarter_hour() {
        let quarter = moment("2027-03-10T10:15Z").epoch_s();
        assert_eq!(grid_at_or_after(quarter), quarter);
        assert_eq!(grid_at_or_after(quarter + 1), quarter + 900);
        assert_eq!(grid_at_or_after(quarter - 899), quarter);
        assert_eq!(grid_at_or_after(-1), 0);
        assert_eq!(grid_at_or_after(-900), -900);
    }
}
