//! Type-ahead search: a query's matches among place names, countries and zones, ranked
//! and one per place.
//!
//! Ranking, in tiers and within a tier by population (then name, then geonameid):
//! 0. Whole matches: any full name of a place ("Bombay"), its country's name ("Japan"),
//!    an exact zone id ("Europe/Berlin"), a UTC offset ("UTC+9"), and codes typed in
//!    capitals ("JP", "PST").
//! 1. Prefixes of a word of a place's own name ("san fran", "york"), and of zone ids
//!    ("Asia/K").
//! 2. Prefixes of a word of its other names ("bomb" for Mumbai): after the own names, so
//!    that "san fran" is San Francisco before Quito ("San Francisco de Quito").
//! 3. Wider readings: codes typed in lower case ("jp", "pst"), the start of a country's
//!    name ("germ"), and the city in a zone's id when no place has that name (giving
//!    the zone's largest place).
//!
//! A zone with no place of its own (UTC, Etc/GMT+5) is a match of its own: first in its
//! tier when its id was typed, last when it was found otherwise.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::gazetteer::{Gazetteer, Place};
use super::query::{CityQuery, MAX_LIMIT};
use super::zone_index::{fixed_zone, zone_by_id, zones_by_id_prefix};

/// One search result.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Match<'g> {
    pub kind: MatchKind<'g>,
    /// What the query matched, for the picker to show ("Bombay" for Mumbai).
    pub matched_by: MatchedBy<'g>,
}

/// What a match is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum MatchKind<'g> {
    City(&'g Place),
    /// A zone no place of the gazetteer is in ("UTC", "Etc/GMT+5").
    Zone(Tz),
}

