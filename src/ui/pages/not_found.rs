//! The page for any path the app does not know.

use leptos::prelude::*;

use crate::{
    model::Language,
    ui::language::{use_messages, use_url_language},
};

/// A 404 page that tells the visitor where to go instead.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }

    let words = use_messages();
    let home_href = Language::page_url("/", use_url_language());
    view! {
        <main class="page page--narrow">
            <h1>{words.not_found}</h1>
            <p>{words.not_found_text} <a href=home_href>{words.not_found_home}</a> {words.not_found_end}</p>
        </main>
    }
}
