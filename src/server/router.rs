//! The HTTP router: which handler answers which path, and the state they share.

use std::{net::SocketAddr, sync::Arc};

use axum::{extract::FromRef, routing::get, Router};
use leptos::prelude::LeptosOptions;
use leptos_axum::{generate_route_list, LeptosRoutes};

use crate::app::{shell, App};

use super::{config::Settings, health};

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// What Leptos needs to render pages and find the built site.
    pub leptos_options: LeptosOptions,
    /// The settings the server started with.
    pub settings: Arc<Settings>,
}

impl AppState {
    /// State for a server with these settings, listening on `address` (which may differ
    /// from `settings.site_addr` when a test binds port 0).
    pub fn new(settings: Settings, address: SocketAddr) -> AppState {
        let leptos_options = LeptosOptions::builder()
            .output_name("worldclock")
            .site_root(settings.site_root.as_str())
            .site_pkg_dir("pkg")
            .site_addr(address)
            .build();
        AppState {
            leptos_options,
            settings: Arc::new(settings),
        }
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> LeptosOptions {
        state.leptos_options.clone()
    }
}

/// The whole app: API routes, server-rendered pages, then static files (the WASM bundle,
/// CSS, public assets) with the not-found page for anything else.
pub fn app(state: AppState) -> Router {
    let routes = generate_route_list(App);
    Router::new()
        .route("/healthz", get(health::healthz))
        .leptos_routes(&state, routes, {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .with_state(state)
}
