//! `loadgen suite` (`make bench`): the standard set of the performance issue, each benchmark
//! against a server of its own, written as BENCHMARKS.md with bench/NOTES.md after it.

use std::{net::SocketAddr, path::Path, process::Command};

use crate::{
    churn::{churn, ChurnReport},
    cli::{ChurnPlan, HoldPlan, SuitePlan, SuiteSection, DEFAULT_OPEN_RATE},
    histogram::percentile_text,
    hold::{hold, HoldReport},
    http_probe::http_status,
    process::BenchServer,
};

/// Where each benchmark's server listens.
const SERVER_PORT: u16 = 3300;
/// Where `loadgen floor` listens.
const FLOOR_PORT: u16 = 3301;
/// The stream cap (`WORLDCLOCK_MAX_STREAMS`) of the servers of targets 1 to 4: above every
/// load they hold.
const SERVER_MAX_STREAMS: u64 = 19_700;
/// Seconds each hold measures.
const MEASURE_SECONDS: u64 = 20;

/// A load the suite holds: how many streams, of what, ticking how often.
#[derive(Debug, Clone, Copy)]
struct Load {
    streams: u64,
    query: &'static str,
    /// Zones per stream (cities in the query).
    zones: u64,
    /// The query's `sec`, in milliseconds.
    interval_ms: u64,
}

impl Load {
    /// A hold of this load against `server`, measured for [`MEASURE_SECONDS`].
    fn hold_plan(self, server: &BenchServer) -> HoldPlan {
        HoldPlan {
            server: server.address,
            pid: server.pid(),
            streams: self.streams,
            query: self.query.to_owned(),
            zones: self.zones,
            interval_ms: self.interval_ms,
            measure_seconds: MEASURE_SECONDS,
            open_rate: DEFAULT_OPEN_RATE,
        }
    }
}

/// Target 1's load: one city a second on as many streams as one instance should hold.
const TARGET_1: Load = Load {
    streams: 19_000,
    query: "city=Asia/Seoul&sec=1",
    zones: 1,
    interval_ms: 1_000,
};
/// Target 2's load: fewer streams, ten ticks a second.
const TARGET_2: Load = Load {
    streams: 5_000,
    query: "city=Asia/Seoul&sec=0.1",
    zones: 1,
    interval_ms: 100,
};
/// Target 3's load: twelve cities per stream.
const TARGET_3: Load = Load {
    streams: 1_000,
    query: concat!(
        "cities=Asia/Seoul,Europe/London,America/New_York,Asia/Kolkata,Asia/Tokyo,",
        "Australia/Sydney,America/Los_Angeles,Europe/Paris,Asia/Kathmandu,America/St_Johns,",
        "Pacific/Auckland,Africa/Cairo&sec=1"
    ),
    zones: 12,
    interval_ms: 1_000,
};

/// Targets 1 to 3: a load held against a fresh server, and the title of its section.
struct HoldTarget {
    number: u8,
    title: &'static str,
    load: Load,
}

const HOLD_TARGETS: [HoldTarget; 3] = [
    HoldTarget {
        number: 1,
        title: "19,000 single-city streams at sec=1",
        load: TARGET_1,
    },
    HoldTarget {
        number: 2,
        title: "5,000 streams at sec=0.1 (50,000 events/s)",
        load: TARGET_2,
    },
    HoldTarget {
        number: 3,
        title: "1,000 streams of 12 cities at sec=1",
        load: TARGET_3,
    },
];

/// The loads the floor runs under: targets 1 and 2's, by target number.
const FLOOR_LOADS: [(u8, Load); 2] = [(1, TARGET_1), (2, TARGET_2)];

/// Target 4: streams opened and closed a second, for this many seconds.
const CHURN_RATE: u64 = 1_000;
const CHURN_SECONDS: u64 = 30;

/// Target 5: more streams than the open-files limit lets the server hold. Its section's
/// text spells these figures out.
const AT_THE_LIMIT: Load = Load {
    streams: 20_500,
    query: "city=UTC&sec=1",
    zones: 1,
    interval_ms: 1_000,
};

/// Runs the plan's sections and writes the report; the exit code.
pub fn run(plan: &SuitePlan) -> i32 {
    let mut sections: Vec<String> = Vec::new();
    for target in &HOLD_TARGETS {
        if plan.includes(SuiteSection::Target(target.number)) {
            sections.push(hold_target_section(target));
        }
    }
    if plan.includes(SuiteSection::Floor) {
        sections.push(floor_section());
    }
    if plan.includes(SuiteSection::Target(4)) {
        sections.push(churn_section());
    }
    if plan.includes(SuiteSection::Target(5)) {
        sections.push(open_files_limit_section());
    }
    write_report(&plan.out, &sections)
}

