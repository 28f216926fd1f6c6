//! A time a person types for one city: the planner form's `in` (a city), `date` (what
//! `<input type=date>` sends, `2027-03-30`) and `time` (what `<input type=time>` sends,
//! `09:30` or `09:30:15`), checked into a wall-clock reading in that city.
//!
//! Which instant a reading names depends on the city's zone rules, so this stops at the
//! reading: the server turns it into an instant with chrono-tz's offsets, the page with the
//! plan's, both through [`ZoneOffsets::utc_of_local`](super::ZoneOffsets::utc_of_local), so a
//! skipped or repeated time names the same instant on both sides.

use std::fmt;

use super::{
    civil_time::{days_from_civil, days_in_month},
    limits::{PLAN_FIRST_YEAR, PLAN_LAST_YEAR},
    locale::Messages,
};

const SECONDS_PER_DAY: i64 = 86_400;

/// A checked typed time: whose clock, and what it reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypedTime {
    /// The city's key or zone, as the form sent it (trimmed).
    pub city: String,
    /// The wall date and time, as Unix seconds as if it were UTC.
    pub wall_s: i64,
}

/// Why the form's fields are not a time in a city. `Display` gives a sentence a person can
/// act on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TypedTimeError {
    /// No city was picked.
    NoCity,
    /// The date is missing, or not written `2027-03-30`.
    BadDate,
    /// The date is written right but does not exist (30 February).
    NoSuchDate,
    /// The time is missing, or not a time of day written `09:30`.
    BadTime,
    /// The year is before 1900 or after 2100.
    OutOfRange,
}

impl fmt::Display for TypedTimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TypedTimeError::NoCity => "pick the city whose time you typed",
            TypedTimeError::BadDate => "type the date as year, month and day, such as 2027-03-30",
            TypedTimeError::NoSuchDate => "that date does not exist; check the month and day",
            TypedTimeError::BadTime => {
                "type the time as hours and minutes from 00:00 to 23:59, such as 09:30"
            }
            TypedTimeError::OutOfRange => "the date must fall in the years 1900 to 2100",
        })
    }
}

impl std::error::Error for TypedTimeError {}

impl TypedTimeError {
    /// Why, in the page's language ([`fmt::Display`] is the English sentence).
    pub fn sentence(self, words: &Messages) -> &'static str {
        match self {
            TypedTimeError::NoCity => words.typed_no_city,
            TypedTimeError::BadDate => words.typed_bad_date,
            TypedTimeError::NoSuchDate => words.typed_no_such_date,
            TypedTimeError::BadTime => words.typed_bad_time,
            TypedTimeError::OutOfRange => words.typed_out_of_range,
        }
    }
}

impl TypedTime {
    /// Checks the form's three fields (each absent when the form did not send it).
    pub fn parse(
        city: Option<&str>,
        date: Option<&str>,
        time: Option<&str>,
    ) -> Result<TypedTime, TypedTimeError> {
        let city = city.map(str::trim).unwrap_or_default();
        if city.is_empty() {
            return Err(TypedTimeError::NoCity);
        }
        let date = fields(date.unwrap_or_default().trim(), b'-', &[4, 2, 2])
            .ok_or(TypedTimeError::BadDate)?;
        let (year, month, day) = (i64::from(date[0]), date[1], date[2]);
        if !(PLAN_FIRST_YEAR..=PLAN_LAST_YEAR).contains(&year) {
            return Err(TypedTimeError::OutOfRange);
        }
        if !(1..=12).contains(&month) || !(1..=days_in_month(year, month)).contains(&day) {
            return Err(TypedTimeError::NoSuchDate);
        }
        let time = time.unwrap_or_default().trim();
        let time = fields(time, b':', &[2, 2])
            .or_else(|| fields(time, b':', &[2, 2, 2]))
            .filter(|time| time[0] <= 23 && time[1] <= 59 && time.get(2).is_none_or(|s| *s <= 59))
            .ok_or(TypedTimeError::BadTime)?;
        let seconds = time[0] * 3600 + time[1] * 60 + time.get(2).copied().unwrap_or(0);
        Ok(TypedTime {
            city: city.to_owned(),
            wall_s: days_from_civil(year, month, day) * SECONDS_PER_DAY + i64::from(seconds),
        })
    }
}

/// `text` as numbers of exactly `widths` digits each, separated by `separator`.
fn fields(text: &str, separator: u8, widths: &[usize]) -> Option<Vec<u32>> {
    let parts: Vec<&str> = text.split(char::from(separator)).collect();
    if parts.len() != widths.len() {
        return None;
    }
    parts
        .iter()
        .zip(widths)
        .map(|(part, &width)| {
            (part.len() == width && part.bytes().all(|byte| byte.is_ascii_digit()))
                .then(|| part.parse().ok())
                .flatten()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Moment;

    fn wall(text: &str) -> i64 {
        Moment::parse(text).unwrap().epoch_s()
    }

    #[test]
    fn what_the_inputs_send_is_a_wall_reading() {
        let typed = TypedTime::parse(Some(" london-gb "), Some("2027-03-30"), Some("09:30"));
        assert_eq!(
            typed,
            Ok(TypedTime {
                city: "london-gb".into(),
                wall_s: wall("2027-03-30T09:30Z"),
            })
        );
        let typed = TypedTime::parse(Some("Asia/Seoul"), Some("2027-12-31"), Some("23:59:30"));
        assert_eq!(typed.unwrap().wall_s, wall("2027-12-31T23:59:30Z"));
    }

    #[test]
    fn each_bad_field_says_what_is_wrong() {
        let parse = |city, date, time| TypedTime::parse(city, date, time).unwrap_err();
        let (c, d, t) = (Some("london-gb"), Some("2027-03-30"), Some("09:30"));
        assert_eq!(parse(None, d, t), TypedTimeError::NoCity);
        assert_eq!(parse(Some(" "), d, t), TypedTimeError::NoCity);
        for date in [
            None,
            Some(""),
            Some("30/03/2027"),
            Some("2027-3-30"),
            Some("2027-03-3x"),
        ] {
            assert_eq!(parse(c, date, t), TypedTimeError::BadDate, "{date:?}");
        }
        assert_eq!(parse(c, Some("2027-02-29"), t), TypedTimeError::NoSuchDate);
        assert_eq!(parse(c, Some("2027-13-01"), t), TypedTimeError::NoSuchDate);
        assert!(TypedTime::parse(c, Some("2028-02-29"), t).is_ok());
        assert_eq!(parse(c, Some("1899-12-31"), t), TypedTimeError::OutOfRange);
        assert_eq!(parse(c, Some("2101-01-01"), t), TypedTimeError::OutOfRange);
        for time in [
            None,
            Some("9:30"),
            Some("24:00"),
            Some("09:60"),
            Some("09:30:61"),
            Some("0930"),
        ] {
            assert_eq!(parse(c, d, time), TypedTimeError::BadTime, "{time:?}");
        }
        assert!(TypedTimeError::BadTime.to_string().contains("09:30"));
    }
}
