//! `GET /metrics` and the counters behind it, in Prometheus' text format (prometheus-client
//! writes the OpenMetrics dialect, which Prometheus scrapes natively).
//!
//! [`StreamSlot`] is how a stream takes its place under the concurrent-stream cap: holding
//! one counts in `sse_streams_active`, and dropping it — however the stream ends — gives the
//! place back. Cleanup lives in `Drop`, so no path can forget it.
//!
//! The system clock's two gauges are set from the kernel at each scrape (one system call):
//! a value kept from a minute ago could hide the moment a clock lost its synchronisation.

use std::sync::{atomic::AtomicU64, Arc};

use axum::{
    extract::State,
    http::{header, StatusCode},
    response::{IntoResponse, Response},
};
use prometheus_client::{
    encoding::text::encode,
    metrics::{counter::Counter, gauge::Gauge},
    registry::Registry,
};

use super::kernel_clock::{self, ClockSync};

/// The server's counters and gauges.
pub struct Metrics {
    registry: Registry,
    /// Streams open now.
    pub streams_active: Gauge,
    /// Streams opened since start.
    pub streams_opened: Counter,
    /// `UPDATE` and `END` events written since start.
    pub events_sent: Counter,
    /// Streams refused with `503` because the cap was reached.
    pub streams_refused: Counter,
    /// Streams refused with `429` because their client held its cap.
    pub streams_refused_per_client: Counter,
    /// Connections closed because the client stopped reading.
    pub stalled_connections_closed: Counter,
    /// Report computations running now.
    pub report_computations: Gauge,
    /// Report event streams open now.
    pub report_streams_active: Gauge,
    /// Bytes of report results kept now.
    pub report_cache_bytes: Gauge,
    /// 1 while the kernel says a time daemon keeps the system clock synchronised, else 0.
    clock_synchronized: Gauge,
    /// The kernel's estimate of the system clock's maximum error (`NaN` when it cannot be
    /// asked).
    clock_max_error_seconds: Gauge<f64, AtomicU64>,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

impl Metrics {
    /// Fresh metrics, all zero.
    pub fn new() -> Metrics {
        let mut registry = Registry::default();
        let streams_active = Gauge::default();
        let streams_opened = Counter::default();
        let events_sent = Counter::default();
        let streams_refused = Counter::default();
        let streams_refused_per_client = Counter::default();
        let stalled_connections_closed = Counter::default();
        let report_computations = Gauge::default();
        let report_streams_active = Gauge::default();
        let report_cache_bytes = Gauge::default();
        let clock_synchronized = Gauge::default();
        let clock_max_error_seconds = Gauge::<f64, AtomicU64>::default();
        registry.register(
            "sse_streams_active",
            "Clock streams open now",
            streams_active.clone(),
        );
        registry.register(
            "sse_streams_opened",
            "Clock streams opened since the server started",
            streams_opened.clone(),
        );
        registry.register(
            "sse_events_sent",
            "SSE events (UPDATE and END) written since the server started",
            events_sent.clone(),
        );
        registry.register(
            "sse_streams_refused",
            "Clock streams refused with 503 because the concurrent-stream cap was reached",
            streams_refused.clone(),
        );
        registry.register(
            "sse_streams_refused_per_client",
            "Clock streams refused with 429 because their client already held the per-client cap",
            streams_refused_per_client.clone(),
        );
        registry.register(
            "sse_stalled_connections_closed",
            "Connections closed because the client stopped reading",
            stalled_connections_closed.clone(),
        );
        registry.register(
            "report_computations_running",
            "Transitions reports being computed now",
            report_computations.clone(),
        );
        registry.register(
            "report_streams_active",
            "Report event streams open now",
            report_streams_active.clone(),
        );
        registry.register(
            "report_cache_bytes",
            "Bytes of rendered report results kept now",
            report_cache_bytes.clone(),
        );
        registry.register(
            "clock_synchronized",
            "1 while the kernel says the system clock is synchronised (by chrony, systemd-timesyncd or ntpd), else 0",
            clock_synchronized.clone(),
        );
        registry.register(
            "clock_max_error_seconds",
            "The kernel's estimate of the system clock's maximum error (adjtimex maxerror)",
            clock_max_error_seconds.clone(),
        );
        Metrics {
            registry,
            streams_active,
            streams_opened,
            events_sent,
            streams_refused,
            streams_refused_per_client,
            stalled_connections_closed,
            report_computations,
            report_streams_active,
            report_cache_bytes,
            clock_synchronized,
            clock_max_error_seconds,
        }
    }

