//! A list of zones as a request names them (`city=…` or `cities=…,…`): checked once into a
//! [`ZoneSet`], with a sentence about every name that is not a zone.

use crate::model::MAX_ZONES;
use crate::server::http::{quote, ApiError};

use super::zone::{name_as_meant, Zone, ZoneError};

/// Most names a `cities` list may hold before duplicates are dropped; anything longer is
/// refused before a single name is looked up.
const MAX_LISTED_NAMES: usize = MAX_ZONES * 4;
/// How many unknown names get suggestions (each costs a search over every zone).
pub const SUGGESTED_NAMES: usize = 3;

/// The zones of one stream: one to [`MAX_ZONES`], without duplicates, in the order asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ZoneSet(Vec<Zone>);

impl ZoneSet {
    /// The zones, in order.
    pub fn zones(&self) -> &[Zone] {
        &self.0
    }

    /// `Asia/Seoul,Europe/London`: for logs.
    pub fn names(&self) -> String {
        let names: Vec<&str> = self.0.iter().map(|zone| zone.name()).collect();
        names.join(",")
    }
}

impl ZoneSet {
    /// The zones of `city` (one name) or `cities` (a comma-separated list); `default_zone`
    /// when neither is given.
    pub fn from_params(
        city: Option<&String>,
        cities: Option<&String>,
        default_zone: Zone,
    ) -> Result<ZoneSet, ApiError> {
        match (city, cities) {
            (Some(_), Some(_)) => Err(ApiError::bad(
                "cities",
                "give either city (one zone) or cities (a comma-separated list), not both",
            )),
            (Some(city), None) => parse_zone_list("city", std::slice::from_ref(city)),
            (None, Some(cities)) => {
                let names: Vec<String> = cities.split(',').map(str::to_owned).collect();
                parse_zone_list("cities", &names)
            }
            (None, None) => Ok(ZoneSet(vec![default_zone])),
        }
    }
}

/// One to [`MAX_ZONES`] zones from a list of names, or a sentence about each bad one.
fn parse_zone_list(param: &'static str, names: &[String]) -> Result<ZoneSet, ApiError> {
    let names: Vec<&str> = names
        .iter()
        .map(|name| name.trim())
        .filter(|name| !name.is_empty())
        .collect();
    if names.is_empty() {
        return Err(ApiError::bad(
            param,
            format!("{param} is empty; name a time zone such as Asia/Seoul, or leave {param} out for the default zone"),
        ));
    }
    if names.len() > MAX_LISTED_NAMES {
        return Err(too_many_zones(param, names.len()));
    }
    let mut zones = Vec::new();
    let mut problems = Vec::new();
    for name in names {
        match Zone::parse(name) {
            Ok(zone) if !zones.contains(&zone) => zones.push(zone),
            Ok(_) => {} // duplicates are dropped
            Err(error) => {
                let suggest = problems.len() < SUGGESTED_NAMES;
                problems.push(describe_zone_error(name, error, suggest));
            }
        }
    }
    if !problems.is_empty() {
        return Err(ApiError::bad(param, problems.join("; ")));
    }
    if zones.len() > MAX_ZONES {
        return Err(too_many_zones(param, zones.len()));
    }
    Ok(ZoneSet(zones))
}

fn too_many_zones(param: &str, count: usize) -> ApiError {
    ApiError::bad(
        param,
        format!("a stream carries at most {MAX_ZONES} time zones, but {param} names {count}"),
    )
}

/// Why `name` is not a zone, in a sentence; with the closest names when `suggest` (each
/// suggestion is a search over every zone, so callers suggest for a few names only). The
/// name is quoted as [`Zone::parse`] read it: a space inside it as `+`.
pub fn describe_zone_error(name: &str, error: ZoneError, suggest: bool) -> String {
    let name = name_as_meant(name);
    let name = name.as_ref();
    match error {
        ZoneError::Empty => "a time zone name is empty".to_owned(),
        ZoneError::TooLong { length } => format!(
            "{} is not a time zone: it is {length} characters long, and zone names are short, such as Asia/Seoul",
            quote(name)
        ),
        ZoneError::Unknown if suggest => format!(
            "{} is not a time zone we know; did you mean {}?",
            quote(name),
            or_list(&Zone::closest_names(name))
        ),
        ZoneError::Unknown => format!("{} is not a time zone we know", quote(name)),
    }
}

/// `A`, `A or B`, `A, B or C`.
fn or_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [only] => (*only).to_owned(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn or_lists_read_naturally() {
        assert_eq!(or_list(&["A"]), "A");
        assert_eq!(or_list(&["A", "B"]), "A or B");
        assert_eq!(or_list(&["A", "B", "C"]), "A, B or C");
    }
}
