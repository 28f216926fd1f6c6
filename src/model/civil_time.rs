//! How a UTC instant reads on a clock face: calendar date, weekday and 12- or 24-hour time.
//!
//! Pure arithmetic on Unix milliseconds, shared by the server (first paint) and the browser
//! (ticking after hydration), so both render the same text and hydration never mismatches.
//! It deliberately knows nothing about time zones: zone rules stay on the server (chrono-tz),
//! out of the WASM bundle.

use serde::{Deserialize, Serialize};

use super::locale::CalendarWords;

/// Milliseconds in one day.
const MS_PER_DAY: i64 = 86_400_000;

/// Whether hours are shown 00–23 or 1–12 with AM/PM.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum HourCycle {
    /// `00:00:00` to `23:59:59`.
    #[default]
    H24,
    /// `12:00:00 AM` to `11:59:59 PM`.
    H12,
}

impl HourCycle {
    /// The other cycle: what the 12/24-hour toggle switches to.
    pub fn toggled(self) -> Self {
        match self {
            HourCycle::H24 => HourCycle::H12,
            HourCycle::H12 => HourCycle::H24,
        }
    }
}

/// A calendar date and time of day, broken out of an instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CivilTime {
    /// Proleptic Gregorian year.
    pub year: i64,
    /// 1 to 12.
    pub month: u32,
    /// 1 to 31.
    pub day: u32,
    /// 0 (Sunday) to 6 (Saturday).
    pub weekday: u32,
    /// 0 to 23.
    pub hour: u32,
    /// 0 to 59.
    pub minute: u32,
    /// 0 to 59.
    pub second: u32,
}

impl CivilTime {
    /// Breaks Unix milliseconds (UTC) into a civil date and time, flooring towards the past
    /// so that instants before 1970 land on the right second.
    pub fn from_epoch_ms(epoch_ms: i64) -> Self {
        let days = epoch_ms.div_euclid(MS_PER_DAY);
        let ms_of_day = epoch_ms.rem_euclid(MS_PER_DAY);
        let seconds_of_day = (ms_of_day / 1000) as u32;
        let (year, month, day) = civil_from_days(days);
        // 1970-01-01 was a Thursday (weekday 4).
        let weekday = (days + 4).rem_euclid(7) as u32;
        CivilTime {
            year,
            month,
            day,
            weekday,
            hour: seconds_of_day / 3600,
            minute: seconds_of_day / 60 % 60,
            second: seconds_of_day % 60,
        }
    }

    /// `14:05:09`, or in 12-hour form as the language writes it: `2:05:09 PM`,
    /// `오후 2:05:09`.
    pub fn time_text(&self, cycle: HourCycle, words: &CalendarWords) -> String {
        match cycle {
            HourCycle::H24 => format!("{:02}:{:02}:{:02}", self.hour, self.minute, self.second),
            HourCycle::H12 => self.formatted(words.time_12h, words),
        }
    }

    /// A card's date: `Saturday, 21 November 2026`, `2026년 11월 21일 토요일`.
    pub fn date_text(&self, words: &CalendarWords) -> String {
        self.formatted(words.long_date, words)
    }

    /// `Sun, 25 Oct 2026`, `2026년 10월 25일 (일)`.
    pub fn short_date_text(&self, words: &CalendarWords) -> String {
        self.formatted(words.medium_date, words)
    }

    /// `Mon 15 Mar`, `3월 15일 (월)`: the day a strip's new-day marker and the planner name.
    pub fn day_text(&self, words: &CalendarWords) -> String {
        self.formatted(words.short_day, words)
    }

    /// `template` (one of the language's [`CalendarWords`] patterns) filled with this date
    /// and time; a field it does not name stays as written.
    pub fn formatted(&self, template: &str, words: &CalendarWords) -> String {
        let mut out = String::with_capacity(template.len() + 16);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('}') else {
                break;
            };
            let field = &rest[open + 1..open + close];
            let hour_12 = match self.hour % 12 {
                0 => 12,
                hour => hour,
            };
            match field {
                "weekday" => out.push_str(words.weekdays[self.weekday as usize % 7]),
                "weekday_short" => out.push_str(words.weekdays_short[self.weekday as usize % 7]),
                "month" => out.push_str(words.months[(self.month as usize + 11) % 12]),
                "month_short" => out.push_str(words.months_short[(self.month as usize + 11) % 12]),
                "day" => out.push_str(&self.day.to_string()),
                "year" => out.push_str(&self.year.to_string()),
                "hour" => out.push_str(&hour_12.to_string()),
                "minute" => out.push_str(&format!("{:02}", self.minute)),
                "second" => out.push_str(&format!("{:02}", self.second)),
                "period" => out.push_str(if self.hour < 12 { words.am } else { words.pm }),
                _ => out.push_str(&rest[open..=open + close]),
            }
            rest = &rest[open + close + 1..];
        }
        out.push_str(rest);
        out
    }

    /// The machine-readable form for `<time datetime>`: `2026-11-21T14:05:09`.
    pub fn iso_text(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }
}

