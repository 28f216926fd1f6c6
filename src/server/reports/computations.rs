//! The reports this instance is computing and the results it keeps.
//!
//! Nothing here is needed by another instance: a report is a pure function of its id, so
//! this table is a cache and a place to share work, never a record. Whoever follows or
//! downloads a report gets its cached result, joins its running computation, or starts one
//! (at most `max_running` at once; more are [`Busy`]). Each computation runs on the blocking
//! pool and is shared by every follower on this instance; it stops before its next zone
//! when the last follower leaves, when `DELETE` asks, or at shutdown. Its thread frees its
//! slot and tells its followers how it ended from a `Drop`, so a panic frees the slot and
//! ends the followers with "failed" like any other ending.

use std::{
    collections::HashMap,
    sync::{
        atomic::{AtomicU8, Ordering},
        Arc, Mutex, MutexGuard,
    },
};

use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

use super::{
    cache::ResultCache,
    compute::{compute, Finder, RenderedReport},
    spec::ReportSpec,
};
use crate::server::{http::Metrics, zones::transitions};

/// Why a computation was asked to stop.
const RUNNING: u8 = 0;
const UNFOLLOWED: u8 = 1;
const DELETED: u8 = 2;

/// How far a computation is, as its followers see it.
#[derive(Clone, Debug)]
pub struct Progress {
    /// Zones done, as of the last checkpoint.
    pub done: u32,
    /// How it ended, once it has.
    pub outcome: Option<Outcome>,
}

/// How a computation ended.
#[derive(Clone, Debug)]
pub enum Outcome {
    /// With its result.
    Complete(Arc<RenderedReport>),
    /// `DELETE` stopped it.
    Cancelled,
    /// It panicked.
    Crashed,
    /// The server is shutting down (or nobody followed it any more).
    Stopped,
}

/// As many computations run as allowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Busy {
    /// Computations allowed at once.
    pub cap: usize,
}

/// Where a follower's events come from.
pub enum Source {
    /// The result is here already.
    Cached(Arc<RenderedReport>),
    /// A computation on this instance, joined or just started.
    Computing(Follower),
}

/// The reports of this instance.
#[derive(Clone)]
pub struct Reports {
    inner: Arc<Inner>,
}

struct Inner {
    table: Mutex<Table>,
    /// Locked after `table` when both are needed, never before.
    cache: Mutex<ResultCache>,
    max_running: usize,
    finder: Finder,
    shutdown: CancellationToken,
    metrics: Arc<Metrics>,
}

struct Table {
    /// Running computations by report id, with how many follow each.
    running: HashMap<String, (Arc<Computation>, usize)>,
    /// Computation threads busy now: a stopped computation keeps its slot until its thread
    /// notices, within one zone's work.
    slots_taken: usize,
}

struct Computation {
    id: String,
    stop: AtomicU8,
    progress: watch::Sender<Progress>,
}

impl Reports {
    /// At most `max_running` computations at once and `cache_bytes` of results kept; every
    /// computation stops when `shutdown` fires.
    pub fn new(
        max_running: usize,
        cache_bytes: usize,
        shutdown: CancellationToken,
        metrics: Arc<Metrics>,
    ) -> Reports {
        Reports::with_finder(max_running, cache_bytes, shutdown, metrics, transitions)
    }

    /// As [`Reports::new`], with the zone work done by `finder` (tests make it slow or panic).
    pub fn with_finder(
        max_running: usize,
        cache_bytes: usize,
        shutdown: CancellationToken,
        metrics: Arc<Metrics>,
        finder: Finder,
    ) -> Reports {
        Reports {
            inner: Arc::new(Inner {
                table: Mutex::new(Table {
                    running: HashMap::new(),
                    slots_taken: 0,
                }),
                cache: Mutex::new(ResultCache::new(cache_bytes)),
                max_running,
                finder,
                shutdown,
                metrics,
            }),
        }
    }

