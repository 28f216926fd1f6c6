//! `GET /api/time` against the real server: the server's clock, as a page measures its own
//! against it: within the test's own readings before and after, never stored by a cache,
//! never compressed, and read from the same clock the ticks are.
#![cfg(feature = "ssr")]

mod common;

use common::{get, now_ms, TestServer};
use worldclock::{
    model::ServerTime,
    server::{ServeOptions, Settings, TokioClock, WallClock},
};

#[tokio::test]
async fn the_time_is_the_servers_now_and_never_stored() {
    let server = TestServer::start().await;
    for _ in 0..5 {
        let before = now_ms();
        let response = get(&server.url("/api/time"), &[("accept-encoding", "gzip, br")]).await;
        let after = now_ms();
        assert_eq!(response.status(), 200);
        let headers = response.headers().clone();
        assert_eq!(headers["content-type"], "application/json");
        assert_eq!(headers["cache-control"], "no-store");
        assert!(headers.get("content-encoding").is_none(), "{headers:?}");
        assert!(
            headers.get("content-security-policy").is_some(),
            "the headers of every response"
        );
        let text = response.text().await.unwrap();
        let time: ServerTime = serde_json::from_str(&text).unwrap();
        assert_eq!(text, format!("{{\"epochMs\":{}}}", time.epoch_ms));
        assert!(
            (before..=after).contains(&time.epoch_ms),
            "{before} <= {} <= {after}",
            time.epoch_ms
        );
    }
}

#[tokio::test]
async fn the_time_is_read_from_the_clock_the_ticks_follow() {
    // A server whose wall clock is a day ahead: the page must measure against what the ticks
    // say, not against the machine's clock.
    const DAY_MS: i64 = 86_400_000;
    let clock = TokioClock::starting_at(now_ms() + DAY_MS);
    let settings = Settings::default();
    let options = ServeOptions {
        clock: WallClock::FollowsTokio(clock.clone()),
        ..ServeOptions::for_settings(&settings)
    };
    let server = TestServer::with_options(settings, options).await;
    let before = clock.now_ms();
    let response = get(&server.url("/api/time"), &[]).await;
    let after = clock.now_ms();
    let time: ServerTime = response.json().await.unwrap();
    assert!(
        (before..=after).contains(&time.epoch_ms),
        "{before} <= {} <= {after}",
        time.epoch_ms
    );
    assert!(time.epoch_ms > now_ms() + DAY_MS / 2);
}
