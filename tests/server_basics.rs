//! The server as a process sees it: it starts on a real port, answers `/healthz`, renders the
//! home page, stops when told, and refuses bad settings with a message naming the problem.
#![cfg(feature = "ssr")]

use std::{path::Path, process::Command};

use tokio::{net::TcpListener, sync::oneshot};
use worldclock::server::{serve, Settings};

/// A server on `127.0.0.1:0`, stopped when the returned sender is dropped or fired.
async fn start_server() -> (String, oneshot::Sender<()>, tokio::task::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        serve(listener, Settings::default(), async {
            let _ = stopped.await;
        })
        .await
        .unwrap();
    });
    (base, stop, task)
}

#[tokio::test]
async fn healthz_answers_ok() {
    let (base, _stop, _task) = start_server().await;
    let response = reqwest::get(format!("{base}/healthz")).await.unwrap();
    assert_eq!(response.status(), 200);
    let body = response.text().await.unwrap();
    assert_eq!(body.lines().next(), Some("ok"), "{body}");
}

#[tokio::test]
async fn the_home_page_is_rendered_on_the_server_with_the_clocks() {
    let (base, _stop, _task) = start_server().await;
    let response = reqwest::get(format!("{base}/")).await.unwrap();
    assert_eq!(response.status(), 200);
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(content_type.starts_with("text/html"), "{content_type}");
    let html = response.text().await.unwrap();
    for city in [
        "Los Angeles",
        "New York",
        "London",
        "Kolkata",
        "Tokyo",
        "Sydney",
    ] {
        assert!(html.contains(city), "{city} is on the default page: {html}");
    }
    assert!(html.contains("<time datetime=\""), "{html}");
    // `make build` names the bundle by its content's hash (`worldclock.<hash>.js`), a site
    // built by cargo-leptos plainly (`worldclock.js`): either way the module is preloaded.
    let preload = html
        .split("<link rel=\"modulepreload\" href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_default();
    assert!(
        preload.starts_with("/pkg/worldclock.") && preload.ends_with(".js"),
        "the hydration script is linked: {html}"
    );
}

#[tokio::test]
async fn an_unknown_path_is_a_404_page() {
    let (base, _stop, _task) = start_server().await;
    let response = reqwest::get(format!("{base}/no/such/page")).await.unwrap();
    assert_eq!(response.status(), 404);
    assert!(response.text().await.unwrap().contains("Page not found"));
}

#[tokio::test]
async fn the_server_stops_when_its_shutdown_future_completes() {
    let (base, stop, task) = start_server().await;
    assert_eq!(
        reqwest::get(format!("{base}/healthz"))
            .await
            .unwrap()
            .status(),
        200
    );
    stop.send(()).unwrap();
    tokio::time::timeout(std::time::Duration::from_secs(5), task)
        .await
        .expect("server stopped within 5 s")
        .unwrap();
}

#[test]
fn the_binary_refuses_a_bad_setting_and_names_it() {
    let dir = std::env::temp_dir().join(format!("worldclock-settings-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("Leptos.toml");
    std::fs::write(&file, "retry_ms = 3000\nheartbeat_s = -1\n").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_worldclock"))
        .env("WORLDCLOCK_CONFIG", &file)
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .output()
        .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("Leptos.toml, line 2: setting `heartbeat_s` must be a number of seconds"),
        "{stderr}"
    );
}

#[test]
fn the_binary_refuses_a_bad_environment_variable_and_names_it() {
    let output = Command::new(env!("CARGO_BIN_EXE_worldclock"))
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .env("WORLDCLOCK_DEFAULT_ZONE", "Atlantis/Capital")
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(
            "environment variable WORLDCLOCK_DEFAULT_ZONE must be an IANA time zone name"
        ),
        "{stderr}"
    );
}

#[tokio::test]
async fn cities_in_the_url_are_rendered_and_unknown_ones_named() {
    let (base, _stop, _task) = start_server().await;
    let html = reqwest::get(format!(
        "{base}/?cities=Asia/Seoul,Mars/Base,europe/london&sec=2"
    ))
    .await
    .unwrap()
    .text()
    .await
    .unwrap();
    assert!(
        html.contains(">Seoul<") && html.contains(">London<"),
        "{html}"
    );
    assert!(
        !html.contains(">Tokyo<"),
        "the defaults are not shown: {html}"
    );
    assert!(html.contains("role=\"alert\""), "{html}");
    assert!(html.contains("Mars/Base"), "{html}");
    assert!(
        html.contains("/api/clock/stream?cities=Asia/Seoul,Europe/London&amp;sec=2"),
        "{html}"
    );
}

#[tokio::test]
async fn the_visitors_zone_cookie_puts_their_card_first_on_the_default_page_only() {
    let (base, _stop, _task) = start_server().await;
    let client = reqwest::Client::new();
    let page = |path: &'static str, cookie: &'static str| {
        let request = client.get(format!("{base}{path}")).header("cookie", cookie);
        async move {
            let response = request.send().await.unwrap();
            let vary = response.headers()["vary"].to_str().unwrap().to_owned();
            (vary, response.text().await.unwrap())
        }
    };
    let (vary, html) = page("/", "theme=dark; zone=asia/seoul").await;
    assert!(vary.to_ascii_lowercase().contains("cookie"), "{vary}");
    let seoul = html
        .find(">Seoul<")
        .expect("the visitor's card is rendered");
    let los_angeles = html.find(">Los Angeles<").unwrap();
    assert!(seoul < los_angeles, "the visitor's card comes first");
    assert!(
        html.contains("/api/clock/stream?cities=Asia/Seoul,"),
        "the stream carries the visitor's zone: {html}"
    );
    // A cookie that names no zone is ignored, never shown; a chosen list stays as chosen.
    let (_, html) = page("/", "zone=Mars/Olympus").await;
    assert!(
        !html.contains("Mars") && !html.contains("role=\"alert\""),
        "{html}"
    );
    let (_, html) = page("/?cities=london-gb", "zone=Asia/Seoul").await;
    assert!(!html.contains(">Seoul<"), "{html}");
}
