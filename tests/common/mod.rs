//! A real worldclock server on `127.0.0.1:0` for integration tests, and ways to read it.
#![allow(dead_code)] // each test file uses its own part of this

use std::{net::SocketAddr, time::Duration};

use eventsource_stream::{Event, Eventsource};
use futures_util::{Stream, StreamExt};
use tokio::{net::TcpListener, sync::oneshot, task::JoinHandle};
use worldclock::server::{serve_with, ServeOptions, Settings};

/// A running server; dropping it stops the server.
pub struct TestServer {
    pub address: SocketAddr,
    pub base: String,
    stop: Option<oneshot::Sender<()>>,
    pub task: Option<JoinHandle<()>>,
}

impl TestServer {
    /// Starts a server with the default settings.
    pub async fn start() -> TestServer {
        TestServer::with_settings(Settings::default()).await
    }

    /// Starts a server with `settings` (its address is ignored: port 0 is used).
    pub async fn with_settings(settings: Settings) -> TestServer {
        let options = ServeOptions::for_settings(&settings);
        TestServer::with_options(settings, options).await
    }

    /// Starts a server with `settings` and `options` (a clock or timeouts of the test's own).
    pub async fn with_options(settings: Settings, options: ServeOptions) -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            serve_with(listener, settings, options, async {
                let _ = stopped.await;
            })
            .await
            .unwrap();
        });
        TestServer {
            address,
            base: format!("http://{address}"),
            stop: Some(stop),
            task: Some(task),
        }
    }

    /// `base` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Asks the server to shut down and returns its task to await.
    pub fn shut_down(&mut self) -> JoinHandle<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        self.task.take().expect("shut down once")
    }

    /// The value of a metric line such as `sse_streams_active 3`.
    pub async fn metric(&self, name: &str) -> i64 {
        let text = reqwest::get(self.url("/metrics"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        text.lines()
            .find_map(|line| line.strip_prefix(&format!("{name} ")))
            .unwrap_or_else(|| panic!("no metric {name} in {text}"))
            .trim()
            .parse()
            .unwrap()
    }

    /// Waits until `sse_streams_active` reads `expected`, up to `within`.
    pub async fn wait_for_active_streams(&self, expected: i64, within: Duration) {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let active = self.metric("sse_streams_active").await;
            if active == expected {
                return;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "sse_streams_active stayed {active}, expected {expected} within {within:?}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// A GET with optional extra headers.
pub async fn get(url: &str, headers: &[(&str, &str)]) -> reqwest::Response {
    let client = reqwest::Client::new();
    let mut request = client.get(url);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.unwrap()
}

/// The response's events, parsed by a spec-conformant SSE parser.
pub fn events(response: reqwest::Response) -> impl Stream<Item = Event> + Unpin {
    Box::pin(
        response
            .bytes_stream()
            .eventsource()
            .map(|event| event.expect("a well-formed event stream")),
    )
}

/// The next event, or a panic naming what was waited for.
pub async fn next_event(
    stream: &mut (impl Stream<Item = Event> + Unpin),
    within: Duration,
) -> Event {
    tokio::time::timeout(within, stream.next())
        .await
        .unwrap_or_else(|_| panic!("no event within {within:?}"))
        .expect("the stream ended early")
}

/// Milliseconds since the Unix epoch, now.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}
