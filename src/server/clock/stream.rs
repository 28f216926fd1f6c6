//! The clock stream: `GET /api/clock/stream` and its alias `GET /event-stream`.
//!
//! A request is checked ([`ClockQuery`], [`LastEventId`]), takes a place under the cap
//! ([`StreamSlot`]) and joins the shared ticker of its interval. Its body then writes the
//! `retry:` hint and a first tick at once, one chunk per tick after that (every zone's event
//! in one write), a keep-alive comment when quiet, and `END` after the last tick of a
//! `limit`. The body is infallible: every error was answered before it started. When the
//! client goes away hyper drops the body, and with it the slot, the ticker handle and the
//! log line — all in `Drop`.

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
    interval::Interval,
    query::ClockQuery,
    ticker::{TickSignal, TickSubscription, TickerHandle, Tickers},
    wall_clock::WallClock,
};
use crate::model::{EndOfStream, END_EVENT};
use crate::server::{
    config::Settings,
    http::{event_stream_response, sse, ApiError, LastEventId, Metrics, StreamSlot},
    state::AppState,
    zones::ZoneSet,
};

/// The comment sent when a stream has been quiet for the heartbeat period.
const KEEP_ALIVE: &str = "keep-alive";

/// Answers a clock stream request: `200` with the stream, `204` when a resumed stream is
/// already past its limit, `400` for bad input, `503` over the cap.
pub async fn clock_stream(
    State(state): State<AppState>,
    LastEventId(last_event_id): LastEventId,
    query: ClockQuery,
) -> Result<Response, ApiError> {
    let delivered = last_event_id.unwrap_or(0);
    if query.limit.is_some_and(|limit| delivered >= limit.ticks()) {
        // The only answer that makes every conforming EventSource stop reconnecting.
        return Ok(StatusCode::NO_CONTENT.into_response());
    }
    let settings = &state.settings;
    let Some(slot) = StreamSlot::acquire(&state.metrics, state.stream_cap) else {
        return Err(ApiError::TooManyStreams {
            cap: state.stream_cap,
            retry_after_secs: settings.retry.as_millis().div_ceil(1000).max(1) as u64,
        });
    };
    let stream = ClockStream::new(
        query,
        last_event_id,
        &state.tickers,
        settings,
        Arc::clone(&state.metrics),
        slot,
    );
    Ok(event_stream_response(Body::from_stream(stream)))
}

/// Where a stream is in its life.
enum Phase {
    /// Nothing written yet: the retry hint and the first tick go out next.
    Opening { retry_ms: u64, clock: WallClock },
    /// Writing a tick whenever the ticker publishes one.
    Ticking,
    /// The last tick of the limit and `END` are written: the stream ends.
    Finished,
}

/// One open stream: what it sends, and what it holds until it is dropped.
///
/// A hand-polled [`Stream`] rather than an `async` block: the state of an idle stream is
/// this struct and the subscription's one small reused allocation, not a suspended future
/// with room for every await point in it (that was 736 bytes a stream; see BENCHMARKS.md).
struct ClockStream {
    /// Frames of the shared ticker for this stream's interval.
    frames: TickSubscription,
    /// Keeps the ticker running while this stream lives.
    _ticker: Arc<TickerHandle>,
    /// When to send a keep-alive, if the interval is longer than the heartbeat. Allocated
    /// only for such streams; reset whenever anything is sent.
    quiet: Option<(Duration, Pin<Box<Sleep>>)>,
    /// The zones, in the order asked.
    zones: ZoneSet,
    /// The id of the next tick.
    next_id: u64,
    /// The id of the last tick, if the stream has a limit.
    limit: Option<u64>,
    /// The instant of the last tick sent: a frame at or before it is not sent again.
    last_tick_ms: i64,
    phase: Phase,
    metrics: Arc<Metrics>,
    /// The place under the cap; given back on drop.
    _slot: StreamSlot,
    /// Logs the close on drop.
    log: StreamLog,
}

impl ClockStream {
    /// A stream for `query`, resuming after `last_event_id` if given.
    fn new(
        query: ClockQuery,
        last_event_id: Option<u64>,
        tickers: &Tickers,
        settings: &Settings,
        metrics: Arc<Metrics>,
        slot: StreamSlot,
    ) -> ClockStream {
        let ticker = tickers.ticker(query.interval);
        let log = StreamLog::opened(&query, last_event_id);
        // A tick comes at least every interval; only longer intervals need keep-alives.
        let quiet = (query.interval.duration() > settings.heartbeat).then(|| {
            (
                settings.heartbeat,
                Box::pin(tokio::time::sleep(settings.heartbeat)),
            )
        });
        ClockStream {
            frames: ticker.subscribe(),
            _ticker: ticker,
            quiet,
            zones: query.zones,
            next_id: last_event_id.unwrap_or(0) + 1,
            limit: query.limit.map(|limit| limit.ticks()),
            last_tick_ms: i64::MIN,
            phase: Phase::Opening {
                retry_ms: settings.retry.as_millis() as u64,
                clock: tickers.clock(),
            },
            metrics,
            _slot: slot,
            log,
        }
    }

