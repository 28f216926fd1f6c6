//! A card's hour strip: the city's local hours on the one time axis every card shares.
//!
//! Each column is one UTC hour, so a column is the same instant in every city; its cell
//! reads the city's wall time at the column's start (`05:30` in a +05:30 zone, `05:45` in
//! Kathmandu). A cell says whether the city is working, asleep, on its weekend or just off
//! work; where the local date starts; and where the clocks change, from which abbreviation
//! to which, and whether an hour was skipped or repeated. Pure: the server renders the first
//! paint with it and the page recomputes it as the planned moment moves.

use super::locale::{CalendarWords, Language, Messages};
use super::{
    civil_time::{CivilTime, HourCycle},
    limits::STRIP_HOURS_AROUND,
    moment::Moment,
    working_hours::WorkingHours,
    zone_offsets::ZoneOffsets,
};

const HOUR: i64 = 3600;
const QUARTER: i64 = 900;
/// From 22:00 to 07:00 local time most people sleep: a call then is a night call.
const NIGHT_FROM_HOUR: u32 = 22;
const NIGHT_UNTIL_HOUR: u32 = 7;

/// What a city is doing in an hour, as a strip shades it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HourKind {
    /// Inside the city's working hours.
    Working,
    /// Outside them, from 22:00 to 07:00 local time.
    Night,
    /// Outside them, by day, on a day the city does not work (its weekend).
    Weekend,
    /// Outside them, by day, on a working day: early morning or evening.
    OffHours,
}

/// Which way a clock change went.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ChangeKind {
    /// Clocks went forward: the local times in between never happened.
    Skipped,
    /// Clocks went back: the local times in between happened twice.
    Repeated,
    /// Only the abbreviation changed.
    Renamed,
}

/// A change of the clocks within one column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClockChange {
    /// The first instant of the new offset, Unix seconds.
    pub epoch_s: i64,
    /// Seconds east of UTC before.
    pub offset_before_s: i32,
    /// Seconds east of UTC after.
    pub offset_after_s: i32,
    /// The abbreviation before (`EST`).
    pub abbreviation_before: String,
    /// The abbreviation after (`EDT`).
    pub abbreviation_after: String,
}

impl ClockChange {
    /// How far the clocks moved, in seconds (positive: forward).
    pub fn shift_s(&self) -> i32 {
        self.offset_after_s - self.offset_before_s
    }

    /// Skipped, repeated or renamed.
    pub fn kind(&self) -> ChangeKind {
        match self.shift_s() {
            0 => ChangeKind::Renamed,
            shift if shift > 0 => ChangeKind::Skipped,
            _ => ChangeKind::Repeated,
        }
    }

    /// `EST → EDT, 1 h skipped`, `BST → GMT, 1 h repeated`, `-10 → +14, 1 day skipped`:
    /// [`ClockChange::text_in`] English, as the server's answers word it.
    pub fn text(&self) -> String {
        self.text_in(Language::English.messages())
    }

    /// The change in the page's language: `EST → EDT, 1시간 건너뜀`.
    pub fn text_in(&self, words: &Messages) -> String {
        let names = format!("{} → {}", self.abbreviation_before, self.abbreviation_after);
        let amount = duration_text(self.shift_s().unsigned_abs(), words);
        match self.kind() {
            ChangeKind::Skipped => words.change_skipped(names, amount),
            ChangeKind::Repeated => words.change_repeated(names, amount),
            ChangeKind::Renamed => names,
        }
    }
}

/// `1 h`, `30 min`, `1 h 30 min`, `1 day`, in the page's language.
fn duration_text(seconds: u32, words: &Messages) -> String {
    let minutes = seconds / 60;
    if minutes > 0 && minutes.is_multiple_of(1440) {
        let days = minutes / 1440;
        return if days == 1 {
            words.one_day.to_owned()
        } else {
            words.days(days)
        };
    }
    match (minutes / 60, minutes % 60) {
        (0, m) => words.minutes(m),
        (h, 0) => words.hours(h),
        (h, m) => words.hours_minutes(h, m),
    }
}

