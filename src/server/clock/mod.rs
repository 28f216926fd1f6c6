//! The clock stream: its query, the refresh interval, the wall clock, the shared tickers,
//! each tick's encoded frame, and the stream a client reads; and the server's time as a
//! page asks for it (`/api/time`).

mod frame;
mod interval;
mod query;
mod server_time;
mod stream;
mod ticker;
mod wall_clock;

pub use server_time::server_time;
pub use stream::clock_stream;
pub use ticker::Tickers;
pub use wall_clock::{TokioClock, WallClock};