/// Targets 1 to 3: the target's load held against a fresh server.
fn hold_target_section(target: &HoldTarget) -> String {
    let server = BenchServer::start(SERVER_PORT, SERVER_MAX_STREAMS);
    let report = hold(&target.load.hold_plan(&server));
    eprintln!("target {}: {}", target.number, report.describe());
    hold_target_text(target, &report, server.address)
}

fn hold_target_text(target: &HoldTarget, report: &HoldReport, server: SocketAddr) -> String {
    let HoldTarget {
        number,
        title,
        load,
    } = *target;
    let Load {
        streams,
        query,
        zones,
        interval_ms,
    } = load;
    format!(
        "### {number}. {title}\n\n| figure | measured | target |\n| --- | --- | --- |\n\
         | streams held | {} of {} | all |\n| ticks delivered / expected | {} / {} = {:.3}% | ≥ 99.9% |\n\
         | arrival delay p50 / p99 (kernel receive time) | {} ms / {} ms | p99 ≤ 50 ms |\n\
         | read delay p50 / p99 (when the generator read it) | {} ms / {} ms | (for reference) |\n\
         | server RSS | {} kB idle → {} kB held = {:.2} kB per stream | ≤ 8 KB per stream (target 1) |\n\
         | server CPU | {:.3} cores | ≤ 0.2 core (target 1) |\n\n\
         `target/release/loadgen hold --server {server} --pid <server pid> --streams {streams} --query '{query}' --zones {zones} --interval-ms {interval_ms} --measure {MEASURE_SECONDS}`\n",
        report.alive,
        streams,
        report.ticks,
        report.expected,
        report.delivered() * 100.0,
        percentile_text(report.p50_ms),
        percentile_text(report.p99_ms),
        percentile_text(report.read_p50_ms),
        percentile_text(report.read_p99_ms),
        report.rss_before_kb,
        report.rss_held_kb,
        report.rss_per_stream_kb(),
        report.cpu_cores,
    )
}

/// One of the floor's loads, held against a floor process of its own.
struct FloorRun {
    target: u8,
    load: Load,
    report: HoldReport,
    server: SocketAddr,
}

/// Targets 1 and 2's loads against the yardstick, each with a fresh floor process.
fn floor_section() -> String {
    let mut runs = Vec::new();
    for (target, load) in FLOOR_LOADS {
        let floor = BenchServer::start_floor(FLOOR_PORT, load.interval_ms);
        let report = hold(&load.hold_plan(&floor));
        eprintln!("floor, target {target}'s load: {}", report.describe());
        runs.push(FloorRun {
            target,
            load,
            report,
            server: floor.address,
        });
    }
    floor_text(&runs)
}

fn floor_text(runs: &[FloorRun]) -> String {
    let mut rows = String::new();
    let mut commands = String::new();
    for run in runs {
        let FloorRun {
            target,
            load,
            ref report,
            server,
        } = *run;
        let Load {
            streams,
            query,
            interval_ms,
            ..
        } = load;
        rows.push_str(&format!(
            "| {target}: {streams} streams every {interval_ms} ms | {} / {} = {:.3}% | {} ms / {} ms | {:.3} cores |\n",
            report.ticks,
            report.expected,
            report.delivered() * 100.0,
            percentile_text(report.p50_ms),
            percentile_text(report.p99_ms),
            report.cpu_cores,
        ));
        commands.push_str(&format!(
            "`target/release/loadgen floor --port {} --interval-ms {interval_ms}` and `target/release/loadgen hold --server {server} --pid <floor pid> --streams {streams} --query '{query}' --interval-ms {interval_ms} --measure {MEASURE_SECONDS}`\n\n",
            server.port(),
        ));
    }
    format!(
        "### The floor: targets 1 and 2's loads against `loadgen floor`\n\n\
         `loadgen floor` writes one prebuilt event chunk per socket per tick with a plain `write`, \
         from one thread per core, and does nothing else (`bench/loadgen/src/floor.rs`): what the \
         kernel alone charges for these loads on this machine. Targets: p99 ≤ 50 ms, and for \
         target 1 ≤ 0.2 core.\n\n\
         | load | ticks delivered / expected | arrival delay p50 / p99 (kernel receive time) | CPU |\n\
         | --- | --- | --- | --- |\n{rows}\n{commands}"
    )
}

