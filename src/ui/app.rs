//! The HTML shell every page is rendered into, and which page answers which path.
//!
//! The reports page is a WASM chunk of its own (Leptos' `#[lazy]`, split off by `make site`
//! with wasm-split): a visitor of the clocks never downloads it. In the browser its chunk is
//! fetched before the page is hydrated ([`load_page_chunk`]), so the app renders it at once.

use leptos::{either::EitherOf3, prelude::*};

#[cfg(feature = "ssr")]
use crate::model::Messages;

use super::{
    chunk::ready_now,
    language::provide_language,
    location::{provide_location, use_location},
    pages::{HomePage, NotFoundPage, ReportsPage},
};

/// The document around the app: head, styles and the hydration scripts.
///
/// Rendered only on the server; the browser hydrates the `<body>` that [`App`] fills. The
/// stylesheet and the icon are linked here, not by the app, because their names carry a
/// hash of their content that only the server knows. So is the title: a page's path never
/// changes without a full load, so the browser never retitles one, and the bundle carries
/// no head-managing code for it.
#[cfg(feature = "ssr")]
pub fn shell(options: LeptosOptions, stylesheet: String, icon: String) -> impl IntoView {
    let path = use_context::<axum::http::request::Parts>()
        .map(|parts| parts.uri.path().to_owned())
        .unwrap_or_default();
    // The hydrated page reads its language back from here (`language::provide_language`).
    let language = super::language::request_language();
    view! {
        <!DOCTYPE html>
        <html lang=language.tag()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light dark" />
                <title>{page_title(&path, language.messages())}</title>
                <meta name="description" content=language.messages().description />
                <link rel="icon" href=icon type="image/svg+xml" />
                <link rel="stylesheet" href=stylesheet />
                <HydrationScripts options />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The title of the page at `path`, in the page's language.
#[cfg(feature = "ssr")]
fn page_title(path: &str, words: &'static Messages) -> &'static str {
    match path {
        "/" => words.title_home,
        REPORTS_PATH => words.title_reports,
        _ => words.title_not_found,
    }
}

/// The app: the page for the path. Pages keep their state in the query string, so the path
/// never changes without a full load.
#[component]
pub fn App() -> impl IntoView {
    provide_location();
    provide_language();
    mark_body_hydrated();
    match use_location().path_untracked().as_str() {
        "/" => EitherOf3::A(view! { <HomePage /> }),
        REPORTS_PATH => EitherOf3::B(
            ready_now(reports_page())
                .expect("the reports page's chunk is loaded before the page is hydrated"),
        ),
        _ => EitherOf3::C(view! { <NotFoundPage /> }),
    }
}

/// Where the reports page is.
const REPORTS_PATH: &str = "/reports";

/// The reports page, the code only it runs split off into its own WASM chunk: awaiting it
/// loads the chunk (once). On the server it is the page's view, ready at once.
#[lazy]
fn reports_page() -> AnyView {
    view! { <ReportsPage /> }.into_any()
}

/// In the browser, before hydration: loads the WASM chunk the page at the window's path
/// needs, so [`App`] can render it without waiting (hydration walks the server's HTML in
/// one pass and cannot wait halfway). A chunk that does not load leaves the server's page
/// as it is, working as far as it does without JavaScript.
#[cfg(feature = "hydrate")]
pub async fn load_page_chunk() {
    let path = web_sys::window().and_then(|window| window.location().pathname().ok());
    if path.as_deref() == Some(REPORTS_PATH) {
        __preload_reports_page().await;
    }
}

/// Sets `data-hydrated="true"` on `<body>` once the WASM has taken over the page.
///
/// Effects run only in the browser, so the attribute is absent from what the server sends:
/// tests (and curious people) can tell a hydrated page from a server-rendered one.
fn mark_body_hydrated() {
    Effect::new(|_| {
        #[cfg(feature = "hydrate")]
        if let Some(body) = web_sys::window()
            .and_then(|window| window.document())
            .and_then(|document| document.body())
        {
            let _ = body.dataset().set("hydrated", "true");
        }
    });
}
