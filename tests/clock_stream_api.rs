//! `docs/CONTRACT.md`, sentence by sentence, against the real server on a real port, read
//! through a spec-conformant SSE parser (`eventsource-stream`) the way a browser reads it.
#![cfg(feature = "ssr")]

mod common;

use std::time::Duration;

use chrono::TimeZone;
use common::{events, get, next_event, now_ms, TestServer};
use futures_util::StreamExt;
use serde_json::Value;
use worldclock::{
    model::{ClockUpdate, ZoneSummary},
    server::Settings,
};

const SECOND: Duration = Duration::from_secs(1);

fn update(event: &eventsource_stream::Event) -> ClockUpdate {
    assert_eq!(event.event, "UPDATE", "{event:?}");
    let update: ClockUpdate = serde_json::from_str(&event.data).unwrap();
    assert_eq!(
        event.id,
        update.id.to_string(),
        "the event id is the tick number"
    );
    update
}

/// `dateTime` must be the zone's wall time at `epochMs`: recomputed here independently.
fn assert_wall_time(update: &ClockUpdate) {
    let tz: chrono_tz::Tz = update.zone.parse().unwrap();
    let local = tz.timestamp_millis_opt(update.epoch_ms).unwrap();
    assert_eq!(
        update.date_time,
        local.format("%Y-%m-%d %H:%M:%S").to_string(),
        "{update:?}"
    );
    assert_eq!(
        update.utc_offset,
        local.format("%:z").to_string(),
        "{update:?}"
    );
}

#[tokio::test]
async fn a_stream_has_the_contract_headers_and_is_never_compressed() {
    let server = TestServer::start().await;
    let response = get(
        &server.url("/api/clock/stream?city=Asia/Seoul&sec=1"),
        &[("accept-encoding", "gzip, br, deflate")],
    )
    .await;
    assert_eq!(response.status(), 200);
    let headers = response.headers();
    assert_eq!(headers["content-type"], "text/event-stream");
    assert_eq!(headers["cache-control"], "no-cache");
    assert_eq!(headers["x-accel-buffering"], "no");
    assert!(headers.get("content-length").is_none());
    assert!(headers.get("content-encoding").is_none());
}

#[tokio::test]
async fn retry_then_a_first_tick_at_once_then_ticks_on_multiples_of_the_interval() {
    let server = TestServer::with_settings(Settings {
        retry: Duration::from_millis(1234),
        ..Settings::default()
    })
    .await;
    let opened = now_ms();
    let mut response = get(
        &server.url("/api/clock/stream?city=Asia/Seoul&sec=0.2"),
        &[],
    )
    .await;
    let first_chunk = tokio::time::timeout(SECOND, response.chunk())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    let text = String::from_utf8(first_chunk.to_vec()).unwrap();
    assert!(
        text.starts_with("retry: 1234\n\nid: 1\nevent: UPDATE\n"),
        "{text}"
    );

    let mut stream = events(response);
    let mut previous_id = 1;
    for _ in 0..5 {
        let tick = update(&next_event(&mut stream, SECOND).await);
        assert_eq!(tick.id, previous_id + 1, "ids rise by one per tick");
        assert_eq!(
            tick.epoch_ms % 200,
            0,
            "ticks land on multiples of 200 ms: {tick:?}"
        );
        assert!(tick.epoch_ms >= opened);
        assert_wall_time(&tick);
        // Delivered on time: well within one interval of the scheduled instant.
        assert!(
            now_ms() - tick.epoch_ms < 150,
            "late by {} ms",
            now_ms() - tick.epoch_ms
        );
        previous_id = tick.id;
    }
}

