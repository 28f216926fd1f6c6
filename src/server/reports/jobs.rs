//! Transitions reports as jobs: started by a request, computed on the blocking pool, followed
//! over SSE until done, their result kept for a while and then forgotten.
//!
//! Each job keeps a bounded log of its events (progress, then `complete` or `failed`), so a
//! client that reconnects with `Last-Event-ID` gets what it missed; the final event is never
//! dropped from the log. A job's ids rise from 1. A `watch` channel carries the newest id to
//! every stream following the job. Jobs expire a fixed time after they start, running or not.

use std::{
    collections::{HashMap, HashSet, VecDeque},
    sync::{
        atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering},
        Arc, Mutex,
    },
    time::{Duration, Instant},
};

use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

use crate::model::Transition;
use crate::server::zones::{transitions, Zone};

/// Progress events kept per job for replay; older ones are dropped (the final event never is).
const LOGGED_PROGRESS: usize = 64;
/// At most this often a progress event: ten a second.
const PROGRESS_EVERY: Duration = Duration::from_millis(100);
/// Expired ids remembered, so a late reconnect gets `204` rather than `404`.
const REMEMBERED_EXPIRED: usize = 4096;

/// One event of a job, as it goes out on the stream.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobEvent {
    /// Rises from 1 within the job.
    pub id: u64,
    /// `progress`, `complete` or `failed`.
    pub name: &'static str,
    /// JSON.
    pub data: String,
}

impl JobEvent {
    /// Whether the job ends with this event.
    pub fn is_final(&self) -> bool {
        self.name != "progress"
    }
}

/// What a job has said so far.
#[derive(Default)]
struct JobLog {
    progress: VecDeque<JobEvent>,
    final_event: Option<JobEvent>,
    last_id: u64,
    result: Option<Arc<Vec<Transition>>>,
}

/// One report: what was asked, what it has said, and how to stop it.
pub struct Job {
    /// The job's id, in URLs.
    pub id: String,
    zones: Vec<Zone>,
    from: i32,
    to: i32,
    cancelled: AtomicBool,
    log: Mutex<JobLog>,
    newest: watch::Sender<u64>,
}

impl Job {
    /// The events after `last_seen`, in order (the final one included once it exists).
    pub fn events_after(&self, last_seen: u64) -> Vec<JobEvent> {
        let log = self.log.lock().unwrap_or_else(|p| p.into_inner());
        log.progress
            .iter()
            .chain(log.final_event.iter())
            .filter(|event| event.id > last_seen)
            .cloned()
            .collect()
    }

    /// The final event, once the job has ended.
    pub fn final_event(&self) -> Option<JobEvent> {
        self.log
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .final_event
            .clone()
    }

    /// The transitions, once the job is complete.
    pub fn result(&self) -> Option<Arc<Vec<Transition>>> {
        self.log
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .result
            .clone()
    }

    /// A receiver told of every new event id.
    pub fn subscribe(&self) -> watch::Receiver<u64> {
        self.newest.subscribe()
    }

    /// Asks the job to stop; it does within one zone's work.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }

    fn push(&self, name: &'static str, data: String) {
        let mut log = self.log.lock().unwrap_or_else(|p| p.into_inner());
        if log.final_event.is_some() {
            return;
        }
        log.last_id += 1;
        let event = JobEvent {
            id: log.last_id,
            name,
            data,
        };
        if event.is_final() {
            log.final_event = Some(event);
        } else {
            log.progress.push_back(event);
            if log.progress.len() > LOGGED_PROGRESS {
                log.progress.pop_front();
            }
        }
        let id = log.last_id;
        drop(log);
        self.newest.send_replace(id);
    }
}

/// Why a report could not start.
#[derive(Debug, PartialEq, Eq)]
pub enum StartError {
    /// As many reports as allowed are running.
    Busy {
        /// Reports allowed at once.
        cap: usize,
    },
}

/// What became of an id.
pub enum Lookup {
    /// The job, running or done.
    Found(Arc<Job>),
    /// It existed and has expired.
    Expired,
    /// No such job was ever started here.
    Unknown,
}

/// The server's report jobs.
#[derive(Clone)]
pub struct Reports {
    inner: Arc<Inner>,
}

struct Inner {
    jobs: Mutex<HashMap<String, Arc<Job>>>,
    expired: Mutex<(HashSet<String>, VecDeque<String>)>,
    running: AtomicUsize,
    max_running: usize,
    expiry: Duration,
    sequence: AtomicU64,
    shutdown: CancellationToken,
}

