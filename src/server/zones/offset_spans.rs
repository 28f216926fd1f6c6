//! A zone's offsets over a range of instants, read from chrono-tz's rules into the spans the
//! page works out local times from (`model::ZoneOffsets`): the offset and abbreviation at
//! the range's start, and one span more at each instant either changes.
//!
//! chrono-tz answers "what offset applies at this instant" but does not list its
//! transitions, so the reader samples every hour and, where two samples differ, bisects to
//! the exact second (as `transitions` does by the day). Hourly samples cost little for the
//! two weeks a plan covers, and two changes within one hour have never happened.

use chrono::{DateTime, Offset, TimeZone, Utc};
use chrono_tz::{OffsetName, Tz, TzOffset};

use super::zone::Zone;
use crate::model::{OffsetSpan, ZoneOffsets};

/// Seconds between samples.
const STEP: i64 = 3600;

/// The offsets of `zone` from Unix second `from` until `until` (excluded).
pub fn zone_offsets(zone: Zone, from: i64, until: i64) -> ZoneOffsets {
    let tz = zone.tz();
    let mut spans = vec![span(zone, from)];
    let mut before_at = from;
    let mut before = offset(tz, from);
    while before_at + 1 < until {
        let after_at = (before_at + STEP).min(until - 1);
        let after = offset(tz, after_at);
        if same_reading(&before, &after) {
            before_at = after_at;
            continue;
        }
        // Bisect: the reading at `low` is the old one, at `high` a new one.
        let (mut low, mut high) = (before_at, after_at);
        while high - low > 1 {
            let middle = low + (high - low) / 2;
            if same_reading(&offset(tz, middle), &before) {
                low = middle;
            } else {
                high = middle;
            }
        }
        spans.push(span(zone, high));
        before_at = high;
        before = offset(tz, high);
    }
    ZoneOffsets {
        zone: zone.name().to_owned(),
        spans,
        until_epoch_s: until,
    }
}

/// chrono-tz's offset at Unix second `epoch_s`.
fn offset(tz: Tz, epoch_s: i64) -> TzOffset {
    let utc = DateTime::<Utc>::from_timestamp(epoch_s, 0)
        .unwrap_or_default()
        .naive_utc();
    tz.offset_from_utc_datetime(&utc)
}

/// Whether two offsets read the same on a clock: the same total offset and abbreviation
/// (a change of only the daylight-saving part of the offset is no change to the page).
fn same_reading(a: &TzOffset, b: &TzOffset) -> bool {
    a.fix() == b.fix() && a.abbreviation() == b.abbreviation()
}

/// The span that starts at `epoch_s`, in the contract's text forms.
fn span(zone: Zone, epoch_s: i64) -> OffsetSpan {
    let (offset_s, abbreviation) = zone.offset_at(epoch_s);
    OffsetSpan {
        epoch_s,
        offset_s,
        abbreviation,
    }
}

#[cfg(test)]
mod tests {
    //! The spans of real zones around their clock changes, and the hour strips, working
    //! counts and searches of the shared model over them: the model's own tests use spans
    //! written by hand, these check it against the time-zone rules the server has.

    use super::*;
    use crate::model::{
        find_time, hour_strip, plan_range, Attendee, ChangeKind, HourCell, HourCycle, Moment,
        WeekdaySet, WorkingHours,
    };
    use crate::model::{CalendarWords, Language};

    const EN: &CalendarWords = &Language::English.messages().calendar;

    fn moment(text: &str) -> Moment {
        Moment::parse(text).unwrap()
    }

    fn zone(name: &str) -> Zone {
        Zone::parse(name).unwrap()
    }

    /// The offsets a plan around `at` carries for `name`.
    fn planned(name: &str, at: Moment) -> ZoneOffsets {
        let (from, until) = plan_range(at);
        zone_offsets(zone(name), from, until)
    }

    fn strip(name: &str, at: &str) -> Vec<HourCell> {
        let at = moment(at);
        let hours = WorkingHours::standard(WeekdaySet::MONDAY_TO_FRIDAY);
        hour_strip(&planned(name, at), hours, at).expect("the plan covers its strip")
    }

    fn labels(cells: &[HourCell]) -> Vec<String> {
        cells
            .iter()
            .map(|cell| cell.label(HourCycle::H24, EN))
            .collect()
    }

    /// The change marked in the strip: (the UTC column, its text).
    fn changes(cells: &[HourCell]) -> Vec<(String, String)> {
        cells
            .iter()
            .filter_map(|cell| {
                let change = cell.change.as_ref()?;
                let column = Moment::from_epoch_s(cell.epoch_s).unwrap().to_string();
                Some((column, change.text()))
            })
            .collect()
    }

    fn pair(column: &str, text: &str) -> (String, String) {
        (column.to_owned(), text.to_owned())
    }

