//! `GET /api/cities?q=…[&limit=N][&lang=ko]`: the city finder's type-ahead, answered from
//! the gazetteer in memory, its suggestions labelled in the page's language (a query finds
//! names in any language). Bad input (no `q`, an empty or over-long query, bytes that are
//! not UTF-8, a bad `limit`) gets the contract's `400` JSON naming the parameter; an
//! unknown `lang` is English.

use axum::{
    extract::{RawQuery, State},
    Json,
};

use super::{
    gazetteer::Gazetteer,
    labels::{place_label, requested_language, zone_label},
    query::{CityQuery, CityQueryError, MAX_LIMIT, MAX_QUERY_CHARS},
    search::{Match, MatchKind, MatchedBy},
};
use crate::model::{CityMatch, Language};
use crate::server::{
    http::{decode_query, quote, ApiError},
    state::AppState,
    zones::{format_offset, Zone},
};

/// Suggestions when the request names no `limit`: what the picker shows.
const DEFAULT_LIMIT: usize = 8;

/// The best matches for `q`, best first, each with its local time and offset now.
pub async fn search_cities(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Json<Vec<CityMatch>>, ApiError> {
    let params = decode_query(query.as_deref().unwrap_or(""), &["q", "limit", "lang"])?;
    let text = params.get("q").ok_or_else(|| {
        ApiError::bad(
            "q",
            "q is missing; give part of a city's name, such as q=mumbai",
        )
    })?;
    let query = CityQuery::parse(text).map_err(|error| ApiError::bad("q", sentence(error)))?;
    let limit = match params.get("limit") {
        None => DEFAULT_LIMIT,
        Some(text) => parse_limit(text)?,
    };
    let language = requested_language(params.get("lang"));
    let now = state.tickers.clock().now_ms();
    let matches = Gazetteer::load().search(&query, limit);
    Ok(Json(
        matches
            .iter()
            .map(|found| city_match(found, now, language))
            .collect(),
    ))
}

/// What is wrong with `q`, in a sentence a person can act on.
fn sentence(error: CityQueryError) -> String {
    match error {
        CityQueryError::Empty => "q is empty; give part of a city's name, such as q=mumbai".into(),
        CityQueryError::TooLong => {
            format!("q is longer than {MAX_QUERY_CHARS} characters; give part of one city's name")
        }
        CityQueryError::NothingToSearch => {
            "q has no letters or digits to search for; give part of a city's name".into()
        }
    }
}

fn parse_limit(text: &str) -> Result<usize, ApiError> {
    text.trim()
        .parse::<usize>()
        .ok()
        .filter(|limit| (1..=MAX_LIMIT).contains(limit))
        .ok_or_else(|| {
            ApiError::bad(
                "limit",
                format!(
                    "limit must be a whole number of suggestions from 1 to {MAX_LIMIT}, not {}",
                    quote(text)
                ),
            )
        })
}

/// A match as the picker shows it in `language`, at `now`.
fn city_match(found: &Match<'_>, now: i64, language: Language) -> CityMatch {
    let (city, own_zone) = match found.kind {
        MatchKind::City(place) => (place_label(place, language), false),
        MatchKind::Zone(tz) => (zone_label(tz.name(), language), true),
    };
    let local = Zone::from(found.zone()).local_time(now);
    let matched = match found.matched_by {
        MatchedBy::Name(_) => None,
        MatchedBy::AlternateName(name) | MatchedBy::Country(name) => Some(name.to_owned()),
        MatchedBy::Abbreviation(abbreviation) => Some(abbreviation.to_owned()),
        MatchedBy::Zone(tz) => (!own_zone).then(|| tz.name().to_owned()),
        MatchedBy::UtcOffset(seconds) => Some(format!("UTC{}", format_offset(seconds))),
    };
    // "서울" found Seoul: on a Korean page its label already says so.
    let matched = matched.filter(|name| *name != city.name);
    CityMatch {
        city,
        matched,
        utc_offset: local.utc_offset,
        abbreviation: local.abbreviation,
        local_time: local.date_time[11..16].to_owned(),
    }
}
