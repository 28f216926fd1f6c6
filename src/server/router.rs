//! The HTTP router: which handler answers which path.

use axum::{
    extract::DefaultBodyLimit,
    http::{header, HeaderName, HeaderValue, Method},
    routing::{get, post},
    Router,
};
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::ui::shell;

use super::{cities, clock, http, plan, reports, state::AppState, zones};

/// The whole app: the API (with CORS for the allowed origins), server-rendered pages, then
/// static files (the WASM bundle, CSS, public assets) with the not-found page for the rest.
pub fn app(state: AppState) -> Router {
    let mut api = Router::new()
        .route("/api/clock/stream", get(clock::clock_stream))
        .route("/event-stream", get(clock::clock_stream))
        .route("/api/zones", get(zones::list_zones))
        .route("/api/cities", get(cities::search_cities))
        .route("/api/snapshot", get(cities::snapshot_api))
        .route("/api/plan.ics", get(plan::plan_calendar))
        .route("/api/transitions/next", get(zones::next_transitions))
        .route(
            "/api/reports",
            post(reports::start_report).layer(DefaultBodyLimit::max(reports::MAX_BODY_BYTES)),
        )
        .route("/api/reports/{id}/events", get(reports::report_events))
        .route(
            "/api/reports/{file}",
            get(reports::report_file).delete(reports::cancel_report),
        );
    if let Some(cors) = cors_layer(&state.settings.allowed_origins) {
        api = api.layer(cors);
    }
    // Leptos renders on tokio; a second call (a second server in one test process) is a no-op.
    let _ = any_spawner::Executor::init_tokio();
    let options = state.leptos_options.clone();
    let stylesheet = state.site.stylesheet.clone();
    let page_shell = move |options| shell(options, stylesheet.clone());
    let home_shell = page_shell.clone();
    // One handler renders the app; the app picks the page by path.
    let home_page = leptos_axum::render_app_to_stream(move || home_shell(options.clone()));
    Router::new()
        .merge(api)
        .route("/healthz", get(http::healthz))
        .route("/metrics", get(http::metrics))
        .route("/", get(home_page.clone()))
        .route("/reports", get(home_page))
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(
            page_shell,
        ))
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
