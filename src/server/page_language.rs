//! Remembering a page's language: a page asked for with `lang` in its URL (a language
//! switch, a shared link) is answered with the `lang` cookie, so the visitor's next page
//! without one speaks the same language. Which language a page is rendered in is the app's
//! choice (`Language::chosen`), made from the same request.

use axum::{
    extract::Request,
    http::{header, HeaderValue},
    middleware::Next,
    response::Response,
};

use crate::model::{Language, LANGUAGE_PARAM};

/// Middleware of the pages: sets the `lang` cookie when the URL names a language the page
/// speaks (a `lang` it does not speak is ignored, as the page ignores it).
pub async fn remember_language(request: Request, next: Next) -> Response {
    let asked = request.uri().query().and_then(language_in_query);
    let mut response = next.run(request).await;
    if let Some(language) = asked {
        if let Ok(cookie) = HeaderValue::from_str(&language.cookie()) {
            response.headers_mut().append(header::SET_COOKIE, cookie);
        }
    }
    response
}

/// The language the `lang` parameter of a query names, if the page speaks it; the first
/// `lang` wins, as the page reads it.
fn language_in_query(query: &str) -> Option<Language> {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(name, _)| *name == LANGUAGE_PARAM)
        .and_then(|(_, value)| Language::from_tag(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_spoken_lang_of_a_query_is_remembered() {
        assert_eq!(
            language_in_query("cities=a&lang=ko&sec=1"),
            Some(Language::Korean)
        );
        assert_eq!(
            language_in_query("lang=en&lang=ko"),
            Some(Language::English)
        );
        assert_eq!(language_in_query("lang=fr"), None);
        assert_eq!(language_in_query("language=ko"), None);
        assert_eq!(language_in_query(""), None);
    }
}
