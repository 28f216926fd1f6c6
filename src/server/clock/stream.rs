//! The clock stream: `GET /api/clock/stream` and its alias `GET /event-stream`.
//!
//! A request is checked ([`ClockQuery`], [`LastEventId`]), takes a place under its client's
//! cap ([`ClientSlot`]) and the server's ([`StreamSlot`]) and joins the shared ticker of its
//! interval. Its body then writes the `retry:` hint and a first tick at once, one chunk per
//! tick after that (every zone's event in one write), a keep-alive comment when quiet, and
//! `END` after the last tick of a `limit` (or of the id space: ids never pass `u64::MAX`).
//! The body is infallible: every error was answered before it started. When the client goes
//! away hyper drops the body, and with it the slots, the ticker handle and the log line —
//! all in `Drop`.

use std::{
    convert::Infallible,
    future::Future,
    pin::Pin,
    sync::Arc,
    task::{Context, Poll},
    time::Duration,
};

use axum::{
    body::Body,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use bytes::Bytes;
use futures_util::Stream;
use tokio::time::Sleep;

use super::{
    frame::TickFrame,
    query::ClockQuery,
    ticker::{TickSignal, TickSubscription, TickerHandle, Tickers},
};
use crate::model::{EndOfStream, END_EVENT};
use crate::server::{
    config::Settings,
    http::{event_stream_response, sse, ApiError, Client, ClientSlot, LastEventId, StreamSlot},
    state::AppState,
    zones::ZoneSet,
};

/// The comment sent when a stream has been quiet for the heartbeat period.
const KEEP_ALIVE: &str = "keep-alive";

/// Answers a clock stream request: `200` with the stream, `204` when a resumed stream is
/// already past its limit (or at the largest id), `400` for bad input, `429` when its client
/// holds its cap, `503` over the server's cap.
pub async fn clock_stream(
    State(state): State<AppState>,
    LastEventId(last_event_id): LastEventId,
    client: Client,
    query: ClockQuery,
) -> Result<Response, ApiError> {
    let delivered = last_event_id.unwrap_or(0);
    // Ids are u64: the largest is the last one even for an endless stream.
    let last_id = query.limit.map_or(u64::MAX, |limit| limit.ticks());
    if delivered >= last_id {
        // The only answer that makes every conforming EventSource stop reconnecting.
        return Ok(StatusCode::NO_CONTENT.into_response());
    }
    let settings = &state.settings;
    let retry_after_secs = settings.retry.as_millis().div_ceil(1000).max(1) as u64;
    let Some(client_slot) = state.streams_per_client.acquire(client) else {
        state.metrics.streams_refused_per_client.inc();
        return Err(ApiError::TooManyStreamsFromClient {
            cap: state.streams_per_client.cap(),
            retry_after_secs,
        });
    };
    let Some(slot) = StreamSlot::acquire(&state.metrics, state.stream_cap) else {
        return Err(ApiError::TooManyStreams {
            cap: state.stream_cap,
            retry_after_secs,
        });
    };
    let stream = ClockStream::new(
        query,
        last_event_id,
        &state.tickers,
        settings,
        (slot, client_slot),
    );
    Ok(event_stream_response(Body::from_stream(stream)))
}

/// Where a stream is in its life.
enum Phase {
    /// Nothing written yet: the retry hint and the first tick, at `first_tick_ms` (when the
    /// request came), go out next.
    Opening { retry_ms: u64, first_tick_ms: i64 },
    /// Writing a tick whenever the ticker publishes one.
    Ticking,
    /// The last tick of the limit and `END` are written: the stream ends.
    Finished,
}

/// Why a stream ended, for its log line.
#[derive(Clone, Copy)]
enum EndReason {
    ClientWentAway,
    LimitReached,
    ShuttingDown,
}

impl EndReason {
    fn as_str(self) -> &'static str {
        match self {
            EndReason::ClientWentAway => "client went away",
            EndReason::LimitReached => "limit reached",
            EndReason::ShuttingDown => "server shutting down",
        }
    }
}