/// Target 4: churn, twice on one fresh server.
fn churn_section() -> String {
    let server = BenchServer::start(SERVER_PORT, SERVER_MAX_STREAMS);
    let plan = ChurnPlan {
        server: server.address,
        pid: server.pid(),
        rate: CHURN_RATE,
        seconds: CHURN_SECONDS,
    };
    // Twice on the same server: the first run also shows the one-time growth of a fresh
    // process to the churn's working set, the second whether churn itself leaves memory.
    let first = churn(&plan);
    eprintln!("target 4, first run: {first:?}");
    let second = churn(&plan);
    eprintln!("target 4, second run: {second:?}");
    churn_text(&plan, &first, &second)
}

fn churn_text(plan: &ChurnPlan, first: &ChurnReport, second: &ChurnReport) -> String {
    let rss_row = |run: &str, report: &ChurnReport| {
        let change = (report.rss_after_kb as f64 - report.rss_start_kb as f64)
            / report.rss_start_kb.max(1) as f64
            * 100.0;
        format!(
            "| {run}: server RSS start → peak → 5 s after | {} kB → {} kB → {} kB ({change:+.1}%) | within 10% of start |\n",
            report.rss_start_kb, report.rss_peak_kb, report.rss_after_kb
        )
    };
    format!(
        "### 4. Churn: {} opens and closes per second for {} s, twice on one server\n\n| figure | measured | target |\n| --- | --- | --- |\n\
         | streams opened (first tick read) / attempted | {} / {} (failed {}), then {} / {} (failed {}) | all |\n\
         | `sse_streams_active` afterwards | {}, then {} | 0 |\n{}{}\n\
         `target/release/loadgen churn --server {} --pid <server pid> --rate {} --seconds {}`, run twice against one fresh server\n",
        first.rate, first.seconds,
        first.opened, first.attempted, first.failed, second.opened, second.attempted, second.failed,
        first.active_after, second.active_after,
        rss_row("first run, fresh server", first),
        rss_row("second run, same server", second),
        plan.server, plan.rate, plan.seconds
    )
}

/// Target 5: past the open-files limit, streams are refused and the server keeps serving.
fn open_files_limit_section() -> String {
    // The real descriptor limit: the server's cap is set above it, so it is the open-files
    // limit (less the server's reserve) that refuses streams.
    let server = BenchServer::start(SERVER_PORT, 1_000_000);
    let report = hold(&AT_THE_LIMIT.hold_plan(&server));
    let healthz = http_status(server.address, "/healthz");
    eprintln!("target 5: {} healthz={healthz:?}", report.describe());
    open_files_limit_text(&report, healthz, server.address)
}

fn open_files_limit_text(report: &HoldReport, healthz: Option<u16>, server: SocketAddr) -> String {
    let refused = report.refused;
    format!(
        "### 5. At the open-files limit\n\n| figure | measured | target |\n| --- | --- | --- |\n\
         | streams asked for / held / refused with 503 / failed | 20,500 / {} / {refused} / {} | 503 past the limit |\n\
         | `/healthz` after (the accept loop still runs) | {} | 200 |\n\
         | ticks delivered to the held streams | {} / {} = {:.3}% | they keep ticking |\n\n\
         `target/release/loadgen hold --server {server} --pid <server pid> --streams 20500 --query 'city=UTC&sec=1' --measure 20` \
         against a server started with `WORLDCLOCK_MAX_STREAMS=1000000` (so the open-files limit decides)\n",
        report.alive, report.failed,
        healthz.map_or("no answer".into(), |code| code.to_string()),
        report.ticks, report.expected, report.delivered() * 100.0
    )
}

