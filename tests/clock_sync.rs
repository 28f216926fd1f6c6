//! The server's own clock as the kernel reports it, against the real server: `/metrics` has
//! `clock_synchronized` and `clock_max_error_seconds` with sane values, and `/healthz` names
//! the same state under its `ok`. Either state may hold where the tests run (a container's
//! clock is often unsynchronised as the kernel sees it), so neither is assumed.
#![cfg(feature = "ssr")]

mod common;

use common::{get, TestServer};

/// The sample of `name` in an exposition, and its `# TYPE`.
fn sample<'a>(text: &'a str, name: &str) -> (&'a str, &'a str) {
    let kind = text
        .lines()
        .find_map(|line| line.strip_prefix(&format!("# TYPE {name} ")))
        .unwrap_or_else(|| panic!("no TYPE for {name} in {text}"));
    assert!(
        text.lines()
            .any(|line| line.starts_with(&format!("# HELP {name} "))),
        "no HELP for {name} in {text}"
    );
    let value = text
        .lines()
        .find_map(|line| line.strip_prefix(&format!("{name} ")))
        .unwrap_or_else(|| panic!("no sample of {name} in {text}"));
    (kind, value)
}

#[tokio::test]
async fn metrics_and_healthz_say_how_synchronised_the_servers_clock_is() {
    let server = TestServer::start().await;
    let metrics = get(&server.url("/metrics"), &[])
        .await
        .text()
        .await
        .unwrap();
    let (kind, synchronized) = sample(&metrics, "clock_synchronized");
    assert_eq!(kind, "gauge");
    let synchronized = match synchronized {
        "1" => true,
        "0" => false,
        other => panic!("clock_synchronized is {other:?}"),
    };
    let (kind, max_error) = sample(&metrics, "clock_max_error_seconds");
    assert_eq!(kind, "gauge");
    let max_error: f64 = max_error.parse().unwrap();
    // Linux answers adjtimex; its maxerror is clamped at 16 s (NTP_PHASE_LIMIT).
    assert!((0.0..=16.0).contains(&max_error), "{max_error}");

    let response = get(&server.url("/healthz"), &[]).await;
    assert_eq!(response.status(), 200, "whatever the clock's state");
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain"));
    let body = response.text().await.unwrap();
    let lines: Vec<&str> = body.lines().collect();
    assert_eq!(lines.len(), 2, "{body:?}");
    assert_eq!(lines[0], "ok");
    let state = if synchronized {
        "clock: synchronised, max error "
    } else {
        "clock: unsynchronised, max error "
    };
    // The kernel is asked again for /healthz: the state may have changed in between only if
    // a time daemon acted in these milliseconds, and the error moves, so only its form is
    // checked.
    let seconds = lines[1]
        .strip_prefix(state)
        .and_then(|rest| rest.strip_suffix(" s"))
        .unwrap_or_else(|| panic!("{body:?} does not say {state:?}"));
    let seconds: f64 = seconds.parse().unwrap();
    assert!((0.0..=16.0).contains(&seconds), "{body:?}");
}
