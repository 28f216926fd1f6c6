//! The processes under measurement: a server's resident memory and CPU time from
//! `/proc/<pid>`, and the servers the suite starts for each benchmark and stops after it.

use std::{
    fs::File,
    net::SocketAddr,
    path::Path,
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use crate::http_probe::http_status;

/// Clock ticks per second for /proc CPU times (`getconf CLK_TCK`; 100 on Linux).
pub const CLOCK_TICKS_PER_SECOND: f64 = 100.0;

/// The server the suite measures, relative to the directory `make bench` runs in, unless
/// `WORLDCLOCK_SERVER_BINARY` names another: `make bench` names the fat-LTO build
/// (`make dist`), what operators deploy.
const SERVER_BINARY: &str = "./target/release/worldclock";

/// The server binary to start: `WORLDCLOCK_SERVER_BINARY`, or [`SERVER_BINARY`].
fn server_binary() -> String {
    std::env::var("WORLDCLOCK_SERVER_BINARY").unwrap_or_else(|_| SERVER_BINARY.to_owned())
}
/// The yardstick shaped like axum's SSE example (`bench/baseline`), built by `make bench`.
const BASELINE_BINARY: &str = "./target/release/baseline";

/// A server process's resident memory (kB), from /proc; 0 if it cannot be read.
pub fn server_rss_kb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|line| line.strip_prefix("VmRSS:"))
                .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

/// A server process's CPU time (clock ticks, user and system), from /proc; 0 if it cannot
/// be read.
pub fn server_cpu_ticks(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| {
            // Fields after the ")" of the command name: utime and stime are 12th and 13th.
            let after = stat.rsplit_once(')')?.1;
            let fields: Vec<&str> = after.split_whitespace().collect();
            Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
        })
        .unwrap_or(0)
}

/// How long a process's threads have waited, runnable, for a core (ns, summed over its
/// threads' `/proc/<pid>/task/*/schedstat`): what other processes on the machine cost it.
/// `None` if it cannot be read (no such process, or a kernel without schedstats).
pub fn run_queue_wait_ns(pid: u32) -> Option<u64> {
    let tasks = std::fs::read_dir(format!("/proc/{pid}/task")).ok()?;
    let mut total = 0;
    for task in tasks {
        let schedstat = std::fs::read_to_string(task.ok()?.path().join("schedstat")).ok()?;
        total += schedstat.split_whitespace().nth(1)?.parse::<u64>().ok()?;
    }
    Some(total)
}

/// A server started for one benchmark: worldclock, or a yardstick (the floor, the baseline).
pub struct BenchServer {
    child: Child,
    pub address: SocketAddr,
}

impl BenchServer {
    /// The release server on `port`, capped at `max_streams`, once `/healthz` answers; it
    /// logs warnings only, to nowhere.
    pub fn start(port: u16, max_streams: u64) -> BenchServer {
        BenchServer::start_with(port, max_streams, "warn", Stdio::null())
    }

    /// The release server as [`BenchServer::start`] does, with its log (`RUST_LOG` set to
    /// `log_filter`) written to the file at `log`, whose lines a benchmark reads.
    pub fn start_logging(port: u16, max_streams: u64, log_filter: &str, log: &Path) -> BenchServer {
        let file = File::create(log)
            .unwrap_or_else(|error| panic!("cannot create {}: {error}", log.display()));
        BenchServer::start_with(port, max_streams, log_filter, Stdio::from(file))
    }

    fn start_with(port: u16, max_streams: u64, log_filter: &str, stderr: Stdio) -> BenchServer {
        let address = SocketAddr::from(([127, 0, 0, 1], port));
        let child = Command::new(server_binary())
            .env("LEPTOS_SITE_ADDR", address.to_string())
            .env("WORLDCLOCK_MAX_STREAMS", max_streams.to_string())
            // Every benchmark stream comes from loopback addresses the server counts as few
            // clients: the per-client cap must allow the whole load, as the global cap does.
            .env(
                "WORLDCLOCK_MAX_STREAMS_PER_CLIENT",
                max_streams.min(1_000_000).to_string(),
            )
            .env("RUST_LOG", log_filter)
            .stdout(Stdio::null())
            .stderr(stderr)
            .spawn()
            .expect("target/release/worldclock (run `make build` first)");
        let deadline = Instant::now() + Duration::from_secs(10);
        while http_status(address, "/healthz") != Some(200) {
            assert!(
                Instant::now() < deadline,
                "the server did not answer /healthz"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        BenchServer { child, address }
    }

    /// `loadgen floor` on `port`, once it accepts connections.
    pub fn start_floor(port: u16, interval_ms: u64) -> BenchServer {
        let address = SocketAddr::from(([127, 0, 0, 1], port));
        let child = Command::new(std::env::current_exe().expect("the loadgen binary"))
            .args([
                "floor",
                "--port",
                &port.to_string(),
                "--interval-ms",
                &interval_ms.to_string(),
            ])
            .stdout(Stdio::null())
            .spawn()
            .expect("a loadgen floor process");
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(address).is_err() {
            assert!(Instant::now() < deadline, "loadgen floor did not listen");
            std::thread::sleep(Duration::from_millis(50));
        }
        BenchServer { child, address }
    }

    /// `bench/baseline`'s release binary on `port`, once `/healthz` answers.
    pub fn start_baseline(port: u16) -> BenchServer {
        let address = SocketAddr::from(([127, 0, 0, 1], port));
        let child = Command::new(BASELINE_BINARY)
            .args(["--port", &port.to_string()])
            .stdout(Stdio::null())
            .spawn()
            .expect("target/release/baseline (run `cargo build --release -p baseline` first)");
        let deadline = Instant::now() + Duration::from_secs(10);
        while http_status(address, "/healthz") != Some(200) {
            assert!(
                Instant::now() < deadline,
                "the baseline did not answer /healthz"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        BenchServer { child, address }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for BenchServer {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_has_figures_and_no_process_has_none() {
        let me = std::process::id();
        assert!(server_rss_kb(me) > 0);
        // Spin until the kernel has charged this process at least one tick.
        let started = Instant::now();
        while server_cpu_ticks(me) == 0 && started.elapsed() < Duration::from_secs(5) {
            std::hint::black_box((0..10_000u64).sum::<u64>());
        }
        assert!(server_cpu_ticks(me) > 0);
        assert_eq!(server_rss_kb(0), 0);
        assert_eq!(server_cpu_ticks(0), 0);
        assert!(run_queue_wait_ns(me).is_some());
        assert_eq!(run_queue_wait_ns(0), None);
    }
}
