//! The shared tickers: one task per refresh interval, waking at every wall-clock multiple of
//! it and publishing a [`TickFrame`] that every stream on that interval reads.
//!
//! One timer per interval instead of one per connection means every client on the same
//! interval ticks at the same instant, and each zone's wall time is formatted once per tick
//! (in the frame) rather than once per connection. A ticker lives while a stream holds it:
//! dropping the last [`TickerHandle`] stops its task and removes it from the registry.
//!
//! A ticker follows the wall clock through steps either way (an NTP step, a VM restore,
//! `date -s`): it reads the clock again at least every [`LOOK_AGAIN`], and after a step the
//! next tick is the next multiple of the interval after the time the clock reads then.

use std::{
    collections::HashMap,
    sync::{
        atomic::{AtomicU32, Ordering},
        Arc, Mutex, Weak,
    },
    task::{Context, Poll},
    time::Duration,
};

use tokio_util::sync::CancellationToken;

use super::{frame::TickFrame, interval::Interval, wall_clock::WallClock};
use crate::server::board::{Board, Subscription};

/// What a ticker publishes.
#[derive(Clone, Debug)]
pub enum TickSignal {
    /// No tick yet since the ticker started.
    Waiting,
    /// The latest tick.
    Tick(Arc<TickFrame>),
    /// The server is shutting down: streams end now.
    ShuttingDown,
}

/// The registry of running tickers, one per interval in use.
#[derive(Clone)]
pub struct Tickers {
    inner: Arc<TickersInner>,
}

struct TickersInner {
    clock: WallClock,
    shutdown: CancellationToken,
    /// Weak, so the registry never keeps a ticker alive: the streams do.
    running: Mutex<HashMap<Interval, Weak<TickerHandle>>>,
}

/// A stream's hold on the ticker of its interval. The ticker stops when the last is dropped.
pub struct TickerHandle {
    interval: Interval,
    board: Arc<Board<TickSignal>>,
    /// How many times the ticker has seen the wall clock step back (see [`TickFrame::era`]).
    era: Arc<AtomicU32>,
    task: tokio::task::AbortHandle,
    registry: Weak<TickersInner>,
}

impl TickerHandle {
    /// A subscription to this ticker's frames, marked as having seen the current one.
    pub fn subscribe(&self) -> TickSubscription {
        TickSubscription {
            board: self.board.subscribe(),
        }
    }

    /// The interval this ticker ticks at.
    pub fn interval(&self) -> Interval {
        self.interval
    }

    /// The ticker's era now: a stream's first tick, which it makes itself, belongs to it.
    pub fn era(&self) -> u32 {
        self.era.load(Ordering::Relaxed)
    }
}

/// A stream's view of its ticker, polled by hand: its place on the ticker's board (a
/// counter and a waker, put there once), so a stream's state stays a few hundred bytes and a
/// tick costs it one wake and one read.
pub struct TickSubscription {
    board: Subscription<TickSignal>,
}

impl TickSubscription {
    /// The next signal once the ticker publishes one; `ShuttingDown` once the ticker is gone.
    pub fn poll_signal(&mut self, cx: &mut Context<'_>) -> Poll<TickSignal> {
        self.board.poll_next(cx)
    }
}

impl Drop for TickerHandle {
    fn drop(&mut self) {
        self.task.abort();
        if let Some(registry) = self.registry.upgrade() {
            let mut running = registry.running.lock().unwrap_or_else(|p| p.into_inner());
            // Another stream may already have started a fresh ticker for this interval.
            if running
                .get(&self.interval)
                .is_some_and(|weak| weak.strong_count() == 0)
            {
                running.remove(&self.interval);
            }
        }
    }
}

impl Tickers {
    /// A registry whose tickers read `clock` and stop publishing ticks once `shutdown` fires.
    pub fn new(clock: WallClock, shutdown: CancellationToken) -> Tickers {
        Tickers {
            inner: Arc::new(TickersInner {
                clock,
                shutdown,
                running: Mutex::new(HashMap::new()),
            }),
        }
    }

    /// The clock the tickers read.
    pub fn clock(&self) -> &WallClock {
        &self.inner.clock
    }

    /// How many intervals have a running ticker.
    pub fn running(&self) -> usize {
        let running = self.inner.running.lock().unwrap_or_else(|p| p.into_inner());
        running
            .values()
            .filter(|weak| weak.strong_count() > 0)
            .count()
    }

