//! The clocks at request time: what the server renders before any WASM loads, and which of
//! the cities named in the URL are real zones.
//!
//! A Leptos server function: during server rendering it runs in-process and its result is
//! shipped with the page for hydration; in the browser, a change of cities calls it over HTTP.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::contract::ClockUpdate;

/// The clocks of the named cities now, and the names that are not zones.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockSnapshot {
    /// One entry per valid, distinct zone, in the order named, at the same instant.
    pub clocks: Vec<ClockUpdate>,
    /// The names that are not time zones, as written.
    pub unknown: Vec<String>,
}

impl ClockSnapshot {
    /// The canonical names of the valid zones, in order.
    pub fn zones(&self) -> Vec<String> {
        self.clocks.iter().map(|clock| clock.zone.clone()).collect()
    }
}

/// The clocks of `cities` now (at most [`crate::selection::MAX_CITIES`] are looked at).
#[server(prefix = "/_fn", endpoint = "clock_snapshot")]
pub async fn load_clock_snapshot(cities: Vec<String>) -> Result<ClockSnapshot, ServerFnError> {
    use crate::server::zones::Zone;

    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_millis() as i64)
        .unwrap_or(0);
    let mut snapshot = ClockSnapshot::default();
    let mut seen: Vec<Zone> = Vec::new();
    for name in cities.iter().take(crate::selection::MAX_CITIES) {
        match Zone::parse(name) {
            Ok(zone) if !seen.contains(&zone) => {
                seen.push(zone);
                snapshot.clocks.push(zone.clock_update(0, now));
            }
            Ok(_) => {}
            Err(_) => snapshot.unknown.push(name.chars().take(64).collect()),
        }
    }
    Ok(snapshot)
}