#[tokio::test]
async fn the_first_tick_is_now_and_describes_the_zone() {
    let server = TestServer::start().await;
    let before = now_ms();
    let response = get(&server.url("/api/clock/stream?city=asia/seoul&sec=60"), &[]).await;
    let first = update(&next_event(&mut events(response), SECOND).await);
    assert_eq!(first.id, 1, "ids start at 1");
    assert!(
        (before..=now_ms()).contains(&first.epoch_ms),
        "epochMs is now: {first:?}"
    );
    assert_eq!(first.zone, "Asia/Seoul", "echoed in canonical spelling");
    assert_eq!(first.city, "Seoul");
    assert_eq!(first.utc_offset, "+09:00");
    assert_eq!(first.abbreviation, "KST");
    assert_wall_time(&first);
}

#[tokio::test]
async fn several_zones_share_one_connection_and_one_id_per_tick() {
    let server = TestServer::start().await;
    let response = get(
        &server.url("/api/clock/stream?cities=Asia/Seoul,europe/london,US/Eastern,Asia/Seoul,Asia/Calcutta&sec=0.5"),
        &[],
    )
    .await;
    let mut stream = events(response);
    for tick in 1..=2 {
        let mut zones = Vec::new();
        for _ in 0..4 {
            let event = update(&next_event(&mut stream, SECOND).await);
            assert_eq!(event.id, tick);
            assert_wall_time(&event);
            zones.push(event.zone);
        }
        assert_eq!(
            zones,
            ["Asia/Seoul", "Europe/London", "US/Eastern", "Asia/Calcutta"],
            "duplicates dropped, order kept"
        );
    }
}

#[tokio::test]
async fn the_articles_path_and_query_work() {
    let server = TestServer::start().await;
    let response = get(&server.url("/event-stream?city=Asia/Seoul&sec=5"), &[]).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "text/event-stream");
    let first = update(&next_event(&mut events(response), SECOND).await);
    assert_eq!(first.zone, "Asia/Seoul");
}

#[tokio::test]
async fn missing_parameters_take_the_configured_defaults() {
    let server = TestServer::start().await;
    let first = update(
        &next_event(
            &mut events(get(&server.url("/api/clock/stream"), &[]).await),
            SECOND,
        )
        .await,
    );
    assert_eq!(first.zone, "Asia/Kolkata", "the shipped default zone");

    let server = TestServer::with_settings(Settings {
        default_zone: chrono_tz::Europe::Lisbon,
        ..Settings::default()
    })
    .await;
    let first = update(
        &next_event(
            &mut events(get(&server.url("/event-stream"), &[]).await),
            SECOND,
        )
        .await,
    );
    assert_eq!(first.zone, "Europe/Lisbon");
}

#[tokio::test]
async fn the_default_interval_is_five_seconds() {
    let server = TestServer::start().await;
    let mut stream = events(get(&server.url("/api/clock/stream?city=UTC"), &[]).await);
    let _first = next_event(&mut stream, SECOND).await;
    let second = update(&next_event(&mut stream, Duration::from_secs(6)).await);
    assert_eq!(second.epoch_ms % 5000, 0, "{second:?}");
}

#[tokio::test]
async fn resume_continues_the_count_and_bad_ids_start_afresh() {
    let server = TestServer::start().await;
    let url = server.url("/api/clock/stream?city=UTC&sec=0.5");
    let first = update(
        &next_event(
            &mut events(get(&url, &[("last-event-id", "41")]).await),
            SECOND,
        )
        .await,
    );
    assert_eq!(first.id, 42);
    for ignored in ["-1", "abc", "", "1e3", "18446744073709551616", "4.5"] {
        let response = get(&url, &[("last-event-id", ignored)]).await;
        assert_eq!(response.status(), 200, "{ignored:?} is never an error");
        let first = update(&next_event(&mut events(response), SECOND).await);
        assert_eq!(first.id, 1, "{ignored:?} starts a fresh stream");
    }
}

