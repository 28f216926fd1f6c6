//! The security headers every response carries: a Content-Security-Policy that names a nonce
//! fresh for each request, which the page's inline scripts carry too, and the fixed headers
//! that keep the page out of frames, other windows and content sniffing.
//!
//! On every response, errors and the API included, not only on pages: one rule is easier to
//! check than a list of exceptions, and a JSON error shown in a tab is a document as well.
//! `Strict-Transport-Security` is not here: this server speaks plain HTTP, and the header is
//! for the TLS server in front of it (`deploy/nginx.conf`).

use axum::{
    extract::Request,
    http::{header, request::Parts, HeaderName, HeaderValue},
    middleware::{self, Next},
    response::Response,
    Router,
};
use leptos::{
    nonce::Nonce,
    prelude::{provide_context, use_context},
};
use tower_http::set_header::SetResponseHeaderLayer;

/// What the page may load, besides the inline scripts of its nonce: its own scripts, styles
/// and images (`default-src 'self'`), the WASM bundle compiled (`'wasm-unsafe-eval'`, which
/// allows WebAssembly and no JavaScript `eval`), fetches and event streams to its own origin.
/// No inline style: the page has no `style` attribute. Nothing may frame it, change its base
/// URL or post its forms elsewhere.
const POLICY_BEFORE_NONCE: &str = "default-src 'self'; script-src 'self' 'nonce-";
const POLICY_AFTER_NONCE: &str = "' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self'; \
     object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Powerful features the page never uses, denied to it and to anything it could embed. Only
/// names Chromium knows: an unknown one is a console error on every page load.
const PERMISSIONS_POLICY: &str = "accelerometer=(), autoplay=(), camera=(), \
     display-capture=(), encrypted-media=(), fullscreen=(), geolocation=(), gyroscope=(), \
     hid=(), idle-detection=(), magnetometer=(), microphone=(), midi=(), payment=(), \
     picture-in-picture=(), publickey-credentials-get=(), screen-wake-lock=(), serial=(), \
     usb=(), xr-spatial-tracking=()";

/// Wraps `router` so that every response it gives carries the security headers.
pub fn with_security_headers(router: Router) -> Router {
    let fixed = [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        // The browser's default, stated: other sites see this origin, never a path (a
        // path carries the visitor's cities).
        (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
        (
            HeaderName::from_static("permissions-policy"),
            PERMISSIONS_POLICY,
        ),
    ];
    let mut router = router.layer(middleware::from_fn(content_security_policy));
    for (name, value) in fixed {
        router = router.layer(SetResponseHeaderLayer::overriding(
            name,
            HeaderValue::from_static(value),
        ));
    }
    router
}

/// Middleware: mints the request's nonce, leaves it in the request's extensions for the page
/// ([`provide_request_nonce`]) and names it in the response's policy.
async fn content_security_policy(mut request: Request, next: Next) -> Response {
    // 128 bits from the thread's CSPRNG (rand's ChaCha, seeded by the OS), base64url.
    let nonce = Nonce::new();
    request.extensions_mut().insert(nonce.clone());
    let mut response = next.run(request).await;
    response
        .headers_mut()
        .insert(header::CONTENT_SECURITY_POLICY, policy(&nonce));
    response
}

/// The policy naming `nonce`.
fn policy(nonce: &Nonce) -> HeaderValue {
    let text = format!("{POLICY_BEFORE_NONCE}{nonce}{POLICY_AFTER_NONCE}");
    // A nonce is base64url, so the text is always a valid header value.
    HeaderValue::try_from(text).expect("a policy is visible ASCII")
}

/// Leptos context: gives the page the nonce its response's policy names, so every inline
/// script Leptos writes (the hydration script, the serialized shared values) carries it.
/// leptos_axum mints a nonce of its own for each page; this one replaces it because it was
/// provided after. Outside [`with_security_headers`] (no nonce in the request) the page keeps
/// leptos_axum's.
pub fn provide_request_nonce() {
    let nonce = use_context::<Parts>().and_then(|parts| parts.extensions.get::<Nonce>().cloned());
    if let Some(nonce) = nonce {
        provide_context(nonce);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_names_the_nonce_and_nothing_looser() {
        let nonce = Nonce::from_value("abc-_123");
        let policy = policy(&nonce);
        let policy = policy.to_str().unwrap();
        assert!(policy.contains("script-src 'self' 'nonce-abc-_123' 'wasm-unsafe-eval';"));
        assert!(!policy.contains("unsafe-inline"));
        assert!(!policy.contains("'unsafe-eval'"));
        assert!(!policy.contains('*'));
        for directive in [
            "default-src 'self'",
            "style-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ] {
            assert!(policy.contains(directive), "{directive} in {policy}");
        }
    }

    #[test]
    fn nonces_differ_and_carry_128_bits() {
        let first = Nonce::new();
        let second = Nonce::new();
        assert_ne!(first, second);
        // 16 bytes in unpadded base64url: 22 characters.
        assert_eq!(first.len(), 22);
        assert!(first
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
    }
}
