//! The components pages are built from, one module each.

pub mod city_card;
pub mod city_picker;
pub mod connection_status;
pub mod hour_cycle_toggle;
pub mod interval_select;
pub mod stream_inspector;
pub mod transitions_table;
pub mod unknown_cities_alert;
