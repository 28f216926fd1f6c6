//! The report id: a report's request and the time-zone data version in compact, URL-safe
//! text, so that any instance reads what a report is from its id alone (no shared store).
//!
//! `<tzdata>-<from>-<to>-<zones>`, for example `2025b-2026-2027-lKpHHG` (London, New York and Kolkata) or
//! `2025b-1900-1949-a` (every zone):
//!
//! - `tzdata`: the IANA time-zone data version chrono-tz was built from
//!   ([`chrono_tz::IANA_TZDB_VERSION`]). The result depends on it, and so do the zone
//!   numbers below; an id of another version is refused with a request to start again.
//! - `from`, `to`: the years, four digits each.
//! - `zones`: `a` for every zone; otherwise the zones as numbers, their places in the list
//!   of every zone sorted by name, in one of two forms, whichever is shorter (a tie goes to
//!   the list): `l` and the numbers in ascending order, each in as many bits as the largest
//!   number needs (10 for 597 zones), or `m` and a bitmap with one bit per zone of the list.
//!   Either form is packed most significant bit first into base64url characters
//!   (`A`–`Z`, `a`–`z`, `0`–`9`, `-`, `_`; six bits each, the last filled with zero bits).
//!
//! A list is `ceil(10 k / 6)` characters for `k` zones, the bitmap `ceil(597 / 6) = 100`,
//! so no id is longer than 117 characters. Only the canonical text of a report decodes:
//! decoding re-encodes and compares, so each report has exactly one id (and one cache entry).

use super::spec::{check_years, ReportSpec, ZoneChoice};
use crate::server::zones::Zone;

/// The time-zone data version reports are computed from.
pub const TZDATA: &str = chrono_tz::IANA_TZDB_VERSION;

/// The base64url alphabet (RFC 4648, section 5).
const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
/// Longer text is not an id, whatever it holds: refused before it is read.
const LONGEST_ID: usize = 160;

/// Why a text is not the id of a report this server can compute.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IdError {
    /// Not an id at all (or not the canonical text of one).
    Malformed,
    /// The id of a report of another time-zone data version.
    OtherData {
        /// The version the id names.
        tzdata: String,
    },
}

impl ReportSpec {
    /// The id: this spec and the time-zone data version, in URL-safe text.
    pub fn id(&self) -> String {
        encode(self)
    }
}

/// The id of `spec`.
pub fn encode(spec: &ReportSpec) -> String {
    let zones = match spec.choice() {
        ZoneChoice::Every => "a".to_owned(),
        ZoneChoice::Listed(zones) => {
            // Sorted by name, so the numbers ascend.
            let numbers: Vec<usize> = zones.iter().map(|zone| zone.index()).collect();
            let list = pack_list(&numbers);
            let bitmap = pack_bitmap(&numbers);
            if list.len() <= bitmap.len() {
                format!("l{list}")
            } else {
                format!("m{bitmap}")
            }
        }
    };
    format!("{TZDATA}-{:04}-{:04}-{zones}", spec.from(), spec.to())
}

/// The spec an id names.
pub fn decode(text: &str) -> Result<ReportSpec, IdError> {
    if text.len() > LONGEST_ID {
        return Err(IdError::Malformed);
    }
    let mut parts = text.splitn(4, '-');
    let (Some(tzdata), Some(from), Some(to), Some(zones)) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(IdError::Malformed);
    };
    if tzdata != TZDATA {
        return Err(if looks_like_tzdata(tzdata) {
            IdError::OtherData {
                tzdata: tzdata.to_owned(),
            }
        } else {
            IdError::Malformed
        });
    }
    let (from, to) = (year(from)?, year(to)?);
    check_years(from, to).map_err(|_| IdError::Malformed)?;
    let zones = match zones.split_at_checked(1) {
        Some(("a", "")) => None,
        Some(("l", packed)) => Some(unpack_list(packed)?),
        Some(("m", packed)) => Some(unpack_bitmap(packed)?),
        _ => return Err(IdError::Malformed),
    };
    if zones.as_ref().is_some_and(Vec::is_empty) {
        return Err(IdError::Malformed);
    }
    let spec = ReportSpec::new(zones, from, to).map_err(|_| IdError::Malformed)?;
    if encode(&spec) == text {
        Ok(spec)
    } else {
        Err(IdError::Malformed)
    }
}

/// `2025b`: four digits and one or two lower-case letters, as IANA names its releases.
fn looks_like_tzdata(text: &str) -> bool {
    let (digits, letters) = text.split_at_checked(4).unwrap_or(("", ""));
    digits.len() == 4
        && digits.bytes().all(|byte| byte.is_ascii_digit())
        && (1..=2).contains(&letters.len())
        && letters.bytes().all(|byte| byte.is_ascii_lowercase())
}