#[tokio::test]
async fn a_limit_ends_with_end_and_a_reconnect_at_the_limit_gets_204() {
    let server = TestServer::start().await;
    let url = server.url("/api/clock/stream?cities=UTC,Asia/Seoul&sec=0.2&limit=3");
    let mut stream = events(get(&url, &[]).await);
    let mut ids = Vec::new();
    for _ in 0..6 {
        ids.push(update(&next_event(&mut stream, SECOND).await).id);
    }
    assert_eq!(ids, [1, 1, 2, 2, 3, 3]);
    let end = next_event(&mut stream, SECOND).await;
    assert_eq!(end.event, "END");
    assert_eq!(
        serde_json::from_str::<Value>(&end.data).unwrap(),
        serde_json::json!({"reason": "limit"})
    );
    assert_eq!(
        end.id, "3",
        "END carries no id of its own: the last id stays the limit"
    );
    assert!(
        tokio::time::timeout(SECOND, stream.next())
            .await
            .unwrap()
            .is_none(),
        "the server closes"
    );

    // Counting ticks delivered before a reconnect:
    let mut resumed = events(get(&url, &[("last-event-id", "2")]).await);
    assert_eq!(update(&next_event(&mut resumed, SECOND).await).id, 3);
    assert_eq!(update(&next_event(&mut resumed, SECOND).await).id, 3);
    assert_eq!(next_event(&mut resumed, SECOND).await.event, "END");

    for at_or_past in ["3", "10"] {
        let response = get(&url, &[("last-event-id", at_or_past)]).await;
        assert_eq!(
            response.status(),
            204,
            "a reconnect at the limit stops the client"
        );
        assert!(response.bytes().await.unwrap().is_empty());
    }
    server.wait_for_active_streams(0, SECOND).await;
}

#[tokio::test]
async fn a_quiet_stream_gets_keep_alive_comments() {
    let server = TestServer::with_settings(Settings {
        heartbeat: Duration::from_millis(300),
        ..Settings::default()
    })
    .await;
    let mut response = get(&server.url("/api/clock/stream?city=UTC&sec=60"), &[]).await;
    let _first_tick = response.chunk().await.unwrap().unwrap();
    let started = std::time::Instant::now();
    let comment = tokio::time::timeout(SECOND, response.chunk())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert_eq!(&comment[..], b": keep-alive\n\n");
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(250) && waited < Duration::from_millis(600),
        "{waited:?}"
    );
}

/// Every bad value gets `400`, JSON, a sentence, and the parameter's name.
async fn assert_rejected(server: &TestServer, query: &str, param: &str) -> String {
    let response = get(&server.url(&format!("/api/clock/stream?{query}")), &[]).await;
    assert_eq!(response.status(), 400, "{query}");
    assert_eq!(
        response.headers()["content-type"],
        "application/json",
        "{query}"
    );
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["param"], param, "{query}: {body}");
    let error = body["error"].as_str().unwrap().to_owned();
    assert!(error.len() > 20 && error.len() < 400, "{query}: {error}");
    error
}

#[tokio::test]
async fn bad_input_gets_a_clear_400() {
    let server = TestServer::start().await;
    for sec in [
        "",
        "abc",
        "NaN",
        "-1",
        "0",
        "0.01",
        "3601",
        "1e9",
        "99999999999999999999999",
        "Infinity",
    ] {
        let error = assert_rejected(&server, &format!("city=UTC&sec={sec}"), "sec").await;
        assert!(error.contains("from 0.1 to 3600"), "{error}");
    }
    for limit in ["", "0", "-1", "abc", "NaN", "1.5", "99999999999999999999"] {
        assert_rejected(&server, &format!("city=UTC&limit={limit}"), "limit").await;
    }
    for city in [
        "",
        "Mars/Olympus",
        "%FF%FE",
        "Asia%2FSe%C3%28oul",
        &"x".repeat(5000),
    ] {
        assert_rejected(&server, &format!("city={city}"), "city").await;
    }
    let error = assert_rejected(&server, "city=Europe/Londn", "city").await;
    assert!(error.contains("did you mean Europe/London"), "{error}");
    let many: Vec<String> = chrono_tz::TZ_VARIANTS
        .iter()
        .take(25)
        .map(|tz| tz.name().to_owned())
        .collect();
    let error = assert_rejected(&server, &format!("cities={}", many.join(",")), "cities").await;
    assert!(error.contains("at most 24"), "{error}");
    assert_rejected(&server, "cities=,,,", "cities").await;
    assert_rejected(&server, "city=UTC&city=UTC", "city").await;
    assert_eq!(
        server.metric("sse_streams_active").await,
        0,
        "nothing leaked"
    );
}

