//! The moment a person plans for: `at=` in the page URL and in the API. Read from RFC 3339
//! with any offset (seconds optional), kept as a whole UTC second, and written back in one
//! canonical form, UTC with seconds only when they are not zero (`2027-03-14T15:00Z`), so
//! one moment has one URL whoever shares it.
//!
//! Pure, so the page reads its URL with the same parser the server reads the API with.

use std::{fmt, str::FromStr};

use serde::{Deserialize, Serialize};

use super::{
    civil_time::{days_from_civil, days_in_month, CivilTime},
    json::{FromJson, Json},
    limits::{PLAN_FIRST_YEAR, PLAN_LAST_YEAR},
};

const SECONDS_PER_DAY: i64 = 86_400;

/// An instant to plan for: a whole second, UTC, in the years 1900 to 2100.
///
/// On the wire it is its canonical text (`"2027-03-14T15:00Z"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct Moment {
    /// Unix seconds.
    epoch_s: i64,
}

/// Why a text is not a [`Moment`]. `Display` gives a sentence a person can act on, with an
/// example of the right form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MomentError {
    /// The text is empty or only spaces.
    Empty,
    /// Not a date and time in RFC 3339's form (`2027-03-14T15:00Z`).
    Malformed,
    /// A date and time with no offset: which instant it names would depend on whose clock
    /// reads it.
    NoOffset,
    /// The form is right but no such date or time exists (30 February, 24:00, +25:00).
    NoSuchTime,
    /// Before 1900 or after 2100, in UTC.
    OutOfRange,
}

impl fmt::Display for MomentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            MomentError::Empty => "at is empty; give an instant such as at=2027-03-14T15:00Z",
            MomentError::Malformed => {
                "at must be a date and time such as 2027-03-14T15:00Z or 2027-03-14T16:00+01:00"
            }
            MomentError::NoOffset => {
                "at must end in Z or an offset from UTC, such as 2027-03-14T15:00Z or \
                 2027-03-14T16:00+01:00"
            }
            MomentError::NoSuchTime => {
                "at names no real date and time (months 01 to 12, days the month has, hours \
                 00 to 23, minutes and seconds 00 to 59); write it such as 2027-03-14T15:00Z"
            }
            MomentError::OutOfRange => {
                "at must fall in the years 1900 to 2100 (UTC), such as 2027-03-14T15:00Z"
            }
        })
    }
}

impl std::error::Error for MomentError {}

impl Moment {
    /// Reads an RFC 3339 date and time: `2027-03-14T15:00Z`, `2027-03-14T16:00:30+01:00`,
    /// `2027-03-14t15:00:00.000z`. Seconds are optional; a fraction of a second is accepted
    /// (JavaScript's `toISOString` writes one) and dropped. A space may stand for the `T`
    /// (RFC 3339 allows it) and for the `+` of the offset: query strings decode `+` as a
    /// space, so `?at=2027-03-14T16:00+01:00` typed plainly arrives as `16:00 01:00`.
    pub fn parse(text: &str) -> Result<Moment, MomentError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(MomentError::Empty);
        }
        let mut reader = Reader {
            bytes: text.as_bytes(),
            at: 0,
        };
        let year = reader.number(4)?;
        reader.expect(b"-")?;
        let month = reader.number(2)?;
        reader.expect(b"-")?;
        let day = reader.number(2)?;
        reader.expect(b"Tt ")?;
        let hour = reader.number(2)?;
        reader.expect(b":")?;
        let minute = reader.number(2)?;
        let second = if reader.take(b":") {
            reader.number(2)?
        } else {
            0
        };
        if reader.take(b".") {
            reader.fraction()?;
        }
        let offset_s = reader.offset()?;
        if !reader.is_done() {
            return Err(MomentError::Malformed);
        }
        let year = i64::from(year);
        let real = (1..=12).contains(&month)
            && (1..=days_in_month(year, month)).contains(&day)
            && hour <= 23
            && minute <= 59
            && second <= 59;
        if !real {
            return Err(MomentError::NoSuchTime);
        }
        let local_s = days_from_civil(year, month, day) * SECONDS_PER_DAY
            + i64::from(hour * 3600 + minute * 60 + second);
        Moment::from_epoch_s(local_s - offset_s)
    }

    /// The moment at Unix second `epoch_s`, if it falls in the years 1900 to 2100 (UTC).
    pub fn from_epoch_s(epoch_s: i64) -> Result<Moment, MomentError> {
        let first = days_from_civil(PLAN_FIRST_YEAR, 1, 1) * SECONDS_PER_DAY;
        let end = days_from_civil(PLAN_LAST_YEAR + 1, 1, 1) * SECONDS_PER_DAY;
        if (first..end).contains(&epoch_s) {
            Ok(Moment { epoch_s })
        } else {
            Err(MomentError::OutOfRange)
        }
    }

    /// Unix seconds.
    pub fn epoch_s(self) -> i64 {
        self.epoch_s
    }

    /// Unix milliseconds.
    pub fn epoch_ms(self) -> i64 {
        self.epoch_s * 1000
    }

    /// The date and time in UTC.
    pub fn utc(self) -> CivilTime {
        CivilTime::from_epoch_ms(self.epoch_ms())
    }
}