/// Days since 1970-01-01 to (year, month, day) in the proleptic Gregorian calendar.
///
/// Howard Hinnant's `civil_from_days`: exact for every day an `i64` of milliseconds can name,
/// with no tables and no loops.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153; // March = 0
    let day = (day_of_year - (153 * month_index + 2) / 5 + 1) as u32;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// (year, month, day) in the proleptic Gregorian calendar to days since 1970-01-01: the
/// inverse of [`civil_from_days`] (Howard Hinnant's `days_from_civil`). `month` is 1 to 12;
/// the day is not checked against the month (see [`days_in_month`]).
pub(super) fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let month_from_march = i64::from((month + 9) % 12); // March = 0
    let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// How many days `month` (1 to 12) of `year` has.
pub(super) fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(feature = "hydrate")]
thread_local! {
    /// How far the device's clock is from the server's, once the page has measured it (the
    /// WASM has one thread). The one piece of state in the model, and on purpose: every
    /// reading of "now" in the page goes through [`now_epoch_ms`], so correcting it here
    /// corrects them all, and no caller has to know. The server never sets it.
    static DEVICE_CLOCK_OFFSET: std::cell::Cell<Option<super::ClockOffset>> =
        const { std::cell::Cell::new(None) };
}

/// From now on, [`now_epoch_ms`] in the browser reads the server's time: the device's clock
/// corrected by `offset` (a later measurement replaces an earlier one).
#[cfg(feature = "hydrate")]
pub fn correct_device_clock(offset: super::ClockOffset) {
    DEVICE_CLOCK_OFFSET.with(|cell| cell.set(Some(offset)));
}

