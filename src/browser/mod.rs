//! Browser-only code (hydrate): every fetch, the two kinds of `EventSource` (the clocks and a
//! report) over the plumbing they share, one clock stream shared by the browser's tabs, the
//! visitor's own zone, local preferences, and how far the device's clock is from the
//! server's.

pub mod api;
pub mod clock_source;
pub mod device_clock;
mod event_source;
mod heartbeat_election;
mod holder_lock;
pub mod preferences;
pub mod report_source;
pub mod shared_clock;
mod silence_watch;
mod tick_relay;
pub mod visitor;
