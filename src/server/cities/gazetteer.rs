//! The gazetteer: the embedded GeoNames data parsed once into places and countries, with
//! look-ups by geonameid and by URL slug, and the indexes `search` reads.
//!
//! Slugs are `<ascii name>-<country code>` ("chennai-in", "sao-paulo-br"), with the
//! geonameid appended ("portland-us-5746545") when another place of the data has the
//! same name in the same country. A slug is a pure function of the data, so the same
//! data always gives the same slugs. Parsing accepts more than the canonical form: any
//! slug ending in `-<geonameid>` finds that place (so an id-suffixed link keeps working
//! when a regeneration renames the place), and a bare `<name>-<country>` finds the most
//! populous place of that name ("portland-us" is Portland, Oregon).

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::OnceLock;

use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Tz;

use super::local_names;
use super::name_index::NameIndex;
use super::normalize::{ascii_words, normalize};
use super::zone_index::ZoneIndex;
use crate::model::Language;

/// The data file: GeoNames (https://www.geonames.org/), CC BY 4.0, as written by
/// scripts/gazetteer.py.
const DATA: &str = include_str!("gazetteer.tsv");

/// A populated place of the gazetteer (a city, town or district of 15,000 or more).
#[derive(Debug)]
pub struct Place {
    /// The place's record in the data; text fields are read from it on demand rather
    /// than kept as 34,000 sets of pointers.
    line: &'static str,
    id: u32,
    population: u32,
    zone: Tz,
    country_code: &'static str,
    /// The country's record in the data, read for its names on demand.
    country: &'static str,
    /// Byte range of this place's name keys in `NameIndex`'s key store.
    pub(super) keys: (u32, u32),
    slug_needs_id: bool,
}

// Field positions in a place line: P, id, name, ascii name, country, region, population,
// zone, names in other languages, alternates.
const NAME: usize = 2;
const ASCII_NAME: usize = 3;
const REGION: usize = 5;
const LOCAL_NAMES: usize = 8;
const ALTERNATES: usize = 9;

// Field positions in a country line: C, code, name, names in other languages, alternates.
const COUNTRY_NAME: usize = 2;
const COUNTRY_LOCAL_NAMES: usize = 3;

impl Place {
    /// GeoNames' id of the place (its geonameid), stable across GeoNames releases.
    pub fn id(&self) -> u32 {
        self.id
    }

    /// The place's name as GeoNames gives it ("Bogotá", "Mumbai").
    pub fn name(&self) -> &'static str {
        self.field(NAME)
    }

    /// The place's name in `language` ("서울" for Seoul in Korean), where the data has a
    /// certain one; else its GeoNames name.
    pub fn name_in(&self, language: Language) -> &'static str {
        local_names::name_in(self.field(LOCAL_NAMES), language).unwrap_or(self.name())
    }

    /// The name spelled in ASCII ("Bogota"), when that differs from `name`.
    pub fn ascii_name(&self) -> Option<&'static str> {
        Some(self.field(ASCII_NAME)).filter(|name| !name.is_empty())
    }

    /// The first-level region (state, province, ...) in English, when known.
    pub fn region(&self) -> Option<&'static str> {
        Some(self.field(REGION)).filter(|region| !region.is_empty())
    }

    /// ISO 3166 alpha-2 code of the country ("IN").
    pub fn country_code(&self) -> &'static str {
        self.country_code
    }

    /// The country's English name ("India").
    pub fn country_name(&self) -> &'static str {
        field(self.country, COUNTRY_NAME)
    }

    /// The country's name in `language` ("인도"), English where the data has none.
    pub fn country_name_in(&self, language: Language) -> &'static str {
        local_names::name_in(field(self.country, COUNTRY_LOCAL_NAMES), language)
            .unwrap_or(self.country_name())
    }

    pub fn population(&self) -> u32 {
        self.population
    }

    /// The IANA time zone of the place.
    pub fn zone(&self) -> Tz {
        self.zone
    }

    /// Other names of the place: former names, other languages and scripts.
    pub fn alternate_names(&self) -> impl Iterator<Item = &'static str> {
        self.field(ALTERNATES)
            .split('|')
            .filter(|name| !name.is_empty())
    }

    /// The place's URL slug ("chennai-in", or "portland-us-5746545" where the name and
    /// country alone are shared); `Gazetteer::by_slug` finds the place by it.
    pub fn slug(&self) -> String {
        let base = base_slug(self.name(), self.country_code());
        if self.slug_needs_id {
            format!("{base}-{}", self.id())
        } else {
            base
        }
    }

    /// Every name of the place in index order: name, ASCII name, names in other
    /// languages, alternates. The name index stores one key per name in this same order.
    pub(super) fn names(&self) -> impl Iterator<Item = &'static str> {
        std::iter::once(self.name())
            .chain(self.ascii_name())
            .chain(local_names::names(self.field(LOCAL_NAMES)))
            .chain(self.alternate_names())
    }

    /// How many of `names` are the GeoNames name and its ASCII spelling.
    pub(super) fn english_name_count(&self) -> usize {
        1 + usize::from(self.ascii_name().is_some())
    }

    /// How many of `names` are the place's own: its English names and its names in other
    /// languages (which search ranks as its own, before former and foreign names).
    pub(super) fn own_name_count(&self) -> usize {
        self.english_name_count() + local_names::names(self.field(LOCAL_NAMES)).count()
    }

    /// The place's record in the data.
    pub(super) fn line(&self) -> &'static str {
        self.line
    }

    fn field(&self, index: usize) -> &'static str {
        field(self.line, index)
    }
}

