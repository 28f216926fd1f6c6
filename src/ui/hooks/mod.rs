//! Hooks: one concern of a page each (the visitor, the zone list, the clock stream, the next
//! clock changes), so pages only compose them. Whatever only the browser can do lives here
//! behind a function that does nothing on the server, so components carry no `cfg`.

mod clock_stream;
mod next_changes;
mod visitor;
mod zone_list;

pub use clock_stream::use_clock_stream;
pub use next_changes::use_next_changes;
pub use visitor::{use_visitor, visitor_offset_at, Visitor};
pub use zone_list::use_zone_list;