impl Reports {
    /// A store allowing `max_running` jobs at once, each kept for `expiry`.
    pub fn new(max_running: usize, expiry: Duration, shutdown: CancellationToken) -> Reports {
        Reports {
            inner: Arc::new(Inner {
                jobs: Mutex::new(HashMap::new()),
                expired: Mutex::new((HashSet::new(), VecDeque::new())),
                running: AtomicUsize::new(0),
                max_running,
                expiry,
                sequence: AtomicU64::new(0),
                shutdown,
            }),
        }
    }

    /// Fires when the server shuts down: report streams end then.
    pub fn shutdown(&self) -> CancellationToken {
        self.inner.shutdown.clone()
    }

    /// Starts a report of `zones` over the years `from..=to`.
    pub fn start(&self, zones: Vec<Zone>, from: i32, to: i32) -> Result<Arc<Job>, StartError> {
        let inner = &self.inner;
        if inner.running.fetch_add(1, Ordering::SeqCst) >= inner.max_running {
            inner.running.fetch_sub(1, Ordering::SeqCst);
            return Err(StartError::Busy {
                cap: inner.max_running,
            });
        }
        let sequence = inner.sequence.fetch_add(1, Ordering::Relaxed) + 1;
        let id = format!("{sequence}-{:08x}", random_u32());
        let job = Arc::new(Job {
            id: id.clone(),
            zones,
            from,
            to,
            cancelled: AtomicBool::new(false),
            log: Mutex::new(JobLog::default()),
            newest: watch::channel(0).0,
        });
        inner
            .jobs
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(id.clone(), Arc::clone(&job));
        tracing::info!(report = %id, zones = job.zones.len(), from, to, "report started");

        let running = Arc::clone(&self.inner);
        let computing = Arc::clone(&job);
        tokio::task::spawn_blocking(move || {
            let (name, data) = compute(&computing);
            // Free the place before saying so: a client told "complete" may start another.
            running.running.fetch_sub(1, Ordering::SeqCst);
            computing.push(name, data);
        });

        let store = Arc::downgrade(&self.inner);
        let expiring = Arc::clone(&job);
        let expiry = inner.expiry;
        tokio::spawn(async move {
            tokio::time::sleep(expiry).await;
            expiring.cancel();
            if let Some(store) = store.upgrade() {
                store.forget(&expiring.id);
            }
        });
        Ok(job)
    }

    /// The job with this id, or what became of it.
    pub fn lookup(&self, id: &str) -> Lookup {
        if let Some(job) = self
            .inner
            .jobs
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(id)
        {
            return Lookup::Found(Arc::clone(job));
        }
        let expired = self.inner.expired.lock().unwrap_or_else(|p| p.into_inner());
        if expired.0.contains(id) {
            Lookup::Expired
        } else {
            Lookup::Unknown
        }
    }

    /// Jobs running now.
    pub fn running(&self) -> usize {
        self.inner.running.load(Ordering::SeqCst)
    }
}

impl Inner {
    fn forget(&self, id: &str) {
        self.jobs
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(id);
        let mut expired = self.expired.lock().unwrap_or_else(|p| p.into_inner());
        if expired.0.insert(id.to_owned()) {
            expired.1.push_back(id.to_owned());
        }
        while expired.1.len() > REMEMBERED_EXPIRED {
            if let Some(oldest) = expired.1.pop_front() {
                expired.0.remove(&oldest);
            }
        }
        tracing::info!(report = %id, "report expired");
    }
}

/// The work itself, on the blocking pool: zone by zone, checking for cancellation between
/// zones and reporting progress at most ten times a second. Returns the final event.
fn compute(job: &Job) -> (&'static str, String) {
    let total = job.zones.len();
    let mut found = Vec::new();
    let mut last_progress: Option<Instant> = None;
    for (index, zone) in job.zones.iter().enumerate() {
        if job.cancelled.load(Ordering::Relaxed) {
            tracing::info!(report = %job.id, "report cancelled");
            return (
                "failed",
                serde_json::json!({ "error": "the report was cancelled" }).to_string(),
            );
        }
        found.extend(transitions(*zone, job.from, job.to));
        let done = index + 1;
        if done == total || last_progress.is_none_or(|at| at.elapsed() >= PROGRESS_EVERY) {
            last_progress = Some(Instant::now());
            job.push(
                "progress",
                serde_json::json!({ "done": done, "total": total, "zone": zone.name() })
                    .to_string(),
            );
        }
    }
    found.sort_by(|a, b| a.epoch_s.cmp(&b.epoch_s).then_with(|| a.zone.cmp(&b.zone)));
    let count = found.len();
    job.log.lock().unwrap_or_else(|p| p.into_inner()).result = Some(Arc::new(found));
    tracing::info!(report = %job.id, transitions = count, "report complete");
    (
        "complete",
        serde_json::json!({
            "transitions": count,
            "csv": format!("/api/reports/{}.csv", job.id),
            "json": format!("/api/reports/{}.json", job.id),
        })
        .to_string(),
    )
}

