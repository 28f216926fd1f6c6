//! The transitions report API against real servers: naming a report, following it over SSE,
//! downloading it, and all of it answered by an instance other than the one that named it;
//! resuming on another instance with no repeat and no gap; cancelling; the bounds (cap on
//! computations, on report streams, on the body) and bad input.
#![cfg(feature = "ssr")]

mod common;

use std::time::Duration;

use common::{events, get, next_event, TestServer};
use futures_util::StreamExt;
use serde_json::{json, Value};
use worldclock::server::Settings;

const WAIT: Duration = Duration::from_secs(20);

/// Every zone over 50 years: long enough to act on while it runs (seconds even in release).
fn long_report() -> Value {
    json!({"from": 1900, "to": 1949})
}

async fn post(server: &TestServer, body: Value) -> reqwest::Response {
    reqwest::Client::new()
        .post(server.url("/api/reports"))
        .json(&body)
        .send()
        .await
        .unwrap()
}

/// Names a report that must be accepted; what the server says about it.
async fn name(server: &TestServer, body: Value) -> Value {
    let response = post(server, body).await;
    assert_eq!(response.status(), 201);
    response.json().await.unwrap()
}

fn events_path(info: &Value) -> String {
    info["events"].as_str().unwrap().to_owned()
}

/// The whole body of a response that ends by itself, as text.
async fn body_text(response: reqwest::Response) -> String {
    tokio::time::timeout(WAIT, response.text())
        .await
        .expect("the stream ended")
        .unwrap()
}

/// The raw text of a report's event stream on `server`, resuming after `last_event_id`.
async fn stream_text(server: &TestServer, path: &str, last_event_id: Option<&str>) -> String {
    let headers: Vec<(&str, &str)> = last_event_id
        .map(|id| ("last-event-id", id))
        .into_iter()
        .collect();
    let response = get(&server.url(path), &headers).await;
    assert_eq!(response.status(), 200, "{path}");
    body_text(response).await
}

/// Every event of a report until its stream ends: (id, event, data).
async fn follow(server: &TestServer, path: &str) -> Vec<(String, String, Value)> {
    let mut stream = events(get(&server.url(path), &[]).await);
    let mut seen = Vec::new();
    while let Ok(Some(event)) = tokio::time::timeout(WAIT, stream.next()).await {
        seen.push((
            event.id.clone(),
            event.event.clone(),
            serde_json::from_str(&event.data).unwrap(),
        ));
    }
    seen
}

async fn delete(server: &TestServer, path: &str) -> reqwest::Response {
    reqwest::Client::new()
        .delete(server.url(path))
        .send()
        .await
        .unwrap()
}

