//! The visitor's own zone as the request's `zone` cookie names it (the page writes it), so
//! the first paint of the default page shows the visitor's card. A hint only: anything that
//! is not a zone's name is ignored.

use axum::http::{header::COOKIE, request::Parts};

use super::Zone;
use crate::model::visitor_zone_in_cookies;

/// The zone the request's cookie names, by its canonical name, if it names one.
pub fn visitor_zone(parts: &Parts) -> Option<String> {
    parts
        .headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|header| header.to_str().ok())
        .find_map(visitor_zone_in_cookies)
        .and_then(|name| Zone::parse(name).ok())
        .map(|zone| zone.name().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::Request;

    fn parts(cookies: &[&str]) -> Parts {
        let mut request = Request::builder().uri("/");
        for cookie in cookies {
            request = request.header(COOKIE, *cookie);
        }
        request.body(()).unwrap().into_parts().0
    }

    #[test]
    fn a_known_zone_is_named_canonically() {
        assert_eq!(
            visitor_zone(&parts(&["a=b", "zone=asia/seoul"])).as_deref(),
            Some("Asia/Seoul")
        );
    }

    #[test]
    fn no_cookie_or_no_zone_is_nothing() {
        assert_eq!(visitor_zone(&parts(&[])), None);
        assert_eq!(visitor_zone(&parts(&["zone=Mars/Olympus"])), None);
        assert_eq!(visitor_zone(&parts(&["zone=<b>"])), None);
    }
}
