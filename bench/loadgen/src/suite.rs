//! `loadgen suite` (`make bench`): the standard set of the performance issue, each benchmark
//! against a server of its own, written as BENCHMARKS.md with bench/NOTES.md after it.

use std::{net::SocketAddr, path::Path, process::Command};

use crate::{
    churn::{churn, ChurnReport},
    cities::{self, ms_text, wait_text, CitiesReport, MEMORY_TARGET_BYTES, P99_TARGET_US},
    cli::{
        ChurnPlan, CitiesPlan, HoldPlan, SuitePlan, SuiteSection, DEFAULT_CITIES_ROUNDS,
        DEFAULT_OPEN_RATE,
    },
    histogram::percentile_text,
    hold::{hold, HoldReport},
    http_probe::http_status,
    process::BenchServer,
};

/// Where each benchmark's server listens.
const SERVER_PORT: u16 = 3300;
/// Where `loadgen floor` listens.
const FLOOR_PORT: u16 = 3301;
/// Where `bench/baseline` listens.
const BASELINE_PORT: u16 = 3302;
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

/// Targets 1 to 3: a load held against a fresh server, the title of its section, and what
/// it is measured against.
struct HoldTarget {
    number: u8,
    title: &'static str,
    load: Load,
    aim: Aim,
}

/// What a hold target's figures must reach.
#[derive(Clone, Copy)]
enum Aim {
    /// Targets 1 and 2: every tick, at most [`RSS_PER_STREAM_KIB`], and CPU and p99 against
    /// the floor's under the same load (compared in the floor's section).
    AgainstTheFloor,
    /// Target 3: a p99 of at most this many milliseconds.
    P99AtMost(u64),
}

/// Targets 1 and 2: server CPU at most this multiple of the floor's under the same load,
const FLOOR_CPU_MULTIPLE: f64 = 1.25;
/// a p99 arrival delay at most this much above the floor's,
const FLOOR_P99_MARGIN_MS: u64 = 15;
/// and this much resident memory per stream at most (`/proc`'s "kB" are KiB).
const RSS_PER_STREAM_KIB: f64 = 8.0;

const HOLD_TARGETS: [HoldTarget; 3] = [
    HoldTarget {
        number: 1,
        title: "19,000 single-city streams at sec=1",
        load: TARGET_1,
        aim: Aim::AgainstTheFloor,
    },
    HoldTarget {
        number: 2,
        title: "5,000 streams at sec=0.1 (50,000 events/s)",
        load: TARGET_2,
        aim: Aim::AgainstTheFloor,
    },
    HoldTarget {
        number: 3,
        title: "1,000 streams of 12 cities at sec=1",
        load: TARGET_3,
        aim: Aim::P99AtMost(50),
    },
];

/// The loads the yardsticks (the floor, the baseline) run under: targets 1 and 2's, by
/// target number.
const FLOOR_LOADS: [(u8, Load); 2] = [(1, TARGET_1), (2, TARGET_2)];

/// The performance issue's aim against the baseline: worldclock at most this share of its
/// CPU under the same load,
const BASELINE_CPU_SHARE: f64 = 0.5;
/// and at most this share of its RSS per stream.
const BASELINE_MEMORY_SHARE: f64 = 0.45;

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
    // worldclock's reports of the targets held in this run, which the baseline's section
    // compares with its own.
    let mut held: Vec<(u8, HoldReport)> = Vec::new();
    for target in &HOLD_TARGETS {
        if plan.includes(SuiteSection::Target(target.number)) {
            let (text, report) = hold_target_section(target);
            sections.push(text);
            held.push((target.number, report));
        }
    }
    let mut floor = Vec::new();
    if plan.includes(SuiteSection::Floor) {
        let (text, runs) = floor_section(&held);
        sections.push(text);
        floor = runs;
    }
    if plan.includes(SuiteSection::Baseline) {
        sections.push(baseline_section(&held, &floor));
    }
    if plan.includes(SuiteSection::Target(4)) {
        sections.push(churn_section());
    }
    if plan.includes(SuiteSection::Target(5)) {
        sections.push(open_files_limit_section());
    }
    if plan.includes(SuiteSection::Cities) {
        sections.push(cities_section());
    }
    write_report(&plan.out, &sections)
}

/// Targets 1 to 3: the target's load held against a fresh server; the section and the report.
fn hold_target_section(target: &HoldTarget) -> (String, HoldReport) {
    let server = BenchServer::start(SERVER_PORT, SERVER_MAX_STREAMS);
    let report = hold(&target.load.hold_plan(&server));
    eprintln!("target {}: {}", target.number, report.describe());
    let text = hold_target_text(target, &report, server.address);
    (text, report)
}