    /// Fires when the server shuts down.
    pub fn shutdown(&self) -> CancellationToken {
        self.inner.shutdown.clone()
    }

    /// The cached result of `spec`, or a place among the followers of its computation here
    /// (started if none runs): the caller holds it for as long as it wants the result.
    pub fn follow(&self, spec: &ReportSpec) -> Result<Source, Busy> {
        let inner = &self.inner;
        let id = spec.id();
        let mut table = inner.table();
        if let Some((computation, followers)) = table.running.get_mut(&id) {
            *followers += 1;
            return Ok(Source::Computing(Follower::new(inner, computation)));
        }
        if let Some(result) = inner.cache().get(&id) {
            return Ok(Source::Cached(result));
        }
        if table.slots_taken >= inner.max_running {
            return Err(Busy {
                cap: inner.max_running,
            });
        }
        table.slots_taken += 1;
        inner
            .metrics
            .report_computations
            .set(table.slots_taken as i64);
        let computation = Arc::new(Computation {
            id: id.clone(),
            stop: AtomicU8::new(RUNNING),
            progress: watch::channel(Progress {
                done: 0,
                outcome: None,
            })
            .0,
        });
        table
            .running
            .insert(id.clone(), (Arc::clone(&computation), 1));
        drop(table);
        let follower = Follower::new(inner, &computation);
        tracing::info!(report = %id, zones = spec.total(), "report computation started");
        let finishing = Finishing {
            inner: Arc::clone(inner),
            computation,
            outcome: None,
        };
        let spec = spec.clone();
        tokio::task::spawn_blocking(move || run(spec, finishing));
        Ok(Source::Computing(follower))
    }

    /// Stops the computation of report `id` if it runs here; whether it did. Its followers
    /// end with "failed".
    pub fn cancel(&self, id: &str) -> bool {
        let removed = self.inner.table().running.remove(id);
        match removed {
            Some((computation, _)) => {
                computation.stop.store(DELETED, Ordering::Relaxed);
                tracing::info!(report = %id, "report computation cancelled");
                true
            }
            None => false,
        }
    }

    /// Computations running now (their threads, stopping ones included).
    pub fn running(&self) -> usize {
        self.inner.table().slots_taken
    }
}

impl Inner {
    fn table(&self) -> MutexGuard<'_, Table> {
        self.table
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn cache(&self) -> MutexGuard<'_, ResultCache> {
        self.cache
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// A follower left: the last one out stops the computation.
    fn unfollow(&self, computation: &Arc<Computation>) {
        let mut table = self.table();
        let Some((current, followers)) = table.running.get_mut(&computation.id) else {
            return;
        };
        if !Arc::ptr_eq(current, computation) {
            return;
        }
        *followers -= 1;
        if *followers == 0 {
            table.running.remove(&computation.id);
            computation.stop.store(UNFOLLOWED, Ordering::Relaxed);
            tracing::info!(report = %computation.id, "report computation stopped: nobody follows it");
        }
    }
}

/// The computation's thread: the work, then (in [`Finishing`]'s `Drop`) the bookkeeping.
fn run(spec: ReportSpec, mut finishing: Finishing) {
    let computation = Arc::clone(&finishing.computation);
    let shutdown = finishing.inner.shutdown.clone();
    let result = compute(
        &spec,
        finishing.inner.finder,
        |done| {
            computation
                .progress
                .send_modify(|progress| progress.done = done)
        },
        || computation.stop.load(Ordering::Relaxed) != RUNNING || shutdown.is_cancelled(),
    );
    finishing.outcome = Some(match result {
        Some(result) => Outcome::Complete(Arc::new(result)),
        None if computation.stop.load(Ordering::Relaxed) == DELETED => Outcome::Cancelled,
        None => Outcome::Stopped,
    });
}