/// Field `index` of a tab-separated record ("" past its end).
fn field(line: &'static str, index: usize) -> &'static str {
    line.split('\t').nth(index).unwrap_or("")
}

/// Places are the same place when they have the same geonameid.
impl PartialEq for Place {
    fn eq(&self, other: &Place) -> bool {
        self.id == other.id
    }
}

impl Eq for Place {}

fn base_slug(name: &str, country_code: &str) -> String {
    let words = ascii_words(&normalize(name));
    let words = if words.is_empty() { "place" } else { &words };
    format!("{words}-{}", country_code.to_ascii_lowercase())
}

/// A country and the names it is searched by.
#[derive(Debug)]
pub(super) struct Country {
    pub(super) code: &'static str,
    pub(super) name: &'static str,
    /// Its names in other languages (see `local_names`).
    local_names: &'static str,
    alternates: &'static str,
    /// Its places, largest first (as indexes into `Gazetteer::places`).
    pub(super) places: Vec<u32>,
}

/// One name a country is searched by: its name, another name, or a code.
#[derive(Debug)]
pub(super) struct CountryName {
    pub(super) key: String,
    pub(super) country: usize,
    pub(super) text: &'static str,
    /// A code ("JP", "JPN") or an abbreviation written like one ("UK", "UAE"): matched
    /// whole only, and ranked as a code.
    pub(super) is_code: bool,
}

fn country_names(countries: &[Country]) -> Vec<CountryName> {
    let mut names = Vec::new();
    for (country, record) in countries.iter().enumerate() {
        let alternates = record.alternates.split('|').filter(|name| !name.is_empty());
        let texts = [record.code, record.name]
            .into_iter()
            .chain(local_names::names(record.local_names))
            .chain(alternates);
        for text in texts {
            let is_code =
                (2..=3).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_uppercase());
            names.push(CountryName {
                key: normalize(text),
                country,
                text,
                is_code,
            });
        }
    }
    names
}

/// The parsed data and its indexes. Build it once ([`Gazetteer::load`]) and share it.
pub struct Gazetteer {
    /// Largest first: a place's index is its population rank, which is how every
    /// result list is ordered within a tier (ties by name, then geonameid).
    pub(super) places: Vec<Place>,
    pub(super) countries: Vec<Country>,
    pub(super) country_names: Vec<CountryName>,
    /// (geonameid, place index), sorted by geonameid.
    ids: Vec<(u32, u32)>,
    /// Place indexes sorted by (base slug, population rank).
    slugs: Vec<u32>,
    pub(super) names: NameIndex,
    pub(super) zones: ZoneIndex,
    /// (zone id, its city's names in other languages), sorted by zone id.
    zone_cities: Vec<(&'static str, &'static str)>,
}