    /// The ticker for `interval`, started if none runs.
    pub fn ticker(&self, interval: Interval) -> Arc<TickerHandle> {
        let mut running = self.inner.running.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(handle) = running.get(&interval).and_then(Weak::upgrade) {
            return handle;
        }
        let board = Board::new(TickSignal::Waiting);
        let era = Arc::new(AtomicU32::new(0));
        let task = tokio::spawn(run_ticker(
            interval,
            self.inner.clock.clone(),
            self.inner.shutdown.clone(),
            Publisher(Arc::clone(&board)),
            Arc::clone(&era),
        ));
        let handle = Arc::new(TickerHandle {
            interval,
            board,
            era,
            task: task.abort_handle(),
            registry: Arc::downgrade(&self.inner),
        });
        running.insert(interval, Arc::downgrade(&handle));
        handle
    }
}

/// How long a ticker sleeps at most before it reads the wall clock again: a step of the wall
/// clock is noticed within this time. One wake-up per ticker (one per interval in use, not
/// per stream), so four a second cost nothing next to the streams' own work.
const LOOK_AGAIN: Duration = Duration::from_millis(250);
/// How far the wall clock may move apart from tokio's monotonic clock between two readings
/// before the ticker takes it for a step. Below it (NTP slewing moves the clock by at most
/// half a millisecond a second; reading two clocks one after the other adds a little), the
/// schedule simply follows the wall clock; above it, the schedule starts afresh.
pub(super) const STEP_TOLERANCE_MS: i64 = 50;

/// Publishes a frame at every multiple of `interval` on the wall clock until shutdown.
///
/// The wall clock is read again at least every [`LOOK_AGAIN`] rather than trusted across one
/// long sleep on the monotonic clock, so a step either way is noticed within that. After a step
/// the next tick is the next multiple of the interval after the time the clock reads then;
/// boundaries a step forward jumped over are not replayed, and after a step back the era
/// rises so streams send the earlier instants that follow (see `stream.rs`).
async fn run_ticker(
    interval: Interval,
    clock: WallClock,
    shutdown: CancellationToken,
    frames: Publisher,
    era: Arc<AtomicU32>,
) {
    let mut last = Reading::take(&clock);
    let mut due = interval.next_boundary_after(last.wall_ms);
    loop {
        // `due` is always after `last.wall_ms`: at least 1 ms to sleep.
        let nap = Duration::from_millis((due - last.wall_ms) as u64).min(LOOK_AGAIN);
        tokio::select! {
            () = tokio::time::sleep(nap) => {}
            () = shutdown.cancelled() => return,
        }
        let now = Reading::take(&clock);
        let stepped_ms = now.stepped_since(&last);
        last = now;
        if stepped_ms < -STEP_TOLERANCE_MS {
            // Back: the next multiple after the time as it reads now, earlier than `due`.
            // Streams must send it although they have sent later instants: a new era.
            era.fetch_add(1, Ordering::Relaxed);
            due = interval.next_boundary_after(now.wall_ms);
            tracing::debug!(
                interval_ms = interval.millis(),
                stepped_ms,
                "the wall clock stepped back; ticks follow it"
            );
        } else if stepped_ms > STEP_TOLERANCE_MS && now.wall_ms >= due {
            // Forward past the tick that was due: the boundaries jumped over are not
            // replayed; the next tick is the next multiple after the new time.
            due = interval.next_boundary_after(now.wall_ms);
            tracing::debug!(
                interval_ms = interval.millis(),
                stepped_ms,
                "the wall clock stepped forward; ticks follow it"
            );
        } else if now.wall_ms >= due {
            let era = era.load(Ordering::Relaxed);
            frames.post(TickSignal::Tick(Arc::new(TickFrame::new(due, era))));
            // From the time as it reads now, not `due + interval`: a ticker that woke late
            // publishes one tick, never a burst of the ones it missed.
            due = interval.next_boundary_after(now.wall_ms);
        }
        // Otherwise not yet due (or a timer woke a hair early against a slewed wall clock):
        // sleep again.
    }
}

/// A ticker task's side of its board. However the task ends (shutdown, or aborted when its
/// last stream is gone), dropping this tells every stream still reading to end.
struct Publisher(Arc<Board<TickSignal>>);