/// BENCHMARKS.md: how it was measured, on what, the sections, then bench/NOTES.md.
fn write_report(out: &Path, sections: &[String]) -> i32 {
    let machine = machine_description();
    let date = Command::new("date")
        .arg("-u")
        .arg("+%Y-%m-%d %H:%M UTC")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    let mut text = String::new();
    text.push_str("# Benchmarks\n\nMeasured by `make bench` (`target/release/loadgen suite`), which starts a release server per\n");
    text.push_str("scenario on 127.0.0.1:3300 and drives it from worker processes of `loadgen` on the same machine.\n");
    text.push_str("The workers run under `SCHED_BATCH`, so an arriving event never preempts the server mid-round (a\n");
    text.push_str("remote client could not); the arrival delay is the kernel's receive time of the tick's bytes\n");
    text.push_str("(`SO_TIMESTAMPNS`) minus the tick's `epochMs`, and the read delay beside it is when the worker\n");
    text.push_str("got to read them.\n");
    text.push_str(&format!(
        "\n- date: {date}\n- machine: {machine}\n\n## Results\n\n"
    ));
    for section in sections {
        text.push_str(section);
        text.push('\n');
    }
    let notes = std::fs::read_to_string("bench/NOTES.md").unwrap_or_default();
    text.push_str(&notes);
    match std::fs::write(out, text) {
        Ok(()) => {
            eprintln!("loadgen: wrote {}", out.display());
            0
        }
        Err(error) => {
            eprintln!("loadgen: cannot write {}: {error}", out.display());
            1
        }
    }
}

