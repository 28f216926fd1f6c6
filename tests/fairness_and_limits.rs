//! No client can crowd out the rest, and every request is bounded in time and size: the
//! per-client stream cap, the header and body timeouts, idle keep-alive connections, an
//! oversized head, the largest `Last-Event-ID`, and a zone typed with a raw `+` — against
//! the real server on a real port. Clients at other addresses connect from other loopback
//! addresses (all of 127.0.0.0/8 is loopback on Linux).
#![cfg(feature = "ssr")]

mod common;

use std::{net::IpAddr, time::Duration};

use common::{events, get, next_event, TestServer};
use futures_util::StreamExt;
use serde_json::Value;
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
};
use worldclock::{
    model::ClockUpdate,
    server::{ServeOptions, Settings, Timeouts},
};

const SECOND: Duration = Duration::from_secs(1);

/// A GET from the loopback address `from`.
async fn get_from(from: &str, url: &str) -> reqwest::Response {
    reqwest::Client::builder()
        .local_address(from.parse::<IpAddr>().unwrap())
        .build()
        .unwrap()
        .get(url)
        .send()
        .await
        .unwrap()
}

/// A server whose clients wait at most 500 ms for a head or a body.
async fn impatient_server() -> TestServer {
    let settings = Settings::default();
    let options = ServeOptions {
        timeouts: Timeouts {
            header_read: Duration::from_millis(500),
            body_read: Duration::from_millis(500),
        },
        ..ServeOptions::for_settings(&settings)
    };
    TestServer::with_options(settings, options).await
}

/// Reads until the server closes the connection; what it sent, and when it closed.
async fn read_until_closed(
    socket: &mut TcpStream,
    within: Duration,
) -> (String, std::time::Instant) {
    let mut received = Vec::new();
    let mut buffer = [0u8; 4096];
    let closed = tokio::time::timeout(within, async {
        loop {
            match socket.read(&mut buffer).await {
                Ok(0) | Err(_) => return std::time::Instant::now(),
                Ok(read) => received.extend_from_slice(&buffer[..read]),
            }
        }
    })
    .await
    .unwrap_or_else(|_| panic!("the server kept the connection open past {within:?}"));
    (String::from_utf8_lossy(&received).into_owned(), closed)
}

#[tokio::test]
async fn one_client_gets_429_over_its_cap_while_others_still_stream() {
    let server = TestServer::with_settings(Settings {
        max_streams: 3,
        max_streams_per_client: 2,
        retry: Duration::from_millis(2500),
        ..Settings::default()
    })
    .await;
    let url = server.url("/api/clock/stream?city=UTC&sec=1");
    let first = get_from("127.0.0.1", &url).await;
    let second = get_from("127.0.0.1", &url).await;
    assert_eq!(
        (first.status().as_u16(), second.status().as_u16()),
        (200, 200)
    );

    let refused = get_from("127.0.0.1", &url).await;
    assert_eq!(refused.status(), 429);
    assert_eq!(refused.headers()["retry-after"], "3");
    assert_eq!(refused.headers()["content-type"], "application/json");
    let body: Value = refused.json().await.unwrap();
    let error = body["error"].as_str().unwrap();
    assert!(error.contains("already holds 2 streams"), "{error}");
    assert_eq!(
        server.metric("sse_streams_refused_per_client_total").await,
        1
    );
    assert_eq!(server.metric("sse_streams_refused_total").await, 0);

    // Another client is not crowded out: its stream ticks.
    let other = get_from("127.0.0.2", &url).await;
    assert_eq!(other.status(), 200);
    let mut other_stream = events(other);
    let update: ClockUpdate =
        serde_json::from_str(&next_event(&mut other_stream, SECOND).await.data).unwrap();
    assert_eq!(update.id, 1);

    // The server's own cap (3) is full now: a third client gets the 503 it always got.
    let full = get_from("127.0.0.3", &url).await;
    assert_eq!(full.status(), 503);
    assert_eq!(server.metric("sse_streams_refused_total").await, 1);

    // A stream closed gives its client's place back.
    drop(first);
    server.wait_for_active_streams(2, 2 * SECOND).await;
    assert_eq!(get_from("127.0.0.1", &url).await.status(), 200);
}

#[test]
fn the_default_per_client_cap_suits_an_office_behind_one_address() {
    assert!(Settings::default().max_streams_per_client >= 200);
    assert!(Settings::default().max_streams_per_client < Settings::default().max_streams / 10);
}

