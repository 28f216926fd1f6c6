//! The transitions report API against the real server: start, follow over SSE (with resume),
//! download, cancel, the cap, expiry, and bad input.
#![cfg(feature = "ssr")]

mod common;

use std::time::Duration;

use common::{events, get, next_event, TestServer};
use futures_util::StreamExt;
use serde_json::{json, Value};
use worldclock::server::Settings;

const WAIT: Duration = Duration::from_secs(10);

async fn start(server: &TestServer, body: Value) -> reqwest::Response {
    reqwest::Client::new()
        .post(server.url("/api/reports"))
        .json(&body)
        .send()
        .await
        .unwrap()
}

/// Starts a report that must be accepted; its id.
async fn start_id(server: &TestServer, body: Value) -> String {
    let response = start(server, body).await;
    assert_eq!(response.status(), 202);
    response.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Every event of a report until its stream ends: (id, event, data).
async fn follow(
    server: &TestServer,
    path: &str,
    last_event_id: Option<&str>,
) -> Vec<(String, String, Value)> {
    let headers: Vec<(&str, &str)> = last_event_id
        .map(|id| ("last-event-id", id))
        .into_iter()
        .collect();
    let mut stream = events(get(&server.url(path), &headers).await);
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

#[tokio::test]
async fn a_report_runs_to_completion_and_its_results_download() {
    let server = TestServer::start().await;
    let response = start(&server, json!({"zones": ["Europe/London", "america/new_york", "Asia/Kolkata"], "from": 2026, "to": 2030})).await;
    assert_eq!(response.status(), 202);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let body: Value = response.json().await.unwrap();
    let id = body["id"].as_str().unwrap().to_owned();
    assert_eq!(body["events"], format!("/api/reports/{id}/events"));
    assert_eq!(location, format!("/api/reports/{id}"));

    let seen = follow(&server, &format!("/api/reports/{id}/events"), None).await;
    let (last_id, last_name, complete) = seen.last().unwrap().clone();
    assert_eq!(last_name, "complete", "{seen:?}");
    assert_eq!(
        complete["transitions"], 20,
        "London and New York change twice a year, Kolkata never"
    );
    assert_eq!(complete["csv"], format!("/api/reports/{id}.csv"));
    let progress: Vec<&Value> = seen
        .iter()
        .filter(|(_, name, _)| name == "progress")
        .map(|(_, _, data)| data)
        .collect();
    assert!(!progress.is_empty());
    assert_eq!(progress.last().unwrap()["done"], 3);
    assert_eq!(progress.last().unwrap()["total"], 3);
    let ids: Vec<u64> = seen.iter().map(|(id, _, _)| id.parse().unwrap()).collect();
    assert!(ids.windows(2).all(|pair| pair[1] == pair[0] + 1), "{ids:?}");
    assert_eq!(last_id, ids.last().unwrap().to_string());

    let csv = get(&server.url(&format!("/api/reports/{id}.csv")), &[]).await;
    assert_eq!(csv.status(), 200);
    assert!(csv.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let csv = csv.text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "zone,instant_utc,offset_before,offset_after,abbreviation_before,abbreviation_after"
    );
    assert_eq!(lines.len(), 21);
    assert!(
        lines.contains(&"America/New_York,2026-03-08T07:00:00Z,-05:00,-04:00,EST,EDT"),
        "{csv}"
    );
    let json: Vec<Value> = get(&server.url(&format!("/api/reports/{id}.json")), &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(json.len(), 20);
    assert_eq!(json[0]["zone"], "America/New_York");
    assert_eq!(json[0]["offsetAfter"], "-04:00");
}

#[tokio::test]
async fn a_reconnect_replays_what_was_missed_and_after_the_end_gets_the_final_event() {
    let server = TestServer::start().await;
    let id = start_id(
        &server,
        json!({"zones": ["Europe/London", "Europe/Paris"], "from": 2026, "to": 2027}),
    )
    .await;
    let path = format!("/api/reports/{id}/events");
    let all = follow(&server, &path, None).await;
    assert!(all.len() >= 2);
    let replayed = follow(&server, &path, Some("1")).await;
    assert_eq!(replayed, all[1..].to_vec(), "everything after id 1");
    let final_id = all.last().unwrap().0.clone();
    let after_end = follow(&server, &path, Some(&final_id)).await;
    assert_eq!(
        after_end,
        vec![all.last().unwrap().clone()],
        "the final event again, then the end"
    );
}

#[tokio::test]
async fn cancelling_a_running_report_ends_it_with_failed() {
    let server = TestServer::start().await;
    let id = start_id(&server, json!({"from": 1900, "to": 1949})).await;
    let mut stream = events(get(&server.url(&format!("/api/reports/{id}/events")), &[]).await);
    assert_eq!(next_event(&mut stream, WAIT).await.event, "progress");
    let cancelled = reqwest::Client::new()
        .delete(server.url(&format!("/api/reports/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(cancelled.status(), 202);
    let mut last = None;
    while let Ok(Some(event)) = tokio::time::timeout(WAIT, stream.next()).await {
        last = Some(event);
    }
    let last = last.unwrap();
    assert_eq!(last.event, "failed");
    assert!(last.data.contains("cancelled"), "{}", last.data);
    let result = get(&server.url(&format!("/api/reports/{id}.csv")), &[]).await;
    assert_eq!(result.status(), 409);
    let again = reqwest::Client::new()
        .delete(server.url(&format!("/api/reports/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 200);
}

#[tokio::test]
async fn over_the_cap_a_report_gets_429_with_retry_after() {
    let server = TestServer::with_settings(Settings {
        max_running_reports: 1,
        ..Settings::default()
    })
    .await;
    let first = start(&server, json!({"from": 1900, "to": 1949})).await;
    assert_eq!(first.status(), 202);
    let second = start(&server, json!({"zones": ["UTC"], "from": 2026, "to": 2026})).await;
    assert_eq!(second.status(), 429);
    assert!(second.headers().contains_key("retry-after"));
    let body: Value = second.json().await.unwrap();
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .contains("1 reports are being computed"),
        "{body}"
    );
    let id = first.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    reqwest::Client::new()
        .delete(server.url(&format!("/api/reports/{id}")))
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn expired_reports_answer_204_on_events_and_404_on_results() {
    let server = TestServer::with_settings(Settings {
        report_expiry: Duration::from_millis(300),
        ..Settings::default()
    })
    .await;
    let id = start_id(&server, json!({"zones": ["UTC"], "from": 2026, "to": 2026})).await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(
        get(&server.url(&format!("/api/reports/{id}/events")), &[])
            .await
            .status(),
        204
    );
    let csv = get(&server.url(&format!("/api/reports/{id}.csv")), &[]).await;
    assert_eq!(csv.status(), 404);
    assert!(csv.text().await.unwrap().contains("expired"));
}

#[tokio::test]
async fn unknown_ids_are_404_json() {
    let server = TestServer::start().await;
    for path in [
        "/api/reports/nope/events",
        "/api/reports/nope.csv",
        "/api/reports/nope.json",
        "/api/reports/nope.txt",
    ] {
        let response = get(&server.url(path), &[]).await;
        assert_eq!(response.status(), 404, "{path}");
        assert_eq!(
            response.headers()["content-type"],
            "application/json",
            "{path}"
        );
    }
    let deleted = reqwest::Client::new()
        .delete(server.url("/api/reports/nope"))
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 404);
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
        let response = start(&server, body.clone()).await;
        assert_eq!(response.status(), 400, "{body}");
        let error: Value = response.json().await.unwrap();
        assert_eq!(error["param"], param, "{body}: {error}");
    }
    let not_json = reqwest::Client::new()
        .post(server.url("/api/reports"))
        .body("from=2026")
        .send()
        .await
        .unwrap();
    assert_eq!(not_json.status(), 400);
    let error: Value = start(
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
}
