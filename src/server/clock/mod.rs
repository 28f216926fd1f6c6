//! The clock stream: its query, the refresh interval, the wall clock, the shared tickers,
//! each tick's encoded frame, and the stream a client reads.

mod frame;
mod interval;
mod query;
mod stream;
mod ticker;
mod wall_clock;

pub use stream::clock_stream;
pub use ticker::Tickers;
pub use wall_clock::{TokioClock, WallClock};