#[tokio::test]
async fn a_client_sending_its_head_slowly_is_cut_at_the_header_timeout() {
    let server = impatient_server().await;
    let mut socket = TcpStream::connect(server.address).await.unwrap();
    let opened = std::time::Instant::now();
    socket
        .write_all(b"GET /healthz HTTP/1.1\r\n")
        .await
        .unwrap();
    // One header byte every 50 ms: always sending, never done.
    let trickle = async {
        for _ in 0..60 {
            if socket.write_all(b"X").await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    };
    let _ = tokio::time::timeout(Duration::from_secs(3), trickle).await;
    let (answer, closed) = read_until_closed(&mut socket, SECOND).await;
    let lasted = closed - opened;
    assert!(
        answer.is_empty(),
        "no answer to a head never finished: {answer:?}"
    );
    assert!(
        lasted >= Duration::from_millis(450) && lasted < Duration::from_millis(2_000),
        "cut after {lasted:?}, the timeout being 500 ms"
    );
}

#[tokio::test]
async fn a_silent_connection_is_closed_at_the_header_timeout() {
    let server = impatient_server().await;
    let opened = std::time::Instant::now();
    let mut socket = TcpStream::connect(server.address).await.unwrap();
    let (answer, closed) = read_until_closed(&mut socket, 3 * SECOND).await;
    assert!(answer.is_empty(), "{answer:?}");
    let lasted = closed - opened;
    assert!(
        lasted >= Duration::from_millis(450) && lasted < Duration::from_millis(1_500),
        "{lasted:?}"
    );
}

#[tokio::test]
async fn an_idle_keep_alive_connection_closes_on_time() {
    let server = impatient_server().await;
    let mut socket = TcpStream::connect(server.address).await.unwrap();
    socket
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n")
        .await
        .unwrap();
    let mut buffer = [0u8; 1024];
    let mut answer = String::new();
    // The body is `ok`, then the clock's line: whole once that line has ended.
    while !(answer.contains("\r\n\r\nok\nclock: ") && answer.ends_with('\n')) {
        let read = socket.read(&mut buffer).await.unwrap();
        assert!(read > 0, "closed before answering: {answer:?}");
        answer.push_str(std::str::from_utf8(&buffer[..read]).unwrap());
    }
    assert!(answer.starts_with("HTTP/1.1 200 OK"), "{answer}");
    assert!(
        !answer.to_ascii_lowercase().contains("connection: close"),
        "kept alive: {answer}"
    );
    let answered = std::time::Instant::now();
    let (more, closed) = read_until_closed(&mut socket, 3 * SECOND).await;
    assert!(more.is_empty(), "{more:?}");
    let idle = closed - answered;
    assert!(
        idle >= Duration::from_millis(450) && idle < Duration::from_millis(1_500),
        "an idle keep-alive connection lasted {idle:?}, the timeout being 500 ms"
    );
}

#[tokio::test]
async fn a_stream_is_not_cut_by_the_header_timeout() {
    let server = impatient_server().await;
    let mut stream = events(get(&server.url("/api/clock/stream?city=UTC&sec=0.5"), &[]).await);
    let started = std::time::Instant::now();
    let mut ticks = 0;
    while started.elapsed() < Duration::from_millis(1_600) {
        next_event(&mut stream, SECOND).await;
        ticks += 1;
    }
    assert!(ticks >= 3, "{ticks} ticks in 1.6 s");
}

#[tokio::test]
async fn an_oversized_head_gets_431() {
    let server = TestServer::start().await;
    let mut socket = TcpStream::connect(server.address).await.unwrap();
    let request = format!(
        "GET /healthz HTTP/1.1\r\nHost: test\r\nX-Padding: {}\r\n\r\n",
        "a".repeat(20 * 1024)
    );
    // The server may answer and close before it has read everything: ignore a broken pipe.
    let _ = socket.write_all(request.as_bytes()).await;
    let (answer, _) = read_until_closed(&mut socket, 5 * SECOND).await;
    assert!(
        answer.starts_with("HTTP/1.1 431 Request Header Fields Too Large"),
        "{answer:?}"
    );
    // And the server is fine.
    assert_eq!(get(&server.url("/healthz"), &[]).await.status(), 200);
}

#[tokio::test]
async fn a_body_that_does_not_arrive_in_time_gets_408() {
    let server = impatient_server().await;
    let mut socket = TcpStream::connect(server.address).await.unwrap();
    let sent = std::time::Instant::now();
    socket
        .write_all(
            b"POST /api/reports HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n\
              Content-Length: 100\r\n\r\n{\"from\": 2026,",
        )
        .await
        .unwrap();
    let (answer, closed) = read_until_closed(&mut socket, 3 * SECOND).await;
    assert!(
        answer.starts_with("HTTP/1.1 408 Request Timeout"),
        "{answer}"
    );
    assert!(answer.contains("application/json"), "{answer}");
    assert!(answer.contains("did not arrive within 500ms"), "{answer}");
    let took = closed - sent;
    assert!(
        took >= Duration::from_millis(450) && took < Duration::from_millis(1_500),
        "{took:?}"
    );
}

#[tokio::test]
async fn a_body_larger_than_the_server_reads_gets_413() {
    let server = TestServer::start().await;
    let client = reqwest::Client::new();
    let declared = client
        .post(server.url("/api/reports"))
        .header("content-type", "application/json")
        .body(vec![b' '; 100 * 1024])
        .send()
        .await
        .unwrap();
    assert_eq!(declared.status(), 413);
    let body: Value = declared.json().await.unwrap();
    assert!(body["error"].as_str().unwrap().contains("64 KiB"), "{body}");

    // Sent in chunks with no length declared: counted as it comes.
    let chunks =
        futures_util::stream::iter((0..10).map(|_| Ok::<_, std::io::Error>(vec![b' '; 10 * 1024])));
    let chunked = client
        .post(server.url("/api/reports"))
        .header("content-type", "application/json")
        .body(reqwest::Body::wrap_stream(chunks))
        .send()
        .await
        .unwrap();
    assert_eq!(chunked.status(), 413);

    // A body of a good size still reaches the handler.
    let fine = client
        .post(server.url("/api/reports"))
        .json(&serde_json::json!({"zones": ["Europe/London"], "from": 2026, "to": 2027}))
        .send()
        .await
        .unwrap();
    assert_eq!(fine.status(), 201);
}

#[tokio::test]
async fn the_largest_last_event_id_neither_wraps_nor_panics() {
    let server = TestServer::start().await;
    let url = server.url("/api/clock/stream?city=UTC&sec=0.2");
    let at_max = get(&url, &[("last-event-id", "18446744073709551615")]).await;
    assert_eq!(at_max.status(), 204, "no id is left after the largest");

    let mut stream = events(get(&url, &[("last-event-id", "18446744073709551614")]).await);
    let last = next_event(&mut stream, SECOND).await;
    assert_eq!(last.id, "18446744073709551615");
    let end = next_event(&mut stream, SECOND).await;
    assert_eq!(end.event, "END");
    assert!(
        tokio::time::timeout(SECOND, stream.next())
            .await
            .unwrap()
            .is_none(),
        "the stream ends"
    );
    // The server is still serving.
    assert_eq!(get(&server.url("/healthz"), &[]).await.status(), 200);
    server.wait_for_active_streams(0, SECOND).await;
}

#[tokio::test]
async fn a_zone_typed_with_a_raw_plus_is_the_plus_meant() {
    let server = TestServer::start().await;
    let response = get(&server.url("/api/clock/stream?city=Etc/GMT+5&sec=1"), &[]).await;
    assert_eq!(response.status(), 200);
    let update: ClockUpdate =
        serde_json::from_str(&next_event(&mut events(response), SECOND).await.data).unwrap();
    assert_eq!(update.zone, "Etc/GMT+5");
    assert_eq!(update.utc_offset, "-05:00");
    let unknown = get(&server.url("/api/clock/stream?city=Etc/GMT+15"), &[]).await;
    assert_eq!(unknown.status(), 400);
    let body: Value = unknown.json().await.unwrap();
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .starts_with("\"Etc/GMT+15\" is not a time zone"),
        "{body}"
    );
}

#[tokio::test]
async fn a_report_followed_from_the_largest_id_is_told_it_is_over_at_once() {
    let server = TestServer::start().await;
    let named: Value = reqwest::Client::new()
        .post(server.url("/api/reports"))
        .json(&serde_json::json!({"from": 1900, "to": 1949}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let url = server.url(named["events"].as_str().unwrap());
    // Past the final event's id, whatever the report: 204, the answer that stops every
    // EventSource, without computing anything and without waiting.
    let answer = tokio::time::timeout(
        SECOND,
        get(&url, &[("last-event-id", "18446744073709551615")]),
    )
    .await
    .expect("answered at once");
    assert_eq!(answer.status(), 204);
}
