//! What the visitor asked to see — their cards (cities, with names, hours and a home),
//! refresh interval and, when planning, a moment — and its home in the URL
//! (`/?cities=*berlin-de~Anna,Asia/Seoul&sec=1&at=2027-03-14T15:00Z`), so a view is
//! shareable, survives reload, and moves with back and forward.

use super::{
    card_choice::{cards_url_text, parse_cards, CardChoice, DroppedPart},
    contract::decimal_seconds_to_millis,
    language::Language,
    limits::{DEFAULT_PAGE_INTERVAL_MS, MAX_INTERVAL_MS, MIN_INTERVAL_MS},
    moment::{Moment, MomentError},
};

/// The longest bad `at` text a notice quotes: the URL is the visitor's, but a page should not
/// echo an arbitrarily long one back.
const LONGEST_QUOTED_AT: usize = 40;

/// The cities shown when the URL names none (the visitor's own zone joins them once the
/// browser says which it is).
pub const DEFAULT_CITIES: [&str; 6] = [
    "America/Los_Angeles",
    "America/New_York",
    "Europe/London",
    "Asia/Kolkata",
    "Asia/Tokyo",
    "Australia/Sydney",
];

/// The refresh intervals the page offers, in seconds.
pub const INTERVAL_CHOICES: [u64; 6] = [1, 2, 5, 10, 30, 60];

/// The visitor's choice, as read from the URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selection {
    /// The cards the URL names, in order (the home card first), or `None` for the default
    /// set.
    pub cities: Option<Vec<CardChoice>>,
    /// The parts of the URL's cards that were left out, and why, for the page's notices.
    pub dropped: Vec<DroppedPart>,
    /// The refresh interval in milliseconds.
    pub interval_ms: u64,
    /// The planned moment (`at=`), or `None` for the live clocks.
    pub at: Option<Moment>,
    /// An `at` that names no moment: the text (shortened) and why, for the page's notice.
    /// The page then shows the live clocks.
    pub bad_at: Option<(String, MomentError)>,
}

impl Selection {
    /// Reads the `cities`, `sec` and `at` query parameters. The cards are read by
    /// [`parse_cards`] (a part that does not parse is dropped and kept to be told; keys are
    /// kept as written, the server says which are unknown); a `sec` the stream would refuse
    /// falls back to the default; an `at` that names no moment means the live clocks, and is
    /// kept to be told.
    pub fn from_query(cities: Option<&str>, sec: Option<&str>, at: Option<&str>) -> Selection {
        let (cities, dropped) = match cities.map(parse_cards) {
            Some((cards, dropped)) => (Some(cards), dropped),
            None => (None, Vec::new()),
        };
        let interval_ms = sec
            .and_then(|text| decimal_seconds_to_millis(text.trim()))
            .filter(|ms| (MIN_INTERVAL_MS..=MAX_INTERVAL_MS).contains(ms))
            .unwrap_or(DEFAULT_PAGE_INTERVAL_MS);
        let (at, bad_at) = match at.map(Moment::parse) {
            None => (None, None),
            Some(Ok(moment)) => (Some(moment), None),
            Some(Err(error)) => {
                let text = at.unwrap_or_default().trim();
                let quoted = text.chars().take(LONGEST_QUOTED_AT).collect();
                (None, Some((quoted, error)))
            }
        };
        Selection {
            cities,
            dropped,
            interval_ms,
            at,
            bad_at,
        }
    }

    /// The cards to show: those named, or the defaults (plain cards) with the visitor's
    /// zone added.
    pub fn cards_to_show(&self, visitor_zone: Option<&str>) -> Vec<CardChoice> {
        match &self.cities {
            Some(cards) => cards.clone(),
            None => {
                let mut cards: Vec<CardChoice> = DEFAULT_CITIES
                    .iter()
                    .map(|c| CardChoice::plain(*c))
                    .collect();
                if let Some(zone) = visitor_zone {
                    if !cards.iter().any(|card| card.key.eq_ignore_ascii_case(zone)) {
                        cards.insert(0, CardChoice::plain(zone));
                    }
                }
                cards
            }
        }
    }

    /// The page URL for these cards and interval, live: every card's whole entry, so a
    /// change of one thing keeps all the others, and the language the URL had, if any.
    pub fn url(cards: &[CardChoice], interval_ms: u64, language: Option<Language>) -> String {
        Selection::planned_url(Some(cards), interval_ms, None, language)
    }