    #[test]
    fn spans_start_at_the_exact_second_of_each_change() {
        let (from, until) = (
            moment("2027-03-01T00:00Z").epoch_s(),
            moment("2027-11-30T00:00Z").epoch_s(),
        );
        let new_york = zone_offsets(zone("America/New_York"), from, until);
        let starts: Vec<String> = new_york
            .spans
            .iter()
            .map(|span| {
                format!(
                    "{} {} {}",
                    Moment::from_epoch_s(span.epoch_s).unwrap(),
                    span.offset_s,
                    span.abbreviation
                )
            })
            .collect();
        assert_eq!(
            starts,
            [
                "2027-03-01T00:00Z -18000 EST",
                "2027-03-14T07:00Z -14400 EDT",
                "2027-11-07T06:00Z -18000 EST"
            ]
        );
        assert_eq!(new_york.until_epoch_s, until);
        let kolkata = zone_offsets(zone("Asia/Kolkata"), from, until);
        assert_eq!(kolkata.spans.len(), 1);
        assert_eq!(
            (
                kolkata.spans[0].offset_s,
                kolkata.spans[0].abbreviation.as_str()
            ),
            (19_800, "IST")
        );
    }

    #[test]
    fn a_change_at_the_last_second_of_the_range_is_found() {
        let change = moment("2027-03-14T07:00Z").epoch_s();
        let new_york = zone_offsets(zone("America/New_York"), change - 7200, change + 1);
        assert_eq!(new_york.spans.len(), 2);
        assert_eq!(new_york.spans[1].epoch_s, change);
        let before = zone_offsets(zone("America/New_York"), change - 7200, change);
        assert_eq!(
            before.spans.len(),
            1,
            "the change is the range's end, not in it"
        );
    }

    #[test]
    fn northern_gaps_and_repeats() {
        let spring = strip("America/New_York", "2027-03-14T07:00Z");
        assert_eq!(
            labels(&spring[10..14]),
            ["00:00", "01:00", "03:00", "04:00"]
        );
        assert_eq!(
            changes(&spring),
            [pair("2027-03-14T07:00Z", "EST → EDT, 1 h skipped")]
        );
        let autumn = strip("America/New_York", "2027-11-07T06:00Z");
        assert_eq!(
            labels(&autumn[10..14]),
            ["00:00", "01:00", "01:00", "02:00"]
        );
        assert_eq!(
            changes(&autumn),
            [pair("2027-11-07T06:00Z", "EDT → EST, 1 h repeated")]
        );
        let london = strip("Europe/London", "2027-03-28T01:00Z");
        assert_eq!(labels(&london[11..13]), ["00:00", "02:00"]);
        assert_eq!(
            changes(&london),
            [pair("2027-03-28T01:00Z", "GMT → BST, 1 h skipped")]
        );
        let london = strip("Europe/London", "2027-10-31T01:00Z");
        assert_eq!(labels(&london[11..13]), ["01:00", "01:00"]);
        assert_eq!(
            changes(&london),
            [pair("2027-10-31T01:00Z", "BST → GMT, 1 h repeated")]
        );
    }

    #[test]
    fn southern_gaps_and_repeats() {
        // Sydney: 03:00 AEDT on Sunday 4 April 2027 becomes 02:00 AEST; 02:00 AEST on
        // Sunday 3 October becomes 03:00 AEDT.
        let autumn = strip("Australia/Sydney", "2027-04-03T16:00Z");
        assert_eq!(labels(&autumn[11..13]), ["02:00", "02:00"]);
        assert_eq!(
            changes(&autumn),
            [pair("2027-04-03T16:00Z", "AEDT → AEST, 1 h repeated")]
        );
        let spring = strip("Australia/Sydney", "2027-10-02T16:00Z");
        assert_eq!(labels(&spring[11..13]), ["01:00", "03:00"]);
        assert_eq!(
            changes(&spring),
            [pair("2027-10-02T16:00Z", "AEST → AEDT, 1 h skipped")]
        );
        // Santiago: midnight at -03 on Sunday 4 April 2027 becomes 23:00 on Saturday at -04;
        // midnight at -04 on Sunday 5 September becomes 01:00 at -03.
        let autumn = strip("America/Santiago", "2027-04-04T03:00Z");
        assert_eq!(labels(&autumn[11..13]), ["23:00", "23:00"]);
        assert_eq!(autumn[12].local.day_text(EN), "Sat 3 Apr");
        assert!(!autumn[12].new_day, "the repeated hour is still Saturday");
        assert!(autumn[13].new_day);
        assert_eq!(
            changes(&autumn),
            [pair("2027-04-04T03:00Z", "-0300 → -0400, 1 h repeated")]
        );
        let spring = strip("America/Santiago", "2027-09-05T04:00Z");
        assert_eq!(labels(&spring[11..13]), ["23:00", "01:00"]);
        assert!(
            spring[12].new_day,
            "midnight never happened but the date changed"
        );
        assert_eq!(
            changes(&spring),
            [pair("2027-09-05T04:00Z", "-0400 → -0300, 1 h skipped")]
        );
    }

