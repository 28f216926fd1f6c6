//! The language switch: a link per language to the same page in it.

use leptos::prelude::*;

use crate::{
    model::{Language, LANGUAGE_PARAM},
    ui::{language::use_language, location::use_location},
};

/// Links to this page, with all its state, in each language the page speaks, each named
/// in its own language (and marked so, for screen readers and search engines). A plain link:
/// it works without JavaScript, and the server then remembers the choice in a cookie.
#[component]
pub fn LanguageSwitch(
    /// The accessible name of the list of languages, in the page's language.
    label: &'static str,
) -> impl IntoView {
    let location = use_location();
    let current = use_language();
    let links = Language::ALL
        .into_iter()
        .map(|language| {
            let href = move || location.url().with_param(LANGUAGE_PARAM, language.tag());
            let is_current = language == current;
            view! {
                <li>
                    <a
                        href=href
                        lang=language.tag()
                        hreflang=language.tag()
                        aria-current=is_current.then_some("true")
                        class="language-switch__link"
                    >
                        {language.own_name()}
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <nav class="language-switch" aria-label=label>
            <ul class="language-switch__list">{links}</ul>
        </nav>
    }
}