fn hold_target_text(target: &HoldTarget, report: &HoldReport, server: SocketAddr) -> String {
    let HoldTarget {
        number,
        title,
        load,
        aim,
    } = *target;
    let Load {
        streams,
        query,
        zones,
        interval_ms,
    } = load;
    let every_tick = report.alive == streams && report.ticks == report.expected;
    let (delivered_aim, p99_aim, rss_aim, cpu_aim) = match aim {
        Aim::AgainstTheFloor => (
            format!("every tick: {}", verdict(every_tick)),
            format!("≤ the floor's p99 + {FLOOR_P99_MARGIN_MS} ms (the floor's section)"),
            format!(
                "≤ {RSS_PER_STREAM_KIB} KiB per stream: {}",
                verdict(report.rss_per_stream_kb() <= RSS_PER_STREAM_KIB)
            ),
            format!("≤ {FLOOR_CPU_MULTIPLE}× the floor's (the floor's section)"),
        ),
        Aim::P99AtMost(most_ms) => (
            format!("≥ 99.9%: {}", verdict(report.delivered() >= 0.999)),
            format!(
                "p99 ≤ {most_ms} ms: {}",
                verdict(report.p99_ms.is_some_and(|p99| p99 <= most_ms))
            ),
            "(for reference)".to_owned(),
            "(for reference)".to_owned(),
        ),
    };
    format!(
        "### {number}. {title}\n\n| figure | measured | target |\n| --- | --- | --- |\n\
         | streams held | {} of {} | all |\n| ticks delivered / expected | {} / {} = {:.3}% | {delivered_aim} |\n\
         | arrival delay p50 / p99 (kernel receive time) | {} ms / {} ms | {p99_aim} |\n\
         | read delay p50 / p99 (when the generator read it) | {} ms / {} ms | (for reference) |\n\
         | server RSS | {} kB idle → {} kB held = {:.2} kB per stream | {rss_aim} |\n\
         | server CPU | {:.3} cores | {cpu_aim} |\n\n\
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

/// One of a yardstick's loads, held against a process of its own (the floor or the baseline).
struct FloorRun {
    target: u8,
    load: Load,
    report: HoldReport,
    server: SocketAddr,
}

impl FloorRun {
    /// The run's row name: `1: 19000 streams every 1000 ms`.
    fn name(&self) -> String {
        let Load {
            streams,
            interval_ms,
            ..
        } = self.load;
        format!("{}: {streams} streams every {interval_ms} ms", self.target)
    }

    /// The `loadgen hold` command that measured it, against the process named `process`.
    fn hold_command(&self, process: &str) -> String {
        let Load {
            streams,
            query,
            interval_ms,
            ..
        } = self.load;
        format!(
            "`target/release/loadgen hold --server {} --pid <{process} pid> --streams {streams} --query '{query}' --interval-ms {interval_ms} --measure {MEASURE_SECONDS}`",
            self.server
        )
    }

    /// worldclock's report of this run's target, if the suite held it.
    fn worldclock_beside<'a>(&self, worldclock: &'a [(u8, HoldReport)]) -> Option<&'a HoldReport> {
        worldclock
            .iter()
            .find(|(number, _)| *number == self.target)
            .map(|(_, report)| report)
    }
}

/// Targets 1 and 2's loads against the yardstick, each with a fresh floor process, and
/// worldclock's figures of this run (`worldclock`, by target number) against them; the
/// section and the floor's runs.
fn floor_section(worldclock: &[(u8, HoldReport)]) -> (String, Vec<FloorRun>) {
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
    (floor_text(&runs, worldclock), runs)
}

/// worldclock's p99 against the floor's plus the margin: the cells of the comparison.
fn p99_over_floor_cells(ours: Option<u64>, floor: Option<u64>) -> String {
    match (ours, floor) {
        (Some(ours), Some(floor)) => {
            let most = floor + FLOOR_P99_MARGIN_MS;
            format!(
                "{ours} / {floor} ms | ≤ {floor} + {FLOOR_P99_MARGIN_MS} = {most} ms: {}",
                verdict(ours <= most)
            )
        }
        _ => format!(
            "{} / {} ms | ≤ the floor's + {FLOOR_P99_MARGIN_MS} ms: not measured",
            percentile_text(ours),
            percentile_text(floor)
        ),
    }
}

