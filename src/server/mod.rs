//! The server (ssr only): settings, the HTTP router, and the process around them.
//!
//! [`run`] is what `main` calls; [`serve`] takes a bound listener and a shutdown future, so
//! tests start the real server on `127.0.0.1:0` and stop it when they choose.

pub mod config;
pub mod health;
pub mod router;
pub mod shutdown;

use std::future::Future;

use tokio::net::TcpListener;

pub use config::{Settings, SettingsError};
pub use router::{app, AppState};

/// Starts the server as the binary does: settings from `Leptos.toml` and the environment,
/// logs to stderr, listening until SIGTERM or Ctrl-C.
///
/// Returns the process exit code: 0 after a clean shutdown, 2 for bad settings, 1 when the
/// address cannot be bound.
pub async fn run() -> i32 {
    init_logging();
    let settings = match Settings::load() {
        Ok(settings) => settings,
        Err(error) => {
            eprintln!("worldclock: {error}");
            return 2;
        }
    };
    let listener = match TcpListener::bind(settings.site_addr).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!(
                "worldclock: cannot listen on {}: {error}",
                settings.site_addr
            );
            return 1;
        }
    };
    match serve(listener, settings, shutdown::signal()).await {
        Ok(()) => 0,
        Err(error) => {
            eprintln!("worldclock: server failed: {error}");
            1
        }
    }
}

/// Serves the whole app on `listener` until `shutdown` completes.
pub async fn serve(
    listener: TcpListener,
    settings: Settings,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let address = listener.local_addr()?;
    let state = AppState::new(settings, address);
    tracing::info!(%address, "worldclock listening on http://{address}");
    axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown)
        .await?;
    tracing::info!("worldclock stopped");
    Ok(())
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
