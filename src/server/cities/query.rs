//! A search query, checked once at the edge: its length is bounded and it has something
//! to search for, so the search itself never fails.

use std::fmt;
use std::str::FromStr;

use super::normalize::normalize;
use super::zone_index::parse_utc_offset;

/// The longest query accepted, in characters; a caller answers longer ones with 400.
pub const MAX_QUERY_CHARS: usize = 100;

/// The most matches one search returns; a larger limit is lowered to it.
pub const MAX_LIMIT: usize = 50;

/// A query that can be searched: at most [`MAX_QUERY_CHARS`] characters, with letters
/// or digits (or a UTC offset).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CityQuery {
    text: String,
    key: String,
    utc_offset: Option<i32>,
    typed_as_code: bool,
}

/// Why a query cannot be searched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CityQueryError {
    Empty,
    TooLong,
    NothingToSearch,
}

impl fmt::Display for CityQueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CityQueryError::Empty => f.write_str("query is empty"),
            CityQueryError::TooLong => {
                write!(f, "query is longer than {MAX_QUERY_CHARS} characters")
            }
            CityQueryError::NothingToSearch => {
                f.write_str("query has no letters or digits to search for")
            }
        }
    }
}

impl std::error::Error for CityQueryError {}

impl CityQuery {
    pub fn parse(text: &str) -> Result<CityQuery, CityQueryError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(CityQueryError::Empty);
        }
        if text.chars().count() > MAX_QUERY_CHARS {
            return Err(CityQueryError::TooLong);
        }
        let key = normalize(text);
        let utc_offset = parse_utc_offset(text);
        if key.is_empty() && utc_offset.is_none() {
            return Err(CityQueryError::NothingToSearch);
        }
        // "JP", "PST", "USA" typed in capitals are codes; "jp" or "pst" may as well be
        // the start of a name, so codes typed in lower case rank after names.
        let letters = text.chars().filter(char::is_ascii_alphabetic).count();
        let typed_as_code = (2..=5).contains(&letters)
            && letters == text.chars().count()
            && !text.chars().any(|c| c.is_ascii_lowercase());
        Ok(CityQuery {
            text: text.to_string(),
            key,
            utc_offset,
            typed_as_code,
        })
    }

    /// The query as typed, without surrounding space.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The search key (see `normalize`).
    pub(super) fn key(&self) -> &str {
        &self.key
    }

    /// The UTC offset the query spells, in seconds east of UTC.
    pub(super) fn utc_offset(&self) -> Option<i32> {
        self.utc_offset
    }

    /// Whether the query is 2 to 5 capital letters, as codes are written.
    pub(super) fn typed_as_code(&self) -> bool {
        self.typed_as_code
    }
}

impl FromStr for CityQuery {
    type Err = CityQueryError;

    fn from_str(text: &str) -> Result<CityQuery, CityQueryError> {
        CityQuery::parse(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_empty_long_and_unsearchable_queries_with_lower_case_messages() {
        assert_eq!(CityQuery::parse("   "), Err(CityQueryError::Empty));
        assert_eq!(
            CityQuery::parse(&"a".repeat(101)),
            Err(CityQueryError::TooLong)
        );
        assert_eq!(
            CityQuery::parse("?!-"),
            Err(CityQueryError::NothingToSearch)
        );
        assert_eq!(CityQueryError::Empty.to_string(), "query is empty");
        assert_eq!(
            CityQueryError::TooLong.to_string(),
            "query is longer than 100 characters"
        );
        assert_eq!(
            CityQueryError::NothingToSearch.to_string(),
            "query has no letters or digits to search for"
        );
    }

    #[test]
    fn counts_characters_not_bytes() {
        assert!(CityQuery::parse(&"東".repeat(100)).is_ok());
        assert_eq!(
            CityQuery::parse(&"東".repeat(101)),
            Err(CityQueryError::TooLong)
        );
    }

    #[test]
    fn keeps_the_text_its_key_and_its_offset() {
        let query = CityQuery::parse("  São Paulo ").unwrap();
        assert_eq!(query.as_str(), "São Paulo");
        assert_eq!(query.key(), "sao paulo");
        assert_eq!(
            CityQuery::parse("UTC+9").unwrap().utc_offset(),
            Some(9 * 3600)
        );
        assert_eq!(
            "+05:30".parse::<CityQuery>().unwrap().utc_offset(),
            Some(19_800)
        );
    }

    #[test]
    fn capitals_are_read_as_codes() {
        assert!(CityQuery::parse("JP").unwrap().typed_as_code());
        assert!(CityQuery::parse("PST").unwrap().typed_as_code());
        assert!(!CityQuery::parse("jp").unwrap().typed_as_code());
        assert!(!CityQuery::parse("Paris").unwrap().typed_as_code());
        assert!(!CityQuery::parse("PARIS FR").unwrap().typed_as_code());
        assert!(!CityQuery::parse("X").unwrap().typed_as_code());
    }
}
