//! # worldclock
//!
//! The time in cities around the world, live over Server-Sent Events. This library *is* the
//! app and is compiled twice: with `ssr` into the server binary, with `hydrate` into the WASM
//! bundle the browser runs to make the server-rendered page interactive.
//!
//! # Layout
//!
//! The tree is split first by where code runs, then by feature:
//!
//! - `model/` (both builds, pure): the wire types of `docs/CONTRACT.md`, the report
//!   protocol, the limits and defaults server and page share, the cities people pick and
//!   the cards they make of them (names, order, home, hours, and the edits of the list), civil
//!   time, the selection and its URL form, the first-paint snapshot, the stream's status as
//!   the page sees it.
//! - `ui/` (both builds, Leptos): the HTML shell and the app (`app.rs`), the page's address
//!   as a signal (`location.rs`), `hooks/` (one concern of a page each), `pages/` (one
//!   module a page) and `components/`.
//! - `browser/` (hydrate only): every fetch (`api.rs`), the clock stream's `EventSource`,
//!   the report's `EventSource`, local preferences, the visitor's own zone.
//! - `server/` (ssr only): settings (`config.rs`), the shared state (`state.rs`), the router
//!   (`router.rs`), the board one writer posts on for thousands of readers (`board.rs`),
//!   and by feature: `http/` (accepting connections and draining them at shutdown, request
//!   time and size limits, errors, the SSE encoder and event-stream responses, metrics, the per-client
//!   cap, health, open files, shutdown), `clock/` (the stream's query, interval, wall
//!   clock, tickers, frames and the stream itself), `zones/` (the zone type, suggestions,
//!   zone lists, transitions and their API), `cities/` (the GeoNames gazetteer, its search,
//!   the snapshot of a page's cities and their API), `reports/` (the report id, its
//!   computation, cache and event stream, and their API).
//!
//! `src/main.rs` is the server binary and only calls [`server::run`]; the benchmark's load
//! generator is its own crate in `bench/loadgen/`.

#![recursion_limit = "256"]

pub mod model;
mod ui;

#[cfg(feature = "hydrate")]
mod browser;

#[cfg(feature = "ssr")]
pub mod server;

/// The WASM entry point: attaches the app to the server-rendered page, once the code that
/// page needs is loaded (the reports page's is a chunk of its own).
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    wasm_bindgen_futures::spawn_local(async {
        ui::load_page_chunk().await;
        leptos::mount::hydrate_body(ui::App);
    });
}
