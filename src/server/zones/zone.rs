//! Time zones as the API accepts them: IANA names (backward links included) matched
//! case-insensitively, validated once at the edge into a [`Zone`], and the wall time of a
//! zone at an instant, formatted the way the contract writes it.

use std::sync::OnceLock;

use chrono::{DateTime, Offset, TimeZone, Utc};
use chrono_tz::{OffsetName, Tz, TZ_VARIANTS};

use crate::model::{city_of_zone, ClockUpdate, ZoneSummary};

/// Longest zone name worth looking up: the longest IANA name is 32 characters, so anything
/// far longer is not a typo to suggest corrections for (and would make the edit-distance
/// search slow).
const LONGEST_PLAUSIBLE_NAME: usize = crate::model::LONGEST_ZONE_NAME;

/// A supported time zone, in canonical spelling.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Zone(Tz);

/// Why a text is not a [`Zone`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ZoneError {
    /// The text was empty (or only spaces).
    Empty,
    /// Far longer than any zone name.
    TooLong { length: usize },
    /// Not a zone ([`Zone::closest_names`] finds what was probably meant).
    Unknown,
}

impl Zone {
    /// How many zones there are: every [`Zone::slot`] is below it.
    pub const COUNT: usize = TZ_VARIANTS.len();

    /// This zone's slot in a table with one per zone: below [`Zone::COUNT`], different for
    /// every zone, and found without a search (unlike [`Zone::index`]).
    pub fn slot(self) -> usize {
        self.0 as usize
    }

    /// Looks a name up case-insensitively (`asia/seoul` → `Asia/Seoul`), reading a space
    /// inside it as `+` (see [`name_as_meant`]).
    pub fn parse(text: &str) -> Result<Zone, ZoneError> {
        let text = name_as_meant(text);
        let text = text.as_ref();
        if text.is_empty() {
            return Err(ZoneError::Empty);
        }
        let length = text.chars().count();
        if length > LONGEST_PLAUSIBLE_NAME {
            return Err(ZoneError::TooLong { length });
        }
        Tz::from_str_insensitive(text)
            .map(Zone)
            .map_err(|_| ZoneError::Unknown)
    }

    /// The zone names nearest to `text` by edit distance: over whole names when `text` has a
    /// region (`asia/seol`), over the city part when it is a bare city (`Seul`). It compares
    /// against every zone, so callers ask only for the few names they report.
    pub fn closest_names(text: &str) -> Vec<&'static str> {
        super::suggestions::closest_zone_names(text)
    }

    /// The canonical IANA spelling, e.g. `America/New_York`.
    pub fn name(self) -> &'static str {
        self.0.name()
    }

    /// The display name, e.g. `New York`.
    pub fn city(self) -> String {
        city_of_zone(self.name())
    }

    /// The chrono-tz zone.
    pub fn tz(self) -> Tz {
        self.0
    }

    /// The zone's wall time at `epoch_ms`.
    pub fn local_time(self, epoch_ms: i64) -> LocalTime {
        let utc = DateTime::<Utc>::from_timestamp_millis(epoch_ms).unwrap_or_default();
        let local = self.0.from_utc_datetime(&utc.naive_utc());
        let (seconds_east, abbreviation) = offset_and_abbreviation(local.offset());
        LocalTime {
            date_time: local.format("%Y-%m-%d %H:%M:%S").to_string(),
            utc_offset: format_offset(seconds_east),
            abbreviation,
        }
    }

    /// The offset from UTC (seconds east) and the abbreviation in force at Unix second `at`.
    pub fn offset_at(self, at: i64) -> (i32, String) {
        let utc = DateTime::<Utc>::from_timestamp(at, 0)
            .unwrap_or_default()
            .naive_utc();
        offset_and_abbreviation(&self.0.offset_from_utc_datetime(&utc))
    }

    /// The contract's `UPDATE` data for this zone at tick `id`, instant `epoch_ms`.
    pub fn clock_update(self, id: u64, epoch_ms: i64) -> ClockUpdate {
        let local = self.local_time(epoch_ms);
        ClockUpdate {
            id,
            zone: self.name().to_owned(),
            city: self.city(),
            date_time: local.date_time,
            utc_offset: local.utc_offset,
            abbreviation: local.abbreviation,
            epoch_ms,
        }
    }

    /// What `GET /api/zones` lists for this zone at `epoch_ms`.
    pub fn summary(self, epoch_ms: i64) -> ZoneSummary {
        let local = self.local_time(epoch_ms);
        ZoneSummary {
            zone: self.name().to_owned(),
            city: self.city(),
            utc_offset: local.utc_offset,
            abbreviation: local.abbreviation,
        }
    }

    /// Every supported zone, sorted by name.
    pub fn all() -> impl Iterator<Item = Zone> {
        Zone::every().iter().copied()
    }

    /// Every supported zone, sorted by name: built once, so a zone's place in it is a
    /// stable number for as long as the time-zone data stays the same.
    pub fn every() -> &'static [Zone] {
        static EVERY: OnceLock<Vec<Zone>> = OnceLock::new();
        EVERY.get_or_init(|| {
            let mut zones: Vec<Zone> = TZ_VARIANTS.iter().copied().map(Zone).collect();
            zones.sort_by_key(|zone| zone.name());
            zones
        })
    }

    /// This zone's place in [`Zone::every`].
    pub fn index(self) -> usize {
        Zone::every()
            .binary_search_by(|zone| zone.name().cmp(self.name()))
            .expect("every zone is in the list of every zone")
    }
}