/// One column of a city's strip.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HourCell {
    /// The UTC hour the column starts at, Unix seconds: the same in every city's strip.
    pub epoch_s: i64,
    /// The city's wall date and time at the column's start.
    pub local: CivilTime,
    /// Seconds east of UTC at the column's start.
    pub offset_s: i32,
    /// The abbreviation at the column's start.
    pub abbreviation: String,
    /// Working, night, weekend or off hours, as the clock reads at the column's start.
    pub kind: HourKind,
    /// How many of the column's four quarter hours start inside working hours (0 to 4):
    /// in a +05:30 zone the 08:30 column is half working for hours from 09:00.
    pub working_quarters: u8,
    /// The column starts a local date: the strip's first column, and every column whose
    /// date is not the one before's (midnight fell at its start or within the column before).
    pub new_day: bool,
    /// The clocks changed at the column's start or within it.
    pub change: Option<ClockChange>,
    /// The planned moment falls in this column.
    pub has_moment: bool,
}

impl HourCell {
    /// The hour label: `05:30` or `5:30 AM`, `17:00` or `5 PM` (`오후 5시`).
    pub fn label(&self, cycle: HourCycle, words: &CalendarWords) -> String {
        let (hour, minute) = (self.local.hour, self.local.minute);
        match cycle {
            HourCycle::H24 => format!("{hour:02}:{minute:02}"),
            HourCycle::H12 if minute == 0 => self.local.formatted(words.hour_12h, words),
            HourCycle::H12 => self.local.formatted(words.hour_minute_12h, words),
        }
    }
}

/// The UTC hours of the strip around `moment`, Unix seconds: the shared axis. The moment's
/// hour is in the middle, with [`STRIP_HOURS_AROUND`] hours on each side.
pub fn strip_columns(moment: Moment) -> impl Iterator<Item = i64> {
    let first = moment.epoch_s().div_euclid(HOUR) * HOUR - STRIP_HOURS_AROUND * HOUR;
    (0..2 * STRIP_HOURS_AROUND + 1).map(move |column| first + column * HOUR)
}

/// The strip of a city whose zone has `offsets` and who works `hours`, around `moment`;
/// `None` when the offsets do not cover every column (they were read for another moment).
pub fn hour_strip(
    offsets: &ZoneOffsets,
    hours: WorkingHours,
    moment: Moment,
) -> Option<Vec<HourCell>> {
    let mut cells: Vec<HourCell> = Vec::with_capacity(2 * STRIP_HOURS_AROUND as usize + 1);
    for epoch_s in strip_columns(moment) {
        if !offsets.covers(epoch_s + HOUR - 1) {
            return None;
        }
        let reading = offsets.local_at(epoch_s)?;
        let local = reading.civil;
        let working_quarters = (0..4)
            .filter_map(|quarter| offsets.local_at(epoch_s + quarter * QUARTER))
            .filter(|quarter| hours.is_working(&quarter.civil))
            .count() as u8;
        let new_day = cells.last().is_none_or(|before| {
            (before.local.year, before.local.month, before.local.day)
                != (local.year, local.month, local.day)
        });
        cells.push(HourCell {
            epoch_s,
            local,
            offset_s: reading.offset_s,
            abbreviation: reading.abbreviation.to_owned(),
            kind: kind_of(hours, &local),
            working_quarters,
            new_day,
            change: change_within(offsets, epoch_s, epoch_s + HOUR),
            has_moment: (epoch_s..epoch_s + HOUR).contains(&moment.epoch_s()),
        });
    }
    Some(cells)
}

/// What a clock reading `local` means for a city working `hours`.
fn kind_of(hours: WorkingHours, local: &CivilTime) -> HourKind {
    if hours.is_working(local) {
        HourKind::Working
    } else if local.hour >= NIGHT_FROM_HOUR || local.hour < NIGHT_UNTIL_HOUR {
        HourKind::Night
    } else if !hours.days().contains(local.weekday) {
        HourKind::Weekend
    } else {
        HourKind::OffHours
    }
}

