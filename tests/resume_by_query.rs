//! Resuming a stream by the `lastEventID` query parameter (what a new `EventSource` can
//! send, since it cannot set `Last-Event-ID`), against the real server: the clock stream
//! and a report's events continue exactly as with the header, and the header wins when both
//! are sent.
#![cfg(feature = "ssr")]

mod common;

use std::time::Duration;

use common::{events, get, next_event, TestServer};
use futures_util::StreamExt;
use serde_json::{json, Value};

const SECOND: Duration = Duration::from_secs(1);

/// The ids of a clock stream's events until it ends (or `within` passes), with their names.
async fn clock_events(response: reqwest::Response, within: Duration) -> Vec<(String, String)> {
    assert_eq!(response.status(), 200);
    let mut stream = events(response);
    let mut seen = Vec::new();
    while let Ok(Some(event)) = tokio::time::timeout(within, stream.next()).await {
        seen.push((event.id.clone(), event.event.clone()));
    }
    seen
}

#[tokio::test]
async fn the_clock_stream_resumes_by_query_exactly_as_by_header() {
    let server = TestServer::start().await;
    let base = "/api/clock/stream?cities=UTC,Asia/Seoul&sec=0.2&limit=5";
    let by_header = clock_events(
        get(&server.url(base), &[("last-event-id", "2")]).await,
        SECOND,
    )
    .await;
    let by_query = clock_events(
        get(&server.url(&format!("{base}&lastEventID=2")), &[]).await,
        SECOND,
    )
    .await;
    let expected: Vec<(String, String)> = ["3", "3", "4", "4", "5", "5", "5"]
        .iter()
        .zip([
            "UPDATE", "UPDATE", "UPDATE", "UPDATE", "UPDATE", "UPDATE", "END",
        ])
        .map(|(id, name)| (id.to_string(), name.to_string()))
        .collect();
    assert_eq!(by_header, expected);
    assert_eq!(by_query, by_header);

    // At the limit: 204, which stops an EventSource, by the parameter as by the header.
    for at_or_past in ["5", "6"] {
        let response = get(
            &server.url(&format!("{base}&lastEventID={at_or_past}")),
            &[],
        )
        .await;
        assert_eq!(response.status(), 204, "lastEventID={at_or_past}");
    }
    // Not an id: a fresh stream, never an error.
    for ignored in ["-1", "abc", "", "1e3", "18446744073709551616", "%FF"] {
        let url = server.url(&format!(
            "/event-stream?city=UTC&sec=0.5&lastEventID={ignored}"
        ));
        let response = get(&url, &[]).await;
        assert_eq!(response.status(), 200, "{ignored:?} is never an error");
        let first = next_event(&mut events(response), SECOND).await;
        assert_eq!(first.id, "1", "{ignored:?} starts a fresh stream");
    }
    server.wait_for_active_streams(0, SECOND).await;
}

#[tokio::test]
async fn the_header_wins_over_the_query_parameter() {
    let server = TestServer::start().await;
    let url = server.url("/api/clock/stream?city=UTC&sec=0.5&lastEventID=7");
    let first = |response| async move { next_event(&mut events(response), SECOND).await.id };
    assert_eq!(first(get(&url, &[]).await).await, "8");
    assert_eq!(
        first(get(&url, &[("last-event-id", "41")]).await).await,
        "42"
    );
    // The header an EventSource sends on its own reconnect is what it has seen last, even
    // when it is lower than the id its URL was opened with.
    assert_eq!(first(get(&url, &[("last-event-id", "3")]).await).await, "4");
    assert_eq!(
        first(get(&url, &[("last-event-id", "abc")]).await).await,
        "1",
        "a header that is not an id is a fresh stream, as it always was"
    );
}

#[tokio::test]
async fn a_report_resumes_by_query_byte_for_byte_as_by_header() {
    let server = TestServer::start().await;
    let response = reqwest::Client::new()
        .post(server.url("/api/reports"))
        .json(&json!({"zones": ["Europe/London", "America/New_York", "Asia/Kolkata", "Australia/Sydney"], "from": 2020, "to": 2030}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let info: Value = response.json().await.unwrap();
    let path = info["events"].as_str().unwrap().to_owned();
    let text = |response: reqwest::Response| async move {
        assert_eq!(response.status(), 200);
        tokio::time::timeout(Duration::from_secs(20), response.text())
            .await
            .expect("the stream ended")
            .unwrap()
    };
    for last in ["0", "2", "4"] {
        let by_header = text(get(&server.url(&path), &[("last-event-id", last)]).await).await;
        let by_query =
            text(get(&server.url(&format!("{path}?lastEventID={last}")), &[]).await).await;
        assert_eq!(by_query, by_header, "after {last}");
        let next = format!("id: {}\n", last.parse::<u64>().unwrap() + 1);
        assert!(by_query.contains(&next), "{by_query}");
        assert!(!by_query.contains(&format!("id: {last}\n")), "{by_query}");
    }
    // After the final event (4 zones: id 5): 204, by the parameter too; the header wins.
    let final_id = format!("{path}?lastEventID=5");
    assert_eq!(get(&server.url(&final_id), &[]).await.status(), 204);
    let overridden = text(get(&server.url(&final_id), &[("last-event-id", "3")]).await).await;
    assert!(
        overridden.contains("id: 4\n") && overridden.contains("id: 5\n"),
        "{overridden}"
    );
}
