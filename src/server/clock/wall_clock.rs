//! Where "now" comes from: the system clock, or a clock that tests move and step.

use std::sync::{
    atomic::{AtomicI64, Ordering},
    Arc,
};

/// Where "now" comes from.
#[derive(Clone, Debug)]
pub enum WallClock {
    /// The system clock: what a real server uses. It can be stepped under the server (an
    /// NTP step, a VM restore, `date -s`); the tickers notice (see `ticker.rs`).
    System,
    /// A clock that advances with tokio's clock and that a test can step: see [`TokioClock`].
    FollowsTokio(TokioClock),
}

impl WallClock {
    /// A clock reading `epoch_ms` now and advancing with tokio's (possibly paused) time.
    pub fn following_tokio_from(epoch_ms: i64) -> WallClock {
        WallClock::FollowsTokio(TokioClock::starting_at(epoch_ms))
    }

    /// Milliseconds since the Unix epoch.
    pub fn now_ms(&self) -> i64 {
        match self {
            WallClock::System => crate::model::now_epoch_ms(),
            WallClock::FollowsTokio(clock) => clock.now_ms(),
        }
    }
}

/// A wall clock for tests: it starts at a chosen instant, advances with tokio's clock (so a
/// test that pauses and advances tokio's time moves it too, and one that does not sees it
/// run in real time), and can be stepped either way, as an NTP step or `date -s` steps the
/// system clock. Clones share one clock: step one and every holder sees the step.
#[derive(Clone, Debug)]
pub struct TokioClock {
    inner: Arc<TokioClockInner>,
}

#[derive(Debug)]
struct TokioClockInner {
    /// The wall time at `started`.
    epoch_ms: i64,
    /// The tokio instant the clock was made.
    started: tokio::time::Instant,
    /// The sum of every step so far, in milliseconds.
    stepped_ms: AtomicI64,
}

impl TokioClock {
    /// A clock reading `epoch_ms` now.
    pub fn starting_at(epoch_ms: i64) -> TokioClock {
        TokioClock {
            inner: Arc::new(TokioClockInner {
                epoch_ms,
                started: tokio::time::Instant::now(),
                stepped_ms: AtomicI64::new(0),
            }),
        }
    }

    /// Steps the clock by `delta_ms` at once: forward when positive, back when negative.
    /// Tokio's clock (what timers and the tickers' sleeps run on) is not moved.
    pub fn step_ms(&self, delta_ms: i64) {
        self.inner.stepped_ms.fetch_add(delta_ms, Ordering::Relaxed);
    }

    /// Milliseconds since the Unix epoch, as this clock reads now.
    pub fn now_ms(&self) -> i64 {
        let inner = &self.inner;
        inner.epoch_ms
            + inner.started.elapsed().as_millis() as i64
            + inner.stepped_ms.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_test_clock_follows_tokio_and_steps_both_ways() {
        let clock = TokioClock::starting_at(1_000_000);
        let wall = WallClock::FollowsTokio(clock.clone());
        assert_eq!(wall.now_ms(), 1_000_000);
        tokio::time::advance(std::time::Duration::from_millis(1500)).await;
        assert_eq!(wall.now_ms(), 1_001_500);
        clock.step_ms(-60_000);
        assert_eq!(wall.now_ms(), 941_500, "a clone sees the step");
        clock.step_ms(3_600_000);
        assert_eq!(wall.now_ms(), 4_541_500);
    }
}
