//! The shared tickers: one task per refresh interval, waking at every wall-clock multiple of
//! it and publishing a [`TickFrame`] that every stream on that interval reads.
//!
//! One timer per interval instead of one per connection means every client on the same
//! interval ticks at the same instant, and each zone's wall time is formatted once per tick
//! (in the frame) rather than once per connection. A ticker lives while a stream holds it:
//! dropping the last [`TickerHandle`] stops its task and removes it from the registry.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex, Weak},
    task::{Context, Poll},
    time::Duration,
};

use tokio::sync::watch;
use tokio_util::sync::{CancellationToken, ReusableBoxFuture};

use super::{frame::TickFrame, interval::Interval, wall_clock::WallClock};

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
    frames: watch::Receiver<TickSignal>,
    task: tokio::task::AbortHandle,
    registry: Weak<TickersInner>,
}

impl TickerHandle {
    /// A subscription to this ticker's frames, marked as having seen the current one.
    pub fn subscribe(&self) -> TickSubscription {
        let mut frames = self.frames.clone();
        frames.mark_unchanged();
        TickSubscription {
            next: ReusableBoxFuture::new(next_signal(frames)),
        }
    }
}

/// A stream's view of its ticker, polled by hand: the wait for the next signal lives in one
/// small allocation reused for every tick, so a stream's state stays a few hundred bytes.
pub struct TickSubscription {
    next: ReusableBoxFuture<'static, (TickSignal, watch::Receiver<TickSignal>)>,
}

impl TickSubscription {
    /// The next signal once the ticker publishes one; `ShuttingDown` if the ticker is gone.
    pub fn poll_signal(&mut self, cx: &mut Context<'_>) -> Poll<TickSignal> {
        let (signal, frames) = std::task::ready!(self.next.poll(cx));
        self.next.set(next_signal(frames));
        Poll::Ready(signal)
    }
}

/// Waits for the ticker's next signal; hands the receiver back for the wait after it.
async fn next_signal(
    mut frames: watch::Receiver<TickSignal>,
) -> (TickSignal, watch::Receiver<TickSignal>) {
    let signal = match frames.changed().await {
        Ok(()) => frames.borrow_and_update().clone(),
        Err(_) => TickSignal::ShuttingDown,
    };
    (signal, frames)
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
    pub fn clock(&self) -> WallClock {
        self.inner.clock
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
        let (sender, frames) = watch::channel(TickSignal::Waiting);
        let task = tokio::spawn(run_ticker(
            interval,
            self.inner.clock,
            self.inner.shutdown.clone(),
            sender,
        ));
        let handle = Arc::new(TickerHandle {
            interval,
            frames,
            task: task.abort_handle(),
            registry: Arc::downgrade(&self.inner),
        });
        running.insert(interval, Arc::downgrade(&handle));
        handle
    }
}

/// Publishes a frame at every multiple of `interval` on the wall clock until shutdown.
async fn run_ticker(
    interval: Interval,
    clock: WallClock,
    shutdown: CancellationToken,
    frames: watch::Sender<TickSignal>,
) {
    loop {
        let now = clock.now_ms();
        let next = interval.next_boundary_after(now);
        tokio::select! {
            () = tokio::time::sleep(Duration::from_millis((next - now) as u64)) => {}
            () = shutdown.cancelled() => {
                frames.send_replace(TickSignal::ShuttingDown);
                return;
            }
        }
        // Timers can wake a hair early against a wall clock that is being slewed; never
        // publish a tick before its instant.
        let mut now = clock.now_ms();
        while now < next {
            tokio::time::sleep(Duration::from_millis((next - now) as u64)).await;
            now = clock.now_ms();
        }
        frames.send_replace(TickSignal::Tick(Arc::new(TickFrame::new(next))));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        // The registry's handle gone (its task aborted): the sender is dropped.
        drop(handle);
        assert!(matches!(
            next_signal_of(&mut frames).await,
            TickSignal::ShuttingDown
        ));
    }

    async fn next_signal_of(frames: &mut TickSubscription) -> TickSignal {
        std::future::poll_fn(|cx| frames.poll_signal(cx)).await
    }
}