/// The canonical form: UTC, minutes always, seconds only when not zero
/// (`2027-03-14T15:00Z`, `2027-03-14T15:00:30Z`).
impl fmt::Display for Moment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let utc = self.utc();
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}",
            utc.year, utc.month, utc.day, utc.hour, utc.minute
        )?;
        if utc.second != 0 {
            write!(f, ":{:02}", utc.second)?;
        }
        f.write_str("Z")
    }
}

impl FromStr for Moment {
    type Err = MomentError;

    fn from_str(text: &str) -> Result<Moment, MomentError> {
        Moment::parse(text)
    }
}

impl From<Moment> for String {
    fn from(moment: Moment) -> String {
        moment.to_string()
    }
}

impl TryFrom<String> for Moment {
    type Error = MomentError;

    fn try_from(text: String) -> Result<Moment, MomentError> {
        Moment::parse(&text)
    }
}

/// A cursor over the text being parsed.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    /// Exactly `count` ASCII digits, as a number.
    fn number(&mut self, count: usize) -> Result<u32, MomentError> {
        let digits = self
            .bytes
            .get(self.at..self.at + count)
            .filter(|digits| digits.iter().all(u8::is_ascii_digit))
            .ok_or(MomentError::Malformed)?;
        self.at += count;
        Ok(digits
            .iter()
            .fold(0, |number, digit| number * 10 + u32::from(digit - b'0')))
    }

    /// One of `choices`, or the text is malformed.
    fn expect(&mut self, choices: &[u8]) -> Result<(), MomentError> {
        if self.take(choices) {
            Ok(())
        } else {
            Err(MomentError::Malformed)
        }
    }

    /// Takes one of `choices` if it is next.
    fn take(&mut self, choices: &[u8]) -> bool {
        match self.bytes.get(self.at) {
            Some(byte) if choices.contains(byte) => {
                self.at += 1;
                true
            }
            _ => false,
        }
    }

    /// One to nine digits of a fraction of a second (nanoseconds at most), skipped.
    fn fraction(&mut self) -> Result<(), MomentError> {
        let count = self.bytes[self.at..]
            .iter()
            .take_while(|byte| byte.is_ascii_digit())
            .count();
        if !(1..=9).contains(&count) {
            return Err(MomentError::Malformed);
        }
        self.at += count;
        Ok(())
    }

    /// `Z`, or `+HH:MM` / `-HH:MM` (a space for the `+`), as seconds east of UTC.
    fn offset(&mut self) -> Result<i64, MomentError> {
        let Some(&sign) = self.bytes.get(self.at) else {
            return Err(MomentError::NoOffset);
        };
        self.at += 1;
        let sign = match sign {
            b'Z' | b'z' => return Ok(0),
            b'+' | b' ' => 1,
            b'-' => -1,
            _ => return Err(MomentError::Malformed),
        };
        let hours = self.number(2)?;
        self.expect(b":")?;
        let minutes = self.number(2)?;
        if hours > 23 || minutes > 59 {
            return Err(MomentError::NoSuchTime);
        }
        Ok(sign * i64::from(hours * 3600 + minutes * 60))
    }

    fn is_done(&self) -> bool {
        self.at == self.bytes.len()
    }
}

