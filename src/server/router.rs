//! The HTTP router: which handler answers which path, and the state they share.

use std::{net::SocketAddr, sync::Arc};

use axum::{
    extract::FromRef,
    http::{header, HeaderName, HeaderValue, Method},
    routing::{get, post},
    Router,
};
use leptos::prelude::LeptosOptions;
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::app::shell;

use super::{
    clock_stream::clock_stream,
    config::Settings,
    health,
    metrics::{self, Metrics},
    report_api,
    reports::Reports,
    ticks::Tickers,
    zone_list::{list_zones, next_transitions},
};

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// What Leptos needs to render pages and find the built site.
    pub leptos_options: LeptosOptions,
    /// The settings the server started with.
    pub settings: Arc<Settings>,
    /// The concurrent-stream cap in force (the setting, lowered to fit the open-files limit).
    pub stream_cap: usize,
    /// Counters and gauges for `/metrics`.
    pub metrics: Arc<Metrics>,
    /// The shared tickers, one per interval in use.
    pub tickers: Tickers,
    /// Transitions report jobs.
    pub reports: Reports,
}

impl AppState {
    /// State for a server with these settings, listening on `address` (which may differ
    /// from `settings.site_addr` when a test binds port 0).
    pub fn new(
        settings: Settings,
        address: SocketAddr,
        stream_cap: usize,
        tickers: Tickers,
        reports: Reports,
    ) -> AppState {
        let leptos_options = LeptosOptions::builder()
            .output_name("worldclock")
            .site_root(settings.site_root.as_str())
            .site_pkg_dir("pkg")
            .site_addr(address)
            .build();
        AppState {
            leptos_options,
            settings: Arc::new(settings),
            stream_cap,
            metrics: Arc::new(Metrics::new()),
            tickers,
            reports,
        }
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> LeptosOptions {
        state.leptos_options.clone()
    }
}

impl FromRef<AppState> for Arc<Settings> {
    fn from_ref(state: &AppState) -> Arc<Settings> {
        Arc::clone(&state.settings)
    }
}

impl FromRef<AppState> for Arc<Metrics> {
    fn from_ref(state: &AppState) -> Arc<Metrics> {
        Arc::clone(&state.metrics)
    }
}

/// The whole app: the API (with CORS for the allowed origins), server-rendered pages, then
/// static files (the WASM bundle, CSS, public assets) with the not-found page for the rest.
pub fn app(state: AppState) -> Router {
    let mut api = Router::new()
        .route("/api/clock/stream", get(clock_stream))
        .route("/event-stream", get(clock_stream))
        .route("/api/zones", get(list_zones))
        .route("/api/transitions/next", get(next_transitions))
        .route("/api/reports", post(report_api::start_report))
        .route("/api/reports/{id}/events", get(report_api::report_events))
        .route(
            "/api/reports/{file}",
            get(report_api::report_result).delete(report_api::cancel_report),
        );
    if let Some(cors) = cors_layer(&state.settings.allowed_origins) {
        api = api.layer(cors);
    }
    // Leptos renders on tokio; a second call (a second server in one test process) is a no-op.
    let _ = any_spawner::Executor::init_tokio();
    let options = state.leptos_options.clone();
    // One handler renders the app; the app picks the page by path.
    let home_page = leptos_axum::render_app_to_stream(move || shell(options.clone()));
    Router::new()
        .merge(api)
        .route("/healthz", get(health::healthz))
        .route("/metrics", get(metrics::metrics))
        .route("/", get(home_page.clone()))
        .route("/reports", get(home_page))
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .with_state(state)
}

/// CORS with credentials for exactly the listed origins; none listed, no CORS at all (the
/// browser then allows same-origin use only). Never `*`: the settings refuse it.
fn cors_layer(origins: &[String]) -> Option<CorsLayer> {
    if origins.is_empty() {
        return None;
    }
    let origins: Vec<HeaderValue> = origins
        .iter()
        .filter_map(|origin| HeaderValue::from_str(origin).ok())
        .collect();
    Some(
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(origins))
            .allow_credentials(true)
            .allow_methods([Method::GET, Method::POST, Method::DELETE])
            .allow_headers([
                HeaderName::from_static("last-event-id"),
                header::CACHE_CONTROL,
                header::ACCEPT,
                header::CONTENT_TYPE,
            ]),
    )
}
