//! A worker process (`loadgen worker`): opens its share of a `hold`'s streams from its own
//! four loopback source addresses, reads them through the measurement window its parent
//! sends, and reports what arrived when.
//!
//! With its parent it speaks in lines: `OPENED` on stdout once every stream has its answer,
//! `WINDOW from to` on stdin, then one `REPORT …` line on stdout ([`WorkerReport`]).

use std::{
    io::Write,
    net::{Ipv4Addr, SocketAddr, SocketAddrV4},
    sync::{
        atomic::{AtomicI64, AtomicU64, Ordering},
        Arc,
    },
    time::{Duration, Instant},
};

use tokio::{io::AsyncWriteExt, net::TcpSocket};

use crate::{
    cli::WorkerPlan,
    clock::now_epoch_ms,
    histogram::{AtomicHistogram, Histogram},
    receive_time::{ask_for_receive_times, read_with_receive_time},
};

/// Runs `plan` to its report; the exit code.
pub fn run(plan: &WorkerPlan) -> i32 {
    run_as_batch_work();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(run_worker(plan))
}

/// Puts this process (before it starts threads, which inherit it) under `SCHED_BATCH`.
///
/// A real client runs on another machine. Here the workers share the server's two cores, and
/// under the default policy each event's arrival wakes a worker that at once preempts the
/// server in the middle of its round of writes: the server then pays for context switches
/// a remote client would never cause it. Batch threads are never woken into preemption;
/// they still get their fair share of the cores.
fn run_as_batch_work() {
    let parameters = libc::sched_param { sched_priority: 0 };
    // SAFETY: pid 0 is this thread; the parameters are valid for SCHED_BATCH.
    if unsafe { libc::sched_setscheduler(0, libc::SCHED_BATCH, &parameters) } != 0 {
        eprintln!(
            "loadgen worker: could not switch to SCHED_BATCH ({}); measuring anyway",
            std::io::Error::last_os_error()
        );
    }
}

/// What one worker measured, as one JSON-ish line on stdout.
#[derive(Debug, Default, Clone)]
pub struct WorkerReport {
    pub opened: u64,
    pub refused: u64,
    pub failed: u64,
    /// Ticks whose instant fell inside the measurement window.
    pub ticks: u64,
    /// Streams still open at the end of the window.
    pub alive: u64,
    /// Delay until the tick's bytes reached the client's socket (the kernel's receive time).
    pub arrival: Histogram,
    /// Delay until this load generator read them (adds its own scheduling on shared cores).
    pub read: Histogram,
}

impl WorkerReport {
    pub fn to_line(&self) -> String {
        format!(
            "REPORT opened={} refused={} failed={} ticks={} alive={} arrival={} read={}",
            self.opened,
            self.refused,
            self.failed,
            self.ticks,
            self.alive,
            self.arrival.to_field(),
            self.read.to_field(),
        )
    }

    pub fn from_line(line: &str) -> Option<WorkerReport> {
        let rest = line.strip_prefix("REPORT ")?;
        let mut report = WorkerReport::default();
        for field in rest.split(' ') {
            let (name, value) = field.split_once('=')?;
            match name {
                "opened" => report.opened = value.parse().ok()?,
                "refused" => report.refused = value.parse().ok()?,
                "failed" => report.failed = value.parse().ok()?,
                "ticks" => report.ticks = value.parse().ok()?,
                "alive" => report.alive = value.parse().ok()?,
                "arrival" => report.arrival.add_field(value)?,
                "read" => report.read.add_field(value)?,
                _ => {}
            }
        }
        Some(report)
    }

    pub fn merge(&mut self, other: &WorkerReport) {
        self.opened += other.opened;
        self.refused += other.refused;
        self.failed += other.failed;
        self.ticks += other.ticks;
        self.alive += other.alive;
        self.arrival.merge(&other.arrival);
        self.read.merge(&other.read);
    }
}

/// Shared counters of one worker's connections.
struct Tally {
    opened: AtomicU64,
    refused: AtomicU64,
    failed: AtomicU64,
    ticks: AtomicU64,
    arrival: AtomicHistogram,
    read: AtomicHistogram,
}