    #[test]
    fn half_and_three_quarter_hour_zones() {
        let kolkata = strip("Asia/Kolkata", "2027-03-10T12:00Z");
        assert!(labels(&kolkata).iter().all(|label| label.ends_with(":30")));
        assert!(changes(&kolkata).is_empty());
        let kathmandu = strip("Asia/Kathmandu", "2027-03-10T12:00Z");
        assert!(labels(&kathmandu)
            .iter()
            .all(|label| label.ends_with(":45")));
        assert_eq!(kathmandu[12].label(HourCycle::H24, EN), "17:45");
        assert_eq!(kathmandu[12].abbreviation, "+0545");
        // Adelaide changes at 03:00 ACDT, half past a UTC hour: the change is inside a column.
        let adelaide = strip("Australia/Adelaide", "2027-04-03T16:00Z");
        assert_eq!(labels(&adelaide[11..14]), ["01:30", "02:30", "02:30"]);
        assert_eq!(
            changes(&adelaide),
            [pair("2027-04-03T16:00Z", "ACDT → ACST, 1 h repeated")]
        );
        assert_eq!(
            adelaide[12].change.as_ref().unwrap().epoch_s,
            moment("2027-04-03T16:30Z").epoch_s()
        );
        // Lord Howe's daylight saving is 30 minutes: 02:00 +11 becomes 01:30 +10:30.
        let lord_howe = strip("Australia/Lord_Howe", "2027-04-03T15:00Z");
        assert_eq!(labels(&lord_howe[11..13]), ["01:00", "01:30"]);
        let change = lord_howe[12].change.as_ref().unwrap();
        assert_eq!(change.kind(), ChangeKind::Repeated);
        assert_eq!(change.shift_s(), -1800);
        assert!(
            change.text().ends_with("30 min repeated"),
            "{}",
            change.text()
        );
        let spring = strip("Australia/Lord_Howe", "2027-10-02T15:30Z");
        let change = spring.iter().find_map(|cell| cell.change.clone()).unwrap();
        assert_eq!(
            (change.kind(), change.shift_s()),
            (ChangeKind::Skipped, 1800)
        );
    }

    #[test]
    fn the_date_line() {
        // The same instant is Monday morning in Kiritimati (+14) and Sunday in Pago Pago (-11).
        let kiritimati = strip("Pacific/Kiritimati", "2027-03-14T15:00Z");
        let pago_pago = strip("Pacific/Pago_Pago", "2027-03-14T15:00Z");
        assert_eq!(kiritimati[12].local.iso_text(), "2027-03-15T05:00:00");
        assert_eq!(pago_pago[12].local.iso_text(), "2027-03-14T04:00:00");
        assert_eq!(kiritimati[12].local.day_text(EN), "Mon 15 Mar");
        assert_eq!(pago_pago[12].local.day_text(EN), "Sun 14 Mar");
        // Apia skipped Friday 30 December 2011: 23:59:59 on the 29th at -10 was followed by
        // 00:00 on the 31st at +14.
        let apia = strip("Pacific/Apia", "2011-12-30T10:00Z");
        assert_eq!(apia[11].local.iso_text(), "2011-12-29T23:00:00");
        assert_eq!(apia[12].local.iso_text(), "2011-12-31T00:00:00");
        assert!(apia[12].new_day);
        let change = apia[12].change.as_ref().unwrap();
        assert_eq!(
            (change.kind(), change.shift_s()),
            (ChangeKind::Skipped, 86_400)
        );
        assert!(
            change.text().ends_with("1 day skipped"),
            "{}",
            change.text()
        );
    }

    #[test]
    fn find_a_time_over_real_zones() {
        // From Friday 12 March 2027: Seoul works 00:00 to 08:00 UTC Monday to Friday, London
        // 09:00 to 17:00 UTC, Riyadh (Sunday to Thursday) 06:00 to 14:00 UTC. Seoul and
        // London never overlap, so the best is two: first Monday 06:00 UTC, Seoul at 15:00
        // and Riyadh at 09:00 (on Friday Riyadh is off; on Sunday Seoul is).
        let at = moment("2027-03-12T00:00Z");
        let seoul = planned("Asia/Seoul", at);
        let london = planned("Europe/London", at);
        let riyadh = planned("Asia/Riyadh", at);
        let weekdays = WorkingHours::standard(WeekdaySet::MONDAY_TO_FRIDAY);
        let sunday_to_thursday = WorkingHours::standard(WeekdaySet::outside_weekend(5, 6));
        let attendees = [
            Attendee {
                offsets: &seoul,
                hours: weekdays,
            },
            Attendee {
                offsets: &london,
                hours: weekdays,
            },
            Attendee {
                offsets: &riyadh,
                hours: sunday_to_thursday,
            },
        ];
        let found = find_time(&attendees, at).unwrap();
        assert_eq!((found.working, found.everyone), (2, false));
        assert_eq!(found.moment.to_string(), "2027-03-15T06:00Z");
        // London and Riyadh alone overlap on Monday from 09:00 UTC.
        let found = find_time(&attendees[1..], at).unwrap();
        assert_eq!(
            (found.moment.to_string(), found.everyone),
            ("2027-03-15T09:00Z".to_owned(), true)
        );
    }
}
