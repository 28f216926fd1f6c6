//! The cards as a person made them, and their form in the URL's `cities` list: which place
//! each shows, the name they gave it, their working hours for it, and which one is home, in
//! their order. An entry is `[*]key[@hours][~name]`:
//!
//! `cities=*berlin-de~Anna,london-gb@0800-1600,new-york-city-us@2200-0600/su-th~Night%20desk`
//!
//! - `key` is what names a place today (slug, GeoNames id or zone name), so every URL that
//!   worked before still does and means the same.
//! - `*` marks the home card (the first marked one; it is shown first).
//! - `@HHMM-HHMM` are working hours on the 15-minute grid (an end before the start runs
//!   over midnight), `/mo-fr` or `/su.tu.th` their days (two letters a day, `-` for a run,
//!   `.` between runs); without days, the country's working days.
//! - `~` starts the name, which runs to the entry's end; inside it `%` and `,` are written
//!   `%25` and `%2C` (so a name can hold any character, the list's comma included).
//!
//! A part that does not parse (an over-long name, hours off the grid) is dropped, the card
//! kept, and the reason told; nothing in the URL breaks the page.

use super::locale::Messages;
use std::fmt;

use super::{
    card_name::{CardName, CardNameError},
    limits::MAX_CITIES,
    working_hours::{WeekdaySet, WorkingHours, WorkingHoursError},
};

/// The most characters of a person's text a notice quotes back.
const LONGEST_QUOTED: usize = 40;
/// Weekday codes, Sunday first (as [`WeekdaySet`] numbers days).
const DAY_CODES: [&str; 7] = ["su", "mo", "tu", "we", "th", "fr", "sa"];

/// One card: a place and what the person made of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardChoice {
    /// The place or zone, as the URL names it (the server says whether it knows it).
    pub key: String,
    /// The person's name for the card, if they gave one.
    pub name: Option<CardName>,
    /// The person's working hours for the card, if they set them.
    pub hours: Option<HoursChoice>,
    /// Whether this is the home card, which comes first and everything is compared with.
    pub home: bool,
}

/// Working hours a person set: a start and an end on the 15-minute grid, on their days or
/// (`None`) on the country's working days.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HoursChoice {
    /// Minutes after local midnight.
    pub start: u16,
    /// Minutes after local midnight; before `start`, the next day.
    pub end: u16,
    /// The days a shift starts on, or the country's working days.
    pub days: Option<WeekdaySet>,
}

/// A part of an entry that was dropped, and why; `Display` is the page's notice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DroppedPart {
    /// The name of the card for `key` could not be a name.
    Name { key: String, error: CardNameError },
    /// The working hours `text` of the card for `key` do not parse.
    Hours { key: String, text: String },
    /// More cards than a page shows: the rest were left out.
    TooMany { count: usize },
}

impl HoursChoice {
    /// The hours on the country's working days `country_days` where the person named none.
    pub fn resolve(self, country_days: WeekdaySet) -> Result<WorkingHours, WorkingHoursError> {
        WorkingHours::new(self.start, self.end, self.days.unwrap_or(country_days))
    }

    /// `0800-1600/mo-fr`, or without days `0800-1600`.
    fn to_url_text(self) -> String {
        let time = |minutes: u16| format!("{:02}{:02}", minutes / 60, minutes % 60);
        let mut text = format!("{}-{}", time(self.start), time(self.end));
        if let Some(days) = self.days {
            text.push('/');
            text.push_str(&days_url_text(days));
        }
        text
    }

    fn parse(text: &str) -> Option<HoursChoice> {
        let (times, days) = match text.split_once('/') {
            Some((times, days)) => (times, Some(parse_days(days)?)),
            None => (text, None),
        };
        let (start, end) = times.split_once('-')?;
        let (start, end) = (parse_hhmm(start)?, parse_hhmm(end)?);
        // The same rules as the hours themselves: on the grid, not empty.
        WorkingHours::new(start, end, days.unwrap_or(WeekdaySet::MONDAY_TO_FRIDAY)).ok()?;
        Some(HoursChoice { start, end, days })
    }
}

impl CardChoice {
    /// A card of `key` as it comes: no name, the country's hours, not home.
    pub fn plain(key: impl Into<String>) -> CardChoice {
        CardChoice {
            key: key.into(),
            name: None,
            hours: None,
            home: false,
        }
    }