async fn run_worker(plan: &WorkerPlan) -> i32 {
    let server = plan.server;
    let streams = plan.streams;
    let zones = plan.zones;
    // The window is set by the parent once every worker has opened its streams.
    let window = Arc::new(Window {
        from: AtomicI64::new(i64::MAX),
        to: AtomicI64::new(i64::MAX),
    });

    let tally = Arc::new(Tally {
        opened: AtomicU64::new(0),
        refused: AtomicU64::new(0),
        failed: AtomicU64::new(0),
        ticks: AtomicU64::new(0),
        arrival: AtomicHistogram::new(),
        read: AtomicHistogram::new(),
    });
    let alive = Arc::new(AtomicU64::new(0));
    let request = format!(
        "GET /api/clock/stream?{} HTTP/1.1\r\nHost: {server}\r\nAccept: text/event-stream\r\n\r\n",
        plan.query
    );
    let mut tasks = Vec::with_capacity(streams as usize);
    let pause = Duration::from_micros(1_000_000 / plan.open_rate.max(1));
    for index in 0..streams {
        // Several source addresses, so no one address runs out of ephemeral ports.
        let local = Ipv4Addr::new(127, 0, 0, plan.source + (index % 4) as u8);
        let (tally, alive, request, window) = (
            Arc::clone(&tally),
            Arc::clone(&alive),
            request.clone(),
            Arc::clone(&window),
        );
        tasks.push(tokio::spawn(async move {
            read_stream(server, local, request, zones, &window, &tally, &alive).await;
        }));
        tokio::time::sleep(pause).await;
    }
    // Wait until every connection has its answer, then ask the parent for the window.
    let settle_deadline = Instant::now() + Duration::from_secs(30);
    let answered = |tally: &Tally| {
        tally.opened.load(Ordering::Relaxed)
            + tally.refused.load(Ordering::Relaxed)
            + tally.failed.load(Ordering::Relaxed)
    };
    while answered(&tally) < streams && Instant::now() < settle_deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    println!("OPENED");
    let _ = std::io::stdout().flush();
    let line = tokio::task::spawn_blocking(|| {
        let mut line = String::new();
        let _ = std::io::stdin().read_line(&mut line);
        line
    })
    .await
    .unwrap_or_default();
    let mut parts = line
        .split_whitespace()
        .skip(1)
        .filter_map(|value| value.parse::<i64>().ok());
    let (Some(from), Some(to)) = (parts.next(), parts.next()) else {
        eprintln!("loadgen worker: expected `WINDOW from to`, got {line:?}");
        return 2;
    };
    window.from.store(from, Ordering::Relaxed);
    window.to.store(to, Ordering::Relaxed);
    // Every stream reads until the window closes.
    let wait = (to - now_epoch_ms()).max(0) as u64 + 500;
    tokio::time::sleep(Duration::from_millis(wait)).await;
    let report = WorkerReport {
        opened: tally.opened.load(Ordering::Relaxed),
        refused: tally.refused.load(Ordering::Relaxed),
        failed: tally.failed.load(Ordering::Relaxed),
        ticks: tally.ticks.load(Ordering::Relaxed),
        alive: alive.load(Ordering::Relaxed),
        arrival: tally.arrival.snapshot(),
        read: tally.read.snapshot(),
    };
    println!("{}", report.to_line());
    let _ = std::io::stdout().flush();
    for task in tasks {
        task.abort();
    }
    0
}

/// The measurement window, in epoch milliseconds: ticks scheduled inside it are counted.
struct Window {
    from: AtomicI64,
    to: AtomicI64,
}

