//! The page for any path the app does not know.

use leptos::prelude::*;

/// A 404 page that tells the visitor where to go instead.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }

    view! {
        <main class="page page--narrow">
            <h1>"Page not found"</h1>
            <p>"There is no page at this address. The clocks are on the " <a href="/">"home page"</a> "."</p>
        </main>
    }
}
