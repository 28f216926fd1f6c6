//! A report's event stream, as one follower reads it: the `retry:` hint, a `progress` event at
//! each checkpoint after the follower's `Last-Event-ID`, then `complete` or `failed`, with a
//! keep-alive comment whenever it has been quiet for the heartbeat period.
//!
//! Every event is a function of the report and its id alone (a progress event's id is the
//! number of zones done, the final event's is one more than the number of zones), so a
//! follower that reconnects to another instance continues where it was, with no repeat and
//! no gap. Streams are capped per instance ([`ReportStreamSlot`]); a stream that ends or is
//! dropped gives back its place and its share of the computation.

use std::{convert::Infallible, sync::Arc, time::Duration};

use axum::body::Body;
use bytes::Bytes;
use tokio_util::sync::CancellationToken;

use super::{
    computations::{Outcome, Progress, Source},
    compute::checkpoints_between,
    spec::ReportSpec,
};
use crate::model::{report_file_path, ReportComplete, ReportEvent, ReportFailed, ReportProgress};
use crate::server::http::{sse, Metrics};

/// The comment sent when a stream has been quiet for the heartbeat period.
const KEEP_ALIVE: &str = "keep-alive";

/// A place under the cap on report streams, held for as long as a stream is open.
pub struct ReportStreamSlot {
    metrics: Arc<Metrics>,
}

impl ReportStreamSlot {
    /// Takes a place if fewer than `cap` report streams are open.
    pub fn acquire(metrics: &Arc<Metrics>, cap: usize) -> Option<ReportStreamSlot> {
        // Gauge::inc returns the value before the increment: check and take in one step.
        if metrics.report_streams_active.inc() >= cap as i64 {
            metrics.report_streams_active.dec();
            return None;
        }
        Some(ReportStreamSlot {
            metrics: Arc::clone(metrics),
        })
    }
}

impl Drop for ReportStreamSlot {
    fn drop(&mut self) {
        self.metrics.report_streams_active.dec();
    }
}

/// How a stream is told to pace itself.
#[derive(Clone, Debug)]
pub struct Pacing {
    /// The `retry:` hint, in milliseconds.
    pub retry_ms: u64,
    /// Quiet time before a keep-alive comment.
    pub heartbeat: Duration,
    /// Ends the stream at shutdown (the client reconnects to another instance).
    pub shutdown: CancellationToken,
}

/// The id of a report's final event: one past its last progress event.
pub fn final_event_id(spec: &ReportSpec) -> u64 {
    u64::from(spec.total()) + 1
}

/// The event stream of `spec` from `source`, after event id `seen`.
pub fn report_stream(
    spec: ReportSpec,
    source: Source,
    seen: u64,
    pacing: Pacing,
    slot: ReportStreamSlot,
) -> Body {
    let stream = ReportStream {
        id: spec.id(),
        spec,
        source,
        seen,
        retry_ms: Some(pacing.retry_ms),
        finished: false,
        last_write: tokio::time::Instant::now(),
        pacing,
        _slot: slot,
    };
    Body::from_stream(futures_util::stream::unfold(
        stream,
        ReportStream::next_chunk,
    ))
}

/// One follower's stream.
struct ReportStream {
    spec: ReportSpec,
    id: String,
    source: Source,
    /// The last event id the client has.
    seen: u64,
    /// The hint still to send first.
    retry_ms: Option<u64>,
    /// The final event is written (or the computation stopped): the stream ends.
    finished: bool,
    /// When something was last written: a keep-alive is due a heartbeat after it, however
    /// often the computation moved on in between without anything due for this follower.
    last_write: tokio::time::Instant,
    pacing: Pacing,
    _slot: ReportStreamSlot,
}

