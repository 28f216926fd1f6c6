//! The clocks at one instant for a list of city names: what the server renders before any
//! WASM loads, and which of the names in the URL are not zones. The server computes it
//! (`server::zones::snapshot`); the page ships it with the HTML for hydration.

use serde::{Deserialize, Serialize};

use super::contract::{ClockUpdate, Transition, ZoneSummary};

/// The clocks of the named cities, and the names that are not zones.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockSnapshot {
    /// The names this snapshot was made for, as asked.
    pub asked: Vec<String>,
    /// One entry per valid, distinct zone, in the order named, at the same instant.
    pub clocks: Vec<ClockUpdate>,
    /// The names that are not time zones, as written.
    pub unknown: Vec<String>,
    /// Each zone's next clock change within two years, for the zones that have one.
    pub next_changes: Vec<Transition>,
}

/// Which of `names` are zones in `catalogue` (case-insensitively, answered in canonical
/// spelling, duplicates dropped) and which are not. The browser's counterpart of the
/// server's lookup, over the list from `/api/zones`.
pub fn partition_names(names: &[String], catalogue: &[ZoneSummary]) -> (Vec<String>, Vec<String>) {
    let mut known: Vec<String> = Vec::new();
    let mut unknown = Vec::new();
    for name in names {
        match catalogue
            .iter()
            .find(|zone| zone.zone.eq_ignore_ascii_case(name.trim()))
        {
            Some(zone) if !known.contains(&zone.zone) => known.push(zone.zone.clone()),
            Some(_) => {}
            None => unknown.push(name.clone()),
        }
    }
    (known, unknown)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zone(name: &str) -> ZoneSummary {
        ZoneSummary {
            zone: name.into(),
            city: crate::model::city_of_zone(name),
            utc_offset: "+00:00".into(),
            abbreviation: "X".into(),
        }
    }

    #[test]
    fn names_are_matched_case_insensitively_and_deduplicated() {
        let catalogue = vec![zone("Asia/Seoul"), zone("Europe/London")];
        let names: Vec<String> = ["asia/SEOUL", "Mars/Base", "Europe/London", "Asia/Seoul"]
            .map(String::from)
            .to_vec();
        let (known, unknown) = partition_names(&names, &catalogue);
        assert_eq!(known, ["Asia/Seoul", "Europe/London"]);
        assert_eq!(unknown, ["Mars/Base"]);
    }
}