    /// Sets the clock's gauges to what the kernel says.
    pub fn record_clock_sync(&self, sync: ClockSync) {
        self.clock_synchronized
            .set(i64::from(sync.is_synchronised()));
        self.clock_max_error_seconds.set(
            sync.max_error()
                .map_or(f64::NAN, |error| error.as_secs_f64()),
        );
    }

    /// The exposition text.
    pub fn render(&self) -> String {
        let mut text = String::new();
        encode(&mut text, &self.registry).expect("writing to a String cannot fail");
        text
    }
}

/// A place under the concurrent-stream cap, held for as long as a stream is open.
pub struct StreamSlot {
    metrics: Arc<Metrics>,
}

impl StreamSlot {
    /// Takes a place if fewer than `cap` streams are open; counts the refusal otherwise.
    pub fn acquire(metrics: &Arc<Metrics>, cap: usize) -> Option<StreamSlot> {
        // Gauge::inc returns the value before the increment: check and take in one step.
        let before = metrics.streams_active.inc();
        if before >= cap as i64 {
            metrics.streams_active.dec();
            metrics.streams_refused.inc();
            return None;
        }
        metrics.streams_opened.inc();
        Some(StreamSlot {
            metrics: Arc::clone(metrics),
        })
    }

    /// The metrics the slot counts in.
    pub fn metrics(&self) -> &Metrics {
        &self.metrics
    }
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        self.metrics.streams_active.dec();
    }
}

/// `GET /metrics`, with the system clock's state as the kernel says it now.
pub async fn metrics(State(metrics): State<Arc<Metrics>>) -> Response {
    metrics.record_clock_sync(kernel_clock::read());
    (
        StatusCode::OK,
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        metrics.render(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_count_in_the_gauge_and_stop_at_the_cap() {
        let metrics = Arc::new(Metrics::new());
        let first = StreamSlot::acquire(&metrics, 2).unwrap();
        let second = StreamSlot::acquire(&metrics, 2).unwrap();
        assert!(StreamSlot::acquire(&metrics, 2).is_none());
        assert_eq!(metrics.streams_active.get(), 2);
        assert_eq!(metrics.streams_refused.get(), 1);
        drop(first);
        assert_eq!(metrics.streams_active.get(), 1);
        let _third = StreamSlot::acquire(&metrics, 2).unwrap();
        drop(second);
        assert_eq!(metrics.streams_opened.get(), 3);
    }

    #[test]
    fn the_exposition_names_the_contract_metrics() {
        let metrics = Metrics::new();
        metrics.events_sent.inc_by(5);
        let text = metrics.render();
        assert!(
            text.contains("# TYPE sse_streams_active gauge\nsse_streams_active 0\n"),
            "{text}"
        );
        assert!(text.contains("sse_streams_opened_total 0\n"), "{text}");
        assert!(text.contains("sse_events_sent_total 5\n"), "{text}");
    }

    #[test]
    fn the_clock_gauges_say_what_the_kernel_said() {
        let metrics = Metrics::new();
        metrics.record_clock_sync(ClockSync::Synchronised {
            max_error: std::time::Duration::from_micros(12_500),
        });
        let text = metrics.render();
        assert!(
            text.contains("# TYPE clock_synchronized gauge\nclock_synchronized 1\n"),
            "{text}"
        );
        assert!(
            text.contains("# TYPE clock_max_error_seconds gauge\nclock_max_error_seconds 0.0125\n"),
            "{text}"
        );
        assert!(text.contains("# HELP clock_max_error_seconds "), "{text}");
        metrics.record_clock_sync(ClockSync::Unsynchronised {
            max_error: std::time::Duration::from_secs(16),
        });
        let text = metrics.render();
        assert!(text.contains("clock_synchronized 0\n"), "{text}");
        assert!(text.contains("clock_max_error_seconds 16.0\n"), "{text}");
        metrics.record_clock_sync(ClockSync::Unknown);
        let text = metrics.render();
        assert!(text.contains("clock_synchronized 0\n"), "{text}");
        assert!(text.contains("clock_max_error_seconds NaN\n"), "{text}");
    }
}
