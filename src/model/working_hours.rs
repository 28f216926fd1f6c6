//! When a city works: its working days (the weekdays outside its country's weekend) and its
//! working hours on them, 09:00 to 17:00 unless a person says otherwise. Hours keep to a
//! 15-minute grid and may run over midnight (22:00 to 06:00), so a card can one day carry
//! hours of its own; a shift belongs to the day it starts on.

use super::locale::Messages;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::{
    civil_time::CivilTime,
    json::{FromJson, Json},
    limits::PLAN_STEP_MINUTES,
};

/// Minutes in a day.
const MINUTES_PER_DAY: u16 = 1440;
/// Short weekday names, Sunday first (as [`CivilTime::weekday`] counts).
const DAY_NAMES: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/// A set of weekdays, each numbered as [`CivilTime::weekday`] and JavaScript's `getDay`
/// count them: 0 is Sunday, 6 Saturday.
///
/// On the wire it is the list of its days in order: `[1,2,3,4,5]` is Monday to Friday.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "Vec<u8>", try_from = "Vec<u8>")]
pub struct WeekdaySet {
    /// Bit `d` set: weekday `d` is in the set.
    bits: u8,
}

impl WeekdaySet {
    /// Monday to Friday: the working days of a Saturday–Sunday weekend (CLDR's world default).
    pub const MONDAY_TO_FRIDAY: WeekdaySet = WeekdaySet { bits: 0b011_1110 };

    /// The days from `first` to `last` (0 = Sunday), wrapping past Saturday: `(5, 6)` is
    /// Friday and Saturday, `(6, 0)` Saturday and Sunday, `(0, 0)` Sunday alone. Days above
    /// 6 are read modulo 7.
    pub fn from_range(first: u8, last: u8) -> WeekdaySet {
        let (first, last) = (first % 7, last % 7);
        let length = (last + 7 - first) % 7 + 1;
        let bits = (0..length).fold(0, |bits, step| bits | 1 << ((first + step) % 7));
        WeekdaySet { bits }
    }

    /// The working days of a country whose weekend runs from `first` to `last`, as CLDR's
    /// weekData states it: every day but those.
    pub fn outside_weekend(first: u8, last: u8) -> WeekdaySet {
        WeekdaySet::from_range(first, last).complement()
    }

    /// The days not in this set.
    pub fn complement(self) -> WeekdaySet {
        WeekdaySet {
            bits: !self.bits & 0x7f,
        }
    }

    /// Whether weekday `day` (0 = Sunday) is in the set.
    pub fn contains(self, day: u32) -> bool {
        day < 7 && self.bits & (1 << day) != 0
    }

    /// This set with `day` (0 = Sunday) added; days above 6 are ignored.
    pub fn with(self, day: u8) -> WeekdaySet {
        if day < 7 {
            WeekdaySet {
                bits: self.bits | 1 << day,
            }
        } else {
            self
        }
    }

    /// The days in the set, Sunday first.
    pub fn days(self) -> impl Iterator<Item = u8> {
        (0..7).filter(move |day| self.contains(u32::from(*day)))
    }

    /// Whether no day is in the set.
    pub fn is_empty(self) -> bool {
        self.bits == 0
    }
}

/// How a person reads the set: `Mon–Fri`, `Sun–Thu`, `Sat–Wed` (a run that wraps past
/// Saturday is one run), `Mon, Wed, Fri`, `every day`, `no day`.
impl fmt::Display for WeekdaySet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text_with(&DAY_NAMES, "every day", "no day"))
    }
}

impl WeekdaySet {
    /// The days in the page's language: `월–금`, `매일`.
    pub fn text(self, words: &Messages) -> String {
        self.text_with(
            &words.calendar.weekdays_short,
            words.every_day,
            words.no_day,
        )
    }

