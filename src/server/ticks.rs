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

use bytes::Bytes;
use tokio::sync::watch;
use tokio_util::sync::{CancellationToken, ReusableBoxFuture};

use super::zones::Zone;

/// A refresh interval, in whole milliseconds, from 100 ms to one hour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Interval(u64);

impl Interval {
    /// Shortest interval the API accepts.
    pub const MIN_MS: u64 = crate::contract::MIN_INTERVAL_MS;
    /// Longest interval the API accepts.
    pub const MAX_MS: u64 = crate::contract::MAX_INTERVAL_MS;

    /// An interval of `millis`, if within the accepted range.
    pub fn from_millis(millis: u64) -> Option<Interval> {
        (Self::MIN_MS..=Self::MAX_MS)
            .contains(&millis)
            .then_some(Interval(millis))
    }

    /// The interval in milliseconds.
    pub fn millis(self) -> u64 {
        self.0
    }

    /// The interval as a [`Duration`].
    pub fn duration(self) -> Duration {
        Duration::from_millis(self.0)
    }

    /// The first multiple of the interval strictly after `epoch_ms`.
    pub fn next_boundary_after(self, epoch_ms: i64) -> i64 {
        let period = self.0 as i64;
        (epoch_ms.div_euclid(period) + 1) * period
    }
}

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
            WallClock::System => crate::clock_face::now_epoch_ms(),
            WallClock::FollowsTokio { epoch_ms, started } => {
                epoch_ms + started.elapsed().as_millis() as i64
            }
        }
    }
}

/// One tick of one interval: its instant, and each zone's part of the `UPDATE` event,
/// encoded at most once however many streams send it.
#[derive(Debug)]
pub struct TickFrame {
    /// The tick's scheduled instant, UTC milliseconds.
    pub epoch_ms: i64,
    /// Encoded event tails by zone, filled on first use.
    ///
    /// A std mutex, not tokio's: it is held only to look up or insert, never across an await.
    encoded: Mutex<HashMap<Zone, Bytes>>,
}

impl TickFrame {
    /// A frame for the instant `epoch_ms`.
    pub fn new(epoch_ms: i64) -> TickFrame {
        TickFrame {
            epoch_ms,
            encoded: Mutex::new(HashMap::new()),
        }
    }

    /// Appends the complete `UPDATE` event of `zone` with tick number `id` to `out`.
    pub fn write_update(&self, out: &mut Vec<u8>, zone: Zone, id: u64) {
        let tail = self.update_tail(zone);
        write_update_head(out, id);
        out.extend_from_slice(&tail);
    }

    /// Everything of the event after `{"id":N,`: the same for every stream at this tick.
    fn update_tail(&self, zone: Zone) -> Bytes {
        let mut encoded = self
            .encoded
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        encoded
            .entry(zone)
            .or_insert_with(|| encode_update_tail(zone, self.epoch_ms))
            .clone()
    }
}

/// `id: N\nevent: UPDATE\ndata: {"id":N,`: the per-stream start of an `UPDATE` event.
fn write_update_head(out: &mut Vec<u8>, id: u64) {
    let mut digits = DigitBuffer::new();
    let id_text = digits.format(id);
    out.extend_from_slice(b"id: ");
    out.extend_from_slice(id_text);
    out.extend_from_slice(b"\nevent: UPDATE\ndata: {\"id\":");
    out.extend_from_slice(id_text);
    out.push(b',');
}

/// The JSON of the update with id 0, cut after `{"id":0,`, plus the blank line that ends
/// the event. serde_json escapes every control character, so the data is one line.
fn encode_update_tail(zone: Zone, epoch_ms: i64) -> Bytes {
    let json = serde_json::to_string(&zone.clock_update(0, epoch_ms))
        .expect("a ClockUpdate always serialises");
    let tail = json
        .strip_prefix("{\"id\":0,")
        .expect("id is the first field of a ClockUpdate");
    let mut bytes = Vec::with_capacity(tail.len() + 2);
    bytes.extend_from_slice(tail.as_bytes());
    bytes.extend_from_slice(b"\n\n");
    Bytes::from(bytes)
}

/// A stack buffer that formats an integer without allocating (`u64::MAX` has 20 digits).
struct DigitBuffer([u8; 20]);

impl DigitBuffer {
    fn new() -> DigitBuffer {
        DigitBuffer([0; 20])
    }

    fn format(&mut self, mut number: u64) -> &[u8] {
        let mut at = self.0.len();
        loop {
            at -= 1;
            self.0[at] = b'0' + (number % 10) as u8;
            number /= 10;
            if number == 0 {
                break;
            }
        }
        &self.0[at..]
    }
}

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

    #[test]
    fn intervals_are_bounded() {
        assert_eq!(Interval::from_millis(99), None);
        assert_eq!(Interval::from_millis(100).map(Interval::millis), Some(100));
        assert_eq!(
            Interval::from_millis(3_600_000).map(Interval::millis),
            Some(3_600_000)
        );
        assert_eq!(Interval::from_millis(3_600_001), None);
    }

    #[test]
    fn boundaries_are_wall_clock_multiples() {
        let five = Interval::from_millis(5000).unwrap();
        assert_eq!(five.next_boundary_after(START), 1_795_248_240_000);
        assert_eq!(
            five.next_boundary_after(1_795_248_240_000),
            1_795_248_245_000
        );
        let tenth = Interval::from_millis(100).unwrap();
        assert_eq!(tenth.next_boundary_after(START), START + 50);
    }

    #[test]
    fn an_encoded_update_is_the_contract_event() {
        let frame = TickFrame::new(1_795_248_238_000);
        let mut out = Vec::new();
        frame.write_update(&mut out, Zone::parse("Asia/Seoul").unwrap(), 7);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "id: 7\nevent: UPDATE\ndata: {\"id\":7,\"zone\":\"Asia/Seoul\",\"city\":\"Seoul\",\
             \"dateTime\":\"2026-11-21 17:03:58\",\"utcOffset\":\"+09:00\",\"abbreviation\":\"KST\",\
             \"epochMs\":1795248238000}\n\n"
        );
    }

    #[test]
    fn the_fast_encoding_matches_the_general_encoder() {
        use super::super::sse::{write_event, Event, FieldValue};
        let frame = TickFrame::new(START);
        for (zone, id) in [
            ("Europe/London", 1),
            ("America/St_Johns", 18_446_744_073_709_551_615u64),
        ] {
            let zone = Zone::parse(zone).unwrap();
            let mut fast = Vec::new();
            frame.write_update(&mut fast, zone, id);
            let data = serde_json::to_string(&zone.clock_update(id, START)).unwrap();
            let mut general = Vec::new();
            write_event(
                &mut general,
                &Event {
                    id: Some(&FieldValue::new(id.to_string()).unwrap()),
                    event: Some(&FieldValue::new("UPDATE").unwrap()),
                    data: &data,
                },
            );
            assert_eq!(
                String::from_utf8(fast).unwrap(),
                String::from_utf8(general).unwrap()
            );
        }
    }

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

    #[test]
    fn digits_format_without_allocating() {
        let mut buffer = DigitBuffer::new();
        assert_eq!(buffer.format(0), b"0");
        assert_eq!(buffer.format(7), b"7");
        assert_eq!(buffer.format(u64::MAX), b"18446744073709551615");
    }
}
