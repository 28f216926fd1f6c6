//! Hooks: one concern of a page each (the visitor, the clock stream, the city finder, the
//! device's clock), so pages only compose them. Whatever only the browser can do lives here
//! behind a function that does nothing on the server, so components carry no `cfg`.

mod city_search;
mod clock_stream;
mod device_clock;
mod inspector_feed;
mod visitor;
mod zone_clocks;

pub use city_search::use_city_search;
pub use clock_stream::use_clock_stream;
pub use device_clock::use_device_clock;
pub use visitor::{use_visitor, visitor_offset_at, Visitor};
pub use zone_clocks::ZoneClocks;