/// One stream: connect, send the request, read events until the window closes, counting
/// ticks whose instant falls in the window and how late each arrived.
async fn read_stream(
    server: SocketAddr,
    local: Ipv4Addr,
    request: String,
    zones: u64,
    window: &Window,
    tally: &Tally,
    alive: &AtomicU64,
) {
    let connected = async {
        let socket = TcpSocket::new_v4()?;
        socket.bind(SocketAddr::V4(SocketAddrV4::new(local, 0)))?;
        let mut stream = socket.connect(server).await?;
        ask_for_receive_times(&stream)?;
        stream.write_all(request.as_bytes()).await?;
        Ok::<_, std::io::Error>(stream)
    };
    let Ok(stream) = connected.await else {
        tally.failed.fetch_add(1, Ordering::Relaxed);
        return;
    };
    let mut buffer = vec![0u8; 4096];
    let mut pending: Vec<u8> = Vec::with_capacity(1024);
    let mut headers_done = false;
    let mut reached_end = false;
    let mut data_lines = 0u64;
    loop {
        let (read, received) = match read_with_receive_time(&stream, &mut buffer).await {
            Ok((0, _)) | Err(_) => break,
            Ok(read) => read,
        };
        let arrived = now_epoch_ms();
        // Without a kernel time (never seen on Linux), the read time stands in.
        let received = received.unwrap_or(arrived);
        let (measure_from, measure_to) = (
            window.from.load(Ordering::Relaxed),
            window.to.load(Ordering::Relaxed),
        );
        pending.extend_from_slice(&buffer[..read]);
        if !headers_done {
            let Some(end) = find(&pending, b"\r\n\r\n") else {
                continue;
            };
            let status_line =
                String::from_utf8_lossy(&pending[..pending.len().min(16)]).into_owned();
            if status_line.contains(" 503") {
                tally.refused.fetch_add(1, Ordering::Relaxed);
                return;
            }
            if !status_line.contains(" 200") {
                tally.failed.fetch_add(1, Ordering::Relaxed);
                return;
            }
            tally.opened.fetch_add(1, Ordering::Relaxed);
            alive.fetch_add(1, Ordering::Relaxed);
            headers_done = true;
            pending.drain(..end + 4);
        }
        // Whole lines only; a partial line waits for the next read.
        let Some(last_newline) = pending.iter().rposition(|byte| *byte == b'\n') else {
            continue;
        };
        for line in pending[..last_newline].split(|byte| *byte == b'\n') {
            let Some(at) = find(line, b"\"epochMs\":") else {
                continue;
            };
            data_lines += 1;
            let digits: Vec<u8> = line[at + 10..]
                .iter()
                .copied()
                .take_while(u8::is_ascii_digit)
                .collect();
            let Some(epoch_ms) = std::str::from_utf8(&digits)
                .ok()
                .and_then(|text| text.parse::<i64>().ok())
            else {
                continue;
            };
            // One tick is `zones` events; count it once, on its first event, and only the
            // wall-clock ticks (the first tick of a stream is "now", not scheduled).
            if (data_lines - 1).is_multiple_of(zones)
                && (measure_from..measure_to).contains(&epoch_ms)
                && data_lines > zones
            {
                tally.ticks.fetch_add(1, Ordering::Relaxed);
                tally.arrival.record(received - epoch_ms);
                tally.read.record(arrived - epoch_ms);
            }
        }
        pending.drain(..=last_newline);
        if measure_to != i64::MAX && arrived > measure_to + 200 {
            reached_end = true;
            break;
        }
    }
    // `alive` counts streams still open when the window closed.
    if headers_done && !reached_end {
        alive.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Where `needle` first occurs in `haystack`.
pub fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_survives_its_line() {
        let mut report = WorkerReport {
            opened: 5,
            refused: 1,
            failed: 2,
            ticks: 90,
            alive: 4,
            ..WorkerReport::default()
        };
        report.arrival.add_field("3:60,40:30").unwrap();
        report.read.add_field("5:90").unwrap();
        let line = report.to_line();
        assert_eq!(
            line,
            "REPORT opened=5 refused=1 failed=2 ticks=90 alive=4 arrival=3:60,40:30 read=5:90"
        );
        let mut merged = WorkerReport::from_line(&line).unwrap();
        merged.merge(&report);
        assert_eq!(
            merged.to_line(),
            "REPORT opened=10 refused=2 failed=4 ticks=180 alive=8 arrival=3:120,40:60 read=5:180"
        );
        assert!(WorkerReport::from_line("OPENED").is_none());
    }

    #[test]
    fn bytes_are_found_where_they_first_occur() {
        assert_eq!(find(b"HTTP/1.1 200\r\n\r\ndata", b"\r\n\r\n"), Some(12));
        assert_eq!(find(b"no end yet\r\n", b"\r\n\r\n"), None);
    }
}