    /// The days as runs of `names` (Sunday first): `Mon–Thu, Sat`.
    fn text_with(self, names: &[&str; 7], every_day: &str, no_day: &str) -> String {
        match self.bits.count_ones() {
            0 => return no_day.to_owned(),
            7 => return every_day.to_owned(),
            _ => {}
        }
        // Start after a day off, so a run that wraps past Saturday is written as one.
        let start = (0..7u8)
            .find(|day| !self.contains(u32::from(*day)) && self.contains(u32::from(day + 1) % 7))
            .map_or(0, |day| (day + 1) % 7);
        let mut runs: Vec<(u8, u8)> = Vec::new();
        for step in 0..7 {
            let day = (start + step) % 7;
            if !self.contains(u32::from(day)) {
                continue;
            }
            match runs.last_mut() {
                Some((_, last)) if (*last + 1) % 7 == day => *last = day,
                _ => runs.push((day, day)),
            }
        }
        let texts: Vec<String> = runs
            .iter()
            .map(|&(first, last)| {
                let length = (last + 7 - first) % 7 + 1;
                match length {
                    1 => names[usize::from(first)].to_owned(),
                    2 => format!(
                        "{}, {}",
                        names[usize::from(first)],
                        names[usize::from(last)]
                    ),
                    _ => format!("{}–{}", names[usize::from(first)], names[usize::from(last)]),
                }
            })
            .collect();
        texts.join(", ")
    }
}

impl From<WeekdaySet> for Vec<u8> {
    fn from(set: WeekdaySet) -> Vec<u8> {
        set.days().collect()
    }
}

impl TryFrom<Vec<u8>> for WeekdaySet {
    type Error = String;

    fn try_from(days: Vec<u8>) -> Result<WeekdaySet, String> {
        days.into_iter()
            .try_fold(WeekdaySet::default(), |set, day| {
                if day < 7 {
                    Ok(set.with(day))
                } else {
                    Err(format!(
                        "a weekday is 0 (Sunday) to 6 (Saturday), not {day}"
                    ))
                }
            })
    }
}

/// A city's working time: from `start` to `end` local time on each of its working days.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct WorkingHours {
    /// Minutes after local midnight the day's work starts: 0 to 1425, a multiple of 15.
    start: u16,
    /// Minutes after local midnight it ends: 0 to 1425, a multiple of 15, not `start`.
    /// Below `start`, the hours run over midnight into the next day.
    end: u16,
    /// The days a shift starts on.
    days: WeekdaySet,
}

/// Why hours cannot be a city's [`WorkingHours`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WorkingHoursError {
    /// A start or end that is not on the 15-minute grid of one day (00:00 to 23:45).
    OffTheGrid,
    /// The start and the end are the same minute: no hours, or all of them.
    Empty,
}

impl fmt::Display for WorkingHoursError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            WorkingHoursError::OffTheGrid => {
                "working hours start and end on a quarter hour from 00:00 to 23:45"
            }
            WorkingHoursError::Empty => "working hours must end at another time than they start",
        })
    }
}

impl std::error::Error for WorkingHoursError {}

impl WorkingHours {
    /// 09:00, when the standard working day starts.
    pub const STANDARD_START: u16 = 9 * 60;
    /// 17:00, when it ends.
    pub const STANDARD_END: u16 = 17 * 60;

    /// From `start` to `end` (minutes after local midnight, on the 15-minute grid) on
    /// `days`; an `end` before `start` runs over midnight.
    pub fn new(start: u16, end: u16, days: WeekdaySet) -> Result<WorkingHours, WorkingHoursError> {
        let step = PLAN_STEP_MINUTES as u16;
        let on_grid = |minute: u16| minute < MINUTES_PER_DAY && minute.is_multiple_of(step);
        if !on_grid(start) || !on_grid(end) {
            return Err(WorkingHoursError::OffTheGrid);
        }
        if start == end {
            return Err(WorkingHoursError::Empty);
        }
        Ok(WorkingHours { start, end, days })
    }

    /// 09:00 to 17:00 on `days`: a city's hours unless a person sets others.
    pub fn standard(days: WeekdaySet) -> WorkingHours {
        WorkingHours {
            start: WorkingHours::STANDARD_START,
            end: WorkingHours::STANDARD_END,
            days,
        }
    }

    /// Minutes after local midnight the work starts.
    pub fn start(self) -> u16 {
        self.start
    }

    /// Minutes after local midnight the work ends (on the next day when before `start`).
    pub fn end(self) -> u16 {
        self.end
    }

    /// The days a shift starts on.
    pub fn days(self) -> WeekdaySet {
        self.days
    }

    /// Whether the hours run over midnight.
    pub fn crosses_midnight(self) -> bool {
        self.end < self.start
    }