/// A random number for ids: not secret, just not guessable in sequence.
fn random_u32() -> u32 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_nanos()),
    );
    hasher.finish() as u32
}

/// The CSV of a report's transitions.
pub fn to_csv(found: &[Transition]) -> String {
    let mut csv = String::from(
        "zone,instant_utc,offset_before,offset_after,abbreviation_before,abbreviation_after\n",
    );
    for transition in found {
        csv.push_str(&format!(
            "{},{},{},{},{},{}\n",
            transition.zone,
            transition.instant_utc,
            transition.offset_before,
            transition.offset_after,
            transition.abbreviation_before,
            transition.abbreviation_after
        ));
    }
    csv
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zones(names: &[&str]) -> Vec<Zone> {
        names
            .iter()
            .map(|name| Zone::parse(name).unwrap())
            .collect()
    }

    async fn wait_for_end(job: &Job) -> JobEvent {
        let mut newest = job.subscribe();
        loop {
            if let Some(done) = job.final_event() {
                return done;
            }
            newest.changed().await.unwrap();
        }
    }

    #[tokio::test]
    async fn a_report_progresses_and_completes_with_its_result() {
        let reports = Reports::new(2, Duration::from_secs(60), CancellationToken::new());
        let job = reports
            .start(
                zones(&["Europe/London", "Asia/Seoul", "America/New_York"]),
                2026,
                2026,
            )
            .unwrap();
        let done = wait_for_end(&job).await;
        assert_eq!(done.name, "complete");
        assert!(done.data.contains("\"transitions\":4"), "{}", done.data);
        let events = job.events_after(0);
        assert_eq!(events.last().unwrap(), &done);
        assert!(events.windows(2).all(|pair| pair[1].id == pair[0].id + 1));
        assert!(events
            .iter()
            .any(|event| event.name == "progress" && event.data.contains("\"total\":3")));
        let csv = to_csv(&job.result().unwrap());
        assert!(
            csv.contains("Europe/London,2026-03-29T01:00:00Z,+00:00,+01:00,GMT,BST"),
            "{csv}"
        );
        assert_eq!(reports.running(), 0);
    }

    #[tokio::test]
    async fn replay_after_an_id_gives_only_what_came_later() {
        let reports = Reports::new(2, Duration::from_secs(60), CancellationToken::new());
        let job = reports.start(zones(&["UTC"]), 2026, 2026).unwrap();
        let done = wait_for_end(&job).await;
        assert_eq!(job.events_after(done.id - 1), vec![done.clone()]);
        assert!(job.events_after(done.id).is_empty());
    }

    #[tokio::test]
    async fn the_cap_refuses_more_running_jobs() {
        let reports = Reports::new(1, Duration::from_secs(60), CancellationToken::new());
        let every: Vec<Zone> = Zone::all().collect();
        let first = reports.start(every.clone(), 1900, 2100).unwrap();
        assert_eq!(
            reports.start(every, 2026, 2026).err(),
            Some(StartError::Busy { cap: 1 })
        );
        first.cancel();
        assert_eq!(wait_for_end(&first).await.name, "failed");
    }

    #[tokio::test]
    async fn a_cancelled_job_fails_with_a_reason() {
        let reports = Reports::new(2, Duration::from_secs(60), CancellationToken::new());
        let job = reports.start(Zone::all().collect(), 1900, 2100).unwrap();
        job.cancel();
        let done = wait_for_end(&job).await;
        assert_eq!(done.name, "failed");
        assert!(done.data.contains("cancelled"));
        assert!(job.result().is_none());
    }

    #[tokio::test]
    async fn jobs_expire_and_are_remembered_as_expired() {
        let reports = Reports::new(2, Duration::from_millis(200), CancellationToken::new());
        let job = reports.start(zones(&["UTC"]), 2026, 2026).unwrap();
        let id = job.id.clone();
        assert!(matches!(reports.lookup(&id), Lookup::Found(_)));
        tokio::time::sleep(Duration::from_millis(400)).await;
        assert!(matches!(reports.lookup(&id), Lookup::Expired));
        assert!(matches!(reports.lookup("999-00000000"), Lookup::Unknown));
    }
}
