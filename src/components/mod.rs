//! The components pages are built from, one module each.

pub mod hour_cycle_toggle;
pub mod utc_clock;