    /// Whether a clock reading `local` is inside working hours: on a working day between
    /// start (included) and end (excluded), or, for hours over midnight, after the start of
    /// a working day's shift or before the end of the shift the day before started.
    pub fn is_working(self, local: &CivilTime) -> bool {
        let minute = (local.hour * 60 + local.minute) as u16;
        let today = self.days.contains(local.weekday);
        if self.crosses_midnight() {
            let yesterday = self.days.contains((local.weekday + 6) % 7);
            (today && minute >= self.start) || (yesterday && minute < self.end)
        } else {
            today && (self.start..self.end).contains(&minute)
        }
    }
}

/// `09:00–17:00, Mon–Fri`.
impl WorkingHours {
    /// `08:00–16:00, 월–금`: the hours and days in the page's language.
    pub fn text(self, words: &Messages) -> String {
        format!(
            "{:02}:{:02}–{:02}:{:02}, {}",
            self.start / 60,
            self.start % 60,
            self.end / 60,
            self.end % 60,
            self.days.text(words)
        )
    }
}

impl WorkingHoursError {
    /// Why, in the page's language ([`fmt::Display`] is the English sentence).
    pub fn sentence(self, words: &Messages) -> &'static str {
        match self {
            WorkingHoursError::OffTheGrid => words.hours_off_grid,
            WorkingHoursError::Empty => words.hours_empty,
        }
    }
}

impl fmt::Display for WorkingHours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:02}:{:02}–{:02}:{:02}, {}",
            self.start / 60,
            self.start % 60,
            self.end / 60,
            self.end % 60,
            self.days
        )
    }
}

