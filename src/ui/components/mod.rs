//! The components pages are built from, one module each.

mod card_list;
mod city_card;
mod city_picker;
mod connection_status;
mod hour_cycle_toggle;
mod interval_select;
mod language_field;
mod language_switch;
mod planner;
mod report_zone_field;
mod stream_inspector;
mod transitions_table;
mod unknown_cities_alert;

pub use card_list::{DroppedPartsAlert, ListEditor};
pub use city_card::{CityCard, Home};
pub use city_picker::CityPicker;
pub use connection_status::ConnectionStatusBadge;
pub use hour_cycle_toggle::HourCycleToggle;
pub use interval_select::IntervalSelect;
pub use language_field::LanguageField;
pub use language_switch::LanguageSwitch;
pub use planner::{
    BadMomentAlert, HourStrip, MomentSlider, PlanSummary, PlannedBanner, TypedMomentForm,
};
pub use report_zone_field::ReportZoneField;
pub use stream_inspector::StreamInspector;
pub use transitions_table::TransitionsTable;
pub use unknown_cities_alert::UnknownCitiesAlert;
