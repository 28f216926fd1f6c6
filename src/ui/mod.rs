//! The user interface (both builds, Leptos): rendered by the server, hydrated in the browser.
//! The server renders into [`shell`]; the browser hydrates [`App`].

mod app;
mod chunk;
mod components;
mod hooks;
mod language;
mod location;
mod pages;
mod shipped;

#[cfg(feature = "ssr")]
pub use app::shell;
#[cfg(feature = "hydrate")]
pub use app::{load_page_chunk, App};