    /// The page URL for these cards (`None`: the defaults, which follow the visitor's zone)
    /// and interval at the planned moment `at` (live without), in the URL's language if it
    /// had one. The moment's canonical form is digits, `-`, `T`, `:` and `Z`, all plain in a
    /// query.
    pub fn planned_url(
        cards: Option<&[CardChoice]>,
        interval_ms: u64,
        at: Option<Moment>,
        language: Option<Language>,
    ) -> String {
        let cities = cards
            .map(|cards| format!("cities={}&", encode_component(&cards_url_text(cards))))
            .unwrap_or_default();
        let at = at.map(|at| format!("&at={at}")).unwrap_or_default();
        format!(
            "/?{cities}sec={}{at}{}",
            seconds_text(interval_ms),
            Language::url_suffix(language)
        )
    }
}

/// `1500` → `1.5`, `1000` → `1`.
pub fn seconds_text(interval_ms: u64) -> String {
    if interval_ms.is_multiple_of(1000) {
        (interval_ms / 1000).to_string()
    } else {
        let text = format!("{}.{:03}", interval_ms / 1000, interval_ms % 1000);
        text.trim_end_matches('0').to_owned()
    }
}

/// Percent-encodes a query value, leaving what zone names and card entries are made of
/// readable (`/`, `_`, `-`, `,`, `~`, `@`, `*`). `+` is encoded: in a query it would read as
/// a space (`Etc/GMT+5`).
pub fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'/'
            | b'_'
            | b'-'
            | b','
            | b'.'
            | b'~'
            | b'@'
            | b'*' => out.push(byte as char),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// The distinct keys of `cards` (in any case), in order: what the server is asked to
/// resolve, once a key however many cards show it.
pub fn distinct_keys(cards: &[CardChoice]) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for card in cards {
        if !keys.iter().any(|key| key.eq_ignore_ascii_case(&card.key)) {
            keys.push(card.key.clone());
        }
    }
    keys
}