#[tokio::test]
async fn the_cap_answers_503_with_retry_after_and_frees_up() {
    let server = TestServer::with_settings(Settings {
        max_streams: 2,
        retry: Duration::from_millis(2500),
        ..Settings::default()
    })
    .await;
    let url = server.url("/api/clock/stream?city=UTC&sec=1");
    let first = get(&url, &[]).await;
    let second = get(&url, &[]).await;
    assert_eq!(
        (first.status().as_u16(), second.status().as_u16()),
        (200, 200)
    );
    let refused = get(&url, &[]).await;
    assert_eq!(refused.status(), 503);
    assert_eq!(refused.headers()["retry-after"], "3");
    assert_eq!(refused.headers()["content-type"], "application/json");
    let body: Value = refused.json().await.unwrap();
    assert!(
        body["error"].as_str().unwrap().contains("2 clients"),
        "{body}"
    );
    assert_eq!(server.metric("sse_streams_refused_total").await, 1);
    drop(first);
    server.wait_for_active_streams(1, 2 * SECOND).await;
    assert_eq!(get(&url, &[]).await.status(), 200);
}

#[tokio::test]
async fn cors_allows_exactly_the_configured_origins_with_credentials() {
    let server = TestServer::with_settings(Settings {
        allowed_origins: vec!["https://clock.example".into()],
        ..Settings::default()
    })
    .await;
    let url = server.url("/api/clock/stream?city=UTC&sec=1");
    let allowed = get(&url, &[("origin", "https://clock.example")]).await;
    assert_eq!(
        allowed.headers()["access-control-allow-origin"],
        "https://clock.example"
    );
    assert_eq!(
        allowed.headers()["access-control-allow-credentials"],
        "true"
    );
    let refused = get(&url, &[("origin", "https://evil.example")]).await;
    assert!(refused
        .headers()
        .get("access-control-allow-origin")
        .is_none());

    let preflight = reqwest::Client::new()
        .request(reqwest::Method::OPTIONS, &url)
        .header("origin", "https://clock.example")
        .header("access-control-request-method", "GET")
        .header("access-control-request-headers", "last-event-id")
        .send()
        .await
        .unwrap();
    assert!(preflight.status().is_success());
    assert_eq!(
        preflight.headers()["access-control-allow-origin"],
        "https://clock.example"
    );
    let allowed_headers = preflight.headers()["access-control-allow-headers"]
        .to_str()
        .unwrap();
    assert!(
        allowed_headers.contains("last-event-id"),
        "{allowed_headers}"
    );

    // No origins configured: no CORS headers at all, so browsers keep it same-origin.
    let plain = TestServer::start().await;
    let response = get(
        &plain.url("/api/zones"),
        &[("origin", "https://clock.example")],
    )
    .await;
    assert!(response
        .headers()
        .get("access-control-allow-origin")
        .is_none());
}

#[tokio::test]
async fn a_closed_connection_frees_its_stream_within_one_tick() {
    let server = TestServer::start().await;
    let mut response = get(&server.url("/api/clock/stream?city=UTC&sec=1"), &[]).await;
    let _ = response.chunk().await.unwrap();
    assert_eq!(server.metric("sse_streams_active").await, 1);
    drop(response);
    server.wait_for_active_streams(0, SECOND).await;
}

