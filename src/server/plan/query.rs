//! The query of `GET /api/plan.ics`, checked at the edge into a [`CalendarRequest`]: the
//! cities (1 to 24 cards in the page's form, `london-gb,berlin-de~Anna`: every key a city or
//! zone, every name a good one), the moment (`at`, required) and the event's
//! length (`minutes`, 15 to 1440 in quarter hours, 60 when left out). Anything else is the
//! contract's `400` naming the parameter. The cities are labelled in the request's language,
//! which the handler chooses as a page's is chosen.

use std::collections::HashMap;

use crate::model::{
    parse_cards, CardName, Language, Moment, EVENT_DEFAULT_MINUTES, EVENT_MAX_MINUTES,
    EVENT_MIN_MINUTES, MAX_CITIES, PLAN_STEP_MINUTES,
};
use crate::server::{
    cities::{parse_at, resolve_in, ResolvedCity},
    http::{quote, ApiError},
};

/// How many unknown names one error message quotes.
const UNKNOWN_NAMES_QUOTED: usize = 3;

/// A checked calendar request.
#[derive(Clone, Debug)]
pub struct CalendarRequest {
    /// The cities, in the order named, each card once.
    pub cities: Vec<Attendee>,
    /// When the event starts.
    pub at: Moment,
    /// How long it lasts, in minutes.
    pub minutes: u32,
    /// The language the event is written in, its cities labelled in.
    pub language: Language,
}

/// One card of the event: a city, and the name a person gave it.
#[derive(Clone, Debug)]
pub struct Attendee {
    /// The city.
    pub city: ResolvedCity,
    /// The card's name ("Anna"), if it has one.
    pub name: Option<CardName>,
}

impl Attendee {
    /// How the event names this card: the person's name, else the city's.
    pub fn title(&self) -> &str {
        self.name
            .as_ref()
            .map_or(&self.city.label.name, |name| name.as_str())
    }

    /// The key the card is known by in the URL: the city's, and its name after `~`.
    pub fn key(&self) -> String {
        match &self.name {
            Some(name) => format!("{}~{name}", self.city.label.key),
            None => self.city.label.key.clone(),
        }
    }
}

impl CalendarRequest {
    /// Checks the decoded parameters `cities`, `at` and `minutes`, for an event written in
    /// `language`.
    pub fn parse(
        params: &HashMap<&'static str, String>,
        language: Language,
    ) -> Result<CalendarRequest, ApiError> {
        let at = params.get("at").ok_or_else(|| {
            ApiError::bad(
                "at",
                "at is missing; give the moment to plan, such as at=2027-03-14T15:00Z",
            )
        })?;
        let at = parse_at(at)?;
        let cities = parse_cities(params.get("cities").map(String::as_str), language)?;
        let minutes = match params.get("minutes") {
            None => EVENT_DEFAULT_MINUTES,
            Some(text) => parse_minutes(text)?,
        };
        Ok(CalendarRequest {
            cities,
            at,
            minutes,
            language,
        })
    }
}

/// Every key a city or zone and every card's name a good one, 1 to [`MAX_CITIES`] cards; a
/// card named twice (the same city under the same name) counts once.
fn parse_cities(text: Option<&str>, language: Language) -> Result<Vec<Attendee>, ApiError> {
    let example = "such as cities=seoul-kr,london-gb";
    let names: Vec<&str> = text
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .collect();
    if names.is_empty() {
        return Err(ApiError::bad(
            "cities",
            format!("cities is missing; name the cities of the event, {example}"),
        ));
    }
    if names.len() > MAX_CITIES {
        return Err(ApiError::bad(
            "cities",
            format!(
                "cities names {} places; an event has at most {MAX_CITIES}",
                names.len()
            ),
        ));
    }
    let (cards, dropped) = parse_cards(text.unwrap_or(""));
    if let Some(part) = dropped.first() {
        return Err(ApiError::bad("cities", part.to_string()));
    }
    let mut cities: Vec<Attendee> = Vec::new();
    let mut unknown: Vec<&str> = Vec::new();
    for card in &cards {
        match resolve_in(&card.key, language) {
            Some(city) => {
                let attendee = Attendee {
                    city,
                    name: card.name.clone(),
                };
                if !cities.iter().any(|known| known.key() == attendee.key()) {
                    cities.push(attendee);
                }
            }
            None => unknown.push(&card.key),
        }
    }
    if unknown.is_empty() {
        return Ok(cities);
    }
    let mut quoted: Vec<String> = unknown
        .iter()
        .take(UNKNOWN_NAMES_QUOTED)
        .map(|name| quote(name))
        .collect();
    if unknown.len() > UNKNOWN_NAMES_QUOTED {
        quoted.push(format!("{} more", unknown.len() - UNKNOWN_NAMES_QUOTED));
    }
    Err(ApiError::bad(
        "cities",
        format!(
            "cities names no city or time zone called {}; use a city's key or a zone, {example}",
            quoted.join(", ")
        ),
    ))
}