/// Ends a computation however its thread ends, a panic included: keeps a result, frees the
/// slot, takes the computation out of the table, and tells its followers.
struct Finishing {
    inner: Arc<Inner>,
    computation: Arc<Computation>,
    /// Set when the work returns; still `None` in `Drop` means it panicked.
    outcome: Option<Outcome>,
}

impl Drop for Finishing {
    fn drop(&mut self) {
        let (inner, computation) = (&self.inner, &self.computation);
        let outcome = self.outcome.take().unwrap_or_else(|| {
            tracing::error!(report = %computation.id, "report computation panicked");
            Outcome::Crashed
        });
        if let Outcome::Complete(result) = &outcome {
            let mut cache = inner.cache();
            cache.insert(&computation.id, Arc::clone(result));
            inner.metrics.report_cache_bytes.set(cache.used() as i64);
            tracing::info!(report = %computation.id, transitions = result.transitions, bytes = result.size(), "report complete");
        }
        // Free the slot before telling anyone: a client told "complete" may start another.
        let mut table = inner.table();
        if table
            .running
            .get(&computation.id)
            .is_some_and(|(current, _)| Arc::ptr_eq(current, computation))
        {
            table.running.remove(&computation.id);
        }
        table.slots_taken -= 1;
        inner
            .metrics
            .report_computations
            .set(table.slots_taken as i64);
        drop(table);
        computation
            .progress
            .send_modify(|progress| progress.outcome = Some(outcome));
    }
}

/// One follower's place: while it is held the computation goes on; dropping the last one
/// stops it.
pub struct Follower {
    inner: Arc<Inner>,
    computation: Arc<Computation>,
    progress: watch::Receiver<Progress>,
}

impl Follower {
    fn new(inner: &Arc<Inner>, computation: &Arc<Computation>) -> Follower {
        Follower {
            inner: Arc::clone(inner),
            progress: computation.progress.subscribe(),
            computation: Arc::clone(computation),
        }
    }

    /// How far the computation is now.
    pub fn progress(&mut self) -> Progress {
        self.progress.borrow_and_update().clone()
    }

    /// Waits until the progress has changed since it was last read.
    pub async fn changed(&mut self) {
        // The sender lives in the computation, which this follower holds: never closed.
        let _ = self.progress.changed().await;
    }

    /// Waits for the computation to end.
    pub async fn outcome(mut self) -> Outcome {
        loop {
            if let Some(outcome) = self.progress().outcome {
                return outcome;
            }
            self.changed().await;
        }
    }
}

