//! `loadgen hold`: many streams held open against one server, split over worker processes,
//! and what the server delivered to them and spent doing it over a measurement window.

use std::{
    io::{BufRead, BufReader, Write},
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use crate::{
    cli::{HoldPlan, WorkerPlan},
    clock::now_epoch_ms,
    histogram::percentile_text,
    process::{server_cpu_ticks, server_rss_kb, CLOCK_TICKS_PER_SECOND},
    worker::WorkerReport,
};

/// Streams one worker process opens at most: well under the 20,000 open files a process
/// may hold here.
const STREAMS_PER_WORKER: u64 = 5_000;
/// Workers a hold may start: each takes four loopback source addresses, from 127.0.0.2 on,
/// and the 63rd's end at 127.0.0.253.
const MAX_WORKERS: u64 = 63;
/// Streams a hold may ask for.
pub const MAX_STREAMS: u64 = MAX_WORKERS * STREAMS_PER_WORKER;

#[derive(Debug, Clone)]
pub struct HoldReport {
    pub streams: u64,
    pub interval_ms: u64,
    pub zones: u64,
    pub opened: u64,
    pub refused: u64,
    pub failed: u64,
    pub alive: u64,
    pub ticks: u64,
    pub expected: u64,
    /// Arrival delay (kernel receive time) percentiles.
    pub p50_ms: Option<u64>,
    pub p99_ms: Option<u64>,
    /// Read delay (when this generator read the bytes) percentiles.
    pub read_p50_ms: Option<u64>,
    pub read_p99_ms: Option<u64>,
    pub rss_before_kb: u64,
    pub rss_held_kb: u64,
    pub cpu_cores: f64,
    pub measure_seconds: u64,
}

impl HoldReport {
    pub fn delivered(&self) -> f64 {
        if self.expected == 0 {
            0.0
        } else {
            self.ticks as f64 / self.expected as f64
        }
    }

    pub fn rss_per_stream_kb(&self) -> f64 {
        (self.rss_held_kb.saturating_sub(self.rss_before_kb)) as f64 / self.opened.max(1) as f64
    }

    pub fn describe(&self) -> String {
        format!(
            "{} streams of {} zone(s) every {} ms: held {} (refused {}, failed {}), ticks delivered {}/{} = {:.3}%, arrival delay p50 {} ms p99 {} ms (read p50 {} ms p99 {} ms), \
             server RSS {} kB -> {} kB = {:.2} kB/stream, server CPU {:.3} cores over {} s",
            self.streams,
            self.zones,
            self.interval_ms,
            self.alive,
            self.refused,
            self.failed,
            self.ticks,
            self.expected,
            self.delivered() * 100.0,
            percentile_text(self.p50_ms),
            percentile_text(self.p99_ms),
            percentile_text(self.read_p50_ms),
            percentile_text(self.read_p99_ms),
            self.rss_before_kb,
            self.rss_held_kb,
            self.rss_per_stream_kb(),
            self.cpu_cores,
            self.measure_seconds
        )
    }
}

/// The workers' shares of `streams`: as few workers as hold them, as even as can be.
fn worker_shares(streams: u64) -> Vec<u64> {
    let workers = streams.div_ceil(STREAMS_PER_WORKER).max(1);
    let per_worker = streams.div_ceil(workers);
    let mut remaining = streams;
    (0..workers)
        .map(|_| {
            let count = remaining.min(per_worker);
            remaining -= count;
            count
        })
        .collect()
}

/// Opens the plan's streams split over workers, waits for them to settle, measures for
/// the plan's seconds.
pub fn hold(plan: &HoldPlan) -> HoldReport {
    let pid = plan.pid;
    let rss_before_kb = server_rss_kb(pid);
    let mut children: Vec<Child> = Vec::new();
    for (worker, count) in worker_shares(plan.streams).into_iter().enumerate() {
        let share = WorkerPlan {
            server: plan.server,
            streams: count,
            query: plan.query.clone(),
            zones: plan.zones,
            source: u8::try_from(2 + worker * 4).expect("at most MAX_WORKERS workers"),
            open_rate: plan.open_rate,
        };
        let child = Command::new(std::env::current_exe().expect("the loadgen binary"))
            .args(share.to_args())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("a worker process");
        children.push(child);
    }
    // Once every worker has opened its streams, the window starts on a whole second, two
    // seconds on (so every stream has settled), and each worker is told.
    let mut readers = Vec::new();
    for child in &mut children {
        let mut reader = BufReader::new(child.stdout.take().expect("a worker's stdout"));
        let mut line = String::new();
        while reader.read_line(&mut line).unwrap_or(0) > 0 && line.trim() != "OPENED" {
            line.clear();
        }
        readers.push(reader);
    }
    let measure_from = (now_epoch_ms() + 2_000).div_euclid(1000) * 1000;
    let measure_to = measure_from + plan.measure_seconds as i64 * 1000;
    for child in &mut children {
        if let Some(stdin) = child.stdin.as_mut() {
            let _ = writeln!(stdin, "WINDOW {measure_from} {measure_to}");
        }
    }
    // CPU and RSS over the window, while every stream is open.
    while now_epoch_ms() < measure_from {
        std::thread::sleep(Duration::from_millis(50));
    }
    let cpu_start = server_cpu_ticks(pid);
    let started = Instant::now();
    let mut rss_held_kb = server_rss_kb(pid);
    while now_epoch_ms() < measure_to {
        std::thread::sleep(Duration::from_millis(500));
        rss_held_kb = rss_held_kb.max(server_rss_kb(pid));
    }
    let cpu_cores = (server_cpu_ticks(pid) - cpu_start) as f64
        / CLOCK_TICKS_PER_SECOND
        / started.elapsed().as_secs_f64();

    let mut total = WorkerReport::default();
    for (mut child, reader) in children.into_iter().zip(readers) {
        let report = reader
            .lines()
            .map_while(Result::ok)
            .find_map(|line| WorkerReport::from_line(&line));
        match report {
            Some(report) => total.merge(&report),
            None => eprintln!("loadgen: a worker reported nothing"),
        }
        let _ = child.wait();
    }
    let boundaries = (measure_to - measure_from) as u64 / plan.interval_ms;
    HoldReport {
        streams: plan.streams,
        interval_ms: plan.interval_ms,
        zones: plan.zones,
        opened: total.opened,
        refused: total.refused,
        failed: total.failed,
        alive: total.alive,
        ticks: total.ticks,
        expected: total.opened * boundaries,
        p50_ms: total.arrival.percentile(0.50),
        p99_ms: total.arrival.percentile(0.99),
        read_p50_ms: total.read.percentile(0.50),
        read_p99_ms: total.read.percentile(0.99),
        rss_before_kb,
        rss_held_kb,
        cpu_cores,
        measure_seconds: plan.measure_seconds,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_split_evenly_over_as_few_workers_as_hold_them() {
        assert_eq!(worker_shares(0), [0]);
        assert_eq!(worker_shares(1_000), [1_000]);
        assert_eq!(worker_shares(5_000), [5_000]);
        assert_eq!(worker_shares(19_000), [4_750; 4]);
        assert_eq!(worker_shares(20_500), [4_100; 5]);
        assert_eq!(worker_shares(5_001), [2_501, 2_500]);
        let most = worker_shares(MAX_STREAMS);
        assert_eq!(most.len() as u64, MAX_WORKERS);
        // The last worker's four source addresses still fit in 127.0.0.0/24.
        assert!(2 + (most.len() as u64 - 1) * 4 + 3 <= 255);
    }
}