/// One open stream: what it sends, and what it holds until it is dropped.
///
/// A hand-polled [`Stream`] rather than an `async` block: the state of an idle stream is
/// this struct and the subscription's one small reused allocation, not a suspended future
/// with room for every await point in it (that was 736 bytes a stream; see BENCHMARKS.md).
/// Its close is logged from `Drop`, with what the stream already holds (no copy of the zone
/// names rides along for it).
struct ClockStream {
    /// Frames of the shared ticker for this stream's interval.
    frames: TickSubscription,
    /// Keeps the ticker running while this stream lives.
    ticker: Arc<TickerHandle>,
    /// When to send a keep-alive, if the interval is longer than the heartbeat. Allocated
    /// only for such streams; reset whenever anything is sent.
    quiet: Option<(Duration, Pin<Box<Sleep>>)>,
    /// The zones, in the order asked.
    zones: ZoneSet,
    /// The id of the next tick.
    next_id: u64,
    /// The id of the last tick: the limit, or the largest id there is.
    last_id: u64,
    /// The instant of the last tick sent: a frame of the same era at or before it is not
    /// sent again (the ticker's frame for the instant of a stream's own first tick, say).
    last_tick_ms: i64,
    /// The ticker's era of the last tick sent. A frame of a later era comes after the wall
    /// clock stepped back, and is sent although its instant is earlier.
    era: u32,
    phase: Phase,
    /// The places under the server's cap and the client's; given back on drop.
    slots: (StreamSlot, ClientSlot),
    /// For the close's log line.
    log: StreamLog,
}

impl ClockStream {
    /// A stream for `query`, resuming after `last_event_id` if given. The caller has checked
    /// that an id is left to send (`last_event_id` is below the limit and `u64::MAX`).
    fn new(
        query: ClockQuery,
        last_event_id: Option<u64>,
        tickers: &Tickers,
        settings: &Settings,
        slots: (StreamSlot, ClientSlot),
    ) -> ClockStream {
        let ticker = tickers.ticker(query.interval);
        // The era first, then the time: a step back between them puts the first tick in
        // the older era, and the ticker's next frame is sent whatever its instant.
        let era = ticker.era();
        let first_tick_ms = tickers.clock().now_ms();
        StreamLog::opened(&query, last_event_id);
        // A tick comes at least every interval; only longer intervals need keep-alives.
        let quiet = (query.interval.duration() > settings.heartbeat).then(|| {
            (
                settings.heartbeat,
                Box::pin(tokio::time::sleep(settings.heartbeat)),
            )
        });
        ClockStream {
            frames: ticker.subscribe(),
            ticker,
            quiet,
            zones: query.zones,
            next_id: last_event_id.map_or(1, |id| id.saturating_add(1)),
            last_id: query.limit.map_or(u64::MAX, |limit| limit.ticks()),
            last_tick_ms: i64::MIN,
            era,
            phase: Phase::Opening {
                retry_ms: settings.retry.as_millis() as u64,
                first_tick_ms,
            },
            slots,
            log: StreamLog::new(),
        }
    }

    /// The next chunk once there is one: a tick's events (which win over a keep-alive due at
    /// the same instant: they keep the line busy too), or a keep-alive comment after the
    /// heartbeat; `None` at shutdown.
    fn poll_tick_or_quiet(&mut self, cx: &mut Context<'_>) -> Poll<Option<Vec<u8>>> {
        while let Poll::Ready(signal) = self.frames.poll_signal(cx) {
            match signal {
                TickSignal::Tick(frame)
                    if frame.era != self.era || frame.epoch_ms > self.last_tick_ms =>
                {
                    // Empty: the frame reserves exactly the tick's length.
                    let mut out = Vec::new();
                    self.write_tick(&mut out, &frame);
                    return Poll::Ready(Some(out));
                }
                TickSignal::Tick(_) | TickSignal::Waiting => continue,
                TickSignal::ShuttingDown => {
                    self.log.end_reason = EndReason::ShuttingDown;
                    return Poll::Ready(None);
                }
            }
        }
        if let Some((_, quiet)) = &mut self.quiet {
            if quiet.as_mut().poll(cx).is_ready() {
                let mut out = Vec::with_capacity(16);
                sse::write_comment(&mut out, KEEP_ALIVE);
                return Poll::Ready(Some(out));
            }
        }
        Poll::Pending
    }

    /// Starts the quiet period again: something was just sent.
    fn restart_quiet(&mut self) {
        if let Some((period, quiet)) = &mut self.quiet {
            quiet.as_mut().reset(tokio::time::Instant::now() + *period);
        }
    }