    /// The entry's text in the `cities` list (before the query's own encoding).
    pub fn to_url_text(&self) -> String {
        let mut text = String::new();
        if self.home {
            text.push('*');
        }
        text.push_str(&self.key);
        if let Some(hours) = self.hours {
            text.push('@');
            text.push_str(&hours.to_url_text());
        }
        if let Some(name) = &self.name {
            text.push('~');
            for c in name.as_str().chars() {
                match c {
                    '%' => text.push_str("%25"),
                    ',' => text.push_str("%2C"),
                    c => text.push(c),
                }
            }
        }
        text
    }

    /// What tells two cards apart: the key (in any case) and the name, `berlin-de~Anna`.
    /// Two cards of one city under different names are two cards.
    pub fn identity(&self) -> String {
        let key = self.key.to_ascii_lowercase();
        match &self.name {
            Some(name) => format!("{key}~{name}"),
            None => key,
        }
    }

    /// Whether `other` is the same card: the same place (in any case) under the same name.
    fn same_card(&self, other: &CardChoice) -> bool {
        self.key.eq_ignore_ascii_case(&other.key) && self.name == other.name
    }
}

/// The cards of a `cities` list (already decoded from the query), in the person's order
/// with the home card first, each once, at most [`MAX_CITIES`]; and what was dropped.
pub fn parse_cards(list: &str) -> (Vec<CardChoice>, Vec<DroppedPart>) {
    let mut cards: Vec<CardChoice> = Vec::new();
    let mut dropped = Vec::new();
    let mut extra = 0;
    for entry in list.split(',').map(str::trim).filter(|e| !e.is_empty()) {
        let Some(card) = parse_entry(entry, &mut dropped) else {
            continue;
        };
        if cards.iter().any(|known| known.same_card(&card)) {
            continue;
        }
        if cards.len() == MAX_CITIES {
            extra += 1;
            continue;
        }
        cards.push(card);
    }
    if extra > 0 {
        dropped.push(DroppedPart::TooMany { count: extra });
    }
    // One home, shown first.
    if let Some(home) = cards.iter().position(|card| card.home) {
        for card in cards.iter_mut().skip(home + 1) {
            card.home = false;
        }
        let card = cards.remove(home);
        cards.insert(0, card);
    }
    (cards, dropped)
}

/// The `cities` list of `cards` (before the query's own encoding).
pub fn cards_url_text(cards: &[CardChoice]) -> String {
    cards
        .iter()
        .map(CardChoice::to_url_text)
        .collect::<Vec<_>>()
        .join(",")
}

fn parse_entry(entry: &str, dropped: &mut Vec<DroppedPart>) -> Option<CardChoice> {
    let (home, entry) = match entry.strip_prefix('*') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, entry),
    };
    let (head, name) = match entry.split_once('~') {
        Some((head, name)) => (head, Some(name)),
        None => (entry, None),
    };
    let (key, hours) = match head.split_once('@') {
        Some((key, hours)) => (key.trim(), Some(hours.trim())),
        None => (head.trim(), None),
    };
    if key.is_empty() {
        return None;
    }
    let mut card = CardChoice::plain(key);
    card.home = home;
    if let Some(text) = hours {
        match HoursChoice::parse(text) {
            Some(hours) => card.hours = Some(hours),
            None => dropped.push(DroppedPart::Hours {
                key: quoted(key),
                text: quoted(text),
            }),
        }
    }
    if let Some(text) = name {
        match CardName::parse(&unescape_name(text)) {
            Ok(name) => card.name = Some(name),
            Err(error) => dropped.push(DroppedPart::Name {
                key: quoted(key),
                error,
            }),
        }
    }
    Some(card)
}

/// `%25` and `%2C` back to `%` and `,`; any other `%` stays as written.
fn unescape_name(text: &str) -> String {
    text.replace("%2C", ",")
        .replace("%2c", ",")
        .replace("%25", "%")
}

/// `0930` → 570 minutes; `930`, `09:30` or `2400` are not hours.
fn parse_hhmm(text: &str) -> Option<u16> {
    if text.len() != 4 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (hour, minute): (u16, u16) = (text[..2].parse().ok()?, text[2..].parse().ok()?);
    (hour < 24 && minute < 60).then_some(hour * 60 + minute)
}

/// `mo-fr`, `su.tu.th`, `sa-we` (a run may wrap past Saturday).
fn parse_days(text: &str) -> Option<WeekdaySet> {
    let day = |code: &str| DAY_CODES.iter().position(|c| *c == code).map(|d| d as u8);
    let mut set = WeekdaySet::default();
    for run in text.split('.') {
        let run = run.to_ascii_lowercase();
        let days = match run.split_once('-') {
            Some((first, last)) => WeekdaySet::from_range(day(first)?, day(last)?),
            None => WeekdaySet::default().with(day(&run)?),
        };
        set = days.days().fold(set, WeekdaySet::with);
    }
    (!set.is_empty()).then_some(set)
}