/// Which of a match's names or properties the query matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MatchedBy<'g> {
    /// The place's own name (or its ASCII spelling).
    Name(&'g str),
    /// Another name: a former name ("Madras"), another language's or script's ("東京").
    AlternateName(&'g str),
    /// A name or code of its country ("Japan", "JP").
    Country(&'g str),
    /// Its zone's id, or the city in that id ("Europe/Berlin", "berlin").
    Zone(Tz),
    /// An abbreviation its zone uses this year ("PST" or "PDT" for Los Angeles).
    Abbreviation(&'g str),
    /// Its zone's offset from UTC now, in seconds east of UTC.
    UtcOffset(i32),
}

impl Match<'_> {
    /// The zone the match shows the time of.
    pub fn zone(&self) -> Tz {
        match self.kind {
            MatchKind::City(place) => place.zone(),
            MatchKind::Zone(zone) => zone,
        }
    }
}

const WHOLE: u8 = 0;
const PREFIX: u8 = 1;
const OTHER_NAME_PREFIX: u8 = 2;
const WIDER: u8 = 3;

/// Zone ids without a '/' that are zones in their own right. The others (Japan, GB,
/// Singapore, PRC, ...) are old aliases named like countries, which would only put a
/// bare zone before the country's cities.
const ZONES_WITHOUT_REGION: &[&str] = &[
    "UTC",
    "UCT",
    "GMT",
    "GMT0",
    "GMT+0",
    "GMT-0",
    "Greenwich",
    "Universal",
    "Zulu",
    "EST",
    "MST",
    "HST",
    "EST5EDT",
    "CST6CDT",
    "MST7MDT",
    "PST8PDT",
    "CET",
    "EET",
    "MET",
    "WET",
];

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Target {
    /// A zone whose id was typed, first in its tier.
    TypedZone(&'static str),
    /// A place, by population rank.
    Place(u32),
    /// A zone found otherwise, last in its tier.
    FoundZone(&'static str),
}

#[derive(Clone, Copy)]
enum Via<'g> {
    /// Some name of the place; which one is worked out for the final matches only.
    Name,
    Country(&'g str),
    Zone(Tz),
    Abbreviation(&'g str),
    UtcOffset(i32),
}

impl Via<'_> {
    /// Among equally ranked readings of one place, the most specific wins.
    fn preference(&self) -> u8 {
        match self {
            Via::Name => 0,
            Via::Country(_) => 1,
            Via::UtcOffset(_) | Via::Abbreviation(_) | Via::Zone(_) => 2,
        }
    }
}

struct Candidate<'g> {
    tier: u8,
    target: Target,
    via: Via<'g>,
}

impl Gazetteer {
    /// The best matches for `query`, at most `limit` (itself at most [`MAX_LIMIT`]).
    pub fn search(&self, query: &CityQuery, limit: usize) -> Vec<Match<'_>> {
        self.search_at(query, limit, Utc::now())
    }

    /// `search` with offsets read at `now`.
    pub(super) fn search_at(
        &self,
        query: &CityQuery,
        limit: usize,
        now: DateTime<Utc>,
    ) -> Vec<Match<'_>> {
        let limit = limit.min(MAX_LIMIT);
        if limit == 0 {
            return Vec::new();
        }
        let mut found = Vec::new();
        self.find_zone_ids(query, limit, &mut found);
        if let Some(offset) = query.utc_offset() {
            // A signed number is an offset, not the "14" in "Paris 14".
            self.find_offset(offset, now, limit, &mut found);
        } else {
            self.find_names(query.key(), limit, &mut found);
            // A place named exactly so ("kolkata") is what was meant, not its zone.
            if !found.iter().any(|candidate| candidate.tier == WHOLE) {
                self.find_zone_cities(query.key(), &mut found);
            }
            self.find_countries(query, limit, &mut found);
            self.find_abbreviations(query, limit, &mut found);
        }
        self.rank(found, query.key(), limit)
    }

    fn find_names<'g>(&'g self, key: &str, limit: usize, found: &mut Vec<Candidate<'g>>) {
        let run = self.names.run(key);
        let tiers = [
            (WHOLE, self.names.whole_name_places(&run, limit)),
            (PREFIX, self.names.own_name_places(&run, limit)),
            (OTHER_NAME_PREFIX, self.names.any_name_places(&run, limit)),
        ];
        for (tier, ranks) in tiers {
            found.extend(ranks.into_iter().map(|rank| Candidate {
                tier,
                target: Target::Place(rank),
                via: Via::Name,
            }));
        }
    }

    fn find_countries<'g>(
        &'g self,
        query: &CityQuery,
        limit: usize,
        found: &mut Vec<Candidate<'g>>,
    ) {
        let key = query.key();
        let long_enough_for_prefix = key.chars().count() >= 3;
        // Best reading of each country: a country's names can match several ways.
        let mut best: Vec<(u8, usize, &'static str)> = Vec::new();
        for name in &self.country_names {
            let tier = if name.key == key {
                if name.is_code && !query.typed_as_code() {
                    WIDER
                } else {
                    WHOLE
                }
            } else if !name.is_code && long_enough_for_prefix && starts_a_word(&name.key, key) {
                WIDER
            } else {
                continue;
            };
            match best
                .iter_mut()
                .find(|(_, country, _)| *country == name.country)
            {
                Some(known) if known.0 <= tier => {}
                Some(known) => *known = (tier, name.country, name.text),
                None => best.push((tier, name.country, name.text)),
            }
        }
        for (tier, country, text) in best {
            found.extend(
                self.countries[country]
                    .places
                    .iter()
                    .take(limit)
                    .map(|&rank| Candidate {
                        tier,
                        target: Target::Place(rank),
                        via: Via::Country(text),
                    }),
            );
        }
    }

    /// The largest place of each zone whose id names this city: the zone is what was
    /// asked for, and its other places would only bury the query's other matches.
    fn find_zone_cities<'g>(&'g self, key: &str, found: &mut Vec<Candidate<'g>>) {
        for &zone in self.zones.by_city(key) {
            self.push_zone(zone, WIDER, Via::Zone(zone), 1, found);
        }
    }

    fn find_abbreviations<'g>(
        &'g self,
        query: &CityQuery,
        limit: usize,
        found: &mut Vec<Candidate<'g>>,
    ) {
        let key = query.key();
        if !key.bytes().all(|b| b.is_ascii_alphabetic()) {
            return;
        }
        if let Some((spelling, zones)) = self.zones.by_abbreviation(key) {
            let tier = if query.typed_as_code() { WHOLE } else { WIDER };
            for &zone in zones {
                self.push_zone(zone, tier, Via::Abbreviation(spelling), limit, found);
            }
        }
    }

    fn find_zone_ids<'g>(
        &'g self,
        query: &CityQuery,
        limit: usize,
        found: &mut Vec<Candidate<'g>>,
    ) {
        let text = query.as_str();
        if let Some(zone) = zone_by_id(text) {
            if zone.name().contains('/') || ZONES_WITHOUT_REGION.contains(&zone.name()) {
                if self.zones.places(zone).is_empty() {
                    found.push(Candidate {
                        tier: WHOLE,
                        target: Target::TypedZone(zone.name()),
                        via: Via::Zone(zone),
                    });
                } else {
                    self.push_zone(zone, WHOLE, Via::Zone(zone), limit, found);
                }
            }
        } else if text.contains('/') {
            for zone in zones_by_id_prefix(text) {
                self.push_zone(zone, PREFIX, Via::Zone(zone), limit, found);
            }
        }
    }

    fn find_offset<'g>(
        &'g self,
        offset: i32,
        now: DateTime<Utc>,
        limit: usize,
        found: &mut Vec<Candidate<'g>>,
    ) {
        for zone in self.zones.at_offset(offset, now) {
            self.push_zone(zone, WHOLE, Via::UtcOffset(offset), limit, found);
        }
        if let Some(zone) = fixed_zone(offset) {
            found.push(Candidate {
                tier: WHOLE,
                target: Target::FoundZone(zone.name()),
                via: Via::UtcOffset(offset),
            });
        }
    }

    /// The zone's largest places, or the zone itself when it has none.
    fn push_zone<'g>(
        &'g self,
        zone: Tz,
        tier: u8,
        via: Via<'g>,
        limit: usize,
        found: &mut Vec<Candidate<'g>>,
    ) {
        let places = self.zones.places(zone);
        if places.is_empty() {
            found.push(Candidate {
                tier,
                target: Target::FoundZone(zone.name()),
                via,
            });
        }
        found.extend(places.iter().take(limit).map(|&rank| Candidate {
            tier,
            target: Target::Place(rank),
            via,
        }));
    }

    /// Orders the candidates, keeps each target's best, and names what matched.
    ///
    /// Each source above offers only its own best `limit` per tier, which is enough:
    /// the best `limit` of a union are among the best `limit` of each part.
    fn rank<'g>(
        &'g self,
        mut found: Vec<Candidate<'g>>,
        key: &str,
        limit: usize,
    ) -> Vec<Match<'g>> {
        found.sort_by(|a, b| {
            (a.tier, a.target, a.via.preference()).cmp(&(b.tier, b.target, b.via.preference()))
        });
        let mut seen = std::collections::HashSet::new();
        found.retain(|candidate| {
            seen.insert(match candidate.target {
                Target::Place(rank) => Err(rank),
                Target::TypedZone(name) | Target::FoundZone(name) => Ok(name),
            })
        });
        found.truncate(limit);
        found
            .into_iter()
            .map(|candidate| self.to_match(candidate, key))
            .collect()
    }

    fn to_match<'g>(&'g self, candidate: Candidate<'g>, key: &str) -> Match<'g> {
        let kind = match candidate.target {
            Target::Place(rank) => MatchKind::City(&self.places[rank as usize]),
            Target::TypedZone(name) | Target::FoundZone(name) => {
                MatchKind::Zone(name.parse().expect("a zone name read from chrono-tz"))
            }
        };
        let matched_by = match (candidate.via, kind) {
            (Via::Name, MatchKind::City(place)) => self.matched_name(place, key),
            (Via::Name, MatchKind::Zone(zone)) => MatchedBy::Zone(zone),
            (Via::Country(text), _) => MatchedBy::Country(text),
            (Via::Zone(zone), _) => MatchedBy::Zone(zone),
            (Via::Abbreviation(text), _) => MatchedBy::Abbreviation(text),
            (Via::UtcOffset(offset), _) => MatchedBy::UtcOffset(offset),
        };
        Match { kind, matched_by }
    }

    fn matched_name<'g>(&'g self, place: &'g Place, key: &str) -> MatchedBy<'g> {
        // A name in another language is reported like a foreign one: the label in the
        // page's language may not be that name ("뉴욕" found "New York City" in English).
        match self.names.best_name(place, key) {
            Some(index) if index >= place.english_name_count() => {
                MatchedBy::AlternateName(place.names().nth(index).unwrap_or(place.name()))
            }
            _ => MatchedBy::Name(place.name()),
        }
    }
}

