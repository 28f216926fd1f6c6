//! The languages the page speaks, and how a visitor's choice of one is read: the URL's
//! `lang`, the remembered cookie, or the browser's `Accept-Language`, in that order.
//!
//! Pure and shared: the server picks the language of the first paint with it, the page
//! keeps the same one when it hydrates. The languages themselves, their tags and names, are
//! generated with their words (`locale/catalogue.rs`).

pub use super::locale::Language;

/// The cookie that remembers the language a visitor switched to.
pub const LANGUAGE_COOKIE: &str = "lang";

/// The URL parameter that carries a language: `lang=ko`.
pub const LANGUAGE_PARAM: &str = "lang";

impl Language {
    /// The language a tag names: its primary subtag, any case (`ko`, `ko-KR`, `EN-gb`).
    /// `None` for a language the page does not speak.
    pub fn from_tag(tag: &str) -> Option<Language> {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or_default();
        Language::ALL
            .into_iter()
            .find(|language| language.tag().eq_ignore_ascii_case(primary))
    }

    /// The language an `Accept-Language` header prefers among those the page speaks: the
    /// highest `q` wins, the earlier of equals; `q=0` refuses. English when none is spoken.
    pub fn from_accept_language(header: &str) -> Language {
        let mut best: Option<(Language, u16)> = None;
        for range in header.split(',').take(MAX_ACCEPT_RANGES) {
            let mut parts = range.split(';');
            let Some(language) = parts.next().and_then(Language::from_tag) else {
                continue;
            };
            let quality = parts
                .find_map(|parameter| {
                    let (name, value) = parameter.split_once('=')?;
                    (name.trim() == "q").then(|| quality_thousandths(value.trim()))
                })
                .unwrap_or(Some(1000));
            let Some(quality) = quality.filter(|quality| *quality > 0) else {
                continue;
            };
            if best.is_none_or(|(_, best_quality)| quality > best_quality) {
                best = Some((language, quality));
            }
        }
        best.map(|(language, _)| language).unwrap_or_default()
    }

    /// The language of a request: the URL's `lang` if it names one, else the cookie's, else
    /// the `Accept-Language` header's choice.
    pub fn chosen(url: Option<&str>, cookie: Option<&str>, accept_language: &str) -> Language {
        url.and_then(Language::from_tag)
            .or_else(|| cookie.and_then(Language::from_tag))
            .unwrap_or_else(|| Language::from_accept_language(accept_language))
    }

    /// The `lang` cookie's value in a `Cookie` request header, as written (the first one
    /// wins); [`Language::chosen`] reads it.
    pub fn in_cookies(header: &str) -> Option<&str> {
        header
            .split(';')
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == LANGUAGE_COOKIE)
            .map(|(_, value)| value.trim())
    }

    /// The `Set-Cookie` value that remembers this language: the whole site, a year, never
    /// sent with another site's requests.
    pub fn cookie(self) -> String {
        format!(
            "{LANGUAGE_COOKIE}={}; Path=/; Max-Age={REMEMBERED_S}; SameSite=Lax",
            self.tag()
        )
    }

    /// The address of the page at `path` (no query of its own) in the URL's language, if it
    /// had one: `/reports?lang=ko`, `/`.
    pub fn page_url(path: &str, language: Option<Language>) -> String {
        match language {
            Some(language) => format!("{path}?{LANGUAGE_PARAM}={}", language.tag()),
            None => path.to_owned(),
        }
    }

    /// What a page's URL ends with to keep its language: `&lang=ko`, or nothing when the
    /// URL it came from carried none (the cookie or the browser then choose again).
    pub fn url_suffix(language: Option<Language>) -> String {
        language
            .map(|language| format!("&{LANGUAGE_PARAM}={}", language.tag()))
            .unwrap_or_default()
    }
}

/// How long the cookie remembers a language: a year (a switch is rare, and renewed by the
/// next one).
const REMEMBERED_S: u32 = 365 * 24 * 3600;

/// How many ranges of an `Accept-Language` header are read: browsers send a handful; a
/// longer header is not worth the work.
const MAX_ACCEPT_RANGES: usize = 32;