impl Gazetteer {
    /// The gazetteer of the embedded data, parsed and indexed on first use (a few
    /// hundred milliseconds in a release build); call it at start to pay that up front.
    pub fn load() -> &'static Gazetteer {
        static GAZETTEER: OnceLock<Gazetteer> = OnceLock::new();
        GAZETTEER.get_or_init(|| {
            Gazetteer::parse(DATA, Utc::now())
                .unwrap_or_else(|error| panic!("the embedded gazetteer.tsv is invalid: {error}"))
        })
    }

    /// Parses `data` (the format scripts/gazetteer.py writes). Zone abbreviations are
    /// those in use in the calendar year of `now`.
    pub(super) fn parse(data: &'static str, now: DateTime<Utc>) -> Result<Gazetteer, String> {
        let mut countries = Vec::new();
        let mut country_lines = Vec::new();
        let mut country_by_code = HashMap::new();
        let mut zone_cities = Vec::new();
        let mut places = Vec::with_capacity(data.matches("\nP\t").count());
        for (line_number, line) in data.lines().enumerate() {
            let context = |what: &str| format!("line {}: {what}", line_number + 1);
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            let fields: Vec<&'static str> = line.split('\t').collect();
            match (fields[0], fields.len()) {
                ("C", 5) => {
                    country_by_code.insert(fields[1], countries.len());
                    country_lines.push(line);
                    countries.push(Country {
                        code: fields[1],
                        name: fields[2],
                        local_names: fields[3],
                        alternates: fields[4],
                        places: Vec::new(),
                    });
                }
                ("Z", 3) => zone_cities.push((fields[1], fields[2])),
                ("P", 10) => {
                    let country = *country_by_code
                        .get(fields[4])
                        .ok_or_else(|| context(&format!("unknown country {}", fields[4])))?;
                    let zone = Tz::from_str(fields[7]).map_err(|_| {
                        context(&format!("zone {} unknown to chrono-tz", fields[7]))
                    })?;
                    places.push(Place {
                        line,
                        id: fields[1].parse().map_err(|_| context("bad geonameid"))?,
                        population: fields[6].parse().map_err(|_| context("bad population"))?,
                        zone,
                        country_code: countries[country].code,
                        country: country_lines[country],
                        keys: (0, 0),
                        slug_needs_id: false,
                    });
                }
                _ => {
                    return Err(context(
                        "not a C line of 5 fields, a P line of 10 or a Z line of 3",
                    ))
                }
            }
        }
        if places.is_empty() {
            return Err("no places".into());
        }

        places.sort_by(|a, b| {
            b.population()
                .cmp(&a.population())
                .then_with(|| a.name().cmp(b.name()))
                .then(a.id().cmp(&b.id()))
        });
        for (rank, place) in places.iter().enumerate() {
            let country = country_by_code[place.country_code()];
            countries[country].places.push(rank as u32);
        }

        let mut ids: Vec<(u32, u32)> = places
            .iter()
            .enumerate()
            .map(|(rank, place)| (place.id(), rank as u32))
            .collect();
        ids.sort_unstable();
        if let Some(pair) = ids.windows(2).find(|pair| pair[0].0 == pair[1].0) {
            return Err(format!("geonameid {} appears twice", pair[0].0));
        }

        zone_cities.sort_unstable();
        let country_names = country_names(&countries);
        let slugs = index_slugs(&mut places);
        let names = NameIndex::build(&mut places);
        let zones = ZoneIndex::build(&places, now.year());
        Ok(Gazetteer {
            places,
            countries,
            country_names,
            ids,
            slugs,
            names,
            zones,
            zone_cities,
        })
    }

    /// The city of a zone with no place (`Asia/Seoul` named bare) in `language`: the name
    /// of the place its id names, else CLDR's exemplar city for the id, else `None`.
    pub fn zone_city_in(&self, zone: &str, language: Language) -> Option<&'static str> {
        let found = self
            .zone_cities
            .binary_search_by_key(&zone, |&(id, _)| id)
            .ok()?;
        local_names::name_in(self.zone_cities[found].1, language)
    }

    /// How many places it holds.
    pub fn place_count(&self) -> usize {
        self.places.len()
    }

    /// The place with this geonameid.
    pub fn by_id(&self, id: u32) -> Option<&Place> {
        let found = self.ids.binary_search_by_key(&id, |&(id, _)| id).ok()?;
        Some(&self.places[self.ids[found].1 as usize])
    }

    /// The place a slug names (see the module documentation for what is accepted).
    pub fn by_slug(&self, slug: &str) -> Option<&Place> {
        let slug = slug.trim().to_ascii_lowercase();
        if let Some((base, id)) = slug.rsplit_once('-') {
            if let Some(place) = id.parse().ok().and_then(|id| self.by_id(id)) {
                if base.ends_with(&format!("-{}", place.country_code().to_ascii_lowercase())) {
                    return Some(place);
                }
            }
        }
        let first = self
            .slugs
            .partition_point(|&rank| self.base_slug(rank) < slug);
        let rank = *self.slugs.get(first)?;
        (self.base_slug(rank) == slug).then(|| &self.places[rank as usize])
    }

    fn base_slug(&self, rank: u32) -> String {
        let place = &self.places[rank as usize];
        base_slug(place.name(), place.country_code())
    }
}