fn floor_text(runs: &[FloorRun], worldclock: &[(u8, HoldReport)]) -> String {
    let mut rows = String::new();
    let mut comparisons = String::new();
    let mut commands = String::new();
    for run in runs {
        let FloorRun {
            target,
            ref report,
            server,
            ..
        } = *run;
        let name = run.name();
        rows.push_str(&format!(
            "| {name} | {} / {} = {:.3}% | {} ms / {} ms | {:.3} cores |\n",
            report.ticks,
            report.expected,
            report.delivered() * 100.0,
            percentile_text(report.p50_ms),
            percentile_text(report.p99_ms),
            report.cpu_cores,
        ));
        match run.worldclock_beside(worldclock) {
            Some(ours) => comparisons.push_str(&format!(
                "| {name} | {} | {} |\n",
                multiple_cell(ours.cpu_cores, report.cpu_cores, FLOOR_CPU_MULTIPLE),
                p99_over_floor_cells(ours.p99_ms, report.p99_ms),
            )),
            None => comparisons.push_str(&format!(
                "| {name} | target {target} not run | ≤ {FLOOR_CPU_MULTIPLE}×: not measured | \
                 target {target} not run | ≤ the floor's + {FLOOR_P99_MARGIN_MS} ms: not measured |\n"
            )),
        }
        commands.push_str(&format!(
            "`target/release/loadgen floor --port {} --interval-ms {}` and {}\n\n",
            server.port(),
            run.load.interval_ms,
            run.hold_command("floor"),
        ));
    }
    format!(
        "### The floor: targets 1 and 2's loads against `loadgen floor`\n\n\
         `loadgen floor` writes one prebuilt event chunk per socket per tick with a plain `write`, \
         from one thread per core, and does nothing else (`bench/loadgen/src/floor.rs`): what the \
         kernel alone charges for these loads on this machine. Targets 1 and 2: worldclock's CPU \
         ≤ {FLOOR_CPU_MULTIPLE}× the floor's and its p99 arrival delay ≤ the floor's + \
         {FLOOR_P99_MARGIN_MS} ms under the same load (worldclock's figures are this run's targets 1 \
         and 2).\n\n\
         | load | ticks delivered / expected | arrival delay p50 / p99 (kernel receive time) | CPU |\n\
         | --- | --- | --- | --- |\n{rows}\n\
         | load | CPU: worldclock / floor | target | arrival delay p99: worldclock / floor | target |\n\
         | --- | --- | --- | --- | --- |\n{comparisons}\n{commands}"
    )
}

/// Targets 1 and 2's loads against `bench/baseline`, each with a fresh baseline process, and
/// worldclock's figures of this run (`worldclock`, by target number) as shares of its, beside
/// the floor's share (`floor`): the least any server's could be.
fn baseline_section(worldclock: &[(u8, HoldReport)], floor: &[FloorRun]) -> String {
    let mut runs = Vec::new();
    for (target, load) in FLOOR_LOADS {
        let baseline = BenchServer::start_baseline(BASELINE_PORT);
        let report = hold(&load.hold_plan(&baseline));
        eprintln!("baseline, target {target}'s load: {}", report.describe());
        runs.push(FloorRun {
            target,
            load,
            report,
            server: baseline.address,
        });
    }
    baseline_text(&runs, worldclock, floor)
}

/// CPU `ours` / `theirs` = the multiple, against the aim `most`.
fn multiple_cell(ours: f64, theirs: f64, most: f64) -> String {
    share_cell(ours, theirs, 3, " cores", most)
}

/// `ours` / `theirs` = the share, against the aim `most`; `unit` after each figure.
fn share_cell(ours: f64, theirs: f64, decimals: usize, unit: &str, most: f64) -> String {
    if theirs <= 0.0 {
        return format!("{ours:.decimals$} / {theirs:.decimals$}{unit} | ≤ {most}×: not measured");
    }
    let share = ours / theirs;
    format!(
        "{ours:.decimals$} / {theirs:.decimals$}{unit} = {share:.2}× | ≤ {most}×: {}",
        verdict(share <= most)
    )
}

/// The floor's CPU as a share of `theirs`: no server's share can be lower.
fn floor_share_cell(floor: Option<&FloorRun>, theirs: f64) -> String {
    match floor {
        Some(floor) if theirs > 0.0 => format!(
            "{:.3} / {theirs:.3} cores = {:.2}×",
            floor.report.cpu_cores,
            floor.report.cpu_cores / theirs
        ),
        _ => "floor not run".to_owned(),
    }
}

