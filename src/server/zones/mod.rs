//! Time zones: the [`Zone`] type checked at the edge, suggestions for unknown names, lists
//! of zones as requests name them, clock changes (transitions), a zone's offsets over a
//! range (for planning), the visitor's zone cookie, and the zone API (`/api/zones`,
//! `/api/transitions/next`).

mod api;
mod offset_spans;
mod suggestions;
mod transitions;
mod visitor_zone;
mod zone;
mod zone_set;

pub use api::{list_zones, next_transitions};
pub use offset_spans::zone_offsets;
pub use transitions::{next_transition, transitions};
pub use visitor_zone::visitor_zone;
pub use zone::{format_offset, Zone};
pub use zone_set::{describe_zone_error, ZoneSet, SUGGESTED_NAMES};
