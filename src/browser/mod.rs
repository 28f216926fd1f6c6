//! Browser-only code (hydrate): the EventSource, the visitor's zone, and local preferences.

pub mod clock_source;
pub mod preferences;
pub mod visitor;
