//! # worldclock
//!
//! The time in cities around the world, live over Server-Sent Events. This library *is* the
//! app and is compiled twice: with `ssr` into the server binary, with `hydrate` into the WASM
//! bundle the browser runs to make the server-rendered page interactive.
//!
//! # Layout
//!
//! - [`app`]: the HTML shell, and which page answers which path.
//! - [`location`]: the page's address as a signal (request, `location`, `history`).
//! - [`pages`]: one module per page.
//! - [`components`]: one module per component the pages are built from.
//! - [`clock_face`]: how an instant reads on a clock (date, weekday, 12/24-hour time).
//! - [`card_face`]: what a city card shows for one tick, relative to the visitor.
//! - [`selection`]: the cities and interval, and their home in the URL.
//! - [`snapshot`]: the server function that gives the clocks at request time.
//! - [`stream_status`]: connection states and raw events, for the status and the inspector.
//! - [`zone_search`]: type-ahead matching over the zone list.
//! - [`contract`]: the wire types of `shared/CONTRACT.md`, shared by server and browser.
//! - `server` (ssr only): settings, the HTTP router, the clock stream and its tickers,
//!   metrics, connections and shutdown.
//! - `browser` (hydrate only): the EventSource, the visitor's zone, local preferences.
//! - [`hydrate`] (hydrate only): the WASM entry point.

#![recursion_limit = "256"]

pub mod app;
pub mod card_face;
pub mod clock_face;
pub mod components;
pub mod contract;
pub mod location;
pub mod pages;
pub mod selection;
pub mod snapshot;
pub mod stream_status;
pub mod zone_search;

#[cfg(feature = "hydrate")]
pub mod browser;

#[cfg(feature = "ssr")]
pub mod server;

/// The WASM entry point: attaches the app to the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