/// The clock stream URL for `zones` at `interval_ms`.
pub fn stream_url(zones: &[String], interval_ms: u64) -> String {
    format!(
        "/api/clock/stream?cities={}&sec={}",
        encode_component(&zones.join(",")),
        seconds_text(interval_ms)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(cards: &[CardChoice]) -> Vec<&str> {
        cards.iter().map(|card| card.key.as_str()).collect()
    }

    #[test]
    fn no_query_means_the_default_cities_every_second() {
        let selection = Selection::from_query(None, None, None);
        assert_eq!(selection.cities, None);
        assert_eq!(selection.interval_ms, 1000);
        let shown = selection.cards_to_show(None);
        assert_eq!(keys(&shown), DEFAULT_CITIES);
        assert!(shown
            .iter()
            .all(|card| *card == CardChoice::plain(&card.key)));
    }

    #[test]
    fn the_visitor_zone_joins_the_defaults_once() {
        let selection = Selection::from_query(None, None, None);
        let shown = selection.cards_to_show(Some("Asia/Seoul"));
        assert_eq!(shown[0], CardChoice::plain("Asia/Seoul"));
        assert_eq!(shown.len(), DEFAULT_CITIES.len() + 1);
        let shown = selection.cards_to_show(Some("Europe/London"));
        assert_eq!(shown.len(), DEFAULT_CITIES.len());
    }

    #[test]
    fn named_cities_are_kept_in_order_without_duplicates_or_the_visitor() {
        let selection = Selection::from_query(
            Some("Asia/Seoul, europe/london,,Asia/seoul"),
            Some("2"),
            None,
        );
        assert_eq!(
            keys(&selection.cards_to_show(Some("America/Chicago"))),
            ["Asia/Seoul", "europe/london"]
        );
        assert_eq!(selection.interval_ms, 2000);
        assert_eq!(selection.dropped, []);
    }

    #[test]
    fn cards_with_names_hours_and_home_are_read_and_bad_parts_told() {
        let selection = Selection::from_query(
            Some("london-gb@0800-1600,*berlin-de~Anna,berlin-de~Ben,seoul-kr@9-5"),
            None,
            None,
        );
        let cards = selection.cards_to_show(None);
        assert_eq!(
            keys(&cards),
            ["berlin-de", "london-gb", "berlin-de", "seoul-kr"]
        );
        assert!(cards[0].home);
        assert_eq!(cards[2].name.as_ref().unwrap().as_str(), "Ben");
        assert_eq!(selection.dropped.len(), 1);
        assert!(selection.dropped[0]
            .to_string()
            .contains("“9-5” for seoul-kr"));
        assert_eq!(
            distinct_keys(&cards),
            ["berlin-de", "london-gb", "seoul-kr"]
        );
    }

    #[test]
    fn an_interval_the_stream_refuses_falls_back_to_the_default() {
        for bad in ["0", "abc", "-1", "3601", "NaN"] {
            assert_eq!(
                Selection::from_query(None, Some(bad), None).interval_ms,
                1000,
                "{bad}"
            );
        }
        assert_eq!(
            Selection::from_query(None, Some("0.5"), None).interval_ms,
            500
        );
    }

    #[test]
    fn urls_round_trip() {
        let cities = [
            CardChoice::plain("Asia/Seoul"),
            CardChoice::plain("Etc/GMT+5"),
        ];
        let url = Selection::url(&cities, 1500, None);
        assert_eq!(url, "/?cities=Asia/Seoul,Etc/GMT%2B5&sec=1.5");
        assert_eq!(
            Selection::url(&cities, 1000, Some(Language::Korean)),
            "/?cities=Asia/Seoul,Etc/GMT%2B5&sec=1&lang=ko"
        );
        let zones = ["Asia/Seoul".to_owned(), "Etc/GMT+5".to_owned()];
        assert_eq!(
            stream_url(&zones, 60_000),
            "/api/clock/stream?cities=Asia/Seoul,Etc/GMT%2B5&sec=60"
        );
    }

    #[test]
    fn urls_carry_every_cards_whole_entry() {
        let list = "*berlin-de@0800-1600/mo-th~Anna %, 100,london-gb~<b>";
        let decoded = list.replace(", 100", "%2C 100").replace(" %", " %25");
        let selection = Selection::from_query(Some(&decoded), Some("5"), None);
        let cards = selection.cities.clone().unwrap();
        let url = Selection::url(&cards, 5000, None);
        assert_eq!(
            url,
            "/?cities=*berlin-de@0800-1600/mo-th~Anna%20%2525%252C%20100,london-gb~%3Cb%3E&sec=5"
        );
        let query = url
            .trim_start_matches("/?cities=")
            .split('&')
            .next()
            .unwrap();
        let back = Selection::from_query(Some(&percent_decode(query)), Some("5"), None);
        assert_eq!(back, selection);
    }

    /// `%XX` back to its byte (the page's own decoding, minus `+`).
    fn percent_decode(text: &str) -> String {
        let mut bytes = Vec::new();
        let mut rest = text.as_bytes();
        while let Some((&byte, tail)) = rest.split_first() {
            if byte == b'%' {
                let hex = std::str::from_utf8(&tail[..2]).unwrap();
                bytes.push(u8::from_str_radix(hex, 16).unwrap());
                rest = &tail[2..];
            } else {
                bytes.push(byte);
                rest = tail;
            }
        }
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn a_planned_moment_round_trips_through_the_url() {
        let cities = [
            CardChoice::plain("london-gb"),
            CardChoice::plain("Asia/Seoul"),
        ];
        let at = Moment::parse("2027-03-28T02:00+01:00").unwrap();
        let url = Selection::planned_url(Some(&cities), 1000, Some(at), None);
        assert_eq!(
            url,
            "/?cities=london-gb,Asia/Seoul&sec=1&at=2027-03-28T01:00Z"
        );
        assert_eq!(Selection::planned_url(None, 2000, None, None), "/?sec=2");
        assert_eq!(
            Selection::planned_url(None, 2000, Some(at), Some(Language::English)),
            "/?sec=2&at=2027-03-28T01:00Z&lang=en"
        );
        let selection = Selection::from_query(
            Some("london-gb,Asia/Seoul"),
            Some("1"),
            Some("2027-03-28T01:00Z"),
        );
        assert_eq!(selection.at, Some(at));
        assert_eq!(selection.bad_at, None);
        assert_eq!(
            Selection::planned_url(Some(&cities), 1000, None, None),
            Selection::url(&cities, 1000, None)
        );
    }

    #[test]
    fn urls_without_at_keep_working_live() {
        let selection = Selection::from_query(Some("Asia/Seoul"), Some("5"), None);
        assert_eq!((selection.at, selection.bad_at), (None, None));
        assert_eq!(selection.interval_ms, 5000);
    }

    #[test]
    fn a_bad_at_means_the_live_page_and_says_why() {
        for (text, error) in [
            ("tomorrow", MomentError::Malformed),
            ("2027-03-14T15:00", MomentError::NoOffset),
            ("2027-02-30T15:00Z", MomentError::NoSuchTime),
            ("2200-01-01T00:00Z", MomentError::OutOfRange),
            ("  ", MomentError::Empty),
        ] {
            let selection = Selection::from_query(None, None, Some(text));
            assert_eq!(selection.at, None, "{text}");
            assert_eq!(
                selection.bad_at,
                Some((text.trim().to_owned(), error)),
                "{text}"
            );
        }
        let long = "x".repeat(500);
        let selection = Selection::from_query(None, None, Some(&long));
        assert_eq!(selection.bad_at.unwrap().0.len(), LONGEST_QUOTED_AT);
    }

    #[test]
    fn seconds_are_written_plainly() {
        assert_eq!(seconds_text(1000), "1");
        assert_eq!(seconds_text(100), "0.1");
        assert_eq!(seconds_text(2250), "2.25");
    }
}