fn year(text: &str) -> Result<i32, IdError> {
    if text.len() != 4 || !text.bytes().all(|byte| byte.is_ascii_digit()) {
        return Err(IdError::Malformed);
    }
    text.parse().map_err(|_| IdError::Malformed)
}

/// Bits a zone number takes in the list form: enough for the largest.
fn number_width() -> u32 {
    let largest = Zone::every().len().saturating_sub(1) as u32;
    (u32::BITS - largest.leading_zeros()).max(1)
}

fn pack_list(numbers: &[usize]) -> String {
    let width = number_width();
    let mut writer = BitWriter::default();
    for &number in numbers {
        writer.push(number as u32, width);
    }
    writer.finish()
}

fn pack_bitmap(numbers: &[usize]) -> String {
    let mut bits = vec![false; Zone::every().len()];
    for &number in numbers {
        bits[number] = true;
    }
    let mut writer = BitWriter::default();
    for bit in bits {
        writer.push(u32::from(bit), 1);
    }
    writer.finish()
}

fn unpack_list(packed: &str) -> Result<Vec<Zone>, IdError> {
    let width = number_width();
    let mut reader = BitReader::new(packed)?;
    let count = reader.len() / width as usize;
    let every = Zone::every();
    (0..count)
        .map(|_| {
            let number = reader.take(width) as usize;
            every.get(number).copied().ok_or(IdError::Malformed)
        })
        .collect()
}

fn unpack_bitmap(packed: &str) -> Result<Vec<Zone>, IdError> {
    let mut reader = BitReader::new(packed)?;
    let every = Zone::every();
    if reader.len() < every.len() {
        return Err(IdError::Malformed);
    }
    Ok(every
        .iter()
        .filter(|_| reader.take(1) == 1)
        .copied()
        .collect())
}

/// Packs bits, most significant first, into base64url characters.
#[derive(Default)]
struct BitWriter {
    text: String,
    pending: u32,
    pending_bits: u32,
}

impl BitWriter {
    /// Appends the low `width` bits of `value`.
    fn push(&mut self, value: u32, width: u32) {
        for shift in (0..width).rev() {
            self.pending = (self.pending << 1) | ((value >> shift) & 1);
            self.pending_bits += 1;
            if self.pending_bits == 6 {
                self.text.push(char::from(ALPHABET[self.pending as usize]));
                self.pending = 0;
                self.pending_bits = 0;
            }
        }
    }

    /// The text, the last character filled with zero bits.
    fn finish(mut self) -> String {
        if self.pending_bits > 0 {
            let filled = self.pending << (6 - self.pending_bits);
            self.text.push(char::from(ALPHABET[filled as usize]));
        }
        self.text
    }
}

/// Reads back what [`BitWriter`] wrote.
struct BitReader {
    sextets: Vec<u8>,
    position: usize,
}

impl BitReader {
    fn new(text: &str) -> Result<BitReader, IdError> {
        let sextets = text
            .bytes()
            .map(|byte| {
                ALPHABET
                    .iter()
                    .position(|&letter| letter == byte)
                    .map(|value| value as u8)
                    .ok_or(IdError::Malformed)
            })
            .collect::<Result<Vec<u8>, IdError>>()?;
        Ok(BitReader {
            sextets,
            position: 0,
        })
    }

    /// Bits in all.
    fn len(&self) -> usize {
        self.sextets.len() * 6
    }

