//! The cookie in which the page remembers the visitor's own zone, so the server's next first
//! paint already shows it: the default page then needs no snapshot of its own after
//! hydration, and no card moves in when the WASM starts.
//!
//! It holds an IANA zone name the browser reported and nothing else. The server treats it as
//! a hint: a value that is not a zone name (by shape here, by chrono-tz on the server) is
//! ignored, never an error and never shown.

/// The cookie's name.
pub const VISITOR_ZONE_COOKIE: &str = "zone";

/// A year: the zone changes when a person moves, and the page writes it again each visit.
const MAX_AGE_S: u32 = 365 * 24 * 3600;

/// The longest IANA name is 32 bytes (`America/Argentina/ComodRivadavia`); a little room.
const MAX_NAME_BYTES: usize = 40;

/// The visitor's zone as a `Cookie` request header carries it, if it looks like a zone name:
/// ASCII letters, digits and `/_+-`, at most 40 bytes. The first `zone` cookie wins.
pub fn visitor_zone_in_cookies(header: &str) -> Option<&str> {
    header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == VISITOR_ZONE_COOKIE)
        .map(|(_, value)| value)
        .filter(|value| looks_like_zone_name(value))
}

/// What the page assigns to `document.cookie` to remember `zone`: the whole site, a year,
/// never sent with another site's requests. `None` for a name that does not look like one.
pub fn visitor_zone_cookie(zone: &str) -> Option<String> {
    looks_like_zone_name(zone)
        .then(|| format!("{VISITOR_ZONE_COOKIE}={zone}; Path=/; Max-Age={MAX_AGE_S}; SameSite=Lax"))
}

fn looks_like_zone_name(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= MAX_NAME_BYTES
        && text
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || b"/_+-".contains(&byte))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_zone_is_found_among_other_cookies() {
        assert_eq!(
            visitor_zone_in_cookies("a=1; zone=Europe/Berlin; b=2"),
            Some("Europe/Berlin")
        );
        assert_eq!(visitor_zone_in_cookies("zone=Etc/GMT+5"), Some("Etc/GMT+5"));
        assert_eq!(
            visitor_zone_in_cookies("zone=America/Port-au-Prince;zone=UTC"),
            Some("America/Port-au-Prince")
        );
        assert_eq!(visitor_zone_in_cookies("timezone=UTC"), None);
        assert_eq!(visitor_zone_in_cookies(""), None);
    }

    #[test]
    fn what_is_not_shaped_like_a_zone_name_is_ignored() {
        for header in [
            "zone=",
            "zone=<script>",
            "zone=Europe/Berlin%20",
            "zone=Europe Berlin",
            "zone=\"UTC\"",
            "zone=Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        ] {
            assert_eq!(visitor_zone_in_cookies(header), None, "{header}");
        }
    }

    #[test]
    fn the_cookie_written_is_the_cookie_read() {
        let written = visitor_zone_cookie("America/Argentina/ComodRivadavia").unwrap();
        assert!(written.ends_with("; Path=/; Max-Age=31536000; SameSite=Lax"));
        let pair = written.split(';').next().unwrap();
        assert_eq!(
            visitor_zone_in_cookies(pair),
            Some("America/Argentina/ComodRivadavia")
        );
        assert_eq!(visitor_zone_cookie("a;b"), None);
    }
}