impl ReportStream {
    /// Whatever is due now, or the next thing that becomes due: events, or a keep-alive.
    async fn next_chunk(mut self) -> Option<(Result<Bytes, Infallible>, ReportStream)> {
        if self.finished {
            return None;
        }
        let mut out = Vec::new();
        if let Some(retry_ms) = self.retry_ms.take() {
            sse::write_retry(&mut out, retry_ms);
        }
        loop {
            let progress = match &mut self.source {
                Source::Cached(result) => Progress {
                    done: self.spec.total(),
                    outcome: Some(Outcome::Complete(Arc::clone(result))),
                },
                Source::Computing(follower) => follower.progress(),
            };
            self.write_due(&mut out, &progress);
            if !out.is_empty() {
                self.last_write = tokio::time::Instant::now();
                return Some((Ok(Bytes::from(out)), self));
            }
            if self.finished {
                return None;
            }
            let Source::Computing(follower) = &mut self.source else {
                return None; // a cached result is written in full at once
            };
            tokio::select! {
                () = follower.changed() => {}
                () = tokio::time::sleep_until(self.last_write + self.pacing.heartbeat) => {
                    sse::write_comment(&mut out, KEEP_ALIVE);
                    self.last_write = tokio::time::Instant::now();
                    return Some((Ok(Bytes::from(out)), self));
                }
                () = self.pacing.shutdown.cancelled() => return None,
            }
        }
    }

    /// The progress events after `seen` up to `progress`, and the final event if it is due.
    fn write_due(&mut self, out: &mut Vec<u8>, progress: &Progress) {
        let total = self.spec.total();
        let done = match progress.outcome {
            Some(Outcome::Complete(_)) => total,
            _ => progress.done,
        };
        for checkpoint in checkpoints_between(self.seen, done, total) {
            let zone = self.spec.zones()[checkpoint as usize - 1];
            let event = ReportEvent::Progress(ReportProgress {
                done: checkpoint,
                total,
                zone: zone.name().to_owned(),
            });
            write_event(out, u64::from(checkpoint), &event);
            self.seen = u64::from(checkpoint);
        }
        let Some(outcome) = &progress.outcome else {
            return;
        };
        self.finished = true;
        let last = match outcome {
            Outcome::Complete(result) => ReportEvent::Complete(ReportComplete {
                transitions: result.transitions,
                csv: report_file_path(&self.id, "csv"),
                json: report_file_path(&self.id, "json"),
            }),
            Outcome::Cancelled => ReportEvent::Failed(ReportFailed {
                error: "the report was cancelled".to_owned(),
            }),
            Outcome::Crashed => ReportEvent::Failed(ReportFailed {
                error: "the server hit an internal error while computing the report; it has been logged".to_owned(),
            }),
            // Shutting down: no final event, so the client reconnects to another instance.
            Outcome::Stopped => return,
        };
        write_event(out, final_event_id(&self.spec), &last);
    }
}

