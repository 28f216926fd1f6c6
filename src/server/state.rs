//! What every handler can reach: settings, the stream caps, metrics, tickers and reports.
//!
//! Its own module so that the router and the handlers both depend on it, not on each other.

use std::{net::SocketAddr, sync::Arc};

use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;

use super::{
    clock::{Tickers, WallClock},
    config::Settings,
    http::{Metrics, StreamsPerClient},
    reports::Reports,
    site::SiteAssets,
};

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// What Leptos needs to render pages and find the built site.
    pub leptos_options: LeptosOptions,
    /// The built site's asset names (hashed by `make build`).
    pub site: Arc<SiteAssets>,
    /// The settings the server started with.
    pub settings: Arc<Settings>,
    /// The concurrent-stream cap in force (the setting, lowered to fit the open-files limit).
    pub stream_cap: usize,
    /// The streams each client holds, under `max_streams_per_client`.
    pub streams_per_client: Arc<StreamsPerClient>,
    /// Counters and gauges for `/metrics`.
    pub metrics: Arc<Metrics>,
    /// The shared tickers, one per interval in use.
    pub tickers: Tickers,
    /// Transitions reports: the computations of this instance and its result cache.
    pub reports: Reports,
}

impl AppState {
    /// State for a server with these settings, listening on `address` (which may differ
    /// from `settings.site_addr` when a test binds port 0), counting into `metrics`.
    pub fn new(
        settings: Settings,
        address: SocketAddr,
        stream_cap: usize,
        metrics: Arc<Metrics>,
        tickers: Tickers,
        reports: Reports,
    ) -> AppState {
        let site = SiteAssets::find(&settings.site_root);
        let leptos_options = site.leptos_options(&settings.site_root, address);
        let streams_per_client = Arc::new(StreamsPerClient::new(settings.max_streams_per_client));
        AppState {
            leptos_options,
            site: Arc::new(site),
            settings: Arc::new(settings),
            stream_cap,
            streams_per_client,
            metrics,
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

impl FromRef<AppState> for WallClock {
    fn from_ref(state: &AppState) -> WallClock {
        state.tickers.clock().clone()
    }
}
