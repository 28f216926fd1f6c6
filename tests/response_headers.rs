//! What every response carries, against a real server on a tiny site of the test's own: the
//! security headers (a Content-Security-Policy whose nonce is fresh per request and the one
//! the page's inline scripts carry), compression as `Accept-Encoding` asks (never for an
//! event stream), the site's precompressed twins and how long each kind of response may be
//! kept.
#![cfg(feature = "ssr")]

mod common;

use std::{path::PathBuf, sync::OnceLock, time::Duration};

use common::{get, TestServer};
use reqwest::{header, Response, StatusCode};
use worldclock::server::Settings;

const WAIT: Duration = Duration::from_secs(20);
/// The content hash every asset of the test's site is named by.
const HASH: &str = "0123456789abcdef";
const WASM: &str = "/pkg/worldclock.0123456789abcdef.wasm";
const JS: &str = "/pkg/worldclock.0123456789abcdef.js";
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// The bytes of each file of the test's site. The twins are not really compressed: bytes
/// that no compressor would write show that the server sent the file from disk.
const WASM_PLAIN: &[u8] = b"\0asm plain bytes of the bundle, long enough to be worth compressing";
const WASM_BROTLI: &[u8] = b"the brotli twin, as make site wrote it";
const WASM_GZIP: &[u8] = b"the gzip twin, as make site wrote it";
const FAVICON: &[u8] = b"<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>";

/// A built site as `make site` lays it out, in a folder of this test process (one for every
/// test here: Leptos reads its hash file by path when it renders), under cargo's scratch
/// folder for tests (`target/tmp`), where a leftover costs nothing.
fn site_root() -> &'static str {
    static ROOT: OnceLock<String> = OnceLock::new();
    ROOT.get_or_init(|| {
        let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("response-headers-site-{}", std::process::id()));
        let pkg = root.join("pkg");
        std::fs::create_dir_all(&pkg).unwrap();
        let write = |path: PathBuf, bytes: &[u8]| std::fs::write(path, bytes).unwrap();
        write(
            pkg.join("hash.txt"),
            format!("js: {HASH}\nwasm: {HASH}\ncss: {HASH}\n").as_bytes(),
        );
        let wasm = pkg.join(format!("worldclock.{HASH}.wasm"));
        write(wasm.with_extension("wasm.br"), WASM_BROTLI);
        write(wasm.with_extension("wasm.gz"), WASM_GZIP);
        write(wasm, WASM_PLAIN);
        write(
            pkg.join(format!("worldclock.{HASH}.js")),
            b"export default function init() {}",
        );
        write(
            pkg.join(format!("worldclock.{HASH}.css")),
            b"body { margin: 0 }",
        );
        write(root.join("favicon.svg"), FAVICON);
        root.to_str().unwrap().to_owned()
    })
}

async fn start() -> TestServer {
    TestServer::with_settings(Settings {
        site_root: site_root().to_owned(),
        ..Settings::default()
    })
    .await
}

fn header_of<'a>(response: &'a Response, name: &str) -> Option<&'a str> {
    response
        .headers()
        .get(name)
        .map(|value| value.to_str().expect("a visible ASCII header"))
}

/// The nonce the response's Content-Security-Policy names, after checking the policy and
/// every other security header.
fn security_headers(response: &Response) -> String {
    let url = response.url().clone();
    let expect = |name: &str, value: &str| {
        assert_eq!(header_of(response, name), Some(value), "{name} of {url}");
    };
    expect("x-content-type-options", "nosniff");
    expect("x-frame-options", "DENY");
    expect("referrer-policy", "strict-origin-when-cross-origin");
    expect("cross-origin-opener-policy", "same-origin");
    let permissions = header_of(response, "permissions-policy").expect("a Permissions-Policy");
    assert!(permissions.contains("camera=()") && permissions.contains("geolocation=()"));
    assert_eq!(
        header_of(response, "strict-transport-security"),
        None,
        "HSTS is the TLS proxy's, never plain HTTP's ({url})"
    );
    let policy = header_of(response, "content-security-policy")
        .unwrap_or_else(|| panic!("no Content-Security-Policy on {url}"));
    let nonce = policy
        .split_once("'nonce-")
        .and_then(|(_, rest)| rest.split_once('\''))
        .map(|(nonce, _)| nonce.to_owned())
        .unwrap_or_else(|| panic!("no nonce in {policy}"));
    assert_eq!(
        policy,
        format!(
            "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
             style-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; \
             form-action 'self'; frame-ancestors 'none'"
        )
    );
    assert_eq!(nonce.len(), 22, "128 bits in base64url: {nonce}");
    nonce
}

/// The nonce of every inline `<script>` of `html` (a script with a `src` needs none).
fn inline_script_nonces(html: &str) -> Vec<Option<String>> {
    html.split("<script")
        .skip(1)
        .map(|rest| rest.split_once('>').expect("a script tag ends").0)
        .filter(|attributes| !attributes.contains(" src="))
        .map(|attributes| {
            attributes
                .split_once("nonce=\"")
                .and_then(|(_, rest)| rest.split_once('"'))
                .map(|(nonce, _)| nonce.to_owned())
        })
        .collect()
}