/// Marks the places whose slug needs their id, and returns the place indexes sorted by
/// (base slug, rank) for `by_slug`.
fn index_slugs(places: &mut [Place]) -> Vec<u32> {
    let mut slugs: Vec<(String, u32)> = places
        .iter()
        .enumerate()
        .map(|(rank, place)| (base_slug(place.name(), place.country_code()), rank as u32))
        .collect();
    slugs.sort_unstable();
    for pair in slugs.windows(2) {
        if pair[0].0 == pair[1].0 {
            places[pair[0].1 as usize].slug_needs_id = true;
            places[pair[1].1 as usize].slug_needs_id = true;
        }
    }
    slugs.into_iter().map(|(_, rank)| rank).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gazetteer() -> &'static Gazetteer {
        Gazetteer::load()
    }

    #[test]
    fn loads_every_place_of_the_data() {
        let places = DATA.lines().filter(|line| line.starts_with("P\t")).count();
        assert_eq!(gazetteer().places.len(), places);
        assert!(places > 30_000, "{places}");
    }

    #[test]
    fn every_zone_of_the_data_is_a_chrono_tz_zone() {
        for line in DATA.lines().filter(|line| line.starts_with("P\t")) {
            let zone = line.split('\t').nth(7).unwrap();
            assert!(Tz::from_str(zone).is_ok(), "{zone}");
        }
    }

    #[test]
    fn the_data_credits_geonames() {
        assert!(DATA
            .lines()
            .take(5)
            .any(|line| line.contains("GeoNames") && line.contains("CC BY 4.0")));
    }

    #[test]
    fn the_data_credits_cldr_for_names_in_other_languages() {
        assert!(DATA
            .lines()
            .take(5)
            .any(|line| line.contains("Unicode CLDR") && line.contains("Unicode License")));
    }

    #[test]
    fn places_and_countries_have_korean_names_where_certain() {
        let gazetteer = gazetteer();
        let korean = |id: u32| gazetteer.by_id(id).unwrap().name_in(Language::Korean);
        // CLDR's exemplar cities, where GeoNames lists several Hangul names.
        assert_eq!(korean(1_835_848), "서울");
        assert_eq!(korean(1_850_147), "도쿄");
        // GeoNames' one Hangul name, its "광역시" (metropolitan city) forms set aside.
        assert_eq!(korean(1_838_524), "부산");
        // GeoNames' spelling over CLDR's older one (CLDR: 랑군, 벤쿠버).
        assert_eq!(korean(1_298_824), "양곤");
        assert_eq!(korean(6_173_331), "밴쿠버");
        // Two Hangul names and no exemplar: the one whose romanization is clearly the
        // closest to the Latin name (베이징 over 북경, 항저우 over 항주), else, when none is
        // (선전 and 심천 for Shenzhen), the GeoNames name.
        assert_eq!(korean(1_816_670), "베이징");
        assert_eq!(korean(1_808_926), "항저우");
        assert_eq!(korean(1_795_565), "Shenzhen");
        let seoul = gazetteer.by_id(1_835_848).unwrap();
        assert_eq!(seoul.name_in(Language::English), "Seoul");
        assert_eq!(seoul.country_name_in(Language::Korean), "대한민국");
        assert_eq!(seoul.country_name_in(Language::English), "South Korea");
        let hong_kong = gazetteer.by_slug("hong-kong-hk").unwrap();
        assert_eq!(hong_kong.country_name_in(Language::Korean), "홍콩");
        let named = gazetteer
            .places
            .iter()
            .filter(|place| place.name_in(Language::Korean) != place.name())
            .count();
        assert!(named > 6_000, "{named}");
    }

    #[test]
    fn korean_names_are_searchable_own_names_not_repeated_as_alternates() {
        let seoul = gazetteer().by_id(1_835_848).unwrap();
        assert_eq!(seoul.names().nth(seoul.english_name_count()), Some("서울"));
        assert_eq!(seoul.own_name_count(), seoul.english_name_count() + 1);
        assert!(!seoul.alternate_names().any(|name| name == "서울"));
    }

    #[test]
    fn bare_zones_have_cldrs_exemplar_city() {
        let gazetteer = gazetteer();
        assert_eq!(
            gazetteer.zone_city_in("Asia/Seoul", Language::Korean),
            Some("서울")
        );
        assert_eq!(
            gazetteer.zone_city_in("Asia/Seoul", Language::English),
            None
        );
        // As the place the id names is labelled (CLDR's exemplar: 벤쿠버).
        assert_eq!(
            gazetteer.zone_city_in("America/Vancouver", Language::Korean),
            Some("밴쿠버")
        );
        assert_eq!(gazetteer.zone_city_in("Etc/GMT+5", Language::Korean), None);
        assert_eq!(
            gazetteer.zone_city_in("Mars/Olympus", Language::Korean),
            None
        );
    }

    #[test]
    fn places_are_found_by_geonameid() {
        let chennai = gazetteer().by_id(1_264_527).expect("Chennai");
        assert_eq!(chennai.name(), "Chennai");
        assert_eq!(chennai.country_code(), "IN");
        assert_eq!(chennai.country_name(), "India");
        assert_eq!(chennai.region(), Some("Tamil Nadu"));
        assert_eq!(chennai.zone(), chrono_tz::Asia::Kolkata);
        assert!(chennai.population() > 4_000_000);
        assert!(chennai.alternate_names().any(|name| name == "Madras"));
        assert!(gazetteer().by_id(1).is_none());
    }

    #[test]
    fn ascii_names_are_given_where_they_differ() {
        let bogota = gazetteer().by_id(3_688_689).expect("Bogotá");
        assert_eq!(bogota.name(), "Bogotá");
        assert_eq!(bogota.ascii_name(), Some("Bogota"));
        assert_eq!(gazetteer().by_id(1_264_527).unwrap().ascii_name(), None);
    }

    #[test]
    fn slugs_are_readable_and_parse_back() {
        let gazetteer = gazetteer();
        let chennai = gazetteer.by_id(1_264_527).unwrap();
        assert_eq!(chennai.slug(), "chennai-in");
        assert_eq!(gazetteer.by_id(3_448_439).unwrap().slug(), "sao-paulo-br");
        for place in &gazetteer.places {
            let slug = place.slug();
            assert!(
                slug.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{slug}"
            );
            assert_eq!(
                gazetteer.by_slug(&slug).map(Place::id),
                Some(place.id()),
                "{slug}"
            );
        }
    }

    #[test]
    fn shared_names_get_the_id_and_the_bare_slug_finds_the_largest() {
        let gazetteer = gazetteer();
        let oregon = gazetteer.by_id(5_746_545).expect("Portland, Oregon");
        assert_eq!(oregon.slug(), "portland-us-5746545");
        assert_eq!(
            gazetteer.by_slug("portland-us").map(Place::id),
            Some(5_746_545)
        );
        assert_eq!(
            gazetteer.by_slug("Chennai-IN").map(Place::id),
            Some(1_264_527)
        );
        // A stale name before a live id still finds the place.
        assert_eq!(
            gazetteer.by_slug("madras-in-1264527").map(Place::id),
            Some(1_264_527)
        );
        assert!(gazetteer.by_slug("chennai-jp-1264527").is_none());
        assert!(gazetteer.by_slug("nowhere-xx").is_none());
        assert!(gazetteer.by_slug("").is_none());
    }

    #[test]
    fn places_are_ordered_by_population() {
        let places = &gazetteer().places;
        assert!(places
            .windows(2)
            .all(|pair| pair[0].population >= pair[1].population));
    }
}