fn baseline_text(runs: &[FloorRun], worldclock: &[(u8, HoldReport)], floor: &[FloorRun]) -> String {
    let mut rows = String::new();
    let mut shares = String::new();
    let mut commands = String::new();
    for run in runs {
        let FloorRun {
            target,
            ref report,
            server,
            ..
        } = *run;
        let streams = run.load.streams;
        let name = run.name();
        rows.push_str(&format!(
            "| {name} | {} of {streams} | {} / {} = {:.3}% | {} ms / {} ms | {:.3} cores | {} kB → {} kB = {:.2} kB |\n",
            report.alive,
            report.ticks,
            report.expected,
            report.delivered() * 100.0,
            percentile_text(report.p50_ms),
            percentile_text(report.p99_ms),
            report.cpu_cores,
            report.rss_before_kb,
            report.rss_held_kb,
            report.rss_per_stream_kb(),
        ));
        let floor_share = floor_share_cell(
            floor.iter().find(|run| run.target == target),
            report.cpu_cores,
        );
        match run.worldclock_beside(worldclock) {
            Some(ours) => shares.push_str(&format!(
                "| {name} | {} | {floor_share} | {} |\n",
                multiple_cell(ours.cpu_cores, report.cpu_cores, BASELINE_CPU_SHARE),
                share_cell(
                    ours.rss_per_stream_kb(),
                    report.rss_per_stream_kb(),
                    2,
                    " kB",
                    BASELINE_MEMORY_SHARE
                ),
            )),
            None => shares.push_str(&format!(
                "| {name} | target {target} not run | ≤ {BASELINE_CPU_SHARE}×: not measured | \
                 {floor_share} | target {target} not run | ≤ {BASELINE_MEMORY_SHARE}×: not measured |\n"
            )),
        }
        commands.push_str(&format!(
            "`target/release/baseline --port {}` and {}\n\n",
            server.port(),
            run.hold_command("baseline"),
        ));
    }
    format!(
        "### The baseline: targets 1 and 2's loads against axum's SSE example\n\n\
         `bench/baseline` is the server people would write instead, shaped like axum's \
         `examples/sse`: `Sse` with `KeepAlive::default()`, one `tokio::time::interval` per \
         connection (missed ticks skipped), each event's JSON built with chrono-tz and serde as \
         it is sent, tokio's default multi-thread runtime and the system allocator. Each load \
         runs against a fresh baseline process, measured by the same `loadgen hold`. The aim: \
         worldclock at ≤ {BASELINE_CPU_SHARE}× the baseline's CPU and ≤ {BASELINE_MEMORY_SHARE}× \
         its RSS per stream under the same load (worldclock's figures are this run's targets 1 \
         and 2). Beside it, the floor's CPU as a share of the baseline's: the kernel's part of \
         every server's cost, below which no server's share can go.\n\n\
         | load | streams held | ticks delivered / expected | arrival delay p50 / p99 (kernel receive time) | CPU | RSS idle → held = per stream |\n\
         | --- | --- | --- | --- | --- | --- |\n{rows}\n\
         | load | CPU: worldclock / baseline | target | CPU: floor / baseline (the least possible) | RSS per stream: worldclock / baseline | target |\n\
         | --- | --- | --- | --- | --- | --- |\n{shares}\n{commands}"
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

/// The log filter of the city finder's server: its `gazetteer loaded` line (info, from
/// `worldclock::server`) and warnings. The section opens no streams, so none of the
/// per-stream info lines of `worldclock::server` are written while it measures.
const CITIES_LOG_FILTER: &str = "warn,worldclock::server=info";

/// The city finder: its query set asked over one connection of a fresh server, and the
/// gazetteer's memory read from that server's log.
fn cities_section() -> String {
    let log =
        std::env::temp_dir().join(format!("loadgen-cities-server-{}.log", std::process::id()));
    let server =
        BenchServer::start_logging(SERVER_PORT, SERVER_MAX_STREAMS, CITIES_LOG_FILTER, &log);
    let plan = CitiesPlan {
        server: server.address,
        pid: server.pid(),
        rounds: DEFAULT_CITIES_ROUNDS,
        log: Some(log.clone()),
    };
    let report = cities::run(&plan);
    drop(server);
    let _ = std::fs::remove_file(&log);
    eprintln!("cities: {}", report.describe());
    cities_text(&report, plan.server)
}

/// The share of the measured time that the server and loadgen together may spend waiting
/// for a core before the section says the machine was busy.
const CONTENDED_SHARE: f64 = 0.05;

/// "met" or "not met", after a target.
fn verdict(met: bool) -> &'static str {
    if met {
        "met"
    } else {
        "**not met**"
    }
}

fn cities_text(report: &CitiesReport, server: SocketAddr) -> String {
    let queries: usize = report.classes.iter().map(|class| class.queries.len()).sum();
    let slowest = report.slowest_class();
    let mut rows = format!(
        "| all | {queries} queries | {} ({}) | {} | {} | {} | {} | {:.0} |\n",
        report.overall.count(),
        report.failed,
        ms_text(report.overall.percentile(0.5)),
        ms_text(report.overall.percentile(0.9)),
        ms_text(report.overall.percentile(0.99)),
        ms_text(report.overall.max()),
        report.overall.per_second(),
    );
    for class in &report.classes {
        let mut examples: Vec<String> = class
            .queries
            .iter()
            .take(5)
            .map(|query| format!("`{query}`"))
            .collect();
        if class.queries.len() > examples.len() {
            examples.push("…".into());
        }
        let marker = if slowest == Some(class) {
            " (slowest)"
        } else {
            ""
        };
        rows.push_str(&format!(
            "| {}{marker} | {} | {} ({}) | {} | {} | {} | {} | {:.0} |\n",
            class.name,
            examples.join(", "),
            class.timings.count(),
            class.failed,
            ms_text(class.timings.percentile(0.5)),
            ms_text(class.timings.percentile(0.9)),
            ms_text(class.p99()),
            ms_text(class.timings.max()),
            class.timings.per_second(),
        ));
    }
    let p99_target = P99_TARGET_US / 1000;
    let slowest_row = match slowest {
        Some(class) => format!(
            "| round trip p99, slowest class ({}) | {} ms | ≤ {p99_target} ms: {} |\n",
            class.name,
            ms_text(class.p99()),
            verdict(cities::within_latency_target(class.p99())),
        ),
        None => format!(
            "| round trip p99, slowest class | nothing measured | ≤ {p99_target} ms: {} |\n",
            verdict(false)
        ),
    };
    let query_text = |slowest: &Option<(String, u64)>| {
        slowest.as_ref().map_or("-".into(), |(query, micros)| {
            format!("{query}: {} ms", ms_text(Some(*micros)))
        })
    };
    let slowest_query_p99 = query_text(&report.slowest_by_p99);
    let slowest_query_median = query_text(&report.slowest_by_median);
    let memory_target = MEMORY_TARGET_BYTES / 1_000_000;
    let (memory_row, load_row) = match report.gazetteer {
        Some(load) => (
            format!(
                "| gazetteer: resident memory added (server's log) | {:.1} MiB ({:.1} MB) | ≤ {memory_target} MB: {} |\n",
                load.added_mib(),
                load.added_mb(),
                verdict(load.meets_target()),
            ),
            format!(
                "| gazetteer: places / load time | {} / {} ms | (for reference) |\n",
                load.places, load.millis
            ),
        ),
        None => (
            format!(
                "| gazetteer: resident memory added (server's log) | not logged | ≤ {memory_target} MB: not measured |\n"
            ),
            String::new(),
        ),
    };
    let mut notes = String::new();
    let waited_ms = report.server_run_queue_wait_ms.unwrap_or(0.0)
        + report.client_run_queue_wait_ms.unwrap_or(0.0);
    let measured_ms = report.measured.as_secs_f64() * 1000.0;
    if waited_ms > measured_ms * CONTENDED_SHARE {
        notes.push_str(&format!(
            "Other processes kept the server or loadgen from a core for {waited_ms:.0} ms of the \
             {measured_ms:.0} ms measured: the tail above is theirs as much as the server's; \
             measure again on a quiet machine.\n\n"
        ));
    }
    if !report.no_match.is_empty() {
        notes.push_str(&format!(
            "Answered with an empty array (no match; counted as answered): {}.\n\n",
            report.no_match.join(", ")
        ));
    }
    if !report.failures.is_empty() {
        notes.push_str(&format!(
            "Failed requests (the first {}): {}.\n\n",
            report.failures.len(),
            report.failures.join("; ")
        ));
    }
    format!(
        "### The city finder: `GET /api/cities`, {queries} queries × {rounds} rounds over one connection\n\n\
         A fresh release server is asked a fixed set of {queries} queries over one keep-alive \
         HTTP/1.1 connection on loopback, one request at a time: one round to warm up, then \
         {rounds} rounds measured (`bench/loadgen/src/cities.rs` lists them: single letters, pairs, \
         name prefixes, full names with and without accents, former names, native scripts, \
         countries and codes, zone ids, abbreviations and UTC offsets; the single letters and \
         pairs also with `limit=50`). Every answer must be 200 with a JSON array. A request's \
         time is its round trip on the client, from writing the request to reading the last byte \
         of the answer, so it bounds the server's time from above. The gazetteer's memory is \
         what the server logs when it loads it, before it listens (`gazetteer loaded … \
         resident_added_bytes=…`: its resident memory after building the indexes less before); \
         the server's RSS is its `VmRSS` from /proc. Targets: every query p99 ≤ {p99_target} ms, \
         judged on each class's p99 (a single query's own p99, over its {rounds} answers, is \
         shown too); the gazetteer adds ≤ {memory_target} MB.\n\n\
         | queries | examples | requests measured (failed) | p50 ms | p90 ms | p99 ms | max ms | requests/s, one at a time |\n\
         | --- | --- | --- | --- | --- | --- | --- | --- |\n{rows}\n\
         | figure | measured | target |\n| --- | --- | --- |\n{slowest_row}\
         | round trip p99, all queries | {} ms | (for reference) |\n\
         | round trip p99, slowest single query (over its {rounds} answers) | {slowest_query_p99} | (for reference) |\n\
         | slowest single query by median | {slowest_query_median} | (for reference) |\n\
         | answers 200 with a JSON array | {} of {} sent (warm-up included), over {} connection(s) | all: {} |\n\
         | requests per second, measured rounds' wall time | {:.0} | (for reference) |\n\
         | server CPU time per request (mean over the measured rounds, from /proc) | {} ms | (for reference) |\n\
         {memory_row}{load_row}\
         | server RSS after `/healthz` → after the run | {} kB → {} kB | (for reference) |\n\
         | machine load (1-minute load average) as the measured rounds began | {} | (for reference) |\n\
         | time spent waiting for a core during the measured rounds (/proc schedstat): server, loadgen | {}, {} | (for reference) |\n\n\
         {notes}\
         `./target/release/loadgen suite --only cities --out <file>` starts the server itself; against a running one, \
         `{}` with `--log <its stderr>` (logged with `RUST_LOG={CITIES_LOG_FILTER}`)\n",
        ms_text(report.overall.percentile(0.99)),
        report.sent - report.failed,
        report.sent,
        report.connections,
        verdict(report.failed == 0),
        report.wall_per_second(),
        ms_text(report.server_cpu_per_request_us.map(|us| us.round() as u64)),
        report.rss_before_kb,
        report.rss_after_kb,
        report
            .load_average
            .map_or("-".into(), |load| format!("{load:.2} on {} cores", cores())),
        wait_text(report.server_run_queue_wait_ms),
        wait_text(report.client_run_queue_wait_ms),
        cities::command_line(server, report.rounds),
        rounds = report.rounds,
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

/// The cores this process may run on.
fn cores() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0)
}

fn machine_description() -> String {
    let cores = cores();
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

    // The sections below are BENCHMARKS.md's layout, each target beside its verdict: it
    // changes only on purpose.

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
| ticks delivered / expected | 380000 / 380000 = 100.000% | every tick: met |
| arrival delay p50 / p99 (kernel receive time) | 120 ms / 246 ms | ≤ the floor's p99 + 15 ms (the floor's section) |
| read delay p50 / p99 (when the generator read it) | 121 ms / 249 ms | (for reference) |
| server RSS | 9024 kB idle → 157008 kB held = 7.79 kB per stream | ≤ 8 KiB per stream: met |
| server CPU | 0.329 cores | ≤ 1.25× the floor's (the floor's section) |

