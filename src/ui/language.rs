//! The language the page is rendered in, as context: chosen by the server for the first
//! paint (the URL's `lang`, the cookie, `Accept-Language`) and written into `<html lang>`,
//! where the browser reads it back, so the hydrated page speaks the language the server's
//! HTML does. Whether the page's URL carries the language is context too: every URL the page
//! makes then keeps it.

use leptos::prelude::*;

use crate::{
    model::{Language, Messages, LANGUAGE_PARAM},
    ui::location::use_location,
};

/// The page's language, and whether its URL names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct PageLanguage {
    language: Language,
    in_url: Option<Language>,
}

/// Makes the page's language available below; called once by the app, after the location.
pub fn provide_language() {
    let in_url = use_location()
        .url_untracked()
        .param(LANGUAGE_PARAM)
        .and_then(|tag| Language::from_tag(&tag));
    provide_context(PageLanguage {
        language: rendered_language(),
        in_url,
    });
}

/// The language the page speaks.
pub fn use_language() -> Language {
    use_context::<PageLanguage>()
        .map(|page| page.language)
        .unwrap_or_default()
}

/// The page's words, in its language.
pub fn use_messages() -> &'static Messages {
    use_language().messages()
}

/// The language the page's URL names, which every URL the page makes keeps; `None` when the
/// URL names none (the cookie or the browser chose).
pub fn use_url_language() -> Option<Language> {
    use_context::<PageLanguage>().and_then(|page| page.in_url)
}

/// The language of the request being rendered (on the server).
#[cfg(feature = "ssr")]
pub fn request_language() -> Language {
    use axum::http::header;
    let Some(parts) = use_context::<axum::http::request::Parts>() else {
        return Language::default();
    };
    let header_text = |name| {
        parts
            .headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
    };
    let url = crate::ui::location::PageUrl::parse(&parts.uri.to_string()).param(LANGUAGE_PARAM);
    Language::chosen(
        url.as_deref(),
        Language::in_cookies(header_text(header::COOKIE)),
        header_text(header::ACCEPT_LANGUAGE),
    )
}

/// The language the page was rendered in: the request's on the server, `<html lang>`'s in
/// the browser (which the server wrote).
fn rendered_language() -> Language {
    #[cfg(feature = "ssr")]
    {
        request_language()
    }
    #[cfg(not(feature = "ssr"))]
    {
        web_sys::window()
            .and_then(|window| window.document())
            .and_then(|document| document.document_element())
            .and_then(|html| html.get_attribute("lang"))
            .and_then(|tag| Language::from_tag(&tag))
            .unwrap_or_default()
    }
}