    /// The next chunk once there is one: a tick's events (which win over a keep-alive due at
    /// the same instant: they keep the line busy too), or a keep-alive comment after the
    /// heartbeat; `None` at shutdown.
    fn poll_tick_or_quiet(&mut self, cx: &mut Context<'_>) -> Poll<Option<Vec<u8>>> {
        while let Poll::Ready(signal) = self.frames.poll_signal(cx) {
            match signal {
                TickSignal::Tick(frame) if frame.epoch_ms > self.last_tick_ms => {
                    let mut out = Vec::with_capacity(self.chunk_capacity());
                    self.write_tick(&mut out, &frame);
                    return Poll::Ready(Some(out));
                }
                TickSignal::Tick(_) | TickSignal::Waiting => continue,
                TickSignal::ShuttingDown => {
                    self.log.end_reason = "server shutting down";
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
        for zone in self.zones.zones() {
            frame.write_update(out, *zone, id);
        }
        self.metrics
            .events_sent
            .inc_by(self.zones.zones().len() as u64);
        self.last_tick_ms = frame.epoch_ms;
        self.next_id += 1;
        self.log.ticks_sent += 1;
        if self.limit == Some(id) {
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
            self.metrics.events_sent.inc();
            self.log.end_reason = "limit reached";
            self.phase = Phase::Finished;
        }
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
            Phase::Opening { retry_ms, clock } => {
                let mut out = Vec::with_capacity(this.chunk_capacity() + 16);
                sse::write_retry(&mut out, retry_ms);
                // The first tick is now, not at the next boundary: the page fills at once.
                this.write_tick(&mut out, &TickFrame::new(clock.now_ms()));
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

/// One log line when a stream opens, one when it closes (from `Drop`, so every ending is
/// logged: limit, shutdown, or the client going away).
struct StreamLog {
    zones: String,
    interval: Interval,
    opened: std::time::Instant,
    ticks_sent: u64,
    end_reason: &'static str,
}

impl StreamLog {
    fn opened(query: &ClockQuery, resumed_after: Option<u64>) -> StreamLog {
        let zones = query.zones.names();
        tracing::info!(
            zones = %zones,
            interval_ms = query.interval.millis(),
            limit = query.limit.map(|limit| limit.ticks()),
            resumed_after,
            "stream opened"
        );
        StreamLog {
            zones,
            interval: query.interval,
            opened: std::time::Instant::now(),
            ticks_sent: 0,
            end_reason: "client went away",
        }
    }
}

impl Drop for StreamLog {
    fn drop(&mut self) {
        tracing::info!(
            zones = %self.zones,
            interval_ms = self.interval.millis(),
            duration_ms = self.opened.elapsed().as_millis() as u64,
            ticks_sent = self.ticks_sent,
            reason = self.end_reason,
            "stream closed"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::zones::Zone;
    use tokio_util::sync::CancellationToken;

    /// 2026-11-21T08:03:58.250Z.
    const START: i64 = 1_795_248_238_250;

    struct Harness {
        tickers: Tickers,
        settings: Settings,
        metrics: Arc<Metrics>,
        shutdown: CancellationToken,
    }

    impl Harness {
        fn new(heartbeat_ms: u64) -> Harness {
            let shutdown = CancellationToken::new();
            Harness {
                tickers: Tickers::new(WallClock::following_tokio_from(START), shutdown.clone()),
                settings: Settings {
                    heartbeat: Duration::from_millis(heartbeat_ms),
                    ..Settings::default()
                },
                metrics: Arc::new(Metrics::new()),
                shutdown,
            }
        }

        fn stream(&self, query: &str, last_event_id: Option<u64>) -> ClockStream {
            let query = ClockQuery::parse(query, Zone::parse("Asia/Kolkata").unwrap()).unwrap();
            let slot = StreamSlot::acquire(&self.metrics, 10).unwrap();
            ClockStream::new(
                query,
                last_event_id,
                &self.tickers,
                &self.settings,
                Arc::clone(&self.metrics),
                slot,
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
        harness.shutdown.cancel();
        assert!(next(stream).await.is_none());
        assert_eq!(harness.metrics.streams_active.get(), 0);
    }
}
