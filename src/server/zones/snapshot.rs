//! The clocks at request time for the server-rendered page: what the visitor sees before any
//! script runs.

use super::{transitions::next_transition, Zone};
use crate::model::{ClockSnapshot, MAX_CITIES};

/// The clocks of `names` at `epoch_ms` for the server-rendered page: at most
/// [`crate::model::MAX_CITIES`] names are looked at.
pub fn snapshot(names: &[String], epoch_ms: i64) -> ClockSnapshot {
    let mut snapshot = ClockSnapshot {
        asked: names.to_vec(),
        ..Default::default()
    };
    let mut seen: Vec<Zone> = Vec::new();
    for name in names.iter().take(MAX_CITIES) {
        match Zone::parse(name) {
            Ok(zone) if !seen.contains(&zone) => {
                seen.push(zone);
                snapshot.clocks.push(zone.clock_update(0, epoch_ms));
                snapshot
                    .next_changes
                    .extend(next_transition(zone, epoch_ms.div_euclid(1000)));
            }
            Ok(_) => {}
            Err(_) => snapshot.unknown.push(name.chars().take(64).collect()),
        }
    }
    snapshot
}