/// Whether a word of `key` starts with `prefix` (both search keys).
fn starts_a_word(key: &str, prefix: &str) -> bool {
    key.starts_with(prefix)
        || key
            .match_indices(' ')
            .any(|(at, _)| key[at + 1..].starts_with(prefix))
}

#[cfg(test)]
mod tests {
    use chrono::{Offset, TimeZone};

    use super::*;

    trait PlaceOf<'g> {
        fn place(&self) -> Option<&'g Place>;
    }

    impl<'g> PlaceOf<'g> for Match<'g> {
        fn place(&self) -> Option<&'g Place> {
            match self.kind {
                MatchKind::City(place) => Some(place),
                MatchKind::Zone(_) => None,
            }
        }
    }

    fn search(text: &str) -> Vec<Match<'static>> {
        Gazetteer::load().search(&CityQuery::parse(text).unwrap(), 10)
    }

    fn ids(matches: &[Match<'_>]) -> Vec<u32> {
        matches
            .iter()
            .filter_map(|m| m.place().map(Place::id))
            .collect()
    }

    fn first_place(text: &str) -> &'static Place {
        search(text)
            .first()
            .and_then(PlaceOf::place)
            .unwrap_or_else(|| panic!("no place for {text}"))
    }

    const TOKYO: u32 = 1_850_147;
    const MOSCOW: u32 = 524_901;
    const SAN_FRANCISCO: u32 = 5_391_959;
    const NEW_YORK: u32 = 5_128_581;

    #[test]
    fn accents_need_not_be_typed() {
        assert_eq!(first_place("bogota").name(), "Bogotá");
        assert_eq!(first_place("malmo").name(), "Malmö");
        assert_eq!(first_place("sao paulo").name(), "São Paulo");
        assert_eq!(first_place("SAO PAULO").name(), "São Paulo");
        assert_eq!(first_place("zurich").name(), "Zürich");
    }

    #[test]
    fn names_in_other_scripts_find_the_place() {
        let tokyo = search("東京");
        assert_eq!(tokyo[0].place().map(Place::id), Some(TOKYO));
        assert_eq!(tokyo[0].matched_by, MatchedBy::AlternateName("東京"));
        assert_eq!(first_place("Москва").id(), MOSCOW);
        assert_eq!(first_place("москва").id(), MOSCOW);
    }

    const SEOUL: u32 = 1_835_848;

    #[test]
    fn korean_and_english_names_find_the_same_place() {
        for text in ["뉴욕", "New York", "new york city"] {
            assert_eq!(first_place(text).id(), NEW_YORK, "{text}");
        }
        assert_eq!(
            search("뉴욕")[0].matched_by,
            MatchedBy::AlternateName("뉴욕")
        );
        assert_eq!(first_place("서울").id(), SEOUL);
        assert_eq!(first_place("도쿄").id(), TOKYO);
        assert_eq!(first_place("모스크바").id(), MOSCOW);
        // Typed in decomposed jamo, as some systems paste it.
        assert_eq!(
            first_place("\u{1102}\u{1172}\u{110B}\u{116D}\u{11A8}").id(),
            NEW_YORK
        );
    }

    #[test]
    fn a_hangul_prefix_suggests_places_by_population() {
        let found = Gazetteer::load().search(&CityQuery::parse("뉴").unwrap(), MAX_LIMIT);
        assert_eq!(ids(&found)[0], NEW_YORK, "뉴욕 is the largest 뉴…");
        let places: Vec<&Place> = found.iter().filter_map(PlaceOf::place).collect();
        assert!(places.len() > 3, "{}", places.len());
        // Places whose Korean name starts so come first, largest first.
        let korean_first: Vec<&Place> = places
            .iter()
            .copied()
            .take_while(|place| {
                place
                    .name_in(crate::model::Language::Korean)
                    .starts_with('뉴')
            })
            .collect();
        assert!(korean_first.len() > 3, "{}", korean_first.len());
        assert!(korean_first
            .windows(2)
            .all(|pair| pair[0].population() >= pair[1].population()));
    }

    #[test]
    fn a_korean_country_name_gives_its_largest_places() {
        let korea = search("대한민국");
        assert_eq!(ids(&korea)[0], SEOUL);
        assert_eq!(korea[0].matched_by, MatchedBy::Country("대한민국"));
        assert!(korea
            .iter()
            .all(|m| m.place().unwrap().country_code() == "KR"));
        assert_eq!(ids(&search("일본"))[0], TOKYO);
    }

    #[test]
    fn former_names_find_the_place_and_say_which_name_matched() {
        for (former, current) in [
            ("Madras", "Chennai"),
            ("Bombay", "Mumbai"),
            ("Bangalore", "Bengaluru"),
        ] {
            let found = search(former);
            assert_eq!(found[0].place().map(Place::name), Some(current), "{former}");
            assert_eq!(
                found[0].matched_by,
                MatchedBy::AlternateName(former),
                "{former}"
            );
        }
        assert_eq!(
            search("peking")[0].matched_by,
            MatchedBy::AlternateName("Peking")
        );
    }

    #[test]
    fn the_own_name_is_reported_when_it_matched() {
        let found = search("Shenzhen");
        assert_eq!(found[0].place().map(Place::name), Some("Shenzhen"));
        assert_eq!(found[0].matched_by, MatchedBy::Name("Shenzhen"));
    }

    #[test]
    fn a_prefix_finds_the_largest_place_of_that_name_first() {
        let found = search("san fran");
        assert_eq!(ids(&found)[0], SAN_FRANCISCO);
        // The smaller San Franciscos follow, before places only an old name matches.
        assert!(found[1]
            .place()
            .unwrap()
            .name()
            .starts_with("San Francisco"));
        assert!(found[1].place().unwrap().population() < found[0].place().unwrap().population());
    }

    #[test]
    fn a_prefix_of_any_word_matches() {
        assert!(ids(&search("york")).contains(&NEW_YORK));
        assert_eq!(first_place("winston salem").name(), "Winston-Salem");
        assert_eq!(first_place("st louis").name(), "St. Louis");
    }

    #[test]
    fn whole_names_come_before_prefixes() {
        let found = search("york");
        assert_eq!(found[0].place().unwrap().name(), "York");
        let paris = search("paris");
        let paris_texas = paris.iter().position(|m| {
            m.place()
                .is_some_and(|p| p.name() == "Paris" && p.country_code() == "US")
        });
        let paris_14 = paris
            .iter()
            .position(|m| m.place().is_some_and(|p| p.name().starts_with("Paris 14")));
        // Paris, Texas is far smaller than the 14th arrondissement, but named exactly so.
        assert!(paris_texas.unwrap() < paris_14.unwrap_or(usize::MAX));
        assert_eq!(paris[0].place().unwrap().country_code(), "FR");
    }

    #[test]
    fn places_of_one_name_are_told_apart_by_region() {
        let portland = search("Portland");
        let regions: Vec<_> = portland[..2]
            .iter()
            .map(|m| m.place().unwrap().region())
            .collect();
        assert_eq!(regions, [Some("Oregon"), Some("Maine")]);
        let springfields: Vec<_> = search("Springfield")
            .iter()
            .filter_map(PlaceOf::place)
            .filter(|place| place.name() == "Springfield" && place.country_code() == "US")
            .map(|place| place.region().unwrap())
            .collect();
        assert!(springfields.len() >= 4, "{springfields:?}");
        let mut distinct = springfields.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), springfields.len(), "{springfields:?}");
    }

    #[test]
    fn ties_go_to_the_larger_place_then_the_name() {
        // Every match of these is of one tier, so the order is population, then name.
        for text in ["JP", "PST", "UTC+1", "Germany"] {
            let places: Vec<&Place> = search(text).iter().filter_map(PlaceOf::place).collect();
            for pair in places.windows(2) {
                let (a, b) = (pair[0], pair[1]);
                assert!(
                    (b.population(), a.name()) <= (a.population(), b.name()),
                    "{text}: {} before {}",
                    a.name(),
                    b.name()
                );
            }
        }
        // Two places of one population.
        let found = search("ChST");
        let position = |name| {
            found
                .iter()
                .position(|m| m.place().is_some_and(|p| p.name() == name))
        };
        assert!(position("Tamuning").unwrap() < position("Tamuning-Tumon-Harmon Village").unwrap());
    }

    #[test]
    fn a_country_gives_its_largest_places() {
        for text in ["Japan", "JP", "japan"] {
            let found = search(text);
            assert_eq!(ids(&found)[0], TOKYO, "{text}");
            assert!(
                found
                    .iter()
                    .all(|m| m.place().unwrap().country_code() == "JP"),
                "{text}"
            );
            assert!(
                matches!(found[0].matched_by, MatchedBy::Country(_)),
                "{text}"
            );
        }
        // In lower case a code is also the start of names, which come first.
        assert!(ids(&search("jp")).contains(&TOKYO));
        assert_eq!(first_place("United Kingdom").name(), "London");
        assert_eq!(first_place("UK").name(), "London");
    }

    #[test]
    fn abbreviations_give_the_places_of_zones_using_them() {
        let found = search("PST");
        assert_eq!(found[0].place().unwrap().name(), "Los Angeles");
        assert!(found
            .iter()
            .all(|m| m.matched_by == MatchedBy::Abbreviation("PST")));
        assert_eq!(first_place("pst").name(), "Los Angeles");
        // Daylight-time abbreviations count too, whatever the season.
        assert_eq!(first_place("PDT").name(), "Los Angeles");
        assert_eq!(first_place("JST").id(), TOKYO);
        assert!(search("CET")
            .iter()
            .any(|m| m.place().is_some_and(|p| p.name() == "Berlin")));
        let ist: Vec<_> = search("IST").iter().map(|m| m.zone()).collect();
        assert!(ist.contains(&chrono_tz::Asia::Kolkata), "{ist:?}");
    }

    #[test]
    fn utc_offsets_give_the_places_at_that_offset_now() {
        let now = Utc::now();
        for (text, seconds) in [
            ("UTC+9", 9 * 3600),
            ("+09", 9 * 3600),
            ("GMT-5", -5 * 3600),
            ("UTC+5:30", 19_800),
        ] {
            let found = search(text);
            assert!(!found.is_empty(), "{text}");
            for m in &found {
                let offset = m
                    .zone()
                    .offset_from_utc_datetime(&now.naive_utc())
                    .fix()
                    .local_minus_utc();
                assert_eq!(offset, seconds, "{text}: {:?}", m.zone());
                assert_eq!(m.matched_by, MatchedBy::UtcOffset(seconds));
            }
        }
        assert!(ids(&search("UTC+9")[..3]).contains(&TOKYO));
        // No place of the gazetteer is fourteen hours ahead: the fixed zone stands in.
        assert_eq!(
            search("+14")[0].kind,
            MatchKind::Zone(chrono_tz::Etc::GMTMinus14)
        );
    }

    #[test]
    fn zone_ids_give_their_places_or_the_zone_itself() {
        assert_eq!(
            search("Etc/GMT+5")[0].kind,
            MatchKind::Zone(chrono_tz::Etc::GMTPlus5)
        );
        assert_eq!(search("UTC")[0].kind, MatchKind::Zone(chrono_tz::UTC));
        assert_eq!(search("utc")[0].kind, MatchKind::Zone(chrono_tz::UTC));
        let berlin = search("Europe/Berlin");
        assert_eq!(berlin[0].place().unwrap().name(), "Berlin");
        assert!(berlin
            .iter()
            .all(|m| m.matched_by == MatchedBy::Zone(chrono_tz::Europe::Berlin)));
        assert_eq!(first_place("america/new_york").id(), NEW_YORK);
        assert_eq!(first_place("berlin").name(), "Berlin");
        // Old country-named aliases are not zones to offer: Japan is a country here.
        assert_eq!(first_place("Japan").id(), TOKYO);
    }

    #[test]
    fn one_match_per_place() {
        for text in [
            "a", "s", "san", "new york", "JP", "UTC+1", "Europe/", "IST", "mumbai",
        ] {
            let found = Gazetteer::load().search(&CityQuery::parse(text).unwrap(), MAX_LIMIT);
            let mut seen = ids(&found);
            let count = seen.len();
            seen.sort_unstable();
            seen.dedup();
            assert_eq!(seen.len(), count, "{text}");
        }
    }

    #[test]
    fn the_limit_is_capped() {
        let query = CityQuery::parse("s").unwrap();
        assert_eq!(Gazetteer::load().search(&query, 1000).len(), MAX_LIMIT);
        assert_eq!(Gazetteer::load().search(&query, 3).len(), 3);
        assert!(Gazetteer::load().search(&query, 0).is_empty());
    }

    #[test]
    fn short_queries_rank_the_largest_places_first() {
        let found = Gazetteer::load().search(&CityQuery::parse("s").unwrap(), MAX_LIMIT);
        // Every whole-word own-name match of "s" among the largest places is found, in
        // population order, as if every match had been visited.
        let expected: Vec<u32> = Gazetteer::load()
            .places
            .iter()
            .filter(|place| {
                place.names().take(place.own_name_count()).any(|name| {
                    let key = super::super::normalize::normalize(name);
                    starts_a_word(&key, "s")
                })
            })
            .take(5)
            .map(Place::id)
            .collect();
        assert_eq!(ids(&found)[..5], expected[..]);
    }

    #[test]
    fn offsets_are_read_at_the_given_time() {
        let gazetteer = Gazetteer::load();
        let query = CityQuery::parse("UTC-7").unwrap();
        let july = Utc.with_ymd_and_hms(2025, 7, 1, 12, 0, 0).unwrap();
        let january = Utc.with_ymd_and_hms(2025, 1, 15, 12, 0, 0).unwrap();
        let in_july: Vec<_> = gazetteer
            .search_at(&query, 50, july)
            .iter()
            .map(|m| m.zone())
            .collect();
        let in_january: Vec<_> = gazetteer
            .search_at(&query, 50, january)
            .iter()
            .map(|m| m.zone())
            .collect();
        // Los Angeles is at -7 on daylight time only; Phoenix all year.
        assert!(in_july.contains(&chrono_tz::America::Los_Angeles));
        assert!(!in_january.contains(&chrono_tz::America::Los_Angeles));
        assert!(
            in_july.contains(&chrono_tz::America::Phoenix)
                && in_january.contains(&chrono_tz::America::Phoenix)
        );
    }
}