fn machine_description() -> String {
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|info| {
            let line = info.lines().find(|line| line.starts_with("MemTotal:"))?;
            let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
            Some(format!("{:.1} GiB", kb as f64 / 1024.0 / 1024.0))
        })
        .unwrap_or_default();
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|line| line.starts_with("model name"))
                .map(|line| line.split(':').nth(1).unwrap_or("").trim().to_owned())
        })
        .unwrap_or_default();
    format!("{cores} cores ({model}), {memory} memory, open-files limit 20,000 per process")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn target_3_asks_for_twelve_cities() {
        let cities = TARGET_3.query.strip_prefix("cities=").unwrap();
        let cities = cities.strip_suffix("&sec=1").unwrap();
        assert_eq!(cities.split(',').count() as u64, TARGET_3.zones);
        assert!(!cities.contains(' '));
    }

    /// A hold's report with the figures a section shows.
    fn hold_report(
        load: Load,
        alive: u64,
        ticks: u64,
        delays: [u64; 4],
        rss_kb: [u64; 2],
        cpu_cores: f64,
    ) -> HoldReport {
        HoldReport {
            streams: load.streams,
            interval_ms: load.interval_ms,
            zones: load.zones,
            opened: alive,
            refused: load.streams - alive,
            failed: 0,
            alive,
            ticks,
            expected: ticks,
            p50_ms: Some(delays[0]),
            p99_ms: Some(delays[1]),
            read_p50_ms: Some(delays[2]),
            read_p99_ms: Some(delays[3]),
            rss_before_kb: rss_kb[0],
            rss_held_kb: rss_kb[1],
            cpu_cores,
            measure_seconds: MEASURE_SECONDS,
        }
    }

    fn address(port: u16) -> SocketAddr {
        SocketAddr::from(([127, 0, 0, 1], port))
    }

    // The sections below are BENCHMARKS.md's as `make bench` wrote them before the load
    // generator became its own crate: the layout must not change with the code.

    #[test]
    fn a_hold_target_section_keeps_its_layout() {
        let report = hold_report(
            TARGET_1,
            19_000,
            380_000,
            [120, 246, 121, 249],
            [9024, 157_008],
            0.329,
        );
        assert_eq!(
            hold_target_text(&HOLD_TARGETS[0], &report, address(3300)),
            "### 1. 19,000 single-city streams at sec=1

| figure | measured | target |
| --- | --- | --- |
| streams held | 19000 of 19000 | all |
| ticks delivered / expected | 380000 / 380000 = 100.000% | ≥ 99.9% |
| arrival delay p50 / p99 (kernel receive time) | 120 ms / 246 ms | p99 ≤ 50 ms |
| read delay p50 / p99 (when the generator read it) | 121 ms / 249 ms | (for reference) |
| server RSS | 9024 kB idle → 157008 kB held = 7.79 kB per stream | ≤ 8 KB per stream (target 1) |
| server CPU | 0.329 cores | ≤ 0.2 core (target 1) |

`target/release/loadgen hold --server 127.0.0.1:3300 --pid <server pid> --streams 19000 --query 'city=Asia/Seoul&sec=1' --zones 1 --interval-ms 1000 --measure 20`
"
        );
    }

    #[test]
    fn the_floor_section_keeps_its_layout() {
        let runs = [
            FloorRun {
                target: 1,
                load: TARGET_1,
                report: hold_report(TARGET_1, 19_000, 380_000, [84, 207, 90, 210], [0, 0], 0.219),
                server: address(3301),
            },
            FloorRun {
                target: 2,
                load: TARGET_2,
                report: hold_report(TARGET_2, 5_000, 1_000_000, [17, 43, 20, 50], [0, 0], 0.353),
                server: address(3301),
            },
        ];
        assert_eq!(
            floor_text(&runs),
            "### The floor: targets 1 and 2's loads against `loadgen floor`

`loadgen floor` writes one prebuilt event chunk per socket per tick with a plain `write`, from one thread per core, and does nothing else (`bench/loadgen/src/floor.rs`): what the kernel alone charges for these loads on this machine. Targets: p99 ≤ 50 ms, and for target 1 ≤ 0.2 core.

| load | ticks delivered / expected | arrival delay p50 / p99 (kernel receive time) | CPU |
| --- | --- | --- | --- |
| 1: 19000 streams every 1000 ms | 380000 / 380000 = 100.000% | 84 ms / 207 ms | 0.219 cores |
| 2: 5000 streams every 100 ms | 1000000 / 1000000 = 100.000% | 17 ms / 43 ms | 0.353 cores |

`target/release/loadgen floor --port 3301 --interval-ms 1000` and `target/release/loadgen hold --server 127.0.0.1:3301 --pid <floor pid> --streams 19000 --query 'city=Asia/Seoul&sec=1' --interval-ms 1000 --measure 20`

`target/release/loadgen floor --port 3301 --interval-ms 100` and `target/release/loadgen hold --server 127.0.0.1:3301 --pid <floor pid> --streams 5000 --query 'city=Asia/Seoul&sec=0.1' --interval-ms 100 --measure 20`

"
        );
    }

    #[test]
    fn the_churn_section_keeps_its_layout() {
        let plan = ChurnPlan {
            server: address(3300),
            pid: 1,
            rate: CHURN_RATE,
            seconds: CHURN_SECONDS,
        };
        let run = |rss_start_kb, rss_peak_kb, rss_after_kb| ChurnReport {
            rate: CHURN_RATE,
            seconds: CHURN_SECONDS,
            attempted: 30_000,
            opened: 30_000,
            failed: 0,
            active_after: 0,
            rss_start_kb,
            rss_peak_kb,
            rss_after_kb,
        };
        assert_eq!(
            churn_text(&plan, &run(9212, 10_224, 9952), &run(9952, 10_200, 9928)),
            "### 4. Churn: 1000 opens and closes per second for 30 s, twice on one server

| figure | measured | target |
| --- | --- | --- |
| streams opened (first tick read) / attempted | 30000 / 30000 (failed 0), then 30000 / 30000 (failed 0) | all |
| `sse_streams_active` afterwards | 0, then 0 | 0 |
| first run, fresh server: server RSS start → peak → 5 s after | 9212 kB → 10224 kB → 9952 kB (+8.0%) | within 10% of start |
| second run, same server: server RSS start → peak → 5 s after | 9952 kB → 10200 kB → 9928 kB (-0.2%) | within 10% of start |

`target/release/loadgen churn --server 127.0.0.1:3300 --pid <server pid> --rate 1000 --seconds 30`, run twice against one fresh server
"
        );
    }

    #[test]
    fn the_open_files_limit_section_keeps_its_layout() {
        let report = hold_report(AT_THE_LIMIT, 19_800, 396_000, [1, 2, 3, 4], [0, 0], 0.1);
        assert_eq!(
            open_files_limit_text(&report, Some(200), address(3300)),
            "### 5. At the open-files limit

| figure | measured | target |
| --- | --- | --- |
| streams asked for / held / refused with 503 / failed | 20,500 / 19800 / 700 / 0 | 503 past the limit |
| `/healthz` after (the accept loop still runs) | 200 | 200 |
| ticks delivered to the held streams | 396000 / 396000 = 100.000% | they keep ticking |

`target/release/loadgen hold --server 127.0.0.1:3300 --pid <server pid> --streams 20500 --query 'city=UTC&sec=1' --measure 20` against a server started with `WORLDCLOCK_MAX_STREAMS=1000000` (so the open-files limit decides)
"
        );
        assert!(open_files_limit_text(&report, None, address(3300)).contains("| no answer | 200 |"));
    }

    #[test]
    fn every_load_fits_the_servers_cap() {
        for load in [TARGET_1, TARGET_2, TARGET_3] {
            assert!(load.streams <= SERVER_MAX_STREAMS);
        }
    }
}
