//! The hidden `lang` field of the page's own forms: a form sent without JavaScript lands on
//! a URL that keeps the language, as the page's links do.

use leptos::prelude::*;

use crate::{model::LANGUAGE_PARAM, ui::language::use_url_language};

/// `<input type="hidden" name="lang">` when the page's URL names its language; nothing
/// otherwise (the cookie or the browser then choose again).
#[component]
pub fn LanguageField() -> impl IntoView {
    use_url_language()
        .map(|language| view! { <input type="hidden" name=LANGUAGE_PARAM value=language.tag() /> })
}
