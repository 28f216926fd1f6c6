//! `loadgen`: the project's own benchmark. It opens many clock streams over real TCP against
//! a running worldclock server and reports what the performance issue asks for: streams
//! held, ticks delivered against expected, arrival delay after each tick's scheduled instant
//! (`epochMs`), and the server's RSS per stream and CPU, read from `/proc/<pid>`.
//!
//! A process here may hold at most 20,000 files, so the streams are split over worker
//! processes (this same binary, `loadgen worker …`), each connecting from its own loopback
//! source addresses (127.0.0.2, 127.0.0.3, …) so ephemeral ports never run out.
//!
//! It also asks the city finder (`GET /api/cities`) a fixed set of queries over one
//! keep-alive connection and reports their round trips and the gazetteer's memory.
//!
//! ```text
//! loadgen suite [--out BENCHMARKS.md]            the standard set; starts its own servers
//! loadgen hold --server ADDR --pid PID --streams N --query Q [--zones Z] [--measure S]
//! loadgen churn --server ADDR --pid PID --rate R --seconds S
//! loadgen floor [--port P] [--interval-ms I]      the least a server can do (floor.rs)
//! loadgen cities --server ADDR [--pid PID] [--rounds N] [--log FILE]
//!                                                 the city finder's latency (cities.rs)
//! ```
//!
//! Every option is in [`cli::USAGE`]. This file only reads the command line and runs it.

mod churn;
mod cities;
mod cli;
mod clock;
mod floor;
mod histogram;
mod hold;
mod http_probe;
mod process;
mod receive_time;
mod suite;
mod worker;

use cli::{Command, USAGE};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = Command::parse(&args).unwrap_or_else(|error| {
        eprintln!("loadgen: {error}\n\n{USAGE}");
        std::process::exit(2)
    });
    let _ = rlimit::increase_nofile_limit(u64::MAX);
    let code = match command {
        Command::Worker(plan) => worker::run(&plan),
        Command::Hold(plan) => {
            println!("{}", hold::hold(&plan).describe());
            0
        }
        Command::Churn(plan) => {
            println!("{:#?}", churn::churn(&plan));
            0
        }
        Command::Suite(plan) => suite::run(&plan),
        Command::Floor(plan) => floor::serve(&plan),
        Command::Cities(plan) => {
            let report = cities::run(&plan);
            println!("{}", report.describe());
            i32::from(report.failed > 0)
        }
    };
    std::process::exit(code);
}