async fn bytes(response: Response) -> Vec<u8> {
    tokio::time::timeout(WAIT, response.bytes())
        .await
        .expect("the body ended")
        .unwrap()
        .to_vec()
}

/// Whether `compressed` is a gzip member whose content is `plain.len()` bytes long: the
/// magic number, and the length gzip writes in its last four bytes.
fn is_gzip_of_length(compressed: &[u8], plain: &[u8]) -> bool {
    let Some(trailer) = compressed.len().checked_sub(4).map(|at| &compressed[at..]) else {
        return false;
    };
    compressed.starts_with(&[0x1f, 0x8b, 8])
        && u32::from_le_bytes(trailer.try_into().unwrap()) == plain.len() as u32
}

#[tokio::test]
async fn a_page_carries_the_security_headers_and_a_nonce_of_its_own_on_every_inline_script() {
    let server = start().await;
    let mut nonces = Vec::new();
    for _ in 0..2 {
        let response = get(&server.url("/?cities=Asia/Seoul"), &[]).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(header_of(&response, "cache-control"), Some("no-cache"));
        let nonce = security_headers(&response);
        let html = String::from_utf8(bytes(response).await).unwrap();
        let scripts = inline_script_nonces(&html);
        // The hydration script and the page's serialized first-paint data at least.
        assert!(scripts.len() >= 2, "inline scripts: {scripts:?} in {html}");
        for script in &scripts {
            assert_eq!(script.as_deref(), Some(nonce.as_str()), "in {html}");
        }
        assert!(html.contains(&format!("href=\"{JS}\"")), "{html}");
        assert!(
            !html.contains(" style="),
            "no inline style (style-src 'self'): {html}"
        );
        nonces.push(nonce);
    }
    assert_ne!(nonces[0], nonces[1], "a fresh nonce for each request");
}

#[tokio::test]
async fn pages_are_compressed_as_the_request_accepts() {
    let server = start().await;
    let plain = bytes(get(&server.url("/reports"), &[]).await).await;
    for (accepted, encoding) in [
        ("br", Some("br")),
        ("gzip", Some("gzip")),
        ("identity", None),
    ] {
        let response = get(&server.url("/reports"), &[("accept-encoding", accepted)]).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            header_of(&response, "content-encoding"),
            encoding,
            "{accepted}"
        );
        // Pages vary by the encoding, by the visitor's cookies (`zone`: the default page shows
        // their card; `lang`: the language they chose) and by `Accept-Language` (the language
        // the browser asks for).
        let vary: Vec<&str> = response
            .headers()
            .get_all("vary")
            .iter()
            .map(|value| value.to_str().expect("a visible ASCII header"))
            .collect();
        assert_eq!(
            vary,
            ["Cookie", "Accept-Language", "accept-encoding"],
            "{accepted}"
        );
        let body = bytes(response).await;
        match encoding {
            // The page differs only by its nonce from one request to the next.
            Some("gzip") => assert!(is_gzip_of_length(&body, &plain)),
            Some(_) => assert!(
                body.len() < plain.len() / 2,
                "{} of {}",
                body.len(),
                plain.len()
            ),
            None => assert_eq!(body.len(), plain.len()),
        }
    }
}

#[tokio::test]
async fn a_hashed_asset_comes_from_its_precompressed_twin_and_is_kept_a_year() {
    let server = start().await;
    for (accepted, encoding, expected) in [
        ("gzip, deflate, br, zstd", Some("br"), WASM_BROTLI),
        ("gzip", Some("gzip"), WASM_GZIP),
        ("identity", None, WASM_PLAIN),
    ] {
        let response = get(&server.url(WASM), &[("accept-encoding", accepted)]).await;
        assert_eq!(response.status(), StatusCode::OK, "{accepted}");
        assert_eq!(
            header_of(&response, "content-encoding"),
            encoding,
            "{accepted}"
        );
        assert_eq!(
            header_of(&response, "content-type"),
            Some("application/wasm")
        );
        assert_eq!(header_of(&response, "cache-control"), Some(IMMUTABLE));
        assert_eq!(header_of(&response, "vary"), Some("accept-encoding"));
        assert!(header_of(&response, "last-modified").is_some());
        security_headers(&response);
        assert_eq!(bytes(response).await, expected, "{accepted}");
    }
    // A file without twins (a site built by cargo-leptos has none) is compressed as it
    // goes out, the fallback, and kept a year all the same.
    let response = get(&server.url(JS), &[("accept-encoding", "gzip")]).await;
    assert_eq!(header_of(&response, "cache-control"), Some(IMMUTABLE));
    assert_eq!(header_of(&response, "content-encoding"), Some("gzip"));
    assert!(is_gzip_of_length(
        &bytes(response).await,
        b"export default function init() {}"
    ));
}

