//! The HTTP router: which handler answers which path, and what every answer is sent with
//! (compressed when the client accepts it, cached as its kind allows). The security headers
//! go around the router where connections are served (`http::serve_connections`), so that
//! the answers of the request-body limits carry them too.

use std::convert::Infallible;

use axum::{
    extract::{DefaultBodyLimit, Request},
    http::{header, HeaderName, HeaderValue, Method},
    routing::{get, post},
    Router,
};
use tower_http::{
    compression::CompressionLayer,
    cors::{AllowOrigin, CorsLayer},
    set_header::SetResponseHeaderLayer,
};

use crate::{model::SERVER_TIME_PATH, ui::shell};

use super::{
    cities, clock, http, page_language::remember_language, plan, reports, site, state::AppState,
    zones,
};

/// The whole app: the event streams and the rest of the API (with CORS for the allowed
/// origins), server-rendered pages, then the built site's files (the WASM bundle, CSS,
/// public assets) with the not-found page for the rest.
///
/// Everything but the event streams and the server's time is compressed here, per response,
/// with brotli or gzip as the request's `Accept-Encoding` says (tower-http's default
/// predicate: never an image, a body under 32 bytes or a response already encoded, such as
/// the site's precompressed files). The stream endpoints are kept out of the compression
/// layer altogether: the contract never compresses a stream, and the layer's body wrapper
/// (5.8 KB, measured with `size_of`) would ride along every open stream unused. So is
/// `/api/time`: its body is too small ever to be compressed, and a page times its round
/// trips. Pages are revalidated on every visit (`no-cache`): they show the time, and name
/// the assets of the current build.
pub fn app(state: AppState) -> Router {
    let mut streams = Router::new()
        .route("/api/clock/stream", get(clock::clock_stream))
        .route("/event-stream", get(clock::clock_stream))
        .route("/api/reports/{id}/events", get(reports::report_events));
    // The server's time: 25 bytes, below what would ever be compressed, asked for several
    // times in a row by a page timing each round trip; the layer would only add its work.
    let mut time = Router::new().route(SERVER_TIME_PATH, get(clock::server_time));
    let mut api = Router::new()
        .route("/api/zones", get(zones::list_zones))
        .route("/api/cities", get(cities::search_cities))
        .route("/api/snapshot", get(cities::snapshot_api))
        .route("/api/plan.ics", get(plan::plan_calendar))
        .route("/api/transitions/next", get(zones::next_transitions))
        .route(
            "/api/reports",
            post(reports::start_report).layer(DefaultBodyLimit::max(reports::MAX_BODY_BYTES)),
        )
        .route(
            "/api/reports/{file}",
            get(reports::report_file).delete(reports::cancel_report),
        );
    if let Some(cors) = cors_layer(&state.settings.allowed_origins) {
        streams = streams.layer(cors.clone());
        time = time.layer(cors.clone());
        api = api.layer(cors);
    }
    // Leptos renders on tokio; a second call (a second server in one test process) is a no-op.
    let _ = any_spawner::Executor::init_tokio();
    let options = state.leptos_options.clone();
    let (stylesheet, icon) = (state.site.stylesheet.clone(), state.site.icon.clone());
    // One handler renders the app; the app picks the page by path, and answers a path it
    // does not know with its not-found page and `404`. Its inline scripts carry the nonce
    // the response's Content-Security-Policy names.
    let document = move || shell(options.clone(), stylesheet.clone(), icon.clone());
    let render =
        leptos_axum::render_app_to_stream_with_context(http::provide_request_nonce, document);
    // The planner's typed time, sent without JavaScript, is answered with the planned page's
    // address before anything is rendered.
    let home = get(render.clone()).layer(axum::middleware::from_fn(plan::redirect_typed_moment));
    let pages = Router::new()
        .route("/", home)
        .route("/reports", get(render.clone()))
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-cache"),
        ))
        // The default page shows the visitor's card when their `zone` cookie names it, and
        // every page speaks the language of the `lang` cookie or `Accept-Language`.
        .layer(SetResponseHeaderLayer::appending(
            header::VARY,
            HeaderValue::from_static("Cookie"),
        ))
        .layer(SetResponseHeaderLayer::appending(
            header::VARY,
            HeaderValue::from_static("Accept-Language"),
        ))
        // A `lang` in the URL is remembered for the pages that come without one.
        .layer(axum::middleware::from_fn(remember_language));
    let not_found = tower::service_fn(move |request: Request| {
        let render = render.clone();
        async move { Ok::<_, Infallible>(render(request).await) }
    });
    let compressed = Router::new()
        .merge(api)
        .route("/healthz", get(http::healthz))
        .route("/metrics", get(http::metrics))
        .merge(pages)
        .fallback_service(site::site_files(&state.settings.site_root, not_found))
        .layer(CompressionLayer::new());
    Router::new()
        .merge(streams)
        .merge(time)
        .merge(compressed)
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