impl Drop for Follower {
    fn drop(&mut self) {
        self.inner.unfollow(&self.computation);
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::model::Transition;
    use crate::server::zones::Zone;

    const MIB: usize = 1 << 20;

    fn reports(max_running: usize, finder: Finder) -> Reports {
        Reports::with_finder(
            max_running,
            MIB,
            CancellationToken::new(),
            Arc::new(Metrics::new()),
            finder,
        )
    }

    fn spec(names: &[&str]) -> ReportSpec {
        ReportSpec::of_zones(names, 2026, 2027)
    }

    /// The real finder, slowed to 20 ms a zone so a test can act while it runs.
    fn slow(zone: Zone, from: i32, to: i32) -> Vec<Transition> {
        std::thread::sleep(Duration::from_millis(20));
        transitions(zone, from, to)
    }

    fn panics_on_paris(zone: Zone, from: i32, to: i32) -> Vec<Transition> {
        assert_ne!(zone.name(), "Europe/Paris", "a fault in the zone work");
        transitions(zone, from, to)
    }

    fn computing(source: Result<Source, Busy>) -> Follower {
        match source {
            Ok(Source::Computing(follower)) => follower,
            Ok(Source::Cached(_)) => panic!("expected a computation, found a cached result"),
            Err(busy) => panic!("expected a computation, got {busy:?}"),
        }
    }

    async fn wait_until(what: &str, condition: impl Fn() -> bool) {
        for _ in 0..500 {
            if condition() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("{what}: not within 5 s");
    }

    #[tokio::test]
    async fn a_report_completes_and_its_result_is_then_served_from_the_cache() {
        let reports = reports(2, transitions);
        let report = spec(&["Europe/London", "America/New_York"]);
        let Outcome::Complete(result) = computing(reports.follow(&report)).outcome().await else {
            panic!("not complete");
        };
        assert_eq!(result.transitions, 8);
        wait_until("the slot is free", || reports.running() == 0).await;
        match reports.follow(&report) {
            Ok(Source::Cached(cached)) => assert!(Arc::ptr_eq(&cached, &result)),
            _ => panic!("the result is not cached"),
        }
    }

    #[tokio::test]
    async fn followers_of_one_report_share_one_computation() {
        let reports = reports(1, slow);
        let report = spec(&["Europe/London", "Europe/Paris", "Asia/Tokyo"]);
        let first = computing(reports.follow(&report));
        let second = computing(reports.follow(&report));
        assert_eq!(reports.running(), 1, "one computation for both");
        let (a, b) = tokio::join!(first.outcome(), second.outcome());
        match (a, b) {
            (Outcome::Complete(a), Outcome::Complete(b)) => assert!(Arc::ptr_eq(&a, &b)),
            other => panic!("{other:?}"),
        }
    }

    #[tokio::test]
    async fn the_cap_refuses_another_computation_but_not_another_follower() {
        let reports = reports(1, slow);
        let long = spec(&["Europe/London", "Europe/Paris", "Asia/Tokyo", "Asia/Seoul"]);
        let _first = computing(reports.follow(&long));
        assert_eq!(reports.follow(&spec(&["UTC"])).err(), Some(Busy { cap: 1 }));
        let _joined = computing(reports.follow(&long));
    }

    #[tokio::test]
    async fn a_computation_nobody_follows_stops_and_frees_its_slot() {
        let reports = reports(1, slow);
        let every = ReportSpec::new(None, 1900, 1949).unwrap();
        let mut follower = computing(reports.follow(&every));
        while follower.progress().done == 0 {
            follower.changed().await;
        }
        drop(follower);
        wait_until("the slot is free", || reports.running() == 0).await;
        // Not cached, and computed again for the next follower.
        let _again = computing(reports.follow(&every));
    }

    #[tokio::test]
    async fn cancel_stops_the_computation_and_its_followers_hear_it() {
        let reports = reports(2, slow);
        let every = ReportSpec::new(None, 2026, 2026).unwrap();
        let follower = computing(reports.follow(&every));
        assert!(reports.cancel(&every.id()));
        assert!(matches!(follower.outcome().await, Outcome::Cancelled));
        assert!(!reports.cancel(&every.id()), "nothing runs any more");
        wait_until("the slot is free", || reports.running() == 0).await;
    }

    #[tokio::test]
    async fn a_panic_frees_the_slot_and_ends_the_followers_with_crashed() {
        let reports = reports(1, panics_on_paris);
        let report = spec(&["Europe/London", "Europe/Paris"]);
        let follower = computing(reports.follow(&report));
        assert!(matches!(follower.outcome().await, Outcome::Crashed));
        wait_until("the slot is free", || reports.running() == 0).await;
        // The slot is usable again, and the failed report is not cached.
        let other = computing(reports.follow(&spec(&["Asia/Tokyo"])));
        assert!(matches!(other.outcome().await, Outcome::Complete(_)));
        let _again = computing(reports.follow(&report));
    }

    #[tokio::test]
    async fn shutdown_stops_every_computation() {
        let shutdown = CancellationToken::new();
        let reports =
            Reports::with_finder(2, MIB, shutdown.clone(), Arc::new(Metrics::new()), slow);
        let follower = computing(reports.follow(&ReportSpec::new(None, 2026, 2026).unwrap()));
        shutdown.cancel();
        assert!(matches!(follower.outcome().await, Outcome::Stopped));
    }
}
