//! `loadgen`: the project's own benchmark. It opens many clock streams over real TCP against
//! a running worldclock server and reports what the performance issue asks for: streams
//! held, ticks delivered against expected, arrival delay after each tick's scheduled instant
//! (`epochMs`), and the server's RSS per stream and CPU, read from `/proc/<pid>`.
//!
//! A process here may hold at most 20,000 files, so the streams are split over worker
//! processes (this same binary, `loadgen worker …`), each connecting from its own loopback
//! source addresses (127.0.0.2, 127.0.0.3, …) so ephemeral ports never run out.
//!
//! ```text
//! loadgen suite [--out BENCHMARKS.md]            the standard set; starts its own servers
//! loadgen hold --server ADDR --pid PID --streams N --query Q [--zones Z] [--measure S]
//! loadgen churn --server ADDR --pid PID --rate R --seconds S
//! loadgen floor [--port P] [--interval-ms I]      the least a server can do (floor.rs)
//! ```

use std::{
    collections::BTreeMap,
    io::{BufRead, BufReader, Write},
    net::{Ipv4Addr, SocketAddr, SocketAddrV4},
    os::fd::{AsRawFd, RawFd},
    process::{Child, Command, Stdio},
    sync::{
        atomic::{AtomicI64, AtomicU64, Ordering},
        Arc,
    },
    time::{Duration, Instant},
};

use tokio::{
    io::{AsyncReadExt, AsyncWriteExt, Interest},
    net::{TcpSocket, TcpStream},
};
// Milliseconds since the Unix epoch: the same reading of the clock the server makes.
use worldclock::clock_face::now_epoch_ms as now_ms;

#[path = "loadgen/floor.rs"]
mod floor;