/// 15 to 1440, a multiple of 15.
fn parse_minutes(text: &str) -> Result<u32, ApiError> {
    let step = PLAN_STEP_MINUTES as u32;
    text.trim()
        .parse::<u32>()
        .ok()
        .filter(|minutes| {
            (EVENT_MIN_MINUTES..=EVENT_MAX_MINUTES).contains(minutes)
                && minutes.is_multiple_of(step)
        })
        .ok_or_else(|| {
            ApiError::bad(
                "minutes",
                format!(
                    "minutes must be a whole number from {EVENT_MIN_MINUTES} to \
                     {EVENT_MAX_MINUTES} in steps of {step}, such as minutes=90, not {}",
                    quote(text)
                ),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&'static str, &str)]) -> HashMap<&'static str, String> {
        pairs
            .iter()
            .map(|(key, value)| (*key, value.to_string()))
            .collect()
    }

    fn refused(pairs: &[(&'static str, &str)]) -> (String, String) {
        match CalendarRequest::parse(&params(pairs), Language::English) {
            Err(ApiError::BadParameter { param, message }) => (param, message),
            other => panic!("{pairs:?} gave {other:?}"),
        }
    }

    #[test]
    fn a_good_request_is_checked_once() {
        let request = CalendarRequest::parse(
            &params(&[
                ("cities", "seoul-kr, london-gb,seoul-kr,Asia/Seoul"),
                ("at", "2027-03-15T00:00+09:00"),
            ]),
            Language::English,
        )
        .unwrap();
        let keys: Vec<&str> = request
            .cities
            .iter()
            .map(|c| c.city.label.key.as_str())
            .collect();
        assert_eq!(keys, ["seoul-kr", "london-gb", "Asia/Seoul"]);
        assert_eq!(request.at.to_string(), "2027-03-14T15:00Z");
        assert_eq!(request.minutes, 60);
        let request = CalendarRequest::parse(
            &params(&[
                ("cities", "seoul-kr"),
                ("at", "2027-03-14T15:00Z"),
                ("minutes", "1440"),
            ]),
            Language::English,
        )
        .unwrap();
        assert_eq!(request.minutes, 1440);
    }

    #[test]
    fn at_is_required_and_checked() {
        let (param, message) = refused(&[("cities", "seoul-kr")]);
        assert_eq!(param, "at");
        assert!(message.contains("at is missing"), "{message}");
        let (param, message) = refused(&[("cities", "seoul-kr"), ("at", "next tuesday")]);
        assert_eq!(param, "at");
        assert!(message.ends_with(", not \"next tuesday\""), "{message}");
        assert!(message.contains("2027-03-14T15:00Z"), "{message}");
        let (_, message) = refused(&[("cities", "seoul-kr"), ("at", "1850-01-01T00:00Z")]);
        assert!(message.contains("1900 to 2100"), "{message}");
    }

    #[test]
    fn cities_must_all_be_known_and_few_enough() {
        let at = ("at", "2027-03-14T15:00Z");
        assert_eq!(refused(&[at]).0, "cities");
        assert_eq!(refused(&[at, ("cities", " , ")]).0, "cities");
        let (param, message) = refused(&[at, ("cities", "seoul-kr,Atlantis,Mars")]);
        assert_eq!(param, "cities");
        assert!(message.contains("\"Atlantis\", \"Mars\""), "{message}");
        let many = ["A", "B", "C", "D", "E"].join(",");
        let (_, message) = refused(&[at, ("cities", &many)]);
        assert!(message.contains("\"C\", 2 more"), "{message}");
        let too_many = vec!["UTC"; MAX_CITIES + 1].join(",");
        let (_, message) = refused(&[at, ("cities", &too_many)]);
        assert!(message.contains("at most 24"), "{message}");
    }

    #[test]
    fn cards_carry_their_names_and_a_bad_name_is_refused() {
        let at = ("at", "2027-03-14T15:00Z");
        let cities = (
            "cities",
            "seoul-kr~Mina,seoul-kr~Jun,seoul-kr~Mina,london-gb",
        );
        let request = CalendarRequest::parse(&params(&[at, cities]), Language::English).unwrap();
        let titles: Vec<&str> = request.cities.iter().map(Attendee::title).collect();
        assert_eq!(titles, ["Mina", "Jun", "London"]);
        // A city without a person's name goes by its name in the event's language.
        let request = CalendarRequest::parse(&params(&[at, cities]), Language::Korean).unwrap();
        let titles: Vec<&str> = request.cities.iter().map(Attendee::title).collect();
        assert_eq!(titles, ["Mina", "Jun", "런던"]);
        assert_eq!(request.cities[2].key(), "london-gb");
        let long = format!("seoul-kr~{}", "x".repeat(41));
        let (param, message) = refused(&[at, ("cities", &long)]);
        assert_eq!(param, "cities");
        assert!(message.contains("at most 40 characters"), "{message}");
    }

    #[test]
    fn minutes_are_quarter_hours_up_to_a_day() {
        let base = [("cities", "seoul-kr"), ("at", "2027-03-14T15:00Z")];
        for good in ["15", "45", "90", "1440"] {
            let mut pairs = base.to_vec();
            pairs.push(("minutes", good));
            let request = CalendarRequest::parse(&params(&pairs), Language::English);
            assert!(request.is_ok(), "{good}");
        }
        for bad in ["0", "10", "1455", "-15", "1.5", "an hour", ""] {
            let mut pairs = base.to_vec();
            pairs.push(("minutes", bad));
            let (param, message) = refused(&pairs);
            assert_eq!(param, "minutes", "{bad}");
            assert!(
                message.contains("from 15 to 1440 in steps of 15"),
                "{message}"
            );
        }
    }
}
