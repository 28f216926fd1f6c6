//! The HTML shell every page is rendered into, and the router that picks the page.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Meta, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    SsrMode, StaticSegment,
};

use crate::pages::{home::HomePage, not_found::NotFoundPage};

/// The document around the app: head, styles and the hydration scripts.
///
/// Rendered only on the server; the browser hydrates the `<body>` that [`App`] fills.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light dark" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The app: metadata, the stylesheet and the routes.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    mark_body_hydrated();

    view! {
        <Stylesheet id="leptos" href="/pkg/worldclock.css" />
        <Title text="worldclock" />
        <Meta name="description" content="The time in cities around the world, live over Server-Sent Events." />
        <Router>
            <Routes fallback=NotFoundPage>
                // Async: the server waits for the clocks before sending the page, so it is
                // complete with JavaScript off (out-of-order streaming would need a script).
                <Route path=StaticSegment("") view=HomePage ssr=SsrMode::Async />
            </Routes>
        </Router>
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
