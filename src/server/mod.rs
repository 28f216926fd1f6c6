//! The server (ssr only): settings, the HTTP router, and the process around them.
//!
//! [`run`] is what `main` calls; [`serve`] takes a bound listener and a shutdown future, so
//! tests start the real server on `127.0.0.1:0` and stop it when they choose. Features live
//! in their own folders (`clock/`, `zones/`, `cities/`, `reports/`, `plan/`) over the shared
//! `http/` plumbing.

mod board;
mod cities;
mod clock;
mod config;
mod http;
mod page_language;
mod plan;
mod reports;
mod router;
mod site;
mod state;
mod zones;

use std::{future::Future, sync::Arc};

use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

pub use cities::{planned_snapshot, snapshot};
pub use clock::{TokioClock, WallClock};
pub use config::{Settings, SettingsError};
pub use http::Timeouts;
pub use plan::typed_moment_problem;
pub use router::app;
pub use state::AppState;
pub use zones::visitor_zone;

use clock::Tickers;

/// Starts the server as the binary does: settings from `Leptos.toml` and the environment,
/// logs to stderr, listening until SIGTERM or Ctrl-C.
///
/// Returns the process exit code: 0 after a clean shutdown, 2 for bad settings, 1 when the
/// address cannot be bound.
pub async fn run() -> i32 {
    init_logging();
    let open_files = match http::raise_to_hard_limit() {
        Ok(limit) => limit,
        Err(error) => {
            eprintln!("worldclock: cannot read the open-files limit: {error}");
            return 1;
        }
    };
    load_gazetteer();
    let settings = match Settings::load() {
        Ok(settings) => settings,
        Err(error) => {
            eprintln!("worldclock: {error}");
            return 2;
        }
    };
    let listener = match bind(settings.site_addr) {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!(
                "worldclock: cannot listen on {}: {error}",
                settings.site_addr
            );
            return 1;
        }
    };
    let cap = http::stream_cap(settings.max_streams, open_files);
    if cap < settings.max_streams {
        tracing::warn!(
            open_files,
            configured = settings.max_streams,
            cap,
            "the open-files limit holds fewer streams than max_streams; capping at {cap}"
        );
    }
    let options = ServeOptions {
        stream_cap: cap,
        ..ServeOptions::for_settings(&settings)
    };
    match serve_with(listener, settings, options, http::shutdown_signal()).await {
        Ok(()) => 0,
        Err(error) => {
            eprintln!("worldclock: server failed: {error}");
            1
        }
    }
}

/// What a server needs beyond its settings: decided by the process (or a test).
#[derive(Clone, Debug)]
pub struct ServeOptions {
    /// Concurrent streams before `503`.
    pub stream_cap: usize,
    /// Where ticks read the time.
    pub clock: WallClock,
    /// How long the server waits on a client's request head and body.
    pub timeouts: Timeouts,
}

impl ServeOptions {
    /// What the binary uses, short of lowering the cap to the open-files limit: the cap from
    /// the settings, the system clock and the standard timeouts.
    pub fn for_settings(settings: &Settings) -> ServeOptions {
        ServeOptions {
            stream_cap: settings.max_streams,
            clock: WallClock::System,
            timeouts: Timeouts::default(),
        }
    }
}

/// Serves the whole app on `listener` until `shutdown` completes, with the cap taken from
/// the settings and the system clock.
pub async fn serve(
    listener: TcpListener,
    settings: Settings,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let options = ServeOptions::for_settings(&settings);
    serve_with(listener, settings, options, shutdown).await
}

/// Serves the whole app on `listener` until `shutdown` completes. Shutdown ends every
/// open stream at once (their clients reconnect elsewhere), then lets connections close.
pub async fn serve_with(
    listener: TcpListener,
    settings: Settings,
    options: ServeOptions,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let address = listener.local_addr()?;
    let streams_stop = CancellationToken::new();
    let tickers = Tickers::new(options.clock, streams_stop.clone());
    let metrics = Arc::new(http::Metrics::new());
    let reports = reports::Reports::new(
        settings.max_running_reports,
        settings.report_cache_bytes,
        streams_stop.clone(),
        Arc::clone(&metrics),
    );
    let state = AppState::new(
        settings,
        address,
        options.stream_cap,
        Arc::clone(&metrics),
        tickers,
        reports,
    );
    tracing::info!(%address, stream_cap = options.stream_cap, "worldclock listening on http://{address}");
    // Ends with the streams, at shutdown.
    tokio::spawn(http::watch_kernel_clock(streams_stop.clone()));
    http::serve_connections(
        listener,
        app(state),
        metrics,
        options.timeouts,
        shutdown,
        || streams_stop.cancel(),
    )
    .await;
    tracing::info!("worldclock stopped");
    Ok(())
}

/// Loads the city gazetteer before listening: its indexes take a few hundred milliseconds
/// to build, and no visitor's first search should wait for them. Logs what it cost (the
/// benchmark reads the resident memory it added from this line).
fn load_gazetteer() {
    let before = resident_bytes();
    let started = std::time::Instant::now();
    let places = cities::Gazetteer::load().place_count();
    let added = resident_bytes().saturating_sub(before);
    tracing::info!(
        places,
        resident_added_bytes = added,
        millis = started.elapsed().as_millis() as u64,
        "gazetteer loaded"
    );
}

/// This process's resident memory, from `/proc/self/statm` (0 where there is none).
fn resident_bytes() -> u64 {
    let pages = std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|statm| statm.split_whitespace().nth(1)?.parse::<u64>().ok())
        .unwrap_or(0);
    // SAFETY: sysconf has no preconditions; it only reads a constant of the system.
    let page_size = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    pages * u64::try_from(page_size).unwrap_or(4096)
}

/// Binds the listening socket with a deep accept backlog: thousands of clients reconnect at
/// once after a restart, and a shallow queue would make them wait out SYN retries.
fn bind(address: std::net::SocketAddr) -> std::io::Result<TcpListener> {
    let socket = if address.is_ipv4() {
        tokio::net::TcpSocket::new_v4()?
    } else {
        tokio::net::TcpSocket::new_v6()?
    };
    socket.set_reuseaddr(true)?;
    socket.bind(address)?;
    socket.listen(4096)
}

/// Structured logs to stderr; `RUST_LOG` narrows or widens them (default `info`).
fn init_logging() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}