    /// Appends one tick (an `UPDATE` per zone, all with the tick's id), and `END` if it was
    /// the last of the limit.
    fn write_tick(&mut self, out: &mut Vec<u8>, frame: &TickFrame) {
        let id = self.next_id;
        frame.write_updates(out, self.zones.zones(), id);
        self.slots
            .0
            .metrics()
            .events_sent
            .inc_by(self.zones.zones().len() as u64);
        self.last_tick_ms = frame.epoch_ms;
        self.era = frame.era;
        self.log.ticks_sent += 1;
        if id < self.last_id {
            self.next_id = id + 1;
            return;
        }
        let end = FieldValues::get().end.clone();
        let data = serde_json::to_string(&EndOfStream {
            reason: "limit".to_owned(),
        })
        .expect("EndOfStream always serialises");
        sse::write_event(
            out,
            &sse::Event {
                id: None,
                event: Some(&end),
                data: &data,
            },
        );
        self.slots.0.metrics().events_sent.inc();
        self.log.end_reason = EndReason::LimitReached;
        self.phase = Phase::Finished;
    }

    /// Room for one tick: about 220 bytes per zone.
    fn chunk_capacity(&self) -> usize {
        self.zones.zones().len() * 224
    }
}

impl Stream for ClockStream {
    type Item = Result<Bytes, Infallible>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        let chunk = match std::mem::replace(&mut this.phase, Phase::Ticking) {
            Phase::Finished => {
                this.phase = Phase::Finished;
                return Poll::Ready(None);
            }
            Phase::Opening {
                retry_ms,
                first_tick_ms,
            } => {
                let mut out = Vec::with_capacity(this.chunk_capacity() + 16);
                sse::write_retry(&mut out, retry_ms);
                // The first tick is now, not at the next boundary: the page fills at once.
                let first = TickFrame::new(first_tick_ms, this.era);
                this.write_tick(&mut out, &first);
                out
            }
            Phase::Ticking => match this.poll_tick_or_quiet(cx) {
                Poll::Ready(Some(chunk)) => chunk,
                Poll::Ready(None) => {
                    this.phase = Phase::Finished;
                    return Poll::Ready(None);
                }
                Poll::Pending => return Poll::Pending,
            },
        };
        this.restart_quiet();
        Poll::Ready(Some(Ok(Bytes::from(chunk))))
    }
}

impl Drop for ClockStream {
    fn drop(&mut self) {
        tracing::info!(
            zones = %self.zones.names(),
            interval_ms = self.ticker.interval().millis(),
            duration_ms = self.log.opened.elapsed().as_millis() as u64,
            ticks_sent = self.log.ticks_sent,
            reason = self.log.end_reason.as_str(),
            "stream closed"
        );
    }
}

/// Event names checked once.
struct FieldValues {
    end: sse::FieldValue,
}

impl FieldValues {
    fn get() -> &'static FieldValues {
        static VALUES: std::sync::OnceLock<FieldValues> = std::sync::OnceLock::new();
        VALUES.get_or_init(|| FieldValues {
            end: sse::FieldValue::new(END_EVENT).expect("END is one line"),
        })
    }
}

/// One log line when a stream opens; what the line at its close (from `Drop`, so every
/// ending is logged: limit, shutdown, or the client going away) needs besides the stream.
struct StreamLog {
    opened: std::time::Instant,
    ticks_sent: u64,
    end_reason: EndReason,
}

impl StreamLog {
    fn opened(query: &ClockQuery, resumed_after: Option<u64>) {
        tracing::info!(
            zones = %query.zones.names(),
            interval_ms = query.interval.millis(),
            limit = query.limit.map(|limit| limit.ticks()),
            resumed_after,
            "stream opened"
        );
    }