/// Streams one worker process opens at most: well under the 20,000 open files a process
/// may hold here.
const STREAMS_PER_WORKER: usize = 5_000;
/// Delay histogram resolution: 1 ms buckets up to this, then one overflow bucket.
const DELAY_BUCKETS: usize = 2_000;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(mode) = args.first() else {
        eprintln!(
            "usage: loadgen suite|hold|churn|floor|worker … (see the top of src/bin/loadgen.rs)"
        );
        std::process::exit(2);
    };
    let options = Options::parse(&args[1..]);
    let _ = rlimit::increase_nofile_limit(u64::MAX);
    if mode == "worker" {
        run_as_batch_work();
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let code = match mode.as_str() {
        "worker" => runtime.block_on(run_worker(&options)),
        "hold" => {
            let report = hold(&options);
            println!("{}", report.describe());
            0
        }
        "churn" => {
            let report = churn(&options);
            println!("{report:#?}");
            0
        }
        "suite" => suite(&options),
        "floor" => floor::serve(
            options.number("port", 3301) as u16,
            options.number("interval-ms", 1_000),
        ),
        other => {
            eprintln!("loadgen: unknown mode {other:?}");
            2
        }
    };
    std::process::exit(code);
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

/// `--name value` pairs.
struct Options(BTreeMap<String, String>);

impl Options {
    fn parse(args: &[String]) -> Options {
        let mut map = BTreeMap::new();
        let mut iter = args.iter();
        while let Some(name) = iter.next() {
            let Some(name) = name.strip_prefix("--") else {
                eprintln!("loadgen: expected --option, got {name:?}");
                std::process::exit(2);
            };
            let value = iter.next().cloned().unwrap_or_default();
            map.insert(name.to_owned(), value);
        }
        Options(map)
    }

    fn text(&self, name: &str, default: &str) -> String {
        self.0
            .get(name)
            .cloned()
            .unwrap_or_else(|| default.to_owned())
    }

    fn number(&self, name: &str, default: u64) -> u64 {
        self.0.get(name).map_or(default, |value| {
            value.parse().unwrap_or_else(|_| {
                eprintln!("loadgen: --{name} must be a whole number, not {value:?}");
                std::process::exit(2)
            })
        })
    }
}

/// A percentile for a table or a line: its milliseconds, or `-` when nothing was measured.
fn ms(percentile: Option<u64>) -> String {
    percentile.map_or("-".into(), |value| value.to_string())
}

// ---- the worker: opens streams and reads them -------------------------------------------

/// What one worker measured, as one JSON-ish line on stdout.
#[derive(Debug, Default, Clone)]
struct WorkerReport {
    opened: u64,
    refused: u64,
    failed: u64,
    /// Ticks whose instant fell inside the measurement window.
    ticks: u64,
    /// Streams still open at the end of the window.
    alive: u64,
    /// Delay until the tick's bytes reached the client's socket (the kernel's receive time).
    arrival: Histogram,
    /// Delay until this load generator read them (adds its own scheduling on shared cores).
    read: Histogram,
}

/// Counts of delays in 1 ms buckets, up to [`DELAY_BUCKETS`] and one overflow bucket.
#[derive(Debug, Clone)]
struct Histogram(Vec<u64>);

impl Default for Histogram {
    fn default() -> Histogram {
        Histogram(vec![0; DELAY_BUCKETS + 1])
    }
}

impl Histogram {
    /// `ms:count` pairs of the non-empty buckets, comma-separated.
    fn to_field(&self) -> String {
        let pairs: Vec<String> = self
            .0
            .iter()
            .enumerate()
            .filter(|(_, count)| **count > 0)
            .map(|(ms, count)| format!("{ms}:{count}"))
            .collect();
        pairs.join(",")
    }

    fn add_field(&mut self, field: &str) -> Option<()> {
        for pair in field.split(',').filter(|pair| !pair.is_empty()) {
            let (ms, count) = pair.split_once(':')?;
            *self.0.get_mut(ms.parse::<usize>().ok()?)? += count.parse::<u64>().ok()?;
        }
        Some(())
    }

    fn merge(&mut self, other: &Histogram) {
        for (mine, theirs) in self.0.iter_mut().zip(&other.0) {
            *mine += theirs;
        }
    }

    fn percentile(&self, fraction: f64) -> Option<u64> {
        let total: u64 = self.0.iter().sum();
        if total == 0 {
            return None;
        }
        let wanted = (total as f64 * fraction).ceil() as u64;
        let mut seen = 0;
        for (ms, count) in self.0.iter().enumerate() {
            seen += count;
            if seen >= wanted {
                return Some(ms as u64);
            }
        }
        Some(DELAY_BUCKETS as u64)
    }
}

impl WorkerReport {
    fn to_line(&self) -> String {
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

    fn from_line(line: &str) -> Option<WorkerReport> {
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

    fn merge(&mut self, other: &WorkerReport) {
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

/// A [`Histogram`] every stream task of a worker records into.
struct AtomicHistogram(Vec<AtomicU64>);

impl AtomicHistogram {
    fn new() -> AtomicHistogram {
        AtomicHistogram((0..=DELAY_BUCKETS).map(|_| AtomicU64::new(0)).collect())
    }

    fn record(&self, delay_ms: i64) {
        let bucket = delay_ms.clamp(0, DELAY_BUCKETS as i64) as usize;
        self.0[bucket].fetch_add(1, Ordering::Relaxed);
    }

    fn snapshot(&self) -> Histogram {
        Histogram(
            self.0
                .iter()
                .map(|count| count.load(Ordering::Relaxed))
                .collect(),
        )
    }
}

async fn run_worker(options: &Options) -> i32 {
    let server: SocketAddr = options
        .text("server", "127.0.0.1:3300")
        .parse()
        .expect("--server ADDR");
    let streams = options.number("streams", 100) as usize;
    let query = options.text("query", "city=UTC&sec=1");
    let zones = options.number("zones", 1);
    let source = options.number("source", 2) as u8;
    let open_rate = options.number("open-rate", 2_000).max(1);
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
    let request = format!("GET /api/clock/stream?{query} HTTP/1.1\r\nHost: {server}\r\nAccept: text/event-stream\r\n\r\n");
    let mut tasks = Vec::with_capacity(streams);
    let pause = Duration::from_micros(1_000_000 / open_rate);
    for index in 0..streams {
        // Several source addresses, so no one address runs out of ephemeral ports.
        let local = Ipv4Addr::new(127, 0, 0, source + (index % 4) as u8);
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
    while answered(&tally) < streams as u64 && Instant::now() < settle_deadline {
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
    let wait = (to - now_ms()).max(0) as u64 + 500;
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
        let arrived = now_ms();
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

/// Asks the kernel to stamp received data with its arrival time (`SO_TIMESTAMPNS`), so the
/// delay measured is the server's, not this process's wait for a core it shares with it.
fn ask_for_receive_times(stream: &TcpStream) -> std::io::Result<()> {
    let on: libc::c_int = 1;
    // SAFETY: a valid socket descriptor and a c_int option value of the size given.
    let result = unsafe {
        libc::setsockopt(
            stream.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_TIMESTAMPNS,
            (&on as *const libc::c_int).cast(),
            std::mem::size_of::<libc::c_int>() as libc::socklen_t,
        )
    };
    if result == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// Reads what has arrived into `buffer`; returns the byte count and the kernel's receive
/// time of the data, in epoch milliseconds.
async fn read_with_receive_time(
    stream: &TcpStream,
    buffer: &mut [u8],
) -> std::io::Result<(usize, Option<i64>)> {
    loop {
        stream.readable().await?;
        match stream.try_io(Interest::READABLE, || receive(stream.as_raw_fd(), buffer)) {
            Err(error) if error.kind() == std::io::ErrorKind::WouldBlock => continue,
            result => return result,
        }
    }
}

/// One `recvmsg` with room for the `SCM_TIMESTAMPNS` control message.
fn receive(socket: RawFd, buffer: &mut [u8]) -> std::io::Result<(usize, Option<i64>)> {
    let mut part = libc::iovec {
        iov_base: buffer.as_mut_ptr().cast(),
        iov_len: buffer.len(),
    };
    // Eight-byte aligned room for one control message carrying a timespec.
    let mut control = [0u64; 8];
    // SAFETY: msghdr is plain data; all-zero is a valid empty header.
    let mut message: libc::msghdr = unsafe { std::mem::zeroed() };
    message.msg_iov = &mut part;
    message.msg_iovlen = 1;
    message.msg_control = control.as_mut_ptr().cast();
    message.msg_controllen = std::mem::size_of_val(&control) as _;
    // SAFETY: the header points at `part` (over `buffer`) and `control`, both live and
    // of the lengths given.
    let read = unsafe { libc::recvmsg(socket, &mut message, libc::MSG_DONTWAIT) };
    if read < 0 {
        return Err(std::io::Error::last_os_error());
    }
    let mut received = None;
    // SAFETY: the CMSG_* walk stays inside `control`, which the kernel filled and sized
    // through `msg_controllen`; the timespec is read unaligned.
    unsafe {
        let mut header = libc::CMSG_FIRSTHDR(&message);
        while !header.is_null() {
            if (*header).cmsg_level == libc::SOL_SOCKET
                && (*header).cmsg_type == libc::SCM_TIMESTAMPNS
            {
                let time: libc::timespec = std::ptr::read_unaligned(libc::CMSG_DATA(header).cast());
                received = Some(time.tv_sec * 1000 + time.tv_nsec / 1_000_000);
            }
            header = libc::CMSG_NXTHDR(&message, header);
        }
    }
    Ok((read as usize, received))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

// ---- the parent: splits the load, reads the server from /proc ---------------------------

/// A server process's resident memory (kB) and CPU time (clock ticks), from /proc.
fn server_rss_kb(pid: u32) -> u64 {
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

fn server_cpu_ticks(pid: u32) -> u64 {
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

/// Clock ticks per second for /proc CPU times (`getconf CLK_TCK`; 100 on Linux).
const CLOCK_TICKS_PER_SECOND: f64 = 100.0;

#[derive(Debug, Clone)]
struct HoldReport {
    streams: u64,
    interval_ms: u64,
    zones: u64,
    opened: u64,
    refused: u64,
    failed: u64,
    alive: u64,
    ticks: u64,
    expected: u64,
    /// Arrival delay (kernel receive time) percentiles.
    p50_ms: Option<u64>,
    p99_ms: Option<u64>,
    /// Read delay (when this generator read the bytes) percentiles.
    read_p50_ms: Option<u64>,
    read_p99_ms: Option<u64>,
    rss_before_kb: u64,
    rss_held_kb: u64,
    cpu_cores: f64,
    measure_seconds: u64,
}

impl HoldReport {
    fn delivered(&self) -> f64 {
        if self.expected == 0 {
            0.0
        } else {
            self.ticks as f64 / self.expected as f64
        }
    }

    fn rss_per_stream_kb(&self) -> f64 {
        (self.rss_held_kb.saturating_sub(self.rss_before_kb)) as f64 / self.opened.max(1) as f64
    }

    fn describe(&self) -> String {
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
            ms(self.p50_ms),
            ms(self.p99_ms),
            ms(self.read_p50_ms),
            ms(self.read_p99_ms),
            self.rss_before_kb,
            self.rss_held_kb,
            self.rss_per_stream_kb(),
            self.cpu_cores,
            self.measure_seconds
        )
    }
}

/// Opens `--streams` streams split over workers, waits for them to settle, measures for
/// `--measure` seconds.
fn hold(options: &Options) -> HoldReport {
    let server = options.text("server", "127.0.0.1:3300");
    let pid = options.number("pid", 0) as u32;
    let streams = options.number("streams", 1_000);
    let query = options.text("query", "city=Asia/Seoul&sec=1");
    let zones = options.number("zones", 1);
    let interval_ms = options.number("interval-ms", 1_000);
    let measure = options.number("measure", 20);
    let open_rate = options.number("open-rate", 2_000);

    let rss_before_kb = server_rss_kb(pid);
    let workers = (streams as usize).div_ceil(STREAMS_PER_WORKER).max(1);
    let per_worker = (streams as usize).div_ceil(workers);
    let mut children: Vec<Child> = Vec::new();
    let mut remaining = streams as usize;
    for worker in 0..workers {
        let count = remaining.min(per_worker);
        remaining -= count;
        let child = Command::new(std::env::current_exe().expect("the loadgen binary"))
            .args([
                "worker",
                "--server",
                &server,
                "--streams",
                &count.to_string(),
                "--query",
                &query,
                "--zones",
                &zones.to_string(),
                "--source",
                &(2 + worker * 4).to_string(),
                "--open-rate",
                &open_rate.to_string(),
            ])
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
    let measure_from = (now_ms() + 2_000).div_euclid(1000) * 1000;
    let measure_to = measure_from + measure as i64 * 1000;
    for child in &mut children {
        if let Some(stdin) = child.stdin.as_mut() {
            let _ = writeln!(stdin, "WINDOW {measure_from} {measure_to}");
        }
    }
    // CPU and RSS over the window, while every stream is open.
    while now_ms() < measure_from {
        std::thread::sleep(Duration::from_millis(50));
    }
    let cpu_start = server_cpu_ticks(pid);
    let started = Instant::now();
    let mut rss_held_kb = server_rss_kb(pid);
    while now_ms() < measure_to {
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
    let boundaries = (measure_to - measure_from) as u64 / interval_ms;
    HoldReport {
        streams,
        interval_ms,
        zones,
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
        measure_seconds: measure,
    }
}

#[derive(Debug, Clone)]
struct ChurnReport {
    rate: u64,
    seconds: u64,
    attempted: u64,
    opened: u64,
    failed: u64,
    active_after: i64,
    rss_start_kb: u64,
    rss_peak_kb: u64,
    rss_after_kb: u64,
}

/// Opens and closes `--rate` streams a second for `--seconds`, each reading its first event
/// before closing; then reads `sse_streams_active` and RSS.
fn churn(options: &Options) -> ChurnReport {
    let server: SocketAddr = options
        .text("server", "127.0.0.1:3300")
        .parse()
        .expect("--server ADDR");
    let pid = options.number("pid", 0) as u32;
    let rate = options.number("rate", 1_000);
    let seconds = options.number("seconds", 30);
    let rss_start_kb = server_rss_kb(pid);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("a runtime");
    let opened = Arc::new(AtomicU64::new(0));
    let failed = Arc::new(AtomicU64::new(0));
    let mut rss_peak_kb = rss_start_kb;
    let attempted = rate * seconds;
    runtime.block_on(async {
        let mut ticker = tokio::time::interval(Duration::from_micros(1_000_000 / rate.max(1)));
        let mut tasks = tokio::task::JoinSet::new();
        for index in 0..attempted {
            ticker.tick().await;
            let local = Ipv4Addr::new(127, 0, 0, 2 + (index % 8) as u8);
            let (opened, failed) = (Arc::clone(&opened), Arc::clone(&failed));
            tasks.spawn(async move {
                let attempt = async {
                    let socket = TcpSocket::new_v4()?;
                    socket.bind(SocketAddr::V4(SocketAddrV4::new(local, 0)))?;
                    let mut stream = socket.connect(server).await?;
                    stream
                        .write_all(format!("GET /api/clock/stream?city=UTC&sec=1 HTTP/1.1\r\nHost: {server}\r\n\r\n").as_bytes())
                        .await?;
                    let mut buffer = [0u8; 2048];
                    let mut seen = Vec::new();
                    while find(&seen, b"\"epochMs\"").is_none() {
                        let read = stream.read(&mut buffer).await?;
                        if read == 0 {
                            return Err(std::io::Error::other("closed before the first tick"));
                        }
                        seen.extend_from_slice(&buffer[..read]);
                    }
                    Ok::<_, std::io::Error>(())
                };
                match tokio::time::timeout(Duration::from_secs(5), attempt).await {
                    Ok(Ok(())) => opened.fetch_add(1, Ordering::Relaxed),
                    _ => failed.fetch_add(1, Ordering::Relaxed),
                };
            });
            if index % rate == 0 {
                rss_peak_kb = rss_peak_kb.max(server_rss_kb(pid));
            }
            while let Some(_done) = tasks.try_join_next() {}
        }
        while tasks.join_next().await.is_some() {}
    });
    // Closed connections are noticed within a tick; give the server two, then a few more
    // seconds for its allocator to hand freed pages back.
    std::thread::sleep(Duration::from_secs(2));
    let active_after = read_metric(&server.to_string(), "sse_streams_active").unwrap_or(-1);
    std::thread::sleep(Duration::from_secs(3));
    ChurnReport {
        rate,
        seconds,
        attempted,
        opened: opened.load(Ordering::Relaxed),
        failed: failed.load(Ordering::Relaxed),
        active_after,
        rss_start_kb,
        rss_peak_kb,
        rss_after_kb: server_rss_kb(pid),
    }
}

/// One value from the server's `/metrics`, over a plain blocking socket.
fn read_metric(server: &str, name: &str) -> Option<i64> {
    let body = http_get(server, "/metrics")?;
    body.lines()
        .find_map(|line| line.strip_prefix(&format!("{name} ")))
        .and_then(|value| value.trim().parse().ok())
}

fn http_get(server: &str, path: &str) -> Option<String> {
    use std::io::Read;
    let mut stream = std::net::TcpStream::connect(server).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {server}\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut text = String::new();
    stream.read_to_string(&mut text).ok()?;
    Some(text)
}

/// The status code of a GET.
fn http_status(server: &str, path: &str) -> Option<u16> {
    http_get(server, path)?.split(' ').nth(1)?.parse().ok()
}

// ---- the standard set ---------------------------------------------------------------------

/// A worldclock server started for one benchmark.
struct BenchServer {
    child: Child,
    address: String,
}

impl BenchServer {
    fn start(port: u16, max_streams: u64) -> BenchServer {
        let address = format!("127.0.0.1:{port}");
        let child = Command::new("./target/release/worldclock")
            .env("LEPTOS_SITE_ADDR", &address)
            .env("WORLDCLOCK_MAX_STREAMS", max_streams.to_string())
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("target/release/worldclock (run `make build` first)");
        let deadline = Instant::now() + Duration::from_secs(10);
        while http_status(&address, "/healthz") != Some(200) {
            assert!(
                Instant::now() < deadline,
                "the server did not answer /healthz"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        BenchServer { child, address }
    }

    /// `loadgen floor` on `port`, once it accepts connections.
    fn start_floor(port: u16, interval_ms: u64) -> BenchServer {
        let address = format!("127.0.0.1:{port}");
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
        while std::net::TcpStream::connect(&address).is_err() {
            assert!(Instant::now() < deadline, "loadgen floor did not listen");
            std::thread::sleep(Duration::from_millis(50));
        }
        BenchServer { child, address }
    }

    fn pid(&self) -> u32 {
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

fn hold_options(
    server: &BenchServer,
    streams: u64,
    query: &str,
    zones: u64,
    interval_ms: u64,
) -> Options {
    let mut map = BTreeMap::new();
    map.insert("server".into(), server.address.clone());
    map.insert("pid".into(), server.pid().to_string());
    map.insert("streams".into(), streams.to_string());
    map.insert("query".into(), query.to_owned());
    map.insert("zones".into(), zones.to_string());
    map.insert("interval-ms".into(), interval_ms.to_string());
    map.insert("measure".into(), "20".into());
    Options(map)
}

fn suite(options: &Options) -> i32 {
    let out = options.text("out", "BENCHMARKS.md");
    let only = options.text("only", "1,floor,2,3,4,5");
    let wanted = |n: &str| only.split(',').any(|item| item == n);
    let mut sections: Vec<String> = Vec::new();
    let twelve = "Asia/Seoul,Europe/London,America/New_York,Asia/Kolkata,Asia/Tokyo,Australia/Sydney,America/Los_Angeles,Europe/Paris,Asia/Kathmandu,America/St_Johns,Pacific/Auckland,Africa/Cairo";

    let scenarios: [(&str, u64, &str, u64, u64, &str); 3] = [
        (
            "1",
            19_000,
            "city=Asia/Seoul&sec=1",
            1,
            1_000,
            "19,000 single-city streams at sec=1",
        ),
        (
            "2",
            5_000,
            "city=Asia/Seoul&sec=0.1",
            1,
            100,
            "5,000 streams at sec=0.1 (50,000 events/s)",
        ),
        (
            "3",
            1_000,
            "",
            12,
            1_000,
            "1,000 streams of 12 cities at sec=1",
        ),
    ];
    for (number, streams, query, zones, interval_ms, title) in scenarios {
        if !wanted(number) {
            continue;
        }
        let query = if query.is_empty() {
            format!("cities={twelve}&sec=1")
        } else {
            query.to_owned()
        };
        let server = BenchServer::start(3300, 19_700);
        let report = hold(&hold_options(&server, streams, &query, zones, interval_ms));
        eprintln!("target {number}: {}", report.describe());
        sections.push(format!(
            "### {number}. {title}\n\n| figure | measured | target |\n| --- | --- | --- |\n\
             | streams held | {} of {} | all |\n| ticks delivered / expected | {} / {} = {:.3}% | ≥ 99.9% |\n\
             | arrival delay p50 / p99 (kernel receive time) | {} ms / {} ms | p99 ≤ 50 ms |\n\
             | read delay p50 / p99 (when the generator read it) | {} ms / {} ms | (for reference) |\n\
             | server RSS | {} kB idle → {} kB held = {:.2} kB per stream | ≤ 8 KB per stream (target 1) |\n\
             | server CPU | {:.3} cores | ≤ 0.2 core (target 1) |\n\n\
             `target/release/loadgen hold --server {} --pid <server pid> --streams {streams} --query '{query}' --zones {zones} --interval-ms {interval_ms} --measure 20`\n",
            report.alive,
            streams,
            report.ticks,
            report.expected,
            report.delivered() * 100.0,
            ms(report.p50_ms),
            ms(report.p99_ms),
            ms(report.read_p50_ms),
            ms(report.read_p99_ms),
            report.rss_before_kb,
            report.rss_held_kb,
            report.rss_per_stream_kb(),
            report.cpu_cores,
            server.address,
        ));
    }

    if wanted("floor") {
        // Targets 1 and 2's loads against the yardstick, each with a fresh floor process.
        let mut rows = String::new();
        let mut commands = String::new();
        for (target, streams, query, interval_ms) in [
            ("1", 19_000, "city=Asia/Seoul&sec=1", 1_000),
            ("2", 5_000, "city=Asia/Seoul&sec=0.1", 100),
        ] {
            let floor = BenchServer::start_floor(3301, interval_ms);
            let report = hold(&hold_options(&floor, streams, query, 1, interval_ms));
            eprintln!("floor, target {target}'s load: {}", report.describe());
            rows.push_str(&format!(
                "| {target}: {streams} streams every {interval_ms} ms | {} / {} = {:.3}% | {} ms / {} ms | {:.3} cores |\n",
                report.ticks,
                report.expected,
                report.delivered() * 100.0,
                ms(report.p50_ms),
                ms(report.p99_ms),
                report.cpu_cores,
            ));
            commands.push_str(&format!(
                "`target/release/loadgen floor --port 3301 --interval-ms {interval_ms}` and `target/release/loadgen hold --server {} --pid <floor pid> --streams {streams} --query '{query}' --interval-ms {interval_ms} --measure 20`\n\n",
                floor.address,
            ));
        }
        sections.push(format!(
            "### The floor: targets 1 and 2's loads against `loadgen floor`\n\n\
             `loadgen floor` writes one prebuilt event chunk per socket per tick with a plain `write`, \
             from one thread per core, and does nothing else (`src/bin/loadgen/floor.rs`): what the \
             kernel alone charges for these loads on this machine. Targets: p99 ≤ 50 ms, and for \
             target 1 ≤ 0.2 core.\n\n\
             | load | ticks delivered / expected | arrival delay p50 / p99 (kernel receive time) | CPU |\n\
             | --- | --- | --- | --- |\n{rows}\n{commands}"
        ));
    }

    if wanted("4") {
        let server = BenchServer::start(3300, 19_700);
        let mut map = BTreeMap::new();
        map.insert("server".into(), server.address.clone());
        map.insert("pid".into(), server.pid().to_string());
        map.insert("rate".into(), "1000".into());
        map.insert("seconds".into(), "30".into());
        // Twice on the same server: the first run also shows the one-time growth of a fresh
        // process to the churn's working set, the second whether churn itself leaves memory.
        let first = churn(&Options(map.clone()));
        eprintln!("target 4, first run: {first:?}");
        let second = churn(&Options(map));
        eprintln!("target 4, second run: {second:?}");
        let rss_row = |run: &str, report: &ChurnReport| {
            let change = (report.rss_after_kb as f64 - report.rss_start_kb as f64)
                / report.rss_start_kb.max(1) as f64
                * 100.0;
            format!(
                "| {run}: server RSS start → peak → 5 s after | {} kB → {} kB → {} kB ({change:+.1}%) | within 10% of start |\n",
                report.rss_start_kb, report.rss_peak_kb, report.rss_after_kb
            )
        };
        sections.push(format!(
            "### 4. Churn: {} opens and closes per second for {} s, twice on one server\n\n| figure | measured | target |\n| --- | --- | --- |\n\
             | streams opened (first tick read) / attempted | {} / {} (failed {}), then {} / {} (failed {}) | all |\n\
             | `sse_streams_active` afterwards | {}, then {} | 0 |\n{}{}\n\
             `target/release/loadgen churn --server {} --pid <server pid> --rate 1000 --seconds 30`, run twice against one fresh server\n",
            first.rate, first.seconds,
            first.opened, first.attempted, first.failed, second.opened, second.attempted, second.failed,
            first.active_after, second.active_after,
            rss_row("first run, fresh server", &first),
            rss_row("second run, same server", &second),
            server.address
        ));
    }

    if wanted("5") {
        // The real descriptor limit: the server's cap is set above it, so it is the open-files
        // limit (less the server's reserve) that refuses streams.
        let server = BenchServer::start(3300, 1_000_000);
        let report = hold(&hold_options(&server, 20_500, "city=UTC&sec=1", 1, 1_000));
        let healthz = http_status(&server.address, "/healthz");
        let refused = report.refused;
        eprintln!("target 5: {} healthz={healthz:?}", report.describe());
        sections.push(format!(
            "### 5. At the open-files limit\n\n| figure | measured | target |\n| --- | --- | --- |\n\
             | streams asked for / held / refused with 503 / failed | 20,500 / {} / {refused} / {} | 503 past the limit |\n\
             | `/healthz` after (the accept loop still runs) | {} | 200 |\n\
             | ticks delivered to the held streams | {} / {} = {:.3}% | they keep ticking |\n\n\
             `target/release/loadgen hold --server {} --pid <server pid> --streams 20500 --query 'city=UTC&sec=1' --measure 20` \
             against a server started with `WORLDCLOCK_MAX_STREAMS=1000000` (so the open-files limit decides)\n",
            report.alive, report.failed,
            healthz.map_or("no answer".into(), |code| code.to_string()),
            report.ticks, report.expected, report.delivered() * 100.0, server.address
        ));
    }

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
    for section in &sections {
        text.push_str(section);
        text.push('\n');
    }
    let notes = std::fs::read_to_string("bench/NOTES.md").unwrap_or_default();
    text.push_str(&notes);
    match std::fs::write(&out, text) {
        Ok(()) => {
            eprintln!("loadgen: wrote {out}");
            0
        }
        Err(error) => {
            eprintln!("loadgen: cannot write {out}: {error}");
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