/// The change of the clocks in `[from, until)`: from the offset before the first change
/// there to the offset after the last (two in one hour do not happen, but would show as one).
fn change_within(offsets: &ZoneOffsets, from: i64, until: i64) -> Option<ClockChange> {
    // The first span starts the range: it is never a change.
    let first = offsets
        .spans
        .partition_point(|span| span.epoch_s < from)
        .max(1);
    let end = offsets.spans.partition_point(|span| span.epoch_s < until);
    if first >= end {
        return None;
    }
    let (before, after) = (&offsets.spans[first - 1], &offsets.spans[end - 1]);
    Some(ClockChange {
        epoch_s: offsets.spans[first].epoch_s,
        offset_before_s: before.offset_s,
        offset_after_s: after.offset_s,
        abbreviation_before: before.abbreviation.clone(),
        abbreviation_after: after.abbreviation.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CalendarWords;

    const EN: &CalendarWords = &Language::English.messages().calendar;
    const KO: &CalendarWords = &Language::Korean.messages().calendar;
    use crate::model::{
        zone_offsets::fixtures::{fixed, offsets},
        WeekdaySet,
    };

    const DAY: i64 = 86_400;

    fn moment(text: &str) -> Moment {
        Moment::parse(text).unwrap()
    }

    fn standard() -> WorkingHours {
        WorkingHours::standard(WeekdaySet::MONDAY_TO_FRIDAY)
    }

    fn labels(cells: &[HourCell]) -> Vec<String> {
        cells
            .iter()
            .map(|cell| cell.label(HourCycle::H24, EN))
            .collect()
    }

    fn around(at: Moment) -> (i64, i64) {
        (at.epoch_s() - 2 * DAY, at.epoch_s() + 2 * DAY)
    }

    #[test]
    fn the_axis_is_twenty_five_utc_hours_with_the_moment_in_the_middle() {
        let at = moment("2027-03-10T15:20Z");
        let columns: Vec<i64> = strip_columns(at).collect();
        assert_eq!(columns.len(), 25);
        assert_eq!(columns[12], moment("2027-03-10T15:00Z").epoch_s());
        assert_eq!(columns[0], moment("2027-03-10T03:00Z").epoch_s());
        let (from, until) = around(at);
        let cells = hour_strip(&fixed("UTC", from, until, 0.0, "UTC"), standard(), at).unwrap();
        let marked: Vec<usize> = (0..25).filter(|&i| cells[i].has_moment).collect();
        assert_eq!(marked, [12]);
    }

    #[test]
    fn a_spring_gap_skips_a_label_and_says_so() {
        // New York, 2027-03-14T07:00Z: 02:00 EST becomes 03:00 EDT.
        let at = moment("2027-03-14T07:00Z");
        let (from, until) = around(at);
        let zone = offsets(
            "America/New_York",
            from,
            until,
            (-5.0, "EST"),
            &[(at.epoch_s(), -4.0, "EDT")],
        );
        let cells = hour_strip(&zone, standard(), at).unwrap();
        assert_eq!(labels(&cells[10..14]), ["00:00", "01:00", "03:00", "04:00"]);
        let change = cells[12].change.as_ref().expect("the change is marked");
        assert_eq!(change.kind(), ChangeKind::Skipped);
        assert_eq!(change.text(), "EST → EDT, 1 h skipped");
        assert_eq!(
            change.text_in(Language::Korean.messages()),
            "EST → EDT, 1시간 건너뜀"
        );
        assert_eq!(cells.iter().filter(|cell| cell.change.is_some()).count(), 1);
        assert_eq!(
            (
                cells[11].abbreviation.as_str(),
                cells[12].abbreviation.as_str()
            ),
            ("EST", "EDT")
        );
    }

    #[test]
    fn an_autumn_repeat_shows_the_hour_twice() {
        // London, 2026-10-25T01:00Z: 02:00 BST becomes 01:00 GMT.
        let at = moment("2026-10-25T01:00Z");
        let (from, until) = around(at);
        let zone = offsets(
            "Europe/London",
            from,
            until,
            (1.0, "BST"),
            &[(at.epoch_s(), 0.0, "GMT")],
        );
        let cells = hour_strip(&zone, standard(), at).unwrap();
        assert_eq!(labels(&cells[11..14]), ["01:00", "01:00", "02:00"]);
        let change = cells[12].change.as_ref().unwrap();
        assert_eq!(change.kind(), ChangeKind::Repeated);
        assert_eq!(change.text(), "BST → GMT, 1 h repeated");
    }

    #[test]
    fn a_change_inside_a_column_is_marked_on_that_column() {
        // Adelaide, 2027-04-03T16:30Z: 03:00 ACDT (+10:30) becomes 02:00 ACST (+09:30).
        let change_at = moment("2027-04-03T16:30Z").epoch_s();
        let at = moment("2027-04-03T16:00Z");
        let (from, until) = around(at);
        let zone = offsets(
            "Australia/Adelaide",
            from,
            until,
            (10.5, "ACDT"),
            &[(change_at, 9.5, "ACST")],
        );
        let cells = hour_strip(&zone, standard(), at).unwrap();
        assert_eq!(labels(&cells[11..14]), ["01:30", "02:30", "02:30"]);
        let change = cells[12].change.as_ref().unwrap();
        assert_eq!(change.epoch_s, change_at);
        assert_eq!(change.text(), "ACDT → ACST, 1 h repeated");
        assert!(cells[13].change.is_none());
    }

    #[test]
    fn half_hour_zones_read_their_own_minutes_and_work_in_quarters() {
        // Kolkata (+05:30) on a Wednesday: columns read HH:30.
        let at = moment("2027-03-10T03:00Z"); // 08:30 IST
        let (from, until) = around(at);
        let zone = fixed("Asia/Kolkata", from, until, 5.5, "IST");
        let cells = hour_strip(&zone, standard(), at).unwrap();
        assert!(labels(&cells).iter().all(|label| label.ends_with(":30")));
        let moment_cell = &cells[12];
        assert_eq!(moment_cell.label(HourCycle::H24, EN), "08:30");
        assert_eq!(moment_cell.label(HourCycle::H12, EN), "8:30 AM");
        assert_eq!(moment_cell.label(HourCycle::H12, KO), "오전 8:30");
        assert_eq!(cells[13].label(HourCycle::H12, KO), "오전 9:30");
        assert_eq!(moment_cell.kind, HourKind::OffHours);
        assert_eq!(
            moment_cell.working_quarters, 2,
            "09:00 and 09:15 are working"
        );
        let working = cells
            .iter()
            .filter(|cell| cell.kind == HourKind::Working)
            .count();
        assert_eq!(
            working, 8,
            "09:30 to 16:30: eight columns for an eight-hour day"
        );
        assert_eq!(cells[20].working_quarters, 2, "16:30: 16:30 and 16:45");
        assert_eq!(cells[20].kind, HourKind::Working);
    }

    #[test]
    fn the_new_day_is_marked_where_midnight_falls() {
        // Kolkata's midnight falls inside the 23:30 column; the 00:30 column starts the date.
        let at = moment("2027-03-10T18:00Z"); // 23:30 IST, Wednesday
        let (from, until) = around(at);
        let zone = fixed("Asia/Kolkata", from, until, 5.5, "IST");
        let cells = hour_strip(&zone, standard(), at).unwrap();
        let new_days: Vec<String> = cells
            .iter()
            .filter(|cell| cell.new_day)
            .map(|cell| {
                format!(
                    "{} {}",
                    cell.local.day_text(EN),
                    cell.label(HourCycle::H24, EN)
                )
            })
            .collect();
        assert_eq!(new_days, ["Wed 10 Mar 11:30", "Thu 11 Mar 00:30"]);
    }

    #[test]
    fn night_weekend_and_off_hours_are_told_apart() {
        // Saturday 2027-03-13 and Monday 2027-03-15 in UTC.
        let (from, until) = around(moment("2027-03-14T12:00Z"));
        let zone = fixed("UTC", from, until, 0.0, "UTC");
        let saturday = hour_strip(&zone, standard(), moment("2027-03-13T12:00Z")).unwrap();
        let kinds = |cells: &[HourCell]| cells.iter().map(|cell| cell.kind).collect::<Vec<_>>();
        use HourKind::*;
        // 00:00 .. 24:00 Saturday.
        assert_eq!(kinds(&saturday[6..8]), [Night, Weekend], "06:00 and 07:00");
        assert_eq!(kinds(&saturday[21..25]), [Weekend, Night, Night, Night]);
        let monday = hour_strip(&zone, standard(), moment("2027-03-15T12:00Z")).unwrap();
        assert_eq!(
            kinds(&monday[6..11]),
            [Night, OffHours, OffHours, Working, Working],
            "06:00 to 10:00"
        );
        assert_eq!(
            kinds(&monday[16..19]),
            [Working, OffHours, OffHours],
            "16:00 to 18:00"
        );
        assert_eq!(monday[12].working_quarters, 4);
    }

    #[test]
    fn a_skipped_day_on_the_date_line_shows_as_one() {
        // Apia, 2011-12-30T10:00Z: 24:00 on Thursday the 29th (-10) became 00:00 on Saturday
        // the 31st (+14); Friday the 30th never happened there.
        let change_at = moment("2011-12-30T10:00Z").epoch_s();
        let at = moment("2011-12-30T10:00Z");
        let (from, until) = around(at);
        let zone = offsets(
            "Pacific/Apia",
            from,
            until,
            (-10.0, "-10"),
            &[(change_at, 14.0, "+14")],
        );
        let cells = hour_strip(&zone, standard(), at).unwrap();
        assert_eq!(cells[11].local.iso_text(), "2011-12-29T23:00:00");
        assert_eq!(cells[12].local.iso_text(), "2011-12-31T00:00:00");
        assert!(cells[12].new_day);
        assert_eq!(cells[12].local.day_text(EN), "Sat 31 Dec");
        assert_eq!(
            cells[12].change.as_ref().unwrap().text(),
            "-10 → +14, 1 day skipped"
        );
    }

    #[test]
    fn offsets_for_another_moment_give_no_strip() {
        let at = moment("2027-03-14T12:00Z");
        let zone = fixed("UTC", at.epoch_s() - 3600, at.epoch_s() + DAY, 0.0, "UTC");
        assert_eq!(hour_strip(&zone, standard(), at), None);
        let zone = fixed(
            "UTC",
            at.epoch_s() - DAY,
            at.epoch_s() + 12 * 3600,
            0.0,
            "UTC",
        );
        assert_eq!(
            hour_strip(&zone, standard(), at),
            None,
            "the last column is not covered"
        );
        let zone = fixed(
            "UTC",
            at.epoch_s() - DAY,
            at.epoch_s() + 13 * 3600,
            0.0,
            "UTC",
        );
        assert!(hour_strip(&zone, standard(), at).is_some());
    }

    #[test]
    fn durations_read_plainly() {
        let english = Language::English.messages();
        let korean = Language::Korean.messages();
        assert_eq!(duration_text(3600, english), "1 h");
        assert_eq!(duration_text(1800, english), "30 min");
        assert_eq!(duration_text(5400, english), "1 h 30 min");
        assert_eq!(duration_text(86_400, english), "1 day");
        assert_eq!(duration_text(2 * 86_400, english), "2 days");
        assert_eq!(duration_text(90_000, english), "25 h");
        assert_eq!(duration_text(5400, korean), "1시간 30분");
        assert_eq!(duration_text(2 * 86_400, korean), "2일");
    }
}
