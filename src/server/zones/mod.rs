//! Time zones: the [`Zone`] type checked at the edge, suggestions for unknown names, lists
//! of zones as requests name them, clock changes (transitions), and the zone API (`/api/zones`, `/api/transitions/next`).

mod api;
mod suggestions;
mod transitions;
mod zone;
mod zone_set;

pub use api::{list_zones, next_transitions};
pub use transitions::{next_transition, transitions};
pub use zone::{format_offset, Zone};
pub use zone_set::{describe_zone_error, ZoneSet, SUGGESTED_NAMES};