impl Publisher {
    fn post(&self, signal: TickSignal) {
        self.0.post(signal);
    }
}

impl Drop for Publisher {
    fn drop(&mut self) {
        self.0.post(TickSignal::ShuttingDown);
    }
}

/// The wall clock and tokio's monotonic clock, read together.
#[derive(Clone, Copy)]
struct Reading {
    monotonic: tokio::time::Instant,
    wall_ms: i64,
}

impl Reading {
    fn take(clock: &WallClock) -> Reading {
        Reading {
            monotonic: tokio::time::Instant::now(),
            wall_ms: clock.now_ms(),
        }
    }

    /// How much further the wall clock moved than the monotonic clock since `earlier`:
    /// about zero normally, the size of the step when the wall clock was stepped.
    fn stepped_since(&self, earlier: &Reading) -> i64 {
        let wall = self.wall_ms - earlier.wall_ms;
        let monotonic = self.monotonic.duration_since(earlier.monotonic).as_millis() as i64;
        wall - monotonic
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::clock::wall_clock::TokioClock;

    const START: i64 = 1_795_248_238_250; // 2026-11-21T08:03:58.250Z

    #[tokio::test(start_paused = true)]
    async fn ticks_land_on_multiples_of_the_interval() {
        let tickers = Tickers::new(
            WallClock::following_tokio_from(START),
            CancellationToken::new(),
        );
        let handle = tickers.ticker(Interval::from_millis(1000).unwrap());
        let mut frames = handle.subscribe();
        let mut instants = Vec::new();
        for _ in 0..5 {
            if let TickSignal::Tick(frame) = next_signal_of(&mut frames).await {
                instants.push(frame.epoch_ms);
            }
        }
        let first = 1_795_248_239_000;
        assert_eq!(
            instants,
            vec![
                first,
                first + 1000,
                first + 2000,
                first + 3000,
                first + 4000
            ]
        );
        // And the wall clock reads exactly the last tick's instant: nothing drifted.
        assert_eq!(tickers.clock().now_ms(), first + 4000);
    }

    #[tokio::test(start_paused = true)]
    async fn streams_of_one_interval_share_one_ticker_and_it_stops_with_the_last() {
        let tickers = Tickers::new(
            WallClock::following_tokio_from(START),
            CancellationToken::new(),
        );
        let one = Interval::from_millis(1000).unwrap();
        let a = tickers.ticker(one);
        let b = tickers.ticker(one);
        assert!(Arc::ptr_eq(&a, &b));
        let _other = tickers.ticker(Interval::from_millis(5000).unwrap());
        assert_eq!(tickers.running(), 2);
        drop(a);
        assert_eq!(tickers.running(), 2);
        drop(b);
        assert_eq!(tickers.running(), 1);
    }

    #[tokio::test(start_paused = true)]
    async fn shutdown_is_published_to_every_stream() {
        let shutdown = CancellationToken::new();
        let tickers = Tickers::new(WallClock::following_tokio_from(START), shutdown.clone());
        let handle = tickers.ticker(Interval::from_millis(3_600_000).unwrap());
        let mut frames = handle.subscribe();
        shutdown.cancel();
        assert!(matches!(
            next_signal_of(&mut frames).await,
            TickSignal::ShuttingDown
        ));
    }

    #[tokio::test(start_paused = true)]
    async fn a_subscription_sees_only_the_latest_tick_and_shutdown_when_the_ticker_is_gone() {
        let tickers = Tickers::new(
            WallClock::following_tokio_from(START),
            CancellationToken::new(),
        );
        let handle = tickers.ticker(Interval::from_millis(1000).unwrap());
        let mut frames = handle.subscribe();
        // A reader that is late by three ticks gets the newest, never a backlog.
        tokio::time::sleep(Duration::from_millis(3_900)).await;
        let TickSignal::Tick(frame) = next_signal_of(&mut frames).await else {
            panic!("expected a tick");
        };
        assert_eq!(
            frame.epoch_ms, 1_795_248_242_000,
            "ticks at :39, :40 and :41 passed"
        );
        let TickSignal::Tick(frame) = next_signal_of(&mut frames).await else {
            panic!("expected a tick");
        };
        assert_eq!(frame.epoch_ms, 1_795_248_243_000);
        // The registry's handle gone (its task aborted): the publisher is dropped.
        drop(handle);
        assert!(matches!(
            next_signal_of(&mut frames).await,
            TickSignal::ShuttingDown
        ));
    }

    /// The next frame's instant and era, and the wall clock when it came.
    async fn next_tick(frames: &mut TickSubscription, clock: &TokioClock) -> (i64, u32, i64) {
        match next_signal_of(frames).await {
            TickSignal::Tick(frame) => (frame.epoch_ms, frame.era, clock.now_ms()),
            other => panic!("expected a tick, got {other:?}"),
        }
    }

    #[tokio::test(start_paused = true)]
    async fn after_a_step_back_ticks_follow_the_new_time_in_a_new_era() {
        let clock = TokioClock::starting_at(START);
        let tickers = Tickers::new(
            WallClock::FollowsTokio(clock.clone()),
            CancellationToken::new(),
        );
        let handle = tickers.ticker(Interval::from_millis(5000).unwrap());
        let mut frames = handle.subscribe();
        assert_eq!(handle.era(), 0);
        let first = next_tick(&mut frames, &clock).await;
        assert_eq!(first, (1_795_248_240_000, 0, 1_795_248_240_000));
        // A day back, 1.1 s after the tick: noticed within LOOK_AGAIN, and the next tick is
        // the next multiple of 5 s of the new time, 3.9 s later.
        tokio::time::sleep(Duration::from_millis(1_100)).await;
        clock.step_ms(-86_400_000);
        let stepped_at = clock.now_ms();
        tokio::time::sleep(LOOK_AGAIN).await;
        assert_eq!(
            handle.era(),
            1,
            "the step back is noticed within LOOK_AGAIN"
        );
        let after = next_tick(&mut frames, &clock).await;
        assert_eq!(after, (1_795_161_845_000, 1, 1_795_161_845_000));
        assert_eq!(after.0 - stepped_at, 3_900);
        let later = next_tick(&mut frames, &clock).await;
        assert_eq!(later, (1_795_161_850_000, 1, 1_795_161_850_000));
    }

    #[tokio::test(start_paused = true)]
    async fn after_a_step_forward_no_jumped_over_tick_is_published() {
        let clock = TokioClock::starting_at(START);
        let tickers = Tickers::new(
            WallClock::FollowsTokio(clock.clone()),
            CancellationToken::new(),
        );
        let handle = tickers.ticker(Interval::from_millis(1000).unwrap());
        let mut frames = handle.subscribe();
        assert_eq!(next_tick(&mut frames, &clock).await.0, 1_795_248_239_000);
        tokio::time::sleep(Duration::from_millis(600)).await;
        clock.step_ms(10 * 60_000);
        // Every publication is seen: the board shows only the last of a burst, so a replay
        // would show as a tick whose instant is not the time it came at.
        let (epoch, era, seen_at) = next_tick(&mut frames, &clock).await;
        assert_eq!(era, 0, "a step forward needs no new era");
        assert_eq!(
            epoch, 1_795_248_840_000,
            "08:14:00, the next second of the new time"
        );
        assert_eq!(epoch, seen_at);
        assert_eq!(next_tick(&mut frames, &clock).await.0, 1_795_248_841_000);
    }

    #[tokio::test(start_paused = true)]
    async fn the_ticker_looks_at_the_wall_clock_between_long_sleeps() {
        // An hourly ticker: a step back of 50 minutes is noticed at once, not after the
        // 56 minutes the first sleep (to 09:00) would have lasted.
        let clock = TokioClock::starting_at(START);
        let tickers = Tickers::new(
            WallClock::FollowsTokio(clock.clone()),
            CancellationToken::new(),
        );
        let handle = tickers.ticker(Interval::from_millis(3_600_000).unwrap());
        let mut frames = handle.subscribe();
        tokio::time::sleep(Duration::from_millis(10)).await;
        clock.step_ms(-50 * 60_000);
        let (epoch, era, seen_at) = next_tick(&mut frames, &clock).await;
        // 07:13:58.250 → the next hour is 08:00, 46 min 1.75 s away, not 09:00.
        assert_eq!((epoch, era), (1_795_248_000_000, 1));
        assert_eq!(epoch, seen_at);
    }

    async fn next_signal_of(frames: &mut TickSubscription) -> TickSignal {
        std::future::poll_fn(|cx| frames.poll_signal(cx)).await
    }
}
