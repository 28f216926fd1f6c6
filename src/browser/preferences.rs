//! Preferences kept in `localStorage`: they outlive the tab, never leave the browser.

use crate::model::HourCycle;

const HOUR_CYCLE_KEY: &str = "worldclock.hourCycle";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The remembered 12/24-hour choice, if any.
pub fn hour_cycle() -> Option<HourCycle> {
    match storage()?.get_item(HOUR_CYCLE_KEY).ok()??.as_str() {
        "12" => Some(HourCycle::H12),
        "24" => Some(HourCycle::H24),
        _ => None,
    }
}

/// Remembers the 12/24-hour choice (silently skipped where storage is unavailable).
pub fn remember_hour_cycle(cycle: HourCycle) {
    if let Some(storage) = storage() {
        let value = match cycle {
            HourCycle::H12 => "12",
            HourCycle::H24 => "24",
        };
        let _ = storage.set_item(HOUR_CYCLE_KEY, value);
    }
}
