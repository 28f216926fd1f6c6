//! Zones as search terms: IANA ids ("Europe/Berlin", "Etc/GMT+5", "UTC"), the city in an
//! id ("berlin"), the abbreviations a zone uses ("PST", "CEST") and UTC offsets
//! ("UTC+9", "+05:30"), each leading to the zone's places or, for a zone with none, to
//! the zone itself.

use std::collections::HashMap;

use chrono::{Datelike, Duration, NaiveDate, Offset, TimeZone, Utc};
use chrono_tz::{OffsetName, Tz, TZ_VARIANTS};

use super::gazetteer::Place;
use super::normalize::normalize;

pub(super) struct ZoneIndex {
    /// The places of each zone that has any, largest first.
    places: HashMap<Tz, Vec<u32>>,
    /// Zones with places by the search key of the city in their id ("new york").
    by_city: HashMap<String, Vec<Tz>>,
    /// Zones with places by a letter abbreviation they use in `year`, lower-cased, with
    /// the abbreviation as tzdata spells it.
    by_abbreviation: HashMap<String, (Box<str>, Vec<Tz>)>,
}

impl ZoneIndex {
    pub(super) fn build(places: &[Place], year: i32) -> ZoneIndex {
        let mut by_zone: HashMap<Tz, Vec<u32>> = HashMap::new();
        for (rank, place) in places.iter().enumerate() {
            by_zone.entry(place.zone()).or_default().push(rank as u32);
        }

        let mut by_city: HashMap<String, Vec<Tz>> = HashMap::new();
        let mut by_abbreviation: HashMap<String, (Box<str>, Vec<Tz>)> = HashMap::new();
        // Zones in TZ_VARIANTS order, so that lists are the same from run to run.
        for &zone in TZ_VARIANTS.iter().filter(|zone| by_zone.contains_key(zone)) {
            if let Some((_, city)) = zone.name().rsplit_once('/') {
                by_city
                    .entry(normalize(&city.replace('_', " ")))
                    .or_default()
                    .push(zone);
            }
            for abbreviation in abbreviations_in(zone, year) {
                let (_, zones) = by_abbreviation
                    .entry(abbreviation.to_lowercase())
                    .or_insert_with(|| (abbreviation.into(), Vec::new()));
                zones.push(zone);
            }
        }
        ZoneIndex {
            places: by_zone,
            by_city,
            by_abbreviation,
        }
    }

    /// The places of `zone`, largest first (empty for a zone without places).
    pub(super) fn places(&self, zone: Tz) -> &[u32] {
        self.places.get(&zone).map_or(&[], Vec::as_slice)
    }

    /// Zones with places whose id names this city (`key` is a search key).
    pub(super) fn by_city(&self, key: &str) -> &[Tz] {
        self.by_city.get(key).map_or(&[], Vec::as_slice)
    }

    /// Zones with places that use this abbreviation (any case) this year, and the
    /// abbreviation as tzdata spells it.
    pub(super) fn by_abbreviation(&self, text: &str) -> Option<(&str, &[Tz])> {
        let (spelling, zones) = self.by_abbreviation.get(&text.to_lowercase())?;
        Some((spelling, zones))
    }

    /// Zones with places whose offset from UTC at `now` is `seconds`.
    pub(super) fn at_offset(&self, seconds: i32, now: chrono::DateTime<Utc>) -> Vec<Tz> {
        let now = now.naive_utc();
        let mut zones: Vec<Tz> = self
            .places
            .keys()
            .copied()
            .filter(|zone| zone.offset_from_utc_datetime(&now).fix().local_minus_utc() == seconds)
            .collect();
        zones.sort_unstable_by_key(|zone| zone.name());
        zones
    }
}

/// The zone of this exact id, any case, spaces for underscores ("america/new york").
pub(super) fn zone_by_id(text: &str) -> Option<Tz> {
    Tz::from_str_insensitive(&text.trim().replace(' ', "_")).ok()
}

/// Zones whose id starts with `text` (any case, spaces for underscores), in id order.
pub(super) fn zones_by_id_prefix(text: &str) -> impl Iterator<Item = Tz> + '_ {
    let prefix = text.trim().replace(' ', "_").to_ascii_lowercase();
    TZ_VARIANTS.iter().copied().filter(move |zone| {
        let name = zone.name();
        name.len() >= prefix.len() && name[..prefix.len()].eq_ignore_ascii_case(&prefix)
    })
}

/// The fixed-offset zone for a whole-hour offset: tzdata's Etc/GMT zones, whose sign is
/// the POSIX one (Etc/GMT-9 is nine hours ahead of UTC).
pub(super) fn fixed_zone(seconds: i32) -> Option<Tz> {
    if seconds % 3600 != 0 {
        return None;
    }
    let hours = seconds / 3600;
    let name = match hours {
        0 => "Etc/GMT".to_string(),
        h if h > 0 => format!("Etc/GMT-{h}"),
        h => format!("Etc/GMT+{}", -h),
    };
    name.parse().ok()
}

