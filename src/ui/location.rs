//! The page's address, as a signal: read from the request on the server and from
//! `window.location` in the browser; changed with `history.pushState`, and restored by
//! back and forward (`popstate`).
//!
//! The app has one page with state in its query string, so this replaces a router: a
//! router's type-erased route views would add tens of kilobytes to the WASM bundle.

use leptos::prelude::*;

/// The path and query string of the page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageUrl {
    /// `/`, `/no/such/page`.
    pub path: String,
    /// The raw query string, without `?`.
    pub query: String,
}

impl PageUrl {
    /// Splits `/path?query`.
    pub fn parse(href: &str) -> PageUrl {
        let (path, query) = href.split_once('?').unwrap_or((href, ""));
        let query = query.split('#').next().unwrap_or("");
        PageUrl {
            path: path.to_owned(),
            query: query.to_owned(),
        }
    }

    /// The decoded value of the first `key` parameter, if present.
    pub fn param(&self, key: &str) -> Option<String> {
        self.query
            .split('&')
            .filter_map(|pair| {
                let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                (decode(name) == key).then(|| decode(value))
            })
            .next()
    }

    /// This address with `key` set to `value` (in place of any it had), after the rest of
    /// the query as it was: `/?cities=a&lang=en` with `lang` `ko` is `/?cities=a&lang=ko`.
    pub fn with_param(&self, key: &str, value: &str) -> String {
        let kept = self
            .query
            .split('&')
            .filter(|pair| !pair.is_empty())
            .filter(|pair| decode(pair.split_once('=').map_or(*pair, |(name, _)| name)) != key);
        let mut query: Vec<&str> = kept.collect();
        let pair = format!("{key}={value}");
        query.push(&pair);
        format!("{}?{}", self.path, query.join("&"))
    }
}

/// Decodes a query component: `+` is a space, `%XX` a byte; invalid UTF-8 becomes U+FFFD
/// (the server says which names are unknown, so nothing is lost silently).
pub fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'+' => out.push(b' '),
            b'%' if index + 2 < bytes.len() => {
                match (hex_value(bytes[index + 1]), hex_value(bytes[index + 2])) {
                    (Some(high), Some(low)) => {
                        out.push(high * 16 + low);
                        index += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            byte => out.push(byte),
        }
        index += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_value(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
}

/// The page's address and the way to change it.
#[derive(Clone, Copy)]
pub struct Location {
    url: RwSignal<PageUrl>,
}

impl Location {
    /// The current address (tracked).
    pub fn url(&self) -> PageUrl {
        self.url.get()
    }

    /// The current address, untracked.
    pub fn url_untracked(&self) -> PageUrl {
        self.url.get_untracked()
    }

    /// The current path, untracked: the page type never changes without a reload.
    pub fn path_untracked(&self) -> String {
        self.url.with_untracked(|url| url.path.clone())
    }

    /// Goes to `href` (same page, new state): a new history entry, then the signal.
    pub fn navigate(&self, href: &str) {
        #[cfg(feature = "hydrate")]
        if let Some(history) = web_sys::window().and_then(|window| window.history().ok()) {
            let _ = history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(href));
        }
        self.url.set(PageUrl::parse(href));
    }
}

impl Location {
    /// Goes to `href` in place of the current history entry (`history.replaceState`): for
    /// a run of small moves that should not each take a step of the back button.
    pub fn replace(&self, href: &str) {
        #[cfg(feature = "hydrate")]
        if let Some(history) = web_sys::window().and_then(|window| window.history().ok()) {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(href));
        }
        self.url.set(PageUrl::parse(href));
    }
}

/// Makes the page's [`Location`] available to every component below.
pub fn provide_location() {
    let location = Location {
        url: RwSignal::new(current_url()),
    };
    #[cfg(feature = "hydrate")]
    {
        let handle = window_event_listener(leptos::ev::popstate, move |_| {
            location.url.set(current_url())
        });
        on_cleanup(move || handle.remove());
    }
    provide_context(location);
}

/// The page's [`Location`].
pub fn use_location() -> Location {
    expect_context::<Location>()
}

/// The address being rendered: the request's on the server, the window's in the browser.
fn current_url() -> PageUrl {
    #[cfg(feature = "ssr")]
    {
        use_context::<axum::http::request::Parts>()
            .map(|parts| PageUrl {
                path: parts.uri.path().to_owned(),
                query: parts.uri.query().unwrap_or("").to_owned(),
            })
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        web_sys::window()
            .map(|window| {
                let location = window.location();
                PageUrl {
                    path: location.pathname().unwrap_or_default(),
                    query: location
                        .search()
                        .unwrap_or_default()
                        .trim_start_matches('?')
                        .to_owned(),
                }
            })
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_queries_split() {
        let url = PageUrl::parse("/?cities=Asia/Seoul,Europe/London&sec=1#top");
        assert_eq!(url.path, "/");
        assert_eq!(
            url.param("cities").as_deref(),
            Some("Asia/Seoul,Europe/London")
        );
        assert_eq!(url.param("sec").as_deref(), Some("1"));
        assert_eq!(url.param("limit"), None);
        assert_eq!(PageUrl::parse("/no/such").query, "");
    }

    #[test]
    fn a_parameter_is_set_in_place_of_its_old_value() {
        let url = PageUrl::parse("/?cities=a,b&lang=en&sec=2");
        assert_eq!(url.with_param("lang", "ko"), "/?cities=a,b&sec=2&lang=ko");
        assert_eq!(
            PageUrl::parse("/reports").with_param("lang", "en"),
            "/reports?lang=en"
        );
        assert_eq!(
            PageUrl::parse("/?l%61ng=en&language=x").with_param("lang", "ko"),
            "/?language=x&lang=ko"
        );
    }

    #[test]
    fn components_are_decoded() {
        assert_eq!(decode("Etc%2FGMT%2B5"), "Etc/GMT+5");
        assert_eq!(decode("a+b"), "a b");
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%zz"), "%zz");
        assert_eq!(decode("%FF"), "\u{FFFD}");
    }
}