#[tokio::test]
async fn a_client_that_stops_reading_is_dropped_after_a_small_backlog() {
    use tokio::io::AsyncWriteExt;
    let server = TestServer::start().await;
    // A client with a tiny receive window that never reads: 24 zones at 10 ticks a second.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    let mut stuck = socket.connect(server.address).await.unwrap();
    let zones: Vec<&str> = chrono_tz::TZ_VARIANTS
        .iter()
        .take(24)
        .map(|tz| tz.name())
        .collect();
    let request = format!(
        "GET /api/clock/stream?cities={}&sec=0.1 HTTP/1.1\r\nHost: test\r\n\r\n",
        zones.join(",")
    );
    stuck.write_all(request.as_bytes()).await.unwrap();
    server.wait_for_active_streams(1, SECOND).await;
    // Stall limit (10 s) plus the time to fill the socket buffers.
    server
        .wait_for_active_streams(0, Duration::from_secs(20))
        .await;
    assert_eq!(
        server.metric("sse_stalled_connections_closed_total").await,
        1
    );
}

#[tokio::test]
async fn shutdown_ends_open_streams_within_a_second_and_the_server_within_five() {
    let mut server = TestServer::start().await;
    let mut streams = Vec::new();
    for sec in ["1", "60", "3600"] {
        let mut stream = events(
            get(
                &server.url(&format!("/api/clock/stream?city=UTC&sec={sec}")),
                &[],
            )
            .await,
        );
        next_event(&mut stream, SECOND).await;
        streams.push(stream);
    }
    let started = std::time::Instant::now();
    let task = server.shut_down();
    for mut stream in streams {
        let ended =
            tokio::time::timeout(SECOND, async { while stream.next().await.is_some() {} }).await;
        assert!(ended.is_ok(), "a stream was still open 1 s after shutdown");
    }
    tokio::time::timeout(Duration::from_secs(5), task)
        .await
        .expect("server exits within 5 s")
        .unwrap();
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn zones_lists_every_zone_with_its_offset_now() {
    let server = TestServer::start().await;
    let response = get(&server.url("/api/zones"), &[]).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    let zones: Vec<ZoneSummary> = response.json().await.unwrap();
    assert_eq!(zones.len(), chrono_tz::TZ_VARIANTS.len());
    let seoul = zones.iter().find(|zone| zone.zone == "Asia/Seoul").unwrap();
    assert_eq!(
        (
            seoul.city.as_str(),
            seoul.utc_offset.as_str(),
            seoul.abbreviation.as_str()
        ),
        ("Seoul", "+09:00", "KST")
    );
    assert!(
        zones.iter().any(|zone| zone.zone == "Asia/Calcutta"),
        "backward links included"
    );
    let kathmandu = zones
        .iter()
        .find(|zone| zone.zone == "Asia/Kathmandu")
        .unwrap();
    assert_eq!(kathmandu.utc_offset, "+05:45");
}

#[tokio::test]
async fn metrics_count_streams_and_events() {
    let server = TestServer::start().await;
    let response = get(&server.url("/metrics"), &[]).await;
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .contains("openmetrics-text"));
    let mut stream = events(
        get(
            &server.url("/api/clock/stream?cities=UTC,Asia/Seoul&sec=0.2&limit=2"),
            &[],
        )
        .await,
    );
    while stream.next().await.is_some() {}
    assert_eq!(server.metric("sse_streams_opened_total").await, 1);
    assert_eq!(
        server.metric("sse_events_sent_total").await,
        5,
        "4 updates and END"
    );
    server.wait_for_active_streams(0, SECOND).await;
}

#[tokio::test]
async fn healthz_answers_while_streams_are_open() {
    let server = TestServer::start().await;
    let _stream = get(&server.url("/api/clock/stream?city=UTC&sec=1"), &[]).await;
    let response = get(&server.url("/healthz"), &[]).await;
    assert_eq!(response.status(), 200);
    let body = response.text().await.unwrap();
    assert_eq!(body.lines().next(), Some("ok"), "{body}");
}