/// A `q` value (`0.8`, `1`, `1.000`) in thousandths; `None` if it is not one.
fn quality_thousandths(value: &str) -> Option<u16> {
    let (whole, fraction) = value.split_once('.').unwrap_or((value, ""));
    if fraction.len() > 3 || !fraction.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    let fraction_value: u16 = format!("{fraction:0<3}").parse().ok()?;
    match whole {
        "0" => Some(fraction_value),
        "1" if fraction_value == 0 => Some(1000),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_name_languages_by_their_primary_subtag() {
        assert_eq!(Language::from_tag("ko"), Some(Language::Korean));
        assert_eq!(Language::from_tag("ko-KR"), Some(Language::Korean));
        assert_eq!(Language::from_tag("EN-gb"), Some(Language::English));
        assert_eq!(Language::from_tag("fr"), None);
        assert_eq!(Language::from_tag(""), None);
        for language in Language::ALL {
            assert_eq!(Language::from_tag(language.tag()), Some(language));
        }
    }

    #[test]
    fn accept_language_takes_the_best_spoken_language() {
        assert_eq!(
            Language::from_accept_language("ko-KR,ko;q=0.9,en-US;q=0.8"),
            Language::Korean
        );
        assert_eq!(
            Language::from_accept_language("fr-FR, en;q=0.5, ko;q=0.7"),
            Language::Korean
        );
        assert_eq!(
            Language::from_accept_language("en-US,en;q=0.9,ko;q=0.8"),
            Language::English
        );
        assert_eq!(
            Language::from_accept_language("ko;q=0, en;q=0.1"),
            Language::English
        );
        assert_eq!(Language::from_accept_language("fr, de"), Language::English);
        assert_eq!(Language::from_accept_language(""), Language::English);
        assert_eq!(Language::from_accept_language("*"), Language::English);
        // A malformed q refuses that range rather than guessing.
        assert_eq!(
            Language::from_accept_language("ko;q=2, en;q=0.3"),
            Language::English
        );
        assert_eq!(
            Language::from_accept_language("ko;q=0.5555"),
            Language::English
        );
    }

    #[test]
    fn the_url_beats_the_cookie_which_beats_the_header() {
        assert_eq!(
            Language::chosen(Some("ko"), Some("en"), "en"),
            Language::Korean
        );
        assert_eq!(Language::chosen(None, Some("ko"), "en"), Language::Korean);
        assert_eq!(
            Language::chosen(Some("xx"), Some("ko"), "en"),
            Language::Korean
        );
        assert_eq!(Language::chosen(None, None, "ko-KR"), Language::Korean);
        assert_eq!(Language::chosen(None, Some("zz"), "en"), Language::English);
    }

    #[test]
    fn the_cookie_is_found_written_and_kept_in_urls() {
        assert_eq!(Language::in_cookies("zone=UTC; lang=ko; x=1"), Some("ko"));
        assert_eq!(Language::in_cookies("lang=en;lang=ko"), Some("en"));
        assert_eq!(Language::in_cookies("language=ko"), None);
        assert_eq!(Language::in_cookies(""), None);
        assert_eq!(
            Language::Korean.cookie(),
            "lang=ko; Path=/; Max-Age=31536000; SameSite=Lax"
        );
        assert_eq!(Language::url_suffix(Some(Language::Korean)), "&lang=ko");
        assert_eq!(Language::url_suffix(None), "");
        assert_eq!(
            Language::page_url("/reports", Some(Language::Korean)),
            "/reports?lang=ko"
        );
        assert_eq!(Language::page_url("/", None), "/");
    }

    #[test]
    fn quality_values_are_read_in_thousandths() {
        assert_eq!(quality_thousandths("1"), Some(1000));
        assert_eq!(quality_thousandths("1.000"), Some(1000));
        assert_eq!(quality_thousandths("0.8"), Some(800));
        assert_eq!(quality_thousandths("0.05"), Some(50));
        assert_eq!(quality_thousandths("0"), Some(0));
        assert_eq!(quality_thousandths("1.5"), None);
        assert_eq!(quality_thousandths("0.x"), None);
        assert_eq!(quality_thousandths("2"), None);
    }
}