fn write_event(out: &mut Vec<u8>, id: u64, event: &ReportEvent) {
    let id = sse::FieldValue::new(id.to_string()).expect("digits are one line");
    let name = sse::FieldValue::new(event.name()).expect("event names are one line");
    sse::write_event(
        out,
        &sse::Event {
            id: Some(&id),
            event: Some(&name),
            data: &event.data(),
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::{
        reports::{computations::Reports, compute::compute},
        zones::{transitions, Zone},
    };
    use futures_util::StreamExt;

    fn spec(names: &[&str]) -> ReportSpec {
        ReportSpec::of_zones(names, 2026, 2027)
    }

    fn pacing() -> Pacing {
        Pacing {
            retry_ms: 1000,
            heartbeat: Duration::from_secs(15),
            shutdown: CancellationToken::new(),
        }
    }

    async fn text(body: Body) -> String {
        let mut stream = body.into_data_stream();
        let mut text = String::new();
        while let Some(chunk) = stream.next().await {
            text.push_str(std::str::from_utf8(&chunk.unwrap()).unwrap());
        }
        text
    }

    fn cached(report: &ReportSpec) -> Source {
        Source::Cached(Arc::new(
            compute(report, transitions, |_| {}, || false).unwrap(),
        ))
    }

    fn slot(metrics: &Arc<Metrics>) -> ReportStreamSlot {
        ReportStreamSlot::acquire(metrics, 10).unwrap()
    }

    #[tokio::test]
    async fn a_computed_and_a_cached_report_stream_the_same_bytes() {
        let metrics = Arc::new(Metrics::new());
        let report = spec(&["Europe/London", "America/New_York", "Asia/Kolkata"]);
        let reports = Reports::new(1, 1 << 20, CancellationToken::new(), Arc::clone(&metrics));
        let computed = text(report_stream(
            report.clone(),
            reports.follow(&report).ok().unwrap(),
            0,
            pacing(),
            slot(&metrics),
        ))
        .await;
        let from_cache = text(report_stream(
            report.clone(),
            cached(&report),
            0,
            pacing(),
            slot(&metrics),
        ))
        .await;
        assert_eq!(computed, from_cache);
        let id = report.id();
        assert_eq!(
            computed,
            format!(
                "retry: 1000\n\n\
                 id: 1\nevent: progress\ndata: {{\"done\":1,\"total\":3,\"zone\":\"America/New_York\"}}\n\n\
                 id: 2\nevent: progress\ndata: {{\"done\":2,\"total\":3,\"zone\":\"Asia/Kolkata\"}}\n\n\
                 id: 3\nevent: progress\ndata: {{\"done\":3,\"total\":3,\"zone\":\"Europe/London\"}}\n\n\
                 id: 4\nevent: complete\ndata: {{\"transitions\":8,\"csv\":\"/api/reports/{id}.csv\",\"json\":\"/api/reports/{id}.json\"}}\n\n"
            )
        );
        assert_eq!(
            metrics.report_streams_active.get(),
            0,
            "every slot given back"
        );
    }

    #[tokio::test]
    async fn a_resumed_stream_starts_after_its_last_event_id() {
        let metrics = Arc::new(Metrics::new());
        let report = spec(&["Europe/London", "America/New_York", "Asia/Kolkata"]);
        let resumed = text(report_stream(
            report.clone(),
            cached(&report),
            2,
            pacing(),
            slot(&metrics),
        ))
        .await;
        assert!(
            resumed.starts_with("retry: 1000\n\nid: 3\nevent: progress\n"),
            "{resumed}"
        );
        assert!(!resumed.contains("id: 1\n") && !resumed.contains("id: 2\n"));
        assert!(resumed.ends_with("\n\n") && resumed.contains("id: 4\nevent: complete\n"));
    }

    /// The real finder, slowed to 20 ms a zone.
    fn slow(zone: Zone, from: i32, to: i32) -> Vec<crate::model::Transition> {
        std::thread::sleep(Duration::from_millis(20));
        transitions(zone, from, to)
    }

    #[tokio::test]
    async fn keep_alives_come_a_heartbeat_after_the_last_write_however_often_progress_moves() {
        let metrics = Arc::new(Metrics::new());
        let reports = Reports::with_finder(
            1,
            1 << 20,
            CancellationToken::new(),
            Arc::clone(&metrics),
            slow,
        );
        // Ten zones: a checkpoint every 20 ms, none of them due for a follower that has
        // seen every progress event; the final event comes after about 200 ms.
        let report = spec(&[
            "Europe/London",
            "Europe/Paris",
            "Europe/Berlin",
            "Europe/Rome",
            "Europe/Madrid",
            "Europe/Lisbon",
            "Europe/Athens",
            "Europe/Oslo",
            "Europe/Vienna",
            "Europe/Prague",
        ]);
        let pacing = Pacing {
            heartbeat: Duration::from_millis(50),
            ..pacing()
        };
        let streamed = text(report_stream(
            report.clone(),
            reports.follow(&report).ok().unwrap(),
            10,
            pacing,
            slot(&metrics),
        ))
        .await;
        let keep_alives = streamed.matches(": keep-alive\n\n").count();
        assert!(keep_alives >= 2, "{keep_alives} keep-alives: {streamed}");
        assert!(!streamed.contains("event: progress"), "{streamed}");
        assert!(streamed.ends_with("\n\n") && streamed.contains("id: 11\nevent: complete\n"));
    }

    #[test]
    fn the_stream_cap_refuses_past_it_and_gives_back_on_drop() {
        let metrics = Arc::new(Metrics::new());
        let first = ReportStreamSlot::acquire(&metrics, 1).unwrap();
        assert!(ReportStreamSlot::acquire(&metrics, 1).is_none());
        drop(first);
        assert!(ReportStreamSlot::acquire(&metrics, 1).is_some());
    }
}