/// The URL text of `days`: runs of two or more days as `first-last`, joined by `.`.
fn days_url_text(days: WeekdaySet) -> String {
    // From Sunday; where a run wraps past Saturday, from its first day, so it is one run.
    let wraps = days.contains(6) && days.contains(0);
    let start = (0..7u8)
        .find(|day| {
            wraps && !days.contains(u32::from(*day)) && days.contains(u32::from(day + 1) % 7)
        })
        .map_or(0, |day| (day + 1) % 7);
    let mut runs: Vec<(u8, u8)> = Vec::new();
    for day in (0..7).map(|step| (start + step) % 7) {
        if !days.contains(u32::from(day)) {
            continue;
        }
        match runs.last_mut() {
            Some((_, last)) if (*last + 1) % 7 == day => *last = day,
            _ => runs.push((day, day)),
        }
    }
    runs.iter()
        .map(|&(first, last)| {
            let (first, last) = (DAY_CODES[usize::from(first)], DAY_CODES[usize::from(last)]);
            if first == last {
                first.to_owned()
            } else {
                format!("{first}-{last}")
            }
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// A person's text as a notice quotes it: control characters out, at most 40 characters.
fn quoted(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control())
        .take(LONGEST_QUOTED)
        .collect()
}

impl DroppedPart {
    /// The sentence the page's notice says, in the page's language ([`fmt::Display`] is
    /// the English one).
    pub fn sentence(&self, words: &Messages) -> String {
        match self {
            DroppedPart::Name { key, error } => words.dropped_name(key, error.sentence(words)),
            DroppedPart::Hours { key, text } => words.dropped_hours(text, key),
            DroppedPart::TooMany { count } => words.dropped_too_many(MAX_CITIES, count),
        }
    }
}

impl fmt::Display for DroppedPart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DroppedPart::Name { key, error } => {
                write!(f, "The name for {key} was left out: {error}.")
            }
            DroppedPart::Hours { key, text } => write!(
                f,
                "The working hours “{text}” for {key} were left out: write them as \
                 0900-1700, or 0900-1700/mo-fr with days."
            ),
            DroppedPart::TooMany { count } => write!(
                f,
                "A page shows at most {MAX_CITIES} cards: {count} more were left out."
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::selection::encode_component;

    fn cards(list: &str) -> Vec<CardChoice> {
        let (cards, dropped) = parse_cards(list);
        assert_eq!(dropped, [], "{list}");
        cards
    }

    #[test]
    fn every_old_list_means_what_it_meant() {
        let parsed = cards("Asia/Seoul, chennai-in,,1275339,Etc/GMT+5,asia/seoul");
        let keys: Vec<&str> = parsed.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(keys, ["Asia/Seoul", "chennai-in", "1275339", "Etc/GMT+5"]);
        assert!(parsed
            .iter()
            .all(|c| *c == CardChoice::plain(c.key.clone())));
    }

    #[test]
    fn names_hours_and_home_round_trip_through_the_url() {
        let list = "london-gb@0800-1600,*berlin-de~Anna,berlin-de~Berlin office,\
                    new-york-city-us@2200-0600/su-th~Night desk%2C 100%2c sure";
        let parsed = cards(list);
        assert_eq!(parsed[0].key, "berlin-de");
        assert!(parsed[0].home);
        assert_eq!(parsed[0].name.as_ref().unwrap().as_str(), "Anna");
        assert_eq!(parsed[1].hours.unwrap().start, 8 * 60);
        assert_eq!(parsed[1].hours.unwrap().days, None);
        assert_eq!(parsed[2].name.as_ref().unwrap().as_str(), "Berlin office");
        let night = parsed[3].hours.unwrap();
        assert_eq!((night.start, night.end), (22 * 60, 6 * 60));
        assert_eq!(night.days.unwrap().to_string(), "Sun–Thu");
        assert_eq!(
            parsed[3].name.as_ref().unwrap().as_str(),
            "Night desk, 100, sure"
        );
        let text = cards_url_text(&parsed);
        assert_eq!(
            text,
            "*berlin-de~Anna,london-gb@0800-1600,berlin-de~Berlin office,\
             new-york-city-us@2200-0600/su-th~Night desk%2C 100%2C sure"
        );
        assert_eq!(cards(&text), parsed);
    }

    #[test]
    fn the_query_encoding_keeps_the_list_readable_and_whole() {
        let mut anna = CardChoice::plain("berlin-de");
        anna.name = Some(CardName::parse("Anna, 100% <b>").unwrap());
        let encoded = encode_component(&cards_url_text(std::slice::from_ref(&anna)));
        assert_eq!(encoded, "berlin-de~Anna%252C%20100%2525%20%3Cb%3E");
        assert_eq!(cards(&query_decode(&encoded)), [anna]);
        let home = "*berlin-de@0800-1600/mo-fr~Anna";
        assert_eq!(encode_component(home), home, "an entry reads as written");
    }

    /// How a query value is read: `%XX` a byte, `+` a space.
    fn query_decode(text: &str) -> String {
        let mut bytes = Vec::new();
        let mut rest = text.as_bytes();
        while let Some((&byte, tail)) = rest.split_first() {
            match byte {
                b'%' => {
                    let hex = std::str::from_utf8(&tail[..2]).unwrap();
                    bytes.push(u8::from_str_radix(hex, 16).unwrap());
                    rest = &tail[2..];
                    continue;
                }
                b'+' => bytes.push(b' '),
                byte => bytes.push(byte),
            }
            rest = tail;
        }
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn two_cards_of_one_city_under_different_names_are_two() {
        let parsed = cards("berlin-de~Anna,berlin-de~Ben,BERLIN-DE~Anna,berlin-de,berlin-de");
        let names: Vec<_> = parsed.iter().map(|c| c.name.clone()).collect();
        assert_eq!(names.len(), 3);
    }

    #[test]
    fn bad_parts_are_dropped_with_a_reason_and_the_card_kept() {
        let long = "x".repeat(41);
        let (parsed, dropped) = parse_cards(&format!(
            "berlin-de~{long},london-gb@0900-1710,seoul-kr@9-17~Mina,tokyo-jp@0900-1700/xx,*a,*b"
        ));
        let keys: Vec<&str> = parsed.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(
            keys,
            ["a", "berlin-de", "london-gb", "seoul-kr", "tokyo-jp", "b"]
        );
        assert!(parsed[0].home && !parsed[5].home);
        assert_eq!(parsed[3].name.as_ref().unwrap().as_str(), "Mina");
        assert!(parsed.iter().all(|c| c.hours.is_none()));
        let texts: Vec<String> = dropped.iter().map(ToString::to_string).collect();
        assert_eq!(
            texts[0],
            "The name for berlin-de was left out: a name has at most 40 characters, and this one has 41."
        );
        assert_eq!(
            texts[1],
            "The working hours “0900-1710” for london-gb were left out: write them as 0900-1700, \
             or 0900-1700/mo-fr with days."
        );
        assert_eq!(dropped.len(), 4);
        // The page's sentences: English as above, Korean its own.
        let english = crate::model::Language::English.messages();
        let korean = crate::model::Language::Korean.messages();
        for (part, text) in dropped.iter().zip(&texts) {
            assert_eq!(&part.sentence(english), text);
        }
        assert_eq!(
            dropped[0].sentence(korean),
            "berlin-de의 이름은 뺐습니다: 이름은 최대 40자인데 이 이름은 41자입니다."
        );
        let (_, dropped) = parse_cards("a~An\u{7}na");
        assert_eq!(
            dropped[0].to_string(),
            "The name for a was left out: a name cannot hold a line break, a tab or another \
             control character."
        );
    }

    #[test]
    fn days_are_written_as_runs_wrapping_past_saturday() {
        for (text, shown) in [
            ("mo-fr", "mo-fr"),
            ("sa-we", "sa-we"),
            ("fr.sa", "fr-sa"),
            ("su.tu.th", "su.tu.th"),
            ("Mo-Th.sa", "mo-th.sa"),
            ("su", "su"),
        ] {
            assert_eq!(days_url_text(parse_days(text).unwrap()), shown, "{text}");
        }
        for bad in ["", "mo-", "monday", "mo..fr", "xx"] {
            assert_eq!(parse_days(bad), None, "{bad}");
        }
    }

    #[test]
    fn more_cards_than_a_page_shows_are_left_out_and_counted() {
        let list: Vec<String> = (0..MAX_CITIES + 3).map(|i| format!("k{i}")).collect();
        let (parsed, dropped) = parse_cards(&list.join(","));
        assert_eq!(parsed.len(), MAX_CITIES);
        assert_eq!(dropped, [DroppedPart::TooMany { count: 3 }]);
    }
}