    /// The next `width` bits as a number (zero bits past the end).
    fn take(&mut self, width: u32) -> u32 {
        let mut value = 0;
        for _ in 0..width {
            let bit = self
                .sextets
                .get(self.position / 6)
                .map_or(0, |sextet| (sextet >> (5 - self.position % 6)) & 1);
            value = (value << 1) | u32::from(bit);
            self.position += 1;
        }
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(names: Option<&[&str]>, from: i32, to: i32) -> ReportSpec {
        match names {
            Some(names) => ReportSpec::of_zones(names, from, to),
            None => ReportSpec::new(None, from, to).unwrap(),
        }
    }

    fn url_safe(id: &str) -> bool {
        id.bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_')
    }

    #[test]
    fn every_zone_has_the_short_form() {
        let id = spec(None, 1900, 1949).id();
        assert_eq!(id, format!("{TZDATA}-1900-1949-a"));
        assert_eq!(decode(&id), Ok(spec(None, 1900, 1949)));
    }

    #[test]
    fn a_few_zones_are_a_short_list_and_round_trip() {
        let three = spec(
            Some(&["Europe/London", "America/New_York", "Asia/Kolkata"]),
            2026,
            2027,
        );
        let id = three.id();
        // Three 10-bit numbers: 30 bits, five characters.
        assert_eq!(id.len(), TZDATA.len() + "-2026-2027-l".len() + 5, "{id}");
        assert!(id.starts_with(&format!("{TZDATA}-2026-2027-l")), "{id}");
        assert!(url_safe(&id), "{id}");
        assert_eq!(decode(&id), Ok(three));
    }

    #[test]
    fn the_first_and_last_zones_round_trip() {
        let every = Zone::every();
        for zones in [
            vec![every[0]],
            vec![every[every.len() - 1]],
            vec![every[0], every[every.len() - 1]],
        ] {
            let spec = ReportSpec::new(Some(zones), 2000, 2049).unwrap();
            assert_eq!(decode(&spec.id()), Ok(spec));
        }
    }

    #[test]
    fn many_zones_take_the_bitmap_and_no_id_is_long() {
        let every = Zone::every();
        let mut longest = 0;
        for count in [1, 2, 10, 59, 60, 61, 100, every.len() - 1] {
            // Spread over the whole list, so both ends are exercised.
            let zones: Vec<Zone> = (0..count)
                .map(|step| every[step * every.len() / count])
                .collect();
            let spec = ReportSpec::new(Some(zones), 1950, 1999).unwrap();
            let id = spec.id();
            assert!(url_safe(&id), "{id}");
            assert_eq!(decode(&id), Ok(spec.clone()), "{count} zones: {id}");
            let form = id.split('-').nth(3).unwrap().as_bytes()[0];
            let list_chars = (count * number_width() as usize).div_ceil(6);
            let bitmap_chars = every.len().div_ceil(6);
            let expected = if list_chars <= bitmap_chars {
                b'l'
            } else {
                b'm'
            };
            assert_eq!(form, expected, "{count} zones: {id}");
            longest = longest.max(id.len());
        }
        assert!(longest <= 117, "the longest id is {longest} characters");
    }

    #[test]
    fn another_tz_data_version_is_told_apart_from_garbage() {
        let id = spec(Some(&["UTC"]), 2026, 2026).id();
        let other = id.replacen(TZDATA, "2019c", 1);
        assert_eq!(
            decode(&other),
            Err(IdError::OtherData {
                tzdata: "2019c".into()
            })
        );
        for garbage in [
            "",
            "nope",
            "1-7324a49e",
            "x2025b-2026-2026-a",
            &format!("{TZDATA}-2026-2026"),
            &format!("{TZDATA}-2026-2026-"),
            &format!("{TZDATA}-2026-2026-b"),
            &format!("{TZDATA}-2026-2026-l"),
            &format!("{TZDATA}-2026-2026-l!!"),
            &format!("{TZDATA}-2026-2026-aa"),
            &format!("{TZDATA}-1800-2026-a"),
            &format!("{TZDATA}-2030-2026-a"),
            &format!("{TZDATA}-1900-2000-a"),
            &format!("{TZDATA}-+026-2026-a"),
            &format!("{TZDATA}-2026-2026-l{}", "A".repeat(500)),
        ] {
            assert_eq!(decode(garbage), Err(IdError::Malformed), "{garbage:?}");
        }
    }

    #[test]
    fn only_the_canonical_text_decodes() {
        let every = Zone::every();
        // Two zones written as a bitmap, which is longer than their list.
        let numbers = [every[0].index(), every[5].index()];
        let as_bitmap = format!("{TZDATA}-2026-2026-m{}", pack_bitmap(&numbers));
        assert_eq!(decode(&as_bitmap), Err(IdError::Malformed));
        // The same two out of order, and one twice.
        let backwards = format!("{TZDATA}-2026-2026-l{}", pack_list(&[5, 0]));
        assert_eq!(decode(&backwards), Err(IdError::Malformed));
        let twice = format!("{TZDATA}-2026-2026-l{}", pack_list(&[5, 5]));
        assert_eq!(decode(&twice), Err(IdError::Malformed));
        // A number past the end of the list.
        let past = format!("{TZDATA}-2026-2026-l{}", pack_list(&[1023]));
        assert_eq!(decode(&past), Err(IdError::Malformed));
        // Trailing bits that are not zero.
        let canonical = spec(Some(&["UTC"]), 2026, 2026).id();
        let mut dirty = canonical.clone();
        let last = dirty.pop().unwrap();
        let value = ALPHABET
            .iter()
            .position(|&c| char::from(c) == last)
            .unwrap();
        dirty.push(char::from(ALPHABET[value | 1]));
        assert_ne!(dirty, canonical);
        assert_eq!(decode(&dirty), Err(IdError::Malformed));
    }

    #[test]
    fn the_version_is_chrono_tz_s_iana_release() {
        assert!(looks_like_tzdata(TZDATA), "{TZDATA}");
        assert!(!looks_like_tzdata("2025"));
        assert!(!looks_like_tzdata("2025B"));
        assert!(looks_like_tzdata("2024ab"));
    }
}
