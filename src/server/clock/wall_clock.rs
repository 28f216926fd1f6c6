//! Where "now" comes from: the system clock, or a clock that tests move.

/// Where "now" comes from.
#[derive(Clone, Copy, Debug)]
pub enum WallClock {
    /// The system clock: what a real server uses.
    System,
    /// A clock that starts at `epoch_ms` and advances with tokio's clock, so tests that
    /// pause and advance tokio's time move the wall clock too.
    FollowsTokio {
        /// The wall time at `started`.
        epoch_ms: i64,
        /// The tokio instant the clock was made.
        started: tokio::time::Instant,
    },
}

impl WallClock {
    /// A clock reading `epoch_ms` now and advancing with tokio's (possibly paused) time.
    pub fn following_tokio_from(epoch_ms: i64) -> WallClock {
        WallClock::FollowsTokio {
            epoch_ms,
            started: tokio::time::Instant::now(),
        }
    }

    /// Milliseconds since the Unix epoch.
    pub fn now_ms(&self) -> i64 {
        match self {
            WallClock::System => crate::model::now_epoch_ms(),
            WallClock::FollowsTokio { epoch_ms, started } => {
                epoch_ms + started.elapsed().as_millis() as i64
            }
        }
    }
}