impl FromJson for WeekdaySet {
    fn from_json(value: &Json) -> Option<Self> {
        WeekdaySet::try_from(Vec::<u8>::from_json(value)?).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A civil time on weekday `weekday` at `hour:minute` (the date does not matter here).
    fn at(weekday: u32, hour: u32, minute: u32) -> CivilTime {
        CivilTime {
            year: 2027,
            month: 3,
            day: 14,
            weekday,
            hour,
            minute,
            second: 0,
        }
    }

    #[test]
    fn days_and_hours_read_in_the_pages_language() {
        let korean = crate::model::Language::Korean.messages();
        let english = crate::model::Language::English.messages();
        let hours = WorkingHours::new(480, 960, WeekdaySet::MONDAY_TO_FRIDAY).unwrap();
        assert_eq!(hours.text(english), hours.to_string());
        assert_eq!(hours.text(korean), "08:00–16:00, 월–금");
        assert_eq!(WeekdaySet::from_range(0, 6).text(korean), "매일");
        assert_eq!(WeekdaySet::default().with(1).with(3).text(korean), "월, 수");
        assert_eq!(
            WorkingHoursError::Empty.sentence(korean),
            "근무 시간은 시작과 다른 시각에 끝나야 합니다"
        );
    }

    #[test]
    fn weekends_wrap_past_saturday() {
        let days = |set: WeekdaySet| set.days().collect::<Vec<u8>>();
        assert_eq!(days(WeekdaySet::outside_weekend(6, 0)), [1, 2, 3, 4, 5]);
        assert_eq!(
            WeekdaySet::outside_weekend(6, 0),
            WeekdaySet::MONDAY_TO_FRIDAY
        );
        // Friday and Saturday off (Saudi Arabia, Egypt): Sunday to Thursday.
        assert_eq!(days(WeekdaySet::outside_weekend(5, 6)), [0, 1, 2, 3, 4]);
        // Sunday alone (India): Monday to Saturday.
        assert_eq!(days(WeekdaySet::outside_weekend(0, 0)), [1, 2, 3, 4, 5, 6]);
        // Friday alone (Iran): Saturday to Thursday.
        assert_eq!(days(WeekdaySet::outside_weekend(5, 5)), [0, 1, 2, 3, 4, 6]);
        // Thursday and Friday (Afghanistan).
        assert_eq!(days(WeekdaySet::outside_weekend(4, 5)), [0, 1, 2, 3, 6]);
        assert!(WeekdaySet::from_range(3, 2).complement().is_empty());
    }

    #[test]
    fn sets_read_as_a_person_writes_them() {
        assert_eq!(WeekdaySet::MONDAY_TO_FRIDAY.to_string(), "Mon–Fri");
        assert_eq!(WeekdaySet::outside_weekend(5, 6).to_string(), "Sun–Thu");
        assert_eq!(WeekdaySet::outside_weekend(0, 0).to_string(), "Mon–Sat");
        assert_eq!(WeekdaySet::outside_weekend(5, 5).to_string(), "Sat–Thu");
        assert_eq!(WeekdaySet::outside_weekend(4, 5).to_string(), "Sat–Wed");
        let odd = WeekdaySet::default().with(1).with(3).with(5);
        assert_eq!(odd.to_string(), "Mon, Wed, Fri");
        assert_eq!(WeekdaySet::from_range(5, 6).to_string(), "Fri, Sat");
        assert_eq!(WeekdaySet::default().to_string(), "no day");
        assert_eq!(WeekdaySet::from_range(0, 6).to_string(), "every day");
    }

    #[test]
    fn a_set_travels_as_its_list_of_days() {
        let json = serde_json::to_string(&WeekdaySet::outside_weekend(5, 6)).unwrap();
        assert_eq!(json, "[0,1,2,3,4]");
        let back: WeekdaySet = serde_json::from_str("[4,0,1,2,3,3]").unwrap();
        assert_eq!(back, WeekdaySet::outside_weekend(5, 6));
        assert!(serde_json::from_str::<WeekdaySet>("[7]").is_err());
        assert_eq!(WeekdaySet::from_json_text(&json), Some(back));
        assert_eq!(WeekdaySet::from_json_text("[7]"), None);
        assert_eq!(WeekdaySet::from_json_text("[-1]"), None);
    }

    #[test]
    fn standard_hours_are_nine_to_five_on_working_days() {
        let hours = WorkingHours::standard(WeekdaySet::MONDAY_TO_FRIDAY);
        assert!(!hours.is_working(&at(1, 8, 59)));
        assert!(hours.is_working(&at(1, 9, 0)));
        assert!(hours.is_working(&at(5, 16, 59)));
        assert!(!hours.is_working(&at(5, 17, 0)));
        assert!(!hours.is_working(&at(6, 12, 0)), "Saturday");
        assert!(!hours.is_working(&at(0, 12, 0)), "Sunday");
        assert_eq!(hours.to_string(), "09:00–17:00, Mon–Fri");
    }

    #[test]
    fn hours_over_midnight_belong_to_the_day_they_start() {
        // 22:00 to 06:00, shifts starting Monday to Friday.
        let night = WorkingHours::new(22 * 60, 6 * 60, WeekdaySet::MONDAY_TO_FRIDAY).unwrap();
        assert!(night.crosses_midnight());
        assert!(
            !night.is_working(&at(1, 5, 0)),
            "Monday 05:00 ends Sunday's shift"
        );
        assert!(night.is_working(&at(1, 22, 0)));
        assert!(
            night.is_working(&at(2, 5, 45)),
            "Tuesday 05:45 ends Monday's"
        );
        assert!(!night.is_working(&at(2, 6, 0)));
        assert!(!night.is_working(&at(2, 12, 0)));
        assert!(
            night.is_working(&at(6, 3, 0)),
            "Saturday 03:00 ends Friday's"
        );
        assert!(
            !night.is_working(&at(6, 22, 0)),
            "no shift starts on Saturday"
        );
        assert_eq!(night.to_string(), "22:00–06:00, Mon–Fri");
    }

    #[test]
    fn hours_keep_to_the_quarter_hour_grid() {
        let days = WeekdaySet::MONDAY_TO_FRIDAY;
        assert!(WorkingHours::new(8 * 60 + 45, 16 * 60 + 15, days).is_ok());
        assert!(WorkingHours::new(0, 23 * 60 + 45, days).is_ok());
        assert_eq!(
            WorkingHours::new(8 * 60 + 10, 17 * 60, days),
            Err(WorkingHoursError::OffTheGrid)
        );
        assert_eq!(
            WorkingHours::new(9 * 60, 1440, days),
            Err(WorkingHoursError::OffTheGrid)
        );
        assert_eq!(
            WorkingHours::new(9 * 60, 9 * 60, days),
            Err(WorkingHoursError::Empty)
        );
    }
}