/// Milliseconds since the Unix epoch, from whichever clock this side has: the browser's in
/// the WASM, corrected to the server's once the page has measured how far it is (see
/// [`correct_device_clock`]), the system's on the server. The live clocks do not come from
/// here: they show the instants of the server's ticks, right whatever the device's clock
/// says; this is for what the page works out itself (a card's first clock before its tick,
/// and every other reading of "now" in the page).
pub fn now_epoch_ms() -> i64 {
    #[cfg(feature = "hydrate")]
    {
        let device_ms = js_sys::Date::now() as i64;
        DEVICE_CLOCK_OFFSET
            .with(std::cell::Cell::get)
            .map_or(device_ms, |offset| offset.corrected(device_ms))
    }
    #[cfg(not(feature = "hydrate"))]
    {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_millis() as i64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Language;

    fn at(epoch_ms: i64) -> CivilTime {
        CivilTime::from_epoch_ms(epoch_ms)
    }

    const EN: &CalendarWords = &Language::English.messages().calendar;
    const KO: &CalendarWords = &Language::Korean.messages().calendar;

    #[test]
    fn the_epoch_is_a_thursday_at_midnight() {
        let t = at(0);
        assert_eq!((t.year, t.month, t.day, t.weekday), (1970, 1, 1, 4));
        assert_eq!(t.time_text(HourCycle::H24, EN), "00:00:00");
        assert_eq!(t.time_text(HourCycle::H12, EN), "12:00:00 AM");
        assert_eq!(t.time_text(HourCycle::H12, KO), "오전 12:00:00");
        assert_eq!(t.date_text(EN), "Thursday, 1 January 1970");
        assert_eq!(t.date_text(KO), "1970년 1월 1일 목요일");
    }

    #[test]
    fn a_known_afternoon_reads_the_same_as_the_contract_example() {
        // 2026-11-21 08:03:58 UTC is 17:03:58 in Seoul, the contract's example tick.
        let t = at(1_795_248_238_000);
        assert_eq!(t.iso_text(), "2026-11-21T08:03:58");
        assert_eq!(t.date_text(EN), "Saturday, 21 November 2026");
        assert_eq!(t.date_text(KO), "2026년 11월 21일 토요일");
        assert_eq!(t.day_text(EN), "Sat 21 Nov");
        assert_eq!(t.day_text(KO), "11월 21일 (토)");
        assert_eq!(t.short_date_text(EN), "Sat, 21 Nov 2026");
        assert_eq!(t.short_date_text(KO), "2026년 11월 21일 (토)");
        let seoul = at(1_795_248_238_000 + 9 * 3_600_000);
        assert_eq!(seoul.time_text(HourCycle::H12, EN), "5:03:58 PM");
        assert_eq!(seoul.time_text(HourCycle::H12, KO), "오후 5:03:58");
        assert_eq!(seoul.time_text(HourCycle::H24, KO), "17:03:58");
    }

    #[test]
    fn noon_and_midnight_in_twelve_hour_form() {
        let noon = at(12 * 3_600_000);
        assert_eq!(noon.time_text(HourCycle::H12, EN), "12:00:00 PM");
        assert_eq!(noon.time_text(HourCycle::H12, KO), "오후 12:00:00");
        let before_midnight = at(MS_PER_DAY - 1);
        assert_eq!(before_midnight.time_text(HourCycle::H24, EN), "23:59:59");
        assert_eq!(before_midnight.time_text(HourCycle::H12, EN), "11:59:59 PM");
    }

    #[test]
    fn every_weekday_and_month_has_its_name_in_both_languages() {
        // 2026-03-01 was a Sunday; a day a month for a year, and the week that starts it.
        let first = days_from_civil(2026, 3, 1);
        let weekdays: Vec<String> = (0..7)
            .map(|day| at((first + day) * MS_PER_DAY).formatted("{weekday}", KO))
            .collect();
        assert_eq!(
            weekdays,
            [
                "일요일",
                "월요일",
                "화요일",
                "수요일",
                "목요일",
                "금요일",
                "토요일"
            ]
        );
        let months: Vec<String> = (1..=12)
            .map(|month| {
                at(days_from_civil(2026, month, 1) * MS_PER_DAY).formatted("{month_short}", EN)
            })
            .collect();
        assert_eq!(
            months,
            ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sept", "Oct", "Nov", "Dec"]
        );
        assert_eq!(
            at(first * MS_PER_DAY).formatted("{month} {unknown}", KO),
            "3월 {unknown}"
        );
    }

    #[test]
    fn leap_days_and_century_rules() {
        // 2000-02-29 exists (divisible by 400); 2100-03-01 follows 2100-02-28.
        assert_eq!(at(951_782_400_000).iso_text(), "2000-02-29T00:00:00");
        assert_eq!(at(4_107_456_000_000).iso_text(), "2100-02-28T00:00:00");
        assert_eq!(at(4_107_542_400_000).iso_text(), "2100-03-01T00:00:00");
    }

    #[test]
    fn instants_before_1970_floor_to_the_earlier_second() {
        let t = at(-1);
        assert_eq!(t.iso_text(), "1969-12-31T23:59:59");
        assert_eq!(t.weekday, 3);
    }

    #[test]
    fn every_day_of_four_centuries_round_trips_in_order() {
        // Walk day by day and check the calendar only ever advances by one day.
        let mut previous = at(-(146_097 * 2) * MS_PER_DAY);
        for day in (-(146_097 * 2) + 1)..(146_097 * 2) {
            let t = at(day * MS_PER_DAY);
            let next_day = t.day == previous.day + 1 && t.month == previous.month;
            let next_month =
                t.day == 1 && (t.month == previous.month + 1 && t.year == previous.year);
            let next_year =
                t.day == 1 && t.month == 1 && previous.month == 12 && t.year == previous.year + 1;
            assert!(next_day || next_month || next_year, "{previous:?} -> {t:?}");
            assert_eq!(t.weekday, (previous.weekday + 1) % 7);
            previous = t;
        }
    }

    #[test]
    fn days_from_civil_inverts_civil_from_days() {
        for days in (-(146_097 * 2)..(146_097 * 2)).step_by(13) {
            let (year, month, day) = civil_from_days(days);
            assert_eq!(
                days_from_civil(year, month, day),
                days,
                "{year}-{month}-{day}"
            );
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
    }

    #[test]
    fn months_have_their_days() {
        assert_eq!(days_in_month(2024, 2), 29);
        assert_eq!(days_in_month(2100, 2), 28);
        assert_eq!(days_in_month(2000, 2), 29);
        assert_eq!(days_in_month(2027, 4), 30);
        assert_eq!(days_in_month(2027, 12), 31);
    }

    #[test]
    fn toggling_twice_returns_to_the_start() {
        assert_eq!(HourCycle::H24.toggled(), HourCycle::H12);
        assert_eq!(HourCycle::H24.toggled().toggled(), HourCycle::H24);
    }
}