`target/release/loadgen hold --server 127.0.0.1:3300 --pid <server pid> --streams 19000 --query 'city=Asia/Seoul&sec=1' --zones 1 --interval-ms 1000 --measure 20`
"
        );
    }

    #[test]
    fn target_3_is_judged_on_its_own_p99() {
        let report = hold_report(TARGET_3, 1_000, 19_990, [7, 51, 9, 60], [9000, 17000], 0.02);
        let text = hold_target_text(&HOLD_TARGETS[2], &report, address(3300));
        assert!(
            text.contains("| 19990 / 19990 = 100.000% | ≥ 99.9%: met |"),
            "{text}"
        );
        assert!(
            text.contains("| 7 ms / 51 ms | p99 ≤ 50 ms: **not met** |"),
            "{text}"
        );
        assert!(
            text.contains("= 8.00 kB per stream | (for reference) |"),
            "{text}"
        );
    }

    #[test]
    fn targets_1_and_2_miss_a_lost_tick_and_a_large_stream() {
        let mut report = hold_report(TARGET_2, 5_000, 999_999, [7, 40, 9, 60], [0, 45_000], 0.3);
        report.expected = 1_000_000;
        let text = hold_target_text(&HOLD_TARGETS[1], &report, address(3300));
        assert!(text.contains("| every tick: **not met** |"), "{text}");
        assert!(
            text.contains("= 9.00 kB per stream | ≤ 8 KiB per stream: **not met** |"),
            "{text}"
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
        let worldclock = [(
            2,
            hold_report(TARGET_2, 5_000, 1_000_000, [20, 59, 25, 70], [0, 0], 0.45),
        )];
        assert_eq!(
            floor_text(&runs, &worldclock),
            "### The floor: targets 1 and 2's loads against `loadgen floor`

`loadgen floor` writes one prebuilt event chunk per socket per tick with a plain `write`, from one thread per core, and does nothing else (`bench/loadgen/src/floor.rs`): what the kernel alone charges for these loads on this machine. Targets 1 and 2: worldclock's CPU ≤ 1.25× the floor's and its p99 arrival delay ≤ the floor's + 15 ms under the same load (worldclock's figures are this run's targets 1 and 2).

| load | ticks delivered / expected | arrival delay p50 / p99 (kernel receive time) | CPU |
| --- | --- | --- | --- |
| 1: 19000 streams every 1000 ms | 380000 / 380000 = 100.000% | 84 ms / 207 ms | 0.219 cores |
| 2: 5000 streams every 100 ms | 1000000 / 1000000 = 100.000% | 17 ms / 43 ms | 0.353 cores |

| load | CPU: worldclock / floor | target | arrival delay p99: worldclock / floor | target |
| --- | --- | --- | --- | --- |
| 1: 19000 streams every 1000 ms | target 1 not run | ≤ 1.25×: not measured | target 1 not run | ≤ the floor's + 15 ms: not measured |
| 2: 5000 streams every 100 ms | 0.450 / 0.353 cores = 1.27× | ≤ 1.25×: **not met** | 59 / 43 ms | ≤ 43 + 15 = 58 ms: **not met** |

`target/release/loadgen floor --port 3301 --interval-ms 1000` and `target/release/loadgen hold --server 127.0.0.1:3301 --pid <floor pid> --streams 19000 --query 'city=Asia/Seoul&sec=1' --interval-ms 1000 --measure 20`

`target/release/loadgen floor --port 3301 --interval-ms 100` and `target/release/loadgen hold --server 127.0.0.1:3301 --pid <floor pid> --streams 5000 --query 'city=Asia/Seoul&sec=0.1' --interval-ms 100 --measure 20`

"
        );
    }

    #[test]
    fn the_baseline_section_compares_worldclock_with_it() {
        let runs = [
            FloorRun {
                target: 1,
                load: TARGET_1,
                report: hold_report(
                    TARGET_1,
                    19_000,
                    380_000,
                    [90, 210, 91, 212],
                    [4000, 384_000],
                    0.8,
                ),
                server: address(3302),
            },
            FloorRun {
                target: 2,
                load: TARGET_2,
                report: hold_report(
                    TARGET_2,
                    5_000,
                    1_000_000,
                    [20, 45, 21, 48],
                    [4000, 104_000],
                    1.0,
                ),
                server: address(3302),
            },
        ];
        let worldclock = [(
            1,
            hold_report(
                TARGET_1,
                19_000,
                380_000,
                [120, 246, 121, 249],
                [9024, 157_008],
                0.329,
            ),
        )];
        let floor = [FloorRun {
            target: 1,
            load: TARGET_1,
            report: hold_report(TARGET_1, 19_000, 380_000, [84, 207, 90, 210], [0, 0], 0.2),
            server: address(3301),
        }];
        assert_eq!(
            baseline_text(&runs, &worldclock, &floor),
            "### The baseline: targets 1 and 2's loads against axum's SSE example

`bench/baseline` is the server people would write instead, shaped like axum's `examples/sse`: `Sse` with `KeepAlive::default()`, one `tokio::time::interval` per connection (missed ticks skipped), each event's JSON built with chrono-tz and serde as it is sent, tokio's default multi-thread runtime and the system allocator. Each load runs against a fresh baseline process, measured by the same `loadgen hold`. The aim: worldclock at ≤ 0.5× the baseline's CPU and ≤ 0.45× its RSS per stream under the same load (worldclock's figures are this run's targets 1 and 2). Beside it, the floor's CPU as a share of the baseline's: the kernel's part of every server's cost, below which no server's share can go.

| load | streams held | ticks delivered / expected | arrival delay p50 / p99 (kernel receive time) | CPU | RSS idle → held = per stream |
| --- | --- | --- | --- | --- | --- |
| 1: 19000 streams every 1000 ms | 19000 of 19000 | 380000 / 380000 = 100.000% | 90 ms / 210 ms | 0.800 cores | 4000 kB → 384000 kB = 20.00 kB |
| 2: 5000 streams every 100 ms | 5000 of 5000 | 1000000 / 1000000 = 100.000% | 20 ms / 45 ms | 1.000 cores | 4000 kB → 104000 kB = 20.00 kB |

| load | CPU: worldclock / baseline | target | CPU: floor / baseline (the least possible) | RSS per stream: worldclock / baseline | target |
| --- | --- | --- | --- | --- | --- |
| 1: 19000 streams every 1000 ms | 0.329 / 0.800 cores = 0.41× | ≤ 0.5×: met | 0.200 / 0.800 cores = 0.25× | 7.79 / 20.00 kB = 0.39× | ≤ 0.45×: met |
| 2: 5000 streams every 100 ms | target 2 not run | ≤ 0.5×: not measured | floor not run | target 2 not run | ≤ 0.45×: not measured |

`target/release/baseline --port 3302` and `target/release/loadgen hold --server 127.0.0.1:3302 --pid <baseline pid> --streams 19000 --query 'city=Asia/Seoul&sec=1' --interval-ms 1000 --measure 20`

`target/release/baseline --port 3302` and `target/release/loadgen hold --server 127.0.0.1:3302 --pid <baseline pid> --streams 5000 --query 'city=Asia/Seoul&sec=0.1' --interval-ms 100 --measure 20`

"
        );
        assert_eq!(
            share_cell(0.6, 1.0, 3, " cores", BASELINE_CPU_SHARE),
            "0.600 / 1.000 cores = 0.60× | ≤ 0.5×: **not met**"
        );
        assert_eq!(
            share_cell(0.6, 0.0, 2, " kB", BASELINE_MEMORY_SHARE),
            "0.60 / 0.00 kB | ≤ 0.45×: not measured"
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

    /// A city finder's report with two classes.
    fn cities_report(gazetteer: Option<cities::GazetteerLoad>) -> CitiesReport {
        use cities::{ClassReport, Timings};
        let class = |name: &str, queries: &[&str], limit, micros: Vec<u64>, failed| ClassReport {
            name: name.into(),
            queries: queries.iter().map(|query| (*query).to_owned()).collect(),
            limit,
            timings: Timings::from_micros(micros),
            failed,
        };
        let letters: Vec<u64> = (1..=100).map(|i| 300 + i * 10).collect();
        let names: Vec<u64> = (1..=100).map(|i| 100 + i).collect();
        CitiesReport {
            rounds: 50,
            classes: vec![
                class(
                    "1 letter, limit=50",
                    &["a", "s", "m", "k", "b", "t"],
                    Some(50),
                    letters.clone(),
                    0,
                ),
                class("former name", &["Madras", "Edo"], None, names.clone(), 1),
            ],
            overall: Timings::from_micros([letters, names].concat()),
            sent: 204,
            failed: 1,
            failures: vec!["`Edo`: status 400: {}".into()],
            connections: 1,
            measured: std::time::Duration::from_millis(100),
            slowest_by_median: Some(("`a` limit=50".into(), 1_234)),
            slowest_by_p99: Some(("`s` limit=50".into(), 2_001)),
            no_match: vec!["`Madras`".into()],
            rss_before_kb: 30_000,
            rss_after_kb: 30_500,
            server_cpu_per_request_us: Some(123.4),
            server_run_queue_wait_ms: Some(1.25),
            client_run_queue_wait_ms: None,
            load_average: None,
            gazetteer,
        }
    }

    #[test]
    fn the_cities_section_shows_the_classes_and_the_targets() {
        let load = cities::GazetteerLoad {
            places: 34_006,
            resident_added_bytes: 17_825_792,
            millis: 213,
        };
        assert_eq!(
            cities_text(&cities_report(Some(load)), address(3300)),
            "### The city finder: `GET /api/cities`, 8 queries × 50 rounds over one connection

A fresh release server is asked a fixed set of 8 queries over one keep-alive HTTP/1.1 connection on loopback, one request at a time: one round to warm up, then 50 rounds measured (`bench/loadgen/src/cities.rs` lists them: single letters, pairs, name prefixes, full names with and without accents, former names, native scripts, countries and codes, zone ids, abbreviations and UTC offsets; the single letters and pairs also with `limit=50`). Every answer must be 200 with a JSON array. A request's time is its round trip on the client, from writing the request to reading the last byte of the answer, so it bounds the server's time from above. The gazetteer's memory is what the server logs when it loads it, before it listens (`gazetteer loaded … resident_added_bytes=…`: its resident memory after building the indexes less before); the server's RSS is its `VmRSS` from /proc. Targets: every query p99 ≤ 2 ms, judged on each class's p99 (a single query's own p99, over its 50 answers, is shown too); the gazetteer adds ≤ 20 MB.

| queries | examples | requests measured (failed) | p50 ms | p90 ms | p99 ms | max ms | requests/s, one at a time |
| --- | --- | --- | --- | --- | --- | --- | --- |
| all | 8 queries | 200 (1) | 0.200 | 1.100 | 1.280 | 1.300 | 2093 |
| 1 letter, limit=50 (slowest) | `a`, `s`, `m`, `k`, `b`, … | 100 (0) | 0.800 | 1.200 | 1.290 | 1.300 | 1242 |
| former name | `Madras`, `Edo` | 100 (1) | 0.150 | 0.190 | 0.199 | 0.200 | 6645 |

| figure | measured | target |
| --- | --- | --- |
| round trip p99, slowest class (1 letter, limit=50) | 1.290 ms | ≤ 2 ms: met |
| round trip p99, all queries | 1.280 ms | (for reference) |
| round trip p99, slowest single query (over its 50 answers) | `s` limit=50: 2.001 ms | (for reference) |
| slowest single query by median | `a` limit=50: 1.234 ms | (for reference) |
| answers 200 with a JSON array | 203 of 204 sent (warm-up included), over 1 connection(s) | all: **not met** |
| requests per second, measured rounds' wall time | 2000 | (for reference) |
| server CPU time per request (mean over the measured rounds, from /proc) | 0.123 ms | (for reference) |
| gazetteer: resident memory added (server's log) | 17.0 MiB (17.8 MB) | ≤ 20 MB: met |
| gazetteer: places / load time | 34006 / 213 ms | (for reference) |
| server RSS after `/healthz` → after the run | 30000 kB → 30500 kB | (for reference) |
| machine load (1-minute load average) as the measured rounds began | - | (for reference) |
| time spent waiting for a core during the measured rounds (/proc schedstat): server, loadgen | 1.2 ms, - | (for reference) |

Answered with an empty array (no match; counted as answered): `Madras`.

Failed requests (the first 1): `Edo`: status 400: {}.

`./target/release/loadgen suite --only cities --out <file>` starts the server itself; against a running one, `target/release/loadgen cities --server 127.0.0.1:3300 --pid <server pid> --rounds 50` with `--log <its stderr>` (logged with `RUST_LOG=warn,worldclock::server=info`)
"
        );
        let mut busy = cities_report(Some(load));
        busy.server_run_queue_wait_ms = Some(4.0);
        busy.client_run_queue_wait_ms = Some(2.0);
        assert!(cities_text(&busy, address(3300)).contains(
            "\n\nOther processes kept the server or loadgen from a core for 6 ms of the 100 ms \
             measured: the tail above is theirs as much as the server's; measure again on a quiet \
             machine.\n\nAnswered with an empty array"
        ));
        let unlogged = cities_text(&cities_report(None), address(3300));
        assert!(unlogged.contains(
            "| gazetteer: resident memory added (server's log) | not logged | ≤ 20 MB: not measured |\n\
             | server RSS"
        ));
        let over = cities::GazetteerLoad {
            resident_added_bytes: 25_000_000,
            ..load
        };
        assert!(cities_text(&cities_report(Some(over)), address(3300))
            .contains("| 23.8 MiB (25.0 MB) | ≤ 20 MB: **not met** |"));
    }

    #[test]
    fn every_load_fits_the_servers_cap() {
        for load in [TARGET_1, TARGET_2, TARGET_3] {
            assert!(load.streams <= SERVER_MAX_STREAMS);
        }
    }
}