#[tokio::test]
async fn files_not_named_by_content_are_revalidated_and_unchanged_ones_cost_no_body() {
    let server = start().await;
    let response = get(&server.url("/favicon.svg"), &[]).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header_of(&response, "cache-control"), Some("no-cache"));
    assert_eq!(header_of(&response, "content-type"), Some("image/svg+xml"));
    let modified = header_of(&response, "last-modified")
        .expect("a validator")
        .to_owned();
    assert_eq!(bytes(response).await, FAVICON);

    for path in ["/favicon.svg", WASM] {
        let again = get(&server.url(path), &[("if-modified-since", &modified)]).await;
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED, "{path}");
        security_headers(&again);
        assert!(bytes(again).await.is_empty());
    }
}

#[tokio::test]
async fn json_is_compressed_when_accepted_and_carries_the_security_headers() {
    let server = start().await;
    let plain = get(&server.url("/api/zones"), &[]).await;
    assert_eq!(header_of(&plain, "content-encoding"), None);
    security_headers(&plain);
    let plain = bytes(plain).await;
    assert!(plain.starts_with(b"["));

    let gzip = get(&server.url("/api/zones"), &[("accept-encoding", "gzip")]).await;
    assert_eq!(header_of(&gzip, "content-encoding"), Some("gzip"));
    assert_eq!(header_of(&gzip, "vary"), Some("accept-encoding"));
    assert!(is_gzip_of_length(&bytes(gzip).await, &plain));

    let brotli = get(&server.url("/api/zones"), &[("accept-encoding", "br")]).await;
    assert_eq!(header_of(&brotli, "content-encoding"), Some("br"));
    let brotli = bytes(brotli).await;
    assert!(
        brotli.len() < plain.len() / 4,
        "{} of {}",
        brotli.len(),
        plain.len()
    );

    // Errors too: a 400 of the API.
    let bad = get(&server.url("/api/clock/stream?sec=0"), &[]).await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    security_headers(&bad);
}

#[tokio::test]
async fn event_streams_are_never_compressed() {
    let server = start().await;
    let accept = [("accept-encoding", "br, gzip")];
    let clock = get(
        &server.url("/api/clock/stream?city=UTC&sec=0.1&limit=2"),
        &accept,
    )
    .await;
    assert_eq!(clock.status(), StatusCode::OK);
    assert_eq!(header_of(&clock, "content-type"), Some("text/event-stream"));
    assert_eq!(header_of(&clock, "content-encoding"), None);
    security_headers(&clock);
    let text = String::from_utf8(bytes(clock).await).unwrap();
    assert!(
        text.contains("event: UPDATE") && text.contains("event: END"),
        "{text}"
    );

    let named = reqwest::Client::new()
        .post(server.url("/api/reports"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(r#"{"zones":["Europe/London"],"from":2026,"to":2027}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(named.status(), StatusCode::CREATED);
    let info: serde_json::Value = named.json().await.unwrap();
    let report = get(&server.url(info["events"].as_str().unwrap()), &accept).await;
    assert_eq!(report.status(), StatusCode::OK);
    assert_eq!(
        header_of(&report, "content-type"),
        Some("text/event-stream")
    );
    assert_eq!(header_of(&report, "content-encoding"), None);
    let text = String::from_utf8(bytes(report).await).unwrap();
    assert!(text.contains("event: complete"), "{text}");
}

#[tokio::test]
async fn unknown_paths_get_the_not_found_page_with_the_headers_of_a_page() {
    let server = start().await;
    // A missing hashed name (an old build's, say) is not kept either: a deploy may add it.
    for path in [
        "/no/such/page",
        "/pkg/worldclock.fedcba9876543210.js",
        "/pkg",
    ] {
        let response = get(&server.url(path), &[("accept-encoding", "br")]).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        assert_eq!(
            header_of(&response, "content-type"),
            Some("text/html; charset=utf-8")
        );
        assert_eq!(
            header_of(&response, "cache-control"),
            Some("no-cache"),
            "{path}"
        );
        assert_eq!(
            header_of(&response, "content-encoding"),
            Some("br"),
            "{path}"
        );
        security_headers(&response);
    }
    let response = get(&server.url("/no/such/page"), &[]).await;
    let nonce = security_headers(&response);
    let html = String::from_utf8(bytes(response).await).unwrap();
    assert!(html.contains("Page not found"), "{html}");
    let scripts = inline_script_nonces(&html);
    assert!(!scripts.is_empty());
    assert!(scripts
        .iter()
        .all(|script| script.as_deref() == Some(&nonce)));

    // Not a file for any other method either.
    let posted = reqwest::Client::new()
        .post(server.url("/favicon.svg"))
        .send()
        .await
        .unwrap();
    assert_eq!(posted.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_request_limits_answers_carry_the_security_headers() {
    let server = start().await;
    let too_large = reqwest::Client::new()
        .post(server.url("/api/reports"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(vec![b' '; 70 * 1024])
        .send()
        .await
        .unwrap();
    assert_eq!(too_large.status(), StatusCode::PAYLOAD_TOO_LARGE);
    security_headers(&too_large);
}