impl From<Tz> for Zone {
    fn from(tz: Tz) -> Zone {
        Zone(tz)
    }
}

/// A zone name as its sender meant it: trimmed, and with every space inside it read as `+`.
///
/// No zone name has a space, but several have a `+` (`Etc/GMT+5`), and a `+` typed plainly
/// into a query string (`?city=Etc/GMT+5`, as curl users and the zone list itself write it)
/// reaches us as a space, because form decoding reads `+` as a space. So a space inside a
/// name can only be a `+` that was meant.
pub fn name_as_meant(text: &str) -> std::borrow::Cow<'_, str> {
    let text = text.trim();
    if text.contains(' ') {
        std::borrow::Cow::Owned(text.replace(' ', "+"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// A zone's wall time at one instant, in the contract's text forms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocalTime {
    /// `YYYY-MM-DD HH:MM:SS`.
    pub date_time: String,
    /// `+09:00`; `-00:44:30` for an offset with seconds.
    pub utc_offset: String,
    /// `KST`, or the offset as `+0545` where the zone uses no letters.
    pub abbreviation: String,
}

/// Seconds east of UTC, and the abbreviation — or the offset as `+0545` where the zone uses
/// no letters.
fn offset_and_abbreviation(offset: &chrono_tz::TzOffset) -> (i32, String) {
    let seconds_east = offset.fix().local_minus_utc();
    let abbreviation = offset
        .abbreviation()
        .map(str::to_owned)
        .unwrap_or_else(|| format_offset(seconds_east).replace(':', ""));
    (seconds_east, abbreviation)
}

/// `+05:45`, `-03:30`, `+00:00` from seconds east of UTC; an offset with seconds keeps
/// them (`-00:44:30`, Africa/Monrovia from 1919 to 1972) rather than losing them.
pub fn format_offset(seconds_east: i32) -> String {
    let sign = if seconds_east < 0 { '-' } else { '+' };
    let total = seconds_east.unsigned_abs();
    let (hours, minutes, seconds) = (total / 3600, total / 60 % 60, total % 60);
    if seconds == 0 {
        format!("{sign}{hours:02}:{minutes:02}")
    } else {
        format!("{sign}{hours:02}:{minutes:02}:{seconds:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_zone_has_its_own_slot_below_the_count() {
        let mut seen = vec![false; Zone::COUNT];
        for tz in TZ_VARIANTS {
            let slot = Zone(tz).slot();
            assert!(slot < Zone::COUNT, "{}", tz.name());
            assert!(!seen[slot], "{} shares its slot", tz.name());
            seen[slot] = true;
        }
    }

    fn ms(rfc3339: &str) -> i64 {
        DateTime::parse_from_rfc3339(rfc3339)
            .unwrap()
            .timestamp_millis()
    }

    fn at(zone: &str, instant: &str) -> LocalTime {
        Zone::parse(zone).unwrap().local_time(ms(instant))
    }

    #[test]
    fn names_match_case_insensitively_and_come_back_canonical() {
        assert_eq!(Zone::parse("asia/seoul").unwrap().name(), "Asia/Seoul");
        assert_eq!(
            Zone::parse(" AMERICA/NEW_YORK ").unwrap().name(),
            "America/New_York"
        );
        assert_eq!(Zone::parse("utc").unwrap().name(), "UTC");
    }

    #[test]
    fn backward_links_are_supported() {
        let calcutta = Zone::parse("Asia/Calcutta").unwrap();
        assert_eq!(calcutta.name(), "Asia/Calcutta");
        assert_eq!(calcutta.city(), "Calcutta");
        let time = calcutta.local_time(ms("2026-11-21T08:03:58Z"));
        assert_eq!(time.date_time, "2026-11-21 13:33:58");
        assert_eq!(time.utc_offset, "+05:30");
        assert_eq!(time.abbreviation, "IST");
        assert_eq!(Zone::parse("us/eastern").unwrap().name(), "US/Eastern");
    }

    #[test]
    fn the_contract_example_tick() {
        let seoul = at("Asia/Seoul", "2026-11-21T08:03:58Z");
        assert_eq!(seoul.date_time, "2026-11-21 17:03:58");
        assert_eq!(seoul.utc_offset, "+09:00");
        assert_eq!(seoul.abbreviation, "KST");
    }

    #[test]
    fn new_york_springs_forward_on_8_march_2026() {
        let before = at("America/New_York", "2026-03-08T06:59:59Z");
        assert_eq!(before.date_time, "2026-03-08 01:59:59");
        assert_eq!(
            (before.utc_offset.as_str(), before.abbreviation.as_str()),
            ("-05:00", "EST")
        );
        let after = at("America/New_York", "2026-03-08T07:00:00Z");
        assert_eq!(after.date_time, "2026-03-08 03:00:00");
        assert_eq!(
            (after.utc_offset.as_str(), after.abbreviation.as_str()),
            ("-04:00", "EDT")
        );
    }

    #[test]
    fn london_falls_back_on_25_october_2026() {
        let before = at("Europe/London", "2026-10-25T00:59:59Z");
        assert_eq!(before.date_time, "2026-10-25 01:59:59");
        assert_eq!(
            (before.utc_offset.as_str(), before.abbreviation.as_str()),
            ("+01:00", "BST")
        );
        let after = at("Europe/London", "2026-10-25T01:00:00Z");
        assert_eq!(after.date_time, "2026-10-25 01:00:00");
        assert_eq!(
            (after.utc_offset.as_str(), after.abbreviation.as_str()),
            ("+00:00", "GMT")
        );
    }

    #[test]
    fn lord_howe_shifts_by_thirty_minutes() {
        // Daylight saving ends 2026-04-05 02:00 local (+11:00) = 2026-04-04T15:00:00Z.
        let before = at("Australia/Lord_Howe", "2026-04-04T14:59:59Z");
        assert_eq!(before.date_time, "2026-04-05 01:59:59");
        assert_eq!(before.utc_offset, "+11:00");
        let after = at("Australia/Lord_Howe", "2026-04-04T15:00:00Z");
        assert_eq!(after.date_time, "2026-04-05 01:30:00");
        assert_eq!(after.utc_offset, "+10:30");
    }

    #[test]
    fn kathmandu_is_five_forty_five_ahead() {
        let time = at("Asia/Kathmandu", "2026-11-21T00:00:00Z");
        assert_eq!(time.date_time, "2026-11-21 05:45:00");
        assert_eq!(time.utc_offset, "+05:45");
        assert_eq!(time.abbreviation, "+0545");
    }

    #[test]
    fn negative_half_hour_offsets_keep_their_sign() {
        let time = at("America/St_Johns", "2026-01-15T12:00:00Z");
        assert_eq!(time.utc_offset, "-03:30");
        assert_eq!(time.date_time, "2026-01-15 08:30:00");
    }

    #[test]
    fn offsets_with_seconds_print_their_seconds() {
        // Monrovia Mean Time, -0:44:30, until 1972.
        let time = at("Africa/Monrovia", "1960-06-01T12:00:00Z");
        assert_eq!(time.utc_offset, "-00:44:30");
        assert_eq!(time.date_time, "1960-06-01 11:15:30");
        let now = at("Africa/Monrovia", "2026-11-21T00:00:00Z");
        assert_eq!(now.utc_offset, "+00:00");
        assert_eq!(format_offset(-2670), "-00:44:30");
        assert_eq!(format_offset(4 * 3600 + 51 * 60 + 40), "+04:51:40");
        assert_eq!(format_offset(-(3 * 3600 + 30 * 60)), "-03:30");
        assert_eq!(format_offset(-59), "-00:00:59");
    }

    #[test]
    fn a_plus_that_form_decoding_made_a_space_is_read_as_plus() {
        assert_eq!(Zone::parse("Etc/GMT 5").unwrap().name(), "Etc/GMT+5");
        assert_eq!(Zone::parse(" etc/gmt 12 ").unwrap().name(), "Etc/GMT+12");
        assert_eq!(Zone::parse("Etc/GMT+5").unwrap().name(), "Etc/GMT+5");
        assert_eq!(Zone::parse("Etc/GMT-5").unwrap().name(), "Etc/GMT-5");
        assert_eq!(name_as_meant(" New York "), "New+York");
        assert_eq!(Zone::parse("New York"), Err(ZoneError::Unknown));
    }

    #[test]
    fn empty_and_absurdly_long_names_are_refused_without_a_search() {
        assert_eq!(Zone::parse("  "), Err(ZoneError::Empty));
        let long = "A".repeat(5000);
        assert_eq!(Zone::parse(&long), Err(ZoneError::TooLong { length: 5000 }));
    }

    #[test]
    fn every_zone_is_listed_once_in_order() {
        let names: Vec<&str> = Zone::all().map(Zone::name).collect();
        assert!(names.len() > 400, "{}", names.len());
        assert!(names.windows(2).all(|pair| pair[0] < pair[1]));
        assert!(names.contains(&"Asia/Calcutta") && names.contains(&"Asia/Kolkata"));
    }

    #[test]
    fn a_zone_s_index_is_its_place_in_the_sorted_list() {
        for (place, zone) in Zone::every().iter().enumerate() {
            assert_eq!(zone.index(), place);
        }
        assert_eq!(
            Zone::every()[Zone::parse("utc").unwrap().index()].name(),
            "UTC"
        );
    }
}