    fn new() -> StreamLog {
        StreamLog {
            opened: std::time::Instant::now(),
            ticks_sent: 0,
            end_reason: EndReason::ClientWentAway,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::{
        clock::{
            ticker::STEP_TOLERANCE_MS,
            wall_clock::{TokioClock, WallClock},
        },
        http::{Metrics, StreamsPerClient},
        zones::Zone,
    };
    use tokio_util::sync::CancellationToken;

    /// 2026-11-21T08:03:58.250Z.
    const START: i64 = 1_795_248_238_250;

    struct Harness {
        clock: TokioClock,
        tickers: Tickers,
        settings: Settings,
        metrics: Arc<Metrics>,
        clients: Arc<StreamsPerClient>,
        shutdown: CancellationToken,
    }

    impl Harness {
        fn new(heartbeat_ms: u64) -> Harness {
            let shutdown = CancellationToken::new();
            let clock = TokioClock::starting_at(START);
            Harness {
                tickers: Tickers::new(WallClock::FollowsTokio(clock.clone()), shutdown.clone()),
                clock,
                settings: Settings {
                    heartbeat: Duration::from_millis(heartbeat_ms),
                    ..Settings::default()
                },
                metrics: Arc::new(Metrics::new()),
                clients: Arc::new(StreamsPerClient::new(10)),
                shutdown,
            }
        }

        fn stream(&self, query: &str, last_event_id: Option<u64>) -> ClockStream {
            let query = ClockQuery::parse(query, Zone::parse("Asia/Kolkata").unwrap()).unwrap();
            let slot = StreamSlot::acquire(&self.metrics, 10).unwrap();
            let client = Client::of("203.0.113.7".parse().unwrap());
            let client_slot = self.clients.acquire(client).unwrap();
            ClockStream::new(
                query,
                last_event_id,
                &self.tickers,
                &self.settings,
                (slot, client_slot),
            )
        }
    }

    /// Drives the stream for one chunk; returns it as text.
    async fn next(mut stream: ClockStream) -> Option<(String, ClockStream)> {
        let chunk = futures_util::StreamExt::next(&mut stream).await?;
        Some((String::from_utf8(chunk.unwrap().to_vec()).unwrap(), stream))
    }

    fn epochs(chunk: &str) -> Vec<i64> {
        chunk
            .lines()
            .filter_map(|line| line.strip_prefix("data: "))
            .filter_map(|data| serde_json::from_str::<crate::model::ClockUpdate>(data).ok())
            .map(|update| update.epoch_ms)
            .collect()
    }

    fn ids(chunk: &str) -> Vec<u64> {
        chunk
            .lines()
            .filter_map(|line| line.strip_prefix("id: "))
            .map(|id| id.parse().unwrap())
            .collect()
    }

    #[tokio::test(start_paused = true)]
    async fn retry_and_a_first_tick_at_once_then_ticks_on_wall_clock_multiples() {
        let harness = Harness::new(15_000);
        let stream = harness.stream("cities=Asia/Seoul,Europe/London&sec=0.5", None);
        let (first, stream) = next(stream).await.unwrap();
        assert!(
            first.starts_with("retry: 3000\n\nid: 1\nevent: UPDATE\n"),
            "{first}"
        );
        assert_eq!(epochs(&first), vec![START, START]);
        assert_eq!(
            harness.tickers.clock().now_ms(),
            START,
            "the first tick waits for nothing"
        );
        let (second, stream) = next(stream).await.unwrap();
        assert_eq!(ids(&second), vec![2, 2]);
        assert_eq!(epochs(&second), vec![START + 250, START + 250]);
        assert_eq!(
            harness.tickers.clock().now_ms(),
            START + 250,
            "sent at its instant"
        );
        let (third, _stream) = next(stream).await.unwrap();
        assert_eq!(epochs(&third), vec![START + 750, START + 750]);
        assert_eq!(harness.tickers.clock().now_ms(), START + 750);
    }

    #[tokio::test(start_paused = true)]
    async fn a_quiet_stream_sends_keep_alives_at_the_heartbeat() {
        let harness = Harness::new(25_000);
        // 60 s interval: the first tick now, the next at 08:04:00, keep-alives between.
        let stream = harness.stream("city=UTC&sec=60", None);
        let (_, stream) = next(stream).await.unwrap();
        let (tick, stream) = next(stream).await.unwrap();
        assert_eq!(epochs(&tick), vec![1_795_248_240_000]);
        let (quiet, stream) = next(stream).await.unwrap();
        assert_eq!(quiet, ": keep-alive\n\n");
        assert_eq!(
            harness.tickers.clock().now_ms(),
            1_795_248_265_000,
            "25 s after the last event"
        );
        let (quiet, stream) = next(stream).await.unwrap();
        assert_eq!(quiet, ": keep-alive\n\n");
        assert_eq!(
            harness.tickers.clock().now_ms(),
            1_795_248_290_000,
            "25 s after the last comment"
        );
        let (tick, _stream) = next(stream).await.unwrap();
        assert_eq!(
            epochs(&tick),
            vec![1_795_248_300_000],
            "ticks still land on the minute"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn streams_at_or_under_the_heartbeat_never_need_keep_alives() {
        let harness = Harness::new(1_000);
        let mut stream = harness.stream("city=UTC&sec=1", None);
        for _ in 0..5 {
            let (chunk, next_stream) = next(stream).await.unwrap();
            assert!(!chunk.contains("keep-alive"), "{chunk}");
            stream = next_stream;
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_limited_stream_resumes_counting_and_ends_with_end() {
        let harness = Harness::new(15_000);
        let stream = harness.stream("city=UTC&sec=1&limit=3", Some(1));
        let (first, stream) = next(stream).await.unwrap();
        assert_eq!(ids(&first), vec![2]);
        let (last, stream) = next(stream).await.unwrap();
        assert_eq!(ids(&last), vec![3]);
        assert!(
            last.ends_with("event: END\ndata: {\"reason\":\"limit\"}\n\n"),
            "{last}"
        );
        assert!(next(stream).await.is_none());
        assert_eq!(harness.metrics.events_sent.get(), 3);
    }

    #[tokio::test(start_paused = true)]
    async fn shutdown_ends_the_stream_and_frees_its_place() {
        let harness = Harness::new(15_000);
        let stream = harness.stream("city=UTC&sec=3600", None);
        let (_, stream) = next(stream).await.unwrap();
        assert_eq!(harness.metrics.streams_active.get(), 1);
        assert_eq!(harness.clients.clients(), 1);
        harness.shutdown.cancel();
        assert!(next(stream).await.is_none());
        assert_eq!(harness.metrics.streams_active.get(), 0);
        assert_eq!(
            harness.clients.clients(),
            0,
            "the client's place is given back"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn the_largest_id_ends_the_stream_without_wrapping() {
        let harness = Harness::new(15_000);
        let stream = harness.stream("city=UTC&sec=1", Some(u64::MAX - 2));
        let (first, stream) = next(stream).await.unwrap();
        assert_eq!(ids(&first), vec![u64::MAX - 1]);
        let (last, stream) = next(stream).await.unwrap();
        assert_eq!(ids(&last), vec![u64::MAX]);
        assert!(
            last.ends_with("event: END\ndata: {\"reason\":\"limit\"}\n\n"),
            "{last}"
        );
        assert!(next(stream).await.is_none());
    }

    /// Reads `count` ticks; each chunk's epochs and id, and the wall clock when it came.
    async fn ticks(
        harness: &Harness,
        mut stream: ClockStream,
        count: usize,
    ) -> (Vec<(u64, i64, i64)>, ClockStream) {
        let mut seen = Vec::new();
        while seen.len() < count {
            let (chunk, rest) = next(stream).await.unwrap();
            stream = rest;
            if let (Some(id), Some(epoch)) = (ids(&chunk).first(), epochs(&chunk).first()) {
                seen.push((*id, *epoch, harness.clock.now_ms()));
            }
        }
        (seen, stream)
    }

    fn assert_consecutive(ticks: &[(u64, i64, i64)], after: u64) {
        let ids: Vec<u64> = ticks.iter().map(|tick| tick.0).collect();
        let expected: Vec<u64> = (after + 1..=after + ticks.len() as u64).collect();
        assert_eq!(ids, expected, "ids rise by one per tick");
    }

    #[tokio::test(start_paused = true)]
    async fn a_live_stream_follows_a_large_step_back_at_once() {
        let harness = Harness::new(15_000);
        let stream = harness.stream("city=UTC&sec=1", None);
        let (before, stream) = ticks(&harness, stream, 3).await;
        assert_eq!(before[2].1, 1_795_248_240_000);
        // The clock reads 08:04:00.000; an NTP step puts it back a minute and 250 ms.
        tokio::time::sleep(Duration::from_millis(400)).await;
        harness.clock.step_ms(-60_250);
        let stepped_at = harness.clock.now_ms();
        let (after, _stream) = ticks(&harness, stream, 3).await;
        assert_consecutive(&[before, after.clone()].concat(), 0);
        // The next multiple of one second after the new time (08:03:00.150), sent when the
        // clock reads it.
        assert_eq!(stepped_at, 1_795_248_180_150);
        assert_eq!(after[0].1, 1_795_248_181_000);
        assert!(after[0].1 - stepped_at <= 1_000, "within one interval");
        for (_, epoch, sent_at) in &after {
            assert_eq!(epoch, sent_at, "each tick goes out at its instant");
        }
        assert_eq!(after[2].1, 1_795_248_183_000);
    }

    #[tokio::test(start_paused = true)]
    async fn a_live_stream_follows_a_large_step_forward_without_a_burst() {
        let harness = Harness::new(15_000);
        let stream = harness.stream("city=UTC&sec=1", None);
        let (before, stream) = ticks(&harness, stream, 2).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        harness.clock.step_ms(3 * 3_600_000);
        let stepped_at = harness.clock.now_ms();
        let (after, _stream) = ticks(&harness, stream, 3).await;
        assert_consecutive(&[before, after.clone()].concat(), 0);
        // No tick for the three hours jumped over: the next multiple after the new time.
        assert_eq!(after[0].1, Interval1s::next_after(stepped_at));
        for (_, epoch, sent_at) in &after {
            assert_eq!(
                epoch, sent_at,
                "each tick goes out at its instant, no replay"
            );
        }
        assert_eq!(after[2].1 - after[0].1, 2_000);
    }

    #[tokio::test(start_paused = true)]
    async fn small_steps_either_way_keep_the_ticks_on_the_wall_clock() {
        for step_ms in [-30, 30, -300, 300, -999, 999] {
            let harness = Harness::new(15_000);
            let stream = harness.stream("city=UTC&sec=1", None);
            let (before, stream) = ticks(&harness, stream, 2).await;
            // 08:03:59.400: between two of the ticker's looks at the clock.
            tokio::time::sleep(Duration::from_millis(400)).await;
            harness.clock.step_ms(step_ms);
            let stepped_at = harness.clock.now_ms();
            let (after, _stream) = ticks(&harness, stream, 3).await;
            assert_consecutive(&[before.clone(), after.clone()].concat(), 0);
            for (_, epoch, sent_at) in &after {
                assert_eq!(epoch % 1000, 0, "step {step_ms}: on the second");
                assert_eq!(epoch, sent_at, "step {step_ms}: sent at its instant");
            }
            // The first tick after the step is the next second of the new time. A step back
            // too small to be told from the clocks' jitter does not bring back the second
            // already ticked: that costs at most the step.
            let next = if step_ms.abs() <= STEP_TOLERANCE_MS {
                Interval1s::next_after(stepped_at).max(before[1].1 + 1000)
            } else {
                Interval1s::next_after(stepped_at)
            };
            assert_eq!(after[0].1, next, "step {step_ms}");
            assert!(
                after[0].1 - stepped_at <= 1_000 + step_ms.abs(),
                "step {step_ms}"
            );
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_stream_opened_just_before_a_step_back_is_not_held_back() {
        let harness = Harness::new(15_000);
        // Opened at 08:03:58.250; the ticker's next frame would be 08:03:59.
        let stream = harness.stream("city=UTC&sec=1", None);
        let (first, stream) = ticks(&harness, stream, 1).await;
        assert_eq!(first[0].1, START);
        tokio::time::sleep(Duration::from_millis(100)).await;
        harness.clock.step_ms(-120_000);
        let (after, _stream) = ticks(&harness, stream, 2).await;
        assert_consecutive(&[first, after.clone()].concat(), 0);
        assert_eq!(
            after[0].1, 1_795_248_119_000,
            "08:01:59, before the first tick's instant"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn shutdown_ends_a_stream_at_once_after_steps() {
        let harness = Harness::new(15_000);
        let stream = harness.stream("city=UTC&sec=3600", None);
        let (_, stream) = next(stream).await.unwrap();
        harness.clock.step_ms(-7_200_000);
        tokio::time::sleep(Duration::from_secs(1)).await;
        harness.clock.step_ms(86_400_000);
        tokio::time::sleep(Duration::from_secs(1)).await;
        let cancelled_at = tokio::time::Instant::now();
        harness.shutdown.cancel();
        assert!(next(stream).await.is_none());
        assert_eq!(tokio::time::Instant::now(), cancelled_at, "at once");
    }

    /// Seconds on the wall clock.
    struct Interval1s;

    impl Interval1s {
        fn next_after(epoch_ms: i64) -> i64 {
            (epoch_ms.div_euclid(1000) + 1) * 1000
        }
    }
}