async fn wait_for_metric(server: &TestServer, name: &str, expected: i64) {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let value = server.metric(name).await;
        if value == expected {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{name} stayed {value}, expected {expected}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_report_named_on_one_instance_is_followed_and_downloaded_on_another() {
    let (a, b) = (TestServer::start().await, TestServer::start().await);
    let response = post(
        &a,
        json!({"zones": ["Europe/London", "america/new_york", "Asia/Kolkata"], "from": 2026, "to": 2030}),
    )
    .await;
    assert_eq!(response.status(), 201);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let info: Value = response.json().await.unwrap();
    let id = info["id"].as_str().unwrap();
    assert_eq!(location, format!("/api/reports/{id}"));
    assert_eq!(
        info["zones"],
        json!(["America/New_York", "Asia/Kolkata", "Europe/London"])
    );
    assert_eq!(info["total"], 3);
    assert_eq!(info["csv"], format!("/api/reports/{id}.csv"));
    assert!(id
        .bytes()
        .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_'));
    // Any instance says the same about the id.
    let described: Value = get(&b.url(&location), &[]).await.json().await.unwrap();
    assert_eq!(described, info);

    let seen = follow(&b, &events_path(&info)).await;
    let names: Vec<&str> = seen.iter().map(|(_, name, _)| name.as_str()).collect();
    assert_eq!(names, ["progress", "progress", "progress", "complete"]);
    let ids: Vec<&str> = seen.iter().map(|(id, _, _)| id.as_str()).collect();
    assert_eq!(ids, ["1", "2", "3", "4"], "zones done, then one more");
    assert_eq!(
        seen[0].2,
        json!({"done": 1, "total": 3, "zone": "America/New_York"})
    );
    let complete = &seen[3].2;
    assert_eq!(
        complete["transitions"], 20,
        "London and New York change twice a year, Kolkata never"
    );
    assert_eq!(complete["csv"], info["csv"]);

    // A's copy is computed there, afresh, and is the same to the byte.
    let from_b = get(&b.url(&format!("/api/reports/{id}.csv")), &[]).await;
    assert_eq!(from_b.status(), 200);
    assert!(from_b.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    assert_eq!(
        from_b.headers()["content-disposition"],
        format!("attachment; filename=\"transitions-{id}.csv\"").as_str()
    );
    let csv_b = from_b.text().await.unwrap();
    let csv_a = get(&a.url(&format!("/api/reports/{id}.csv")), &[])
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(csv_a, csv_b);
    let lines: Vec<&str> = csv_a.lines().collect();
    assert_eq!(
        lines[0],
        "zone,instant_utc,offset_before,offset_after,abbreviation_before,abbreviation_after"
    );
    assert_eq!(lines.len(), 21);
    assert!(
        lines.contains(&"America/New_York,2026-03-08T07:00:00Z,-05:00,-04:00,EST,EDT"),
        "{csv_a}"
    );
    let json_a: Vec<Value> = get(&a.url(&format!("/api/reports/{id}.json")), &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(json_a.len(), 20);
    assert_eq!(json_a[0]["zone"], "America/New_York");
    assert_eq!(json_a[0]["offsetAfter"], "-04:00");
}

#[tokio::test]
async fn a_follower_resuming_on_another_instance_gets_the_rest_byte_for_byte() {
    let (a, b) = (TestServer::start().await, TestServer::start().await);
    let zones: Vec<String> = [
        "Europe/London",
        "Europe/Paris",
        "Europe/Berlin",
        "America/New_York",
        "America/Chicago",
        "America/Denver",
        "America/Los_Angeles",
        "Australia/Sydney",
        "Australia/Lord_Howe",
        "Pacific/Auckland",
        "Asia/Tehran",
        "America/Santiago",
    ]
    .map(str::to_owned)
    .to_vec();
    let info = name(&a, json!({"zones": zones, "from": 1990, "to": 2030})).await;
    let path = events_path(&info);
    let whole = stream_text(&a, &path, None).await;
    for last in ["0", "5", "11", "12"] {
        let resumed = stream_text(&b, &path, Some(last)).await;
        let marker = format!("id: {}\n", last.parse::<u64>().unwrap() + 1);
        let rest = &whole[whole.find(&marker).unwrap()..];
        assert_eq!(
            resumed,
            format!("retry: 3000\n\n{rest}"),
            "after {last}: everything later, nothing earlier"
        );
    }
    // At or past the final event: 204, and nothing computed for it.
    let fresh = TestServer::start().await;
    for last in ["13", "14", "99999"] {
        let response = get(&fresh.url(&path), &[("last-event-id", last)]).await;
        assert_eq!(response.status(), 204, "Last-Event-ID {last}");
    }
    assert_eq!(fresh.metric("report_computations_running").await, 0);
}

#[tokio::test]
async fn delete_stops_the_computation_where_it_runs_and_is_accepted_everywhere() {
    let (a, b) = (TestServer::start().await, TestServer::start().await);
    let info = name(&b, long_report()).await;
    let id = info["id"].as_str().unwrap();
    let mut stream = events(get(&a.url(&events_path(&info)), &[]).await);
    let first = next_event(&mut stream, WAIT).await;
    assert_eq!(first.event, "progress");

    let elsewhere = delete(&b, &format!("/api/reports/{id}")).await;
    assert_eq!(elsewhere.status(), 202);
    assert_eq!(
        elsewhere.json::<Value>().await.unwrap(),
        json!({"id": id, "stopped": false})
    );
    let here = delete(&a, &format!("/api/reports/{id}")).await;
    assert_eq!(here.status(), 202);
    assert_eq!(
        here.json::<Value>().await.unwrap(),
        json!({"id": id, "stopped": true})
    );
    let mut last = None;
    while let Ok(Some(event)) = tokio::time::timeout(WAIT, stream.next()).await {
        last = Some(event);
    }
    let last = last.unwrap();
    assert_eq!(last.event, "failed");
    assert_eq!(
        last.id,
        info["total"]
            .as_u64()
            .map(|total| total + 1)
            .unwrap()
            .to_string()
    );
    assert!(last.data.contains("cancelled"), "{}", last.data);
    wait_for_metric(&a, "report_computations_running", 0).await;
}

#[tokio::test]
async fn a_computation_nobody_follows_any_more_stops() {
    let server = TestServer::start().await;
    let info = name(&server, long_report()).await;
    let response = get(&server.url(&events_path(&info)), &[]).await;
    let mut stream = events(response);
    assert_eq!(next_event(&mut stream, WAIT).await.event, "progress");
    assert_eq!(server.metric("report_computations_running").await, 1);
    assert_eq!(server.metric("report_streams_active").await, 1);
    drop(stream);
    wait_for_metric(&server, "report_computations_running", 0).await;
    wait_for_metric(&server, "report_streams_active", 0).await;
    // Stopped, not finished: nothing was kept.
    assert_eq!(server.metric("report_cache_bytes").await, 0);
}

#[tokio::test]
async fn a_waiting_follower_gets_keep_alive_comments() {
    let server = TestServer::with_settings(Settings {
        heartbeat: Duration::from_millis(100),
        ..Settings::default()
    })
    .await;
    let info = name(&server, long_report()).await;
    // Every progress event seen: nothing is due until the final event.
    let total = info["total"].as_u64().unwrap().to_string();
    let response = get(
        &server.url(&events_path(&info)),
        &[("last-event-id", total.as_str())],
    )
    .await;
    let mut body = response.bytes_stream();
    let mut text = String::new();
    while !text.contains(": keep-alive\n\n: keep-alive\n\n") {
        let chunk = tokio::time::timeout(WAIT, body.next())
            .await
            .unwrap()
            .unwrap()
            .unwrap();
        text.push_str(std::str::from_utf8(&chunk).unwrap());
    }
    assert!(
        text.starts_with("retry: 3000\n\n: keep-alive\n\n"),
        "{text}"
    );
}

#[tokio::test]
async fn over_the_cap_a_new_computation_gets_429_but_a_follower_joins() {
    let server = TestServer::with_settings(Settings {
        max_running_reports: 1,
        ..Settings::default()
    })
    .await;
    let long = name(&server, long_report()).await;
    let mut first = events(get(&server.url(&events_path(&long)), &[]).await);
    assert_eq!(next_event(&mut first, WAIT).await.event, "progress");

    let other = name(&server, json!({"zones": ["UTC"], "from": 2026, "to": 2026})).await;
    for path in [
        events_path(&other),
        other["csv"].as_str().unwrap().to_owned(),
    ] {
        let refused = get(&server.url(&path), &[]).await;
        assert_eq!(refused.status(), 429, "{path}");
        assert_eq!(refused.headers()["retry-after"], "2");
        let body: Value = refused.json().await.unwrap();
        assert_eq!(
            body["error"],
            "1 reports are being computed already, the most at once; try again in 2 s"
        );
    }
    let mut joined = events(get(&server.url(&events_path(&long)), &[]).await);
    assert_eq!(next_event(&mut joined, WAIT).await.event, "progress");
    assert_eq!(server.metric("report_computations_running").await, 1);
}

#[tokio::test]
async fn over_the_report_stream_cap_a_follower_gets_503() {
    let server = TestServer::with_settings(Settings {
        max_report_streams: 1,
        ..Settings::default()
    })
    .await;
    let long = name(&server, long_report()).await;
    let mut first = events(get(&server.url(&events_path(&long)), &[]).await);
    assert_eq!(next_event(&mut first, WAIT).await.event, "progress");
    let refused = get(&server.url(&events_path(&long)), &[]).await;
    assert_eq!(refused.status(), 503);
    assert!(refused.headers().contains_key("retry-after"));
    drop(first);
    wait_for_metric(&server, "report_streams_active", 0).await;
}

#[tokio::test]
async fn shutdown_ends_report_streams_without_a_final_event() {
    let mut server = TestServer::start().await;
    let info = name(&server, long_report()).await;
    let mut stream = events(get(&server.url(&events_path(&info)), &[]).await);
    assert_eq!(next_event(&mut stream, WAIT).await.event, "progress");
    let task = server.shut_down();
    let mut after = Vec::new();
    while let Ok(Some(event)) = tokio::time::timeout(WAIT, stream.next()).await {
        after.push(event.event);
    }
    assert!(after.iter().all(|name| name == "progress"), "{after:?}");
    tokio::time::timeout(Duration::from_secs(5), task)
        .await
        .expect("the server stopped")
        .unwrap();
}

#[tokio::test]
async fn ids_that_are_not_ids_are_404_and_another_data_version_is_410() {
    let server = TestServer::start().await;
    for path in [
        "/api/reports/nope",
        "/api/reports/nope/events",
        "/api/reports/nope.csv",
        "/api/reports/nope.json",
        "/api/reports/1-7324a49e.csv",
    ] {
        let response = get(&server.url(path), &[]).await;
        assert_eq!(response.status(), 404, "{path}");
        assert_eq!(
            response.headers()["content-type"],
            "application/json",
            "{path}"
        );
    }
    let info = name(&server, json!({"zones": ["UTC"], "from": 2026, "to": 2026})).await;
    let id = info["id"].as_str().unwrap();
    let txt = get(&server.url(&format!("/api/reports/{id}.txt")), &[]).await;
    assert_eq!(txt.status(), 404);
    assert_eq!(delete(&server, "/api/reports/nope").await.status(), 404);

    let tzdata = info["tzdata"].as_str().unwrap();
    let old = id.replacen(tzdata, "2019c", 1);
    for response in [
        get(&server.url(&format!("/api/reports/{old}/events")), &[]).await,
        get(&server.url(&format!("/api/reports/{old}.csv")), &[]).await,
        delete(&server, &format!("/api/reports/{old}")).await,
    ] {
        assert_eq!(response.status(), 410);
        let body: Value = response.json().await.unwrap();
        let error = body["error"].as_str().unwrap();
        assert!(error.contains("time-zone data 2019c"), "{error}");
        assert!(error.contains("start the report again"), "{error}");
    }
}

#[tokio::test]
async fn the_body_must_be_json_and_small() {
    let server = TestServer::start().await;
    let client = reqwest::Client::new();
    let url = server.url("/api/reports");
    let body = r#"{"zones": ["UTC"], "from": 2026, "to": 2026}"#;
    for content_type in [
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        None,
    ] {
        let mut request = client.post(&url).body(body);
        if let Some(content_type) = content_type {
            request = request.header("content-type", content_type);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 415, "{content_type:?}");
        let error: Value = response.json().await.unwrap();
        assert!(
            error["error"]
                .as_str()
                .unwrap()
                .contains("Content-Type: application/json"),
            "{error}"
        );
    }
    let with_charset = client
        .post(&url)
        .header("content-type", "Application/JSON; charset=utf-8")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(with_charset.status(), 201);

    // The limit is 64 KiB exactly: a body padded to it is read, one byte more is not.
    for (length, status) in [(64 * 1024, 201), (64 * 1024 + 1, 413)] {
        let padded = format!("{body}{}", " ".repeat(length - body.len()));
        let response = client
            .post(&url)
            .header("content-type", "application/json")
            .body(padded)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), status, "{length} bytes");
    }

    // The issue's 150,000 unknown names: refused at once, with a short answer.
    let names: Vec<String> = (0..150_000).map(|n| format!("Nowhere/{n}")).collect();
    let started = std::time::Instant::now();
    let huge = post(&server, json!({"zones": names, "from": 2026, "to": 2026})).await;
    assert_eq!(huge.status(), 413);
    let answer = huge.text().await.unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    assert!(answer.len() < 300, "{answer}");
    assert!(answer.contains("64 KiB"), "{answer}");
}

#[tokio::test]
async fn bad_requests_are_400_json_naming_the_field() {
    let server = TestServer::start().await;
    let cases = [
        (json!({"from": 1800, "to": 2026}), "from"),
        (json!({"from": 2026, "to": 2200}), "to"),
        (json!({"from": 2030, "to": 2026}), "to"),
        (json!({"from": 1950, "to": 2026}), "to"),
        (json!({"zones": [], "from": 2026, "to": 2026}), "zones"),
        (
            json!({"zones": ["Europe/Londn"], "from": 2026, "to": 2026}),
            "zones",
        ),
        (
            json!({"zones": "Europe/London", "from": 2026, "to": 2026}),
            "body",
        ),
        (json!({"from": "2026", "to": 2026}), "body"),
        (json!({"to": 2026}), "body"),
        (json!({"from": 2026, "to": 2026, "extra": true}), "body"),
    ];
    for (body, param) in cases {
        let response = post(&server, body.clone()).await;
        assert_eq!(response.status(), 400, "{body}");
        let error: Value = response.json().await.unwrap();
        assert_eq!(error["param"], param, "{body}: {error}");
    }
    let error: Value = post(
        &server,
        json!({"zones": ["Europe/Londn"], "from": 2026, "to": 2026}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert!(
        error["error"]
            .as_str()
            .unwrap()
            .contains("did you mean Europe/London"),
        "{error}"
    );

    let many: Vec<String> = (0..101).map(|n| format!("Nowhere/{n}")).collect();
    let error: Value = post(&server, json!({"zones": many, "from": 2026, "to": 2026}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        error["error"],
        "a report lists at most 100 zones, but zones names 101; leave zones out for every zone"
    );
    let unknown: Vec<String> = (0..100).map(|n| format!("Nowhere/{n}")).collect();
    let error: Value = post(&server, json!({"zones": unknown, "from": 2026, "to": 2026}))
        .await
        .json()
        .await
        .unwrap();
    let message = error["error"].as_str().unwrap();
    assert!(
        message.starts_with("\"Nowhere/0\" is not a time zone we know"),
        "{message}"
    );
    assert!(
        message.ends_with("; 97 more names are not time zones either"),
        "{message}"
    );
}
