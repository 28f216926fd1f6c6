//! Browser-only code (hydrate): the EventSources, the visitor's zone, and local preferences.

pub mod clock_source;
pub mod preferences;
pub mod report_follower;
pub mod visitor;