impl FromJson for Moment {
    fn from_json(value: &Json) -> Option<Self> {
        Moment::parse(value.as_str()?).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> String {
        Moment::parse(text)
            .unwrap_or_else(|error| panic!("{text:?}: {error}"))
            .to_string()
    }

    #[test]
    fn utc_is_written_back_canonically() {
        assert_eq!(parsed("2027-03-14T15:00Z"), "2027-03-14T15:00Z");
        assert_eq!(parsed("2027-03-14T15:00:00Z"), "2027-03-14T15:00Z");
        assert_eq!(parsed("2027-03-14T15:00:30Z"), "2027-03-14T15:00:30Z");
        assert_eq!(parsed("2027-03-14t15:00z"), "2027-03-14T15:00Z");
        assert_eq!(parsed(" 2027-03-14 15:00Z "), "2027-03-14T15:00Z");
    }

    #[test]
    fn any_offset_is_turned_into_utc() {
        assert_eq!(parsed("2027-03-14T16:00+01:00"), "2027-03-14T15:00Z");
        assert_eq!(parsed("2027-03-15T00:00+09:00"), "2027-03-14T15:00Z");
        assert_eq!(parsed("2027-03-14T10:00-05:00"), "2027-03-14T15:00Z");
        assert_eq!(parsed("2027-03-14T20:45+05:45"), "2027-03-14T15:00Z");
        assert_eq!(parsed("2027-03-14T05:00-10:00"), "2027-03-14T15:00Z");
        // Across a date and a year.
        assert_eq!(parsed("2027-01-01T05:00+14:00"), "2026-12-31T15:00Z");
        assert_eq!(parsed("2026-12-31T23:30-00:30"), "2027-01-01T00:00Z");
        assert_eq!(parsed("2027-03-14T15:00+00:00"), "2027-03-14T15:00Z");
        assert_eq!(parsed("2027-03-14T15:00-00:00"), "2027-03-14T15:00Z");
    }

    #[test]
    fn a_plus_that_query_decoding_made_a_space_is_read_as_plus() {
        assert_eq!(parsed("2027-03-14T16:00 01:00"), "2027-03-14T15:00Z");
        assert_eq!(parsed("2027-03-14 16:00 01:00"), "2027-03-14T15:00Z");
    }

    #[test]
    fn fractions_of_a_second_are_dropped() {
        assert_eq!(parsed("2027-03-14T15:00:00.000Z"), "2027-03-14T15:00Z");
        assert_eq!(parsed("2027-03-14T15:00:07.999Z"), "2027-03-14T15:00:07Z");
        assert_eq!(
            parsed("2027-03-14T15:00:07.123456789Z"),
            "2027-03-14T15:00:07Z"
        );
        assert_eq!(
            Moment::parse("2027-03-14T15:00:07.1234567890Z"),
            Err(MomentError::Malformed)
        );
        assert_eq!(
            Moment::parse("2027-03-14T15:00:07.Z"),
            Err(MomentError::Malformed)
        );
    }

    #[test]
    fn the_epoch_and_its_second_are_what_they_say() {
        let moment = Moment::parse("2027-03-14T15:00Z").unwrap();
        assert_eq!(moment.epoch_s(), 1_805_036_400);
        assert_eq!(moment.epoch_ms(), 1_805_036_400_000);
        assert_eq!(Moment::from_epoch_s(1_805_036_400), Ok(moment));
        assert_eq!(moment.utc().weekday, 0, "a Sunday");
    }

    #[test]
    fn bad_forms_say_what_is_wrong() {
        use MomentError::*;
        for (text, error) in [
            ("", Empty),
            ("   ", Empty),
            ("tomorrow", Malformed),
            ("2027-3-14T15:00Z", Malformed),
            ("27-03-14T15:00Z", Malformed),
            ("2027-03-14", Malformed),
            ("2027-03-14T15Z", Malformed),
            ("2027-03-14T1500Z", Malformed),
            ("2027-03-14T15:00+0100", Malformed),
            ("2027-03-14T15:00+01", Malformed),
            ("2027-03-14T15:00Zjunk", Malformed),
            ("2027-03-14T15:00 Z", Malformed),
            ("2027-03-14T15:00:00 ", NoOffset),
            ("2027-03-14T15:00", NoOffset),
            ("2027-03-14T15:00:00", NoOffset),
            ("2027-02-29T15:00Z", NoSuchTime),
            ("2027-04-31T15:00Z", NoSuchTime),
            ("2027-13-01T15:00Z", NoSuchTime),
            ("2027-00-01T15:00Z", NoSuchTime),
            ("2027-03-00T15:00Z", NoSuchTime),
            ("2027-03-14T24:00Z", NoSuchTime),
            ("2027-03-14T15:60Z", NoSuchTime),
            ("2027-03-14T15:00:60Z", NoSuchTime),
            ("2027-03-14T15:00+24:00", NoSuchTime),
            ("2027-03-14T15:00+01:60", NoSuchTime),
            ("１２３４-03-14T15:00Z", Malformed),
        ] {
            assert_eq!(Moment::parse(text), Err(error), "{text:?}");
        }
        assert_eq!(parsed("2028-02-29T15:00Z"), "2028-02-29T15:00Z");
    }

    #[test]
    fn years_1900_to_2100_in_utc() {
        use MomentError::OutOfRange;
        assert_eq!(parsed("1900-01-01T00:00Z"), "1900-01-01T00:00Z");
        assert_eq!(parsed("2100-12-31T23:59:59Z"), "2100-12-31T23:59:59Z");
        assert_eq!(Moment::parse("1899-12-31T23:59:59Z"), Err(OutOfRange));
        assert_eq!(Moment::parse("2101-01-01T00:00Z"), Err(OutOfRange));
        assert_eq!(Moment::parse("0001-01-01T00:00Z"), Err(OutOfRange));
        assert_eq!(Moment::parse("9999-12-31T23:59Z"), Err(OutOfRange));
        // The bound is the UTC instant, not the local date written.
        assert_eq!(Moment::parse("1900-01-01T00:30+01:00"), Err(OutOfRange));
        assert_eq!(Moment::parse("2100-12-31T20:00-05:00"), Err(OutOfRange));
        assert_eq!(parsed("2101-01-01T00:30+01:00"), "2100-12-31T23:30Z");
    }

    #[test]
    fn every_sentence_gives_an_example_of_the_right_form() {
        use MomentError::*;
        for error in [Empty, Malformed, NoOffset, NoSuchTime, OutOfRange] {
            let sentence = error.to_string();
            assert!(sentence.starts_with("at "), "{sentence}");
            assert!(sentence.contains("2027-03-14T15:00Z"), "{sentence}");
            assert!(sentence.len() < 200, "{sentence}");
        }
    }

    #[test]
    fn it_travels_as_its_canonical_text() {
        let moment = Moment::parse("2027-03-14T16:00+01:00").unwrap();
        assert_eq!(
            serde_json::to_string(&moment).unwrap(),
            "\"2027-03-14T15:00Z\""
        );
        assert_eq!(
            serde_json::from_str::<Moment>("\"2027-03-14T15:00Z\"").unwrap(),
            moment
        );
        assert!(serde_json::from_str::<Moment>("\"yesterday\"").is_err());
        assert_eq!(
            Moment::from_json_text("\"2027-03-14T15:00Z\""),
            Some(moment)
        );
        assert_eq!(Moment::from_json_text("\"yesterday\""), None);
        assert_eq!("2027-03-14T15:00Z".parse::<Moment>(), Ok(moment));
    }

    #[test]
    fn every_written_moment_reads_back_the_same() {
        let first = Moment::parse("1900-01-01T00:00Z").unwrap().epoch_s();
        let last = Moment::parse("2100-12-31T23:59:59Z").unwrap().epoch_s();
        // A prime step visits every second of the minute and every hour of the day.
        let mut epoch_s = first;
        while epoch_s <= last {
            let moment = Moment::from_epoch_s(epoch_s).unwrap();
            assert_eq!(Moment::parse(&moment.to_string()), Ok(moment));
            epoch_s += 86_399 * 7 + 13;
        }
    }
}