/// Parses a UTC offset: "UTC+9", "GMT-5", "+09", "-0330", "UTC+5:30", "utc +05.30".
/// Returns seconds east of UTC. The sign is required, so a bare number is not an offset.
pub(super) fn parse_utc_offset(text: &str) -> Option<i32> {
    let text = text.trim().to_ascii_lowercase();
    let rest = text
        .strip_prefix("utc")
        .or_else(|| text.strip_prefix("gmt"))
        .unwrap_or(&text)
        .trim_start();
    let mut chars = rest.chars();
    let sign = match chars.next()? {
        '+' => 1,
        '-' | '\u{2212}' => -1,
        _ => return None,
    };
    let digits = chars.as_str().trim_start();
    let (hours, minutes) = match digits.split_once([':', '.']) {
        Some((hours, minutes)) if minutes.len() == 2 => (hours, minutes),
        Some(_) => return None,
        None if digits.len() == 4 => digits.split_at(2),
        None => (digits, "0"),
    };
    if hours.is_empty() || hours.len() > 2 || !hours.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if !minutes.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (hours, minutes): (i32, i32) = (hours.parse().ok()?, minutes.parse().ok()?);
    // Real offsets run from -12:00 to +14:00.
    if minutes >= 60 || hours > 14 || (sign < 0 && hours > 12) {
        return None;
    }
    Some(sign * (hours * 3600 + minutes * 60))
}

/// The letter abbreviations (not "+09"-style numbers) `zone` uses in `year`, sampled
/// daily at noon UTC: daylight saving periods last weeks, so a day's step finds them all.
fn abbreviations_in(zone: Tz, year: i32) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let Some(start) = NaiveDate::from_ymd_opt(year, 1, 1).and_then(|day| day.and_hms_opt(12, 0, 0))
    else {
        return found;
    };
    let mut instant = start;
    while instant.year() == year {
        let offset = zone.offset_from_utc_datetime(&instant);
        if let Some(abbreviation) = offset.abbreviation() {
            let letters = abbreviation
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic());
            if letters && !found.iter().any(|known| known == abbreviation) {
                found.push(abbreviation.to_string());
            }
        }
        instant += Duration::days(1);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_parse_in_the_forms_people_write() {
        assert_eq!(parse_utc_offset("UTC+9"), Some(9 * 3600));
        assert_eq!(parse_utc_offset("utc+9"), Some(9 * 3600));
        assert_eq!(parse_utc_offset("+09"), Some(9 * 3600));
        assert_eq!(parse_utc_offset("GMT-5"), Some(-5 * 3600));
        assert_eq!(parse_utc_offset("UTC+5:30"), Some(5 * 3600 + 1800));
        assert_eq!(parse_utc_offset("+0530"), Some(5 * 3600 + 1800));
        assert_eq!(parse_utc_offset("UTC −3"), Some(-3 * 3600));
        assert_eq!(parse_utc_offset("UTC +05.45"), Some(5 * 3600 + 45 * 60));
        assert_eq!(parse_utc_offset("UTC+14"), Some(14 * 3600));
    }

    #[test]
    fn other_text_is_not_an_offset() {
        for text in [
            "UTC", "9", "+", "UTC+15", "UTC-13", "+5:7", "+123", "+9:60", "berlin", "+9h",
        ] {
            assert_eq!(parse_utc_offset(text), None, "{text}");
        }
    }

    #[test]
    fn whole_hours_have_an_etc_zone_with_the_posix_sign() {
        assert_eq!(fixed_zone(9 * 3600), Some(chrono_tz::Etc::GMTMinus9));
        assert_eq!(fixed_zone(-5 * 3600), Some(chrono_tz::Etc::GMTPlus5));
        assert_eq!(fixed_zone(0), Some(chrono_tz::Etc::GMT));
        assert_eq!(fixed_zone(5 * 3600 + 1800), None);
    }

    #[test]
    fn zone_ids_match_in_any_case() {
        assert_eq!(zone_by_id("europe/berlin"), Some(chrono_tz::Europe::Berlin));
        assert_eq!(
            zone_by_id("America/New York"),
            Some(chrono_tz::America::New_York)
        );
        assert_eq!(zone_by_id("Etc/GMT+5"), Some(chrono_tz::Etc::GMTPlus5));
        assert_eq!(zone_by_id("utc"), Some(chrono_tz::UTC));
        assert_eq!(zone_by_id("berlin"), None);
        assert!(zones_by_id_prefix("europe/ber").any(|zone| zone == chrono_tz::Europe::Berlin));
    }

    #[test]
    fn abbreviations_include_standard_and_daylight_time() {
        let los_angeles = abbreviations_in(chrono_tz::America::Los_Angeles, 2025);
        assert_eq!(los_angeles, vec!["PST", "PDT"]);
        assert_eq!(abbreviations_in(chrono_tz::Asia::Tokyo, 2025), vec!["JST"]);
        // Numeric "abbreviations" are offsets, found as such.
        assert!(abbreviations_in(chrono_tz::Asia::Dubai, 2025).is_empty());
    }
}
