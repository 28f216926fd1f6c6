//! Accepting connections and serving HTTP on them with hyper, tuned for many long streams.
//!
//! Our own accept loop rather than `axum::serve`, for what a stream server needs: hyper's
//! per-connection buffers set small (a request head larger than them gets `431`); a full
//! descriptor table (`EMFILE`) waited out instead of ending the server, and said in the log
//! at most every [`WARNING_PERIOD`]; the peer's address handed to handlers as a
//! [`Client`] for the per-client cap; time limits on the request head (which also closes an
//! idle keep-alive connection) and body ([`Timeouts`]); and every connection wrapped in a
//! [`StallGuard`], which closes a connection whose client stopped reading so its backlog
//! cannot grow. On shutdown the loop stops accepting, asks every connection to finish
//! gracefully, and gives them [`DRAIN_LIMIT`] to do it.

use std::{
    convert::Infallible,
    future::Future,
    io,
    pin::Pin,
    sync::Arc,
    task::{Context, Poll},
    time::Duration,
};

use axum::{middleware, Router};
use hyper::server::conn::http1;
use hyper_util::{
    rt::{TokioIo, TokioTimer},
    service::TowerToHyperService,
};
use tokio::{
    io::{AsyncRead, AsyncWrite, ReadBuf},
    net::{TcpListener, TcpStream},
    time::{Instant, Sleep},
};

use super::{
    body_deadline::read_body_in_time, drain::Drain, metrics::Metrics, per_client::Client,
    security_headers::with_security_headers,
};

/// How long a write may wait on a client that reads nothing before the connection is
/// closed. Together with the fixed kernel send buffer ([`SOCKET_SEND_BUFFER`]) and hyper's
/// write buffer ([`WRITE_BUFFER_LIMIT`]) this bounds what a stuck client costs.
pub const WRITE_STALL_LIMIT: Duration = Duration::from_secs(10);
/// hyper's per-connection read and write buffer cap (its minimum is 8 KiB).
const WRITE_BUFFER_LIMIT: usize = 16 * 1024;
/// The kernel send buffer of each connection (Linux doubles it for bookkeeping). Fixed, so
/// the kernel does not grow it to megabytes for a client that is not reading: a stuck
/// client's backlog stays small and the stall is noticed in seconds.
const SOCKET_SEND_BUFFER: usize = 32 * 1024;
/// How long shutdown waits for connections to finish once streams have ended.
pub const DRAIN_LIMIT: Duration = Duration::from_secs(3);
/// Pause before accepting again when the process is out of file descriptors.
const OUT_OF_DESCRIPTORS_PAUSE: Duration = Duration::from_millis(50);
/// At most one warning of a kind (out of descriptors, accept failing) per this period: out
/// of descriptors, the loop tries again twenty times a second, and a line each time would
/// bury the log (and fill the disk) while it lasts.
const WARNING_PERIOD: Duration = Duration::from_secs(10);

/// How long the server waits on a client at each stage of a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeouts {
    /// For a whole request head, counted from when the server starts waiting for it: as a
    /// connection opens, and as the previous response ends, so it is also how long an idle
    /// keep-alive connection stays open. A client that sends its head slowly is cut off
    /// when it runs out, without an answer.
    pub header_read: Duration,
    /// For a whole request body, counted from the end of the head: `408` when it runs out.
    pub body_read: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            header_read: Duration::from_secs(15),
            body_read: Duration::from_secs(10),
        }
    }
}

/// Serves `router` on every connection `listener` accepts until `shutdown` completes, then
/// drains: `streams_stop` is awaited by the caller's streams (they end on their own), and
/// the remaining connections get [`DRAIN_LIMIT`] to close.
pub async fn serve_connections(
    listener: TcpListener,
    router: Router,
    metrics: Arc<Metrics>,
    timeouts: Timeouts,
    shutdown: impl Future<Output = ()>,
    on_shutdown: impl FnOnce(),
) {
    // The security headers outermost, so that every answer carries them: the app's, and the
    // body limits' `408` and `413`.
    let router = with_security_headers(router.layer(middleware::from_fn_with_state(
        timeouts.body_read,
        read_body_in_time,
    )));
    // HTTP/1.1 only: browsers reach many streams over HTTP/2 through the proxy in front
    // (deploy/), which speaks HTTP/1.1 to us; serving HTTP/2 here as well would make every
    // connection carry the larger state of a protocol-detecting connection.
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(timeouts.header_read)
        .max_buf_size(WRITE_BUFFER_LIMIT)
        // Copy each chunk (a few hundred bytes) into the write buffer the response head
        // already touched and send it with one `write`, instead of queueing the chunk's
        // parts for `writev`: the queue is a second allocation every open stream keeps,
        // and measured at 19,000 streams the copy costs less CPU than the queue does.
        .writev(false);
    let builder = Arc::new(builder);
    let drain = Drain::new();
    let mut out_of_descriptors = Throttle::new(WARNING_PERIOD);
    let mut accept_failed = Throttle::new(WARNING_PERIOD);

    tokio::pin!(shutdown);
    loop {
        let (socket, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    wait_out_accept_error(&error, &mut out_of_descriptors, &mut accept_failed)
                        .await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // Events are small and must leave at once: no Nagle delay.
        let _ = socket.set_nodelay(true);
        let _ = socket2::SockRef::from(&socket).set_send_buffer_size(SOCKET_SEND_BUFFER);
        let io = TokioIo::new(StallGuard::new(socket, Arc::clone(&metrics)));
        let service = WithClient {
            router: router.clone(),
            client: Client::of(peer.ip()),
        };
        let connection = builder.serve_connection(io, TowerToHyperService::new(service));
        let connection = drain.watch(connection);
        // The task's future is hyper's connection and nothing else: its size decides the
        // allocation every connection lives in for as long as it is open (tokio rounds a
        // task to 128 bytes, jemalloc to its size classes; see BENCHMARKS.md), so nothing
        // rides along that no handler reads. The peer's address rides as an 8-byte
        // `Client`, which the per-client cap reads.
        let task = async move {
            if let Err(error) = connection.await {
                tracing::debug!(error = %error, "connection ended with an error");
            }
        };
        tokio::spawn(task);
    }

    drop(listener);
    on_shutdown();
    if drain.close_all(DRAIN_LIMIT).await {
        tracing::info!("all connections closed");
    } else {
        tracing::warn!("connections still open after {DRAIN_LIMIT:?}; closing anyway");
    }
}

/// Decides what an accept error means. Out of descriptors: pause briefly (existing
/// connections keep working, and streams over the cap are refused before this point is
/// reached). A connection that died in the backlog: nothing to do. Anything else: log it
/// and pause, rather than spin. Warnings go out at most once a [`WARNING_PERIOD`] each.
async fn wait_out_accept_error(
    error: &io::Error,
    out_of_descriptors: &mut Throttle,
    accept_failed: &mut Throttle,
) {
    match error.raw_os_error() {
        Some(libc::EMFILE | libc::ENFILE) => {
            if let Some(held_back) = out_of_descriptors.allow(Instant::now()) {
                tracing::warn!(
                    held_back,
                    "out of file descriptors; new connections wait ({held_back} more times since the last warning)"
                );
            }
            tokio::time::sleep(OUT_OF_DESCRIPTORS_PAUSE).await;
        }
        _ if matches!(
            error.kind(),
            io::ErrorKind::ConnectionAborted | io::ErrorKind::ConnectionReset
        ) => {}
        _ => {
            if let Some(held_back) = accept_failed.allow(Instant::now()) {
                tracing::warn!(%error, held_back, "accept failed ({held_back} more times since the last warning)");
            }
            tokio::time::sleep(OUT_OF_DESCRIPTORS_PAUSE).await;
        }
    }
}

/// At most one warning per period, counting the ones held back in between.
struct Throttle {
    period: Duration,
    last: Option<Instant>,
    held_back: u64,
}

impl Throttle {
    fn new(period: Duration) -> Throttle {
        Throttle {
            period,
            last: None,
            held_back: 0,
        }
    }

    /// `Some(how many were held back since the last one)` when a warning may go out at
    /// `now`; `None` (and one more held back) when the last went out less than a period ago.
    fn allow(&mut self, now: Instant) -> Option<u64> {
        match self.last {
            Some(last) if now.duration_since(last) < self.period => {
                self.held_back += 1;
                None
            }
            _ => {
                self.last = Some(now);
                Some(std::mem::take(&mut self.held_back))
            }
        }
    }
}

/// The router, with the connection's [`Client`] put in every request's extensions.
#[derive(Clone)]
struct WithClient {
    router: Router,
    client: Client,
}

impl<B> tower::Service<axum::http::Request<B>> for WithClient
where
    Router: tower::Service<axum::http::Request<B>, Error = Infallible>,
{
    type Response = <Router as tower::Service<axum::http::Request<B>>>::Response;
    type Error = Infallible;
    type Future = <Router as tower::Service<axum::http::Request<B>>>::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        tower::Service::<axum::http::Request<B>>::poll_ready(&mut self.router, cx)
    }

    fn call(&mut self, mut request: axum::http::Request<B>) -> Self::Future {
        request.extensions_mut().insert(self.client);
        tower::Service::call(&mut self.router, request)
    }
}

/// A TCP stream that fails a write which has waited [`WRITE_STALL_LIMIT`] for a client that
/// is not reading, so hyper closes the connection and drops the response body.
///
/// The timer exists only while a write is blocked; an idle or flowing connection carries
/// none.
pub struct StallGuard {
    socket: TcpStream,
    stalled: Option<Pin<Box<Sleep>>>,
    metrics: Arc<Metrics>,
}

impl StallGuard {
    fn new(socket: TcpStream, metrics: Arc<Metrics>) -> StallGuard {
        StallGuard {
            socket,
            stalled: None,
            metrics,
        }
    }

    /// Turns a write's `Pending` into an error once the stall has lasted too long.
    fn check_stall<T>(
        &mut self,
        cx: &mut Context<'_>,
        result: Poll<io::Result<T>>,
    ) -> Poll<io::Result<T>> {
        if result.is_ready() {
            self.stalled = None;
            return result;
        }
        let deadline = self
            .stalled
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(WRITE_STALL_LIMIT)));
        match deadline.as_mut().poll(cx) {
            Poll::Ready(()) => {
                self.stalled = None;
                self.metrics.stalled_connections_closed.inc();
                Poll::Ready(Err(io::Error::new(
                    io::ErrorKind::TimedOut,
                    "the client stopped reading",
                )))
            }
            Poll::Pending => Poll::Pending,
        }
    }
}

impl AsyncRead for StallGuard {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().socket).poll_read(cx, buf)
    }
}

impl AsyncWrite for StallGuard {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let result = Pin::new(&mut this.socket).poll_write(cx, buf);
        this.check_stall(cx, result)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let result = Pin::new(&mut this.socket).poll_write_vectored(cx, bufs);
        this.check_stall(cx, result)
    }

    fn is_write_vectored(&self) -> bool {
        self.socket.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let result = Pin::new(&mut this.socket).poll_flush(cx);
        this.check_stall(cx, result)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().socket).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn warnings_go_out_once_a_period_with_a_count_of_the_rest() {
        let mut throttle = Throttle::new(WARNING_PERIOD);
        let start = Instant::now();
        assert_eq!(throttle.allow(start), Some(0), "the first goes out");
        // Out of descriptors, the loop retries every 50 ms: 199 more within the period.
        for step in 1..200u32 {
            assert_eq!(
                throttle.allow(start + OUT_OF_DESCRIPTORS_PAUSE * step),
                None
            );
        }
        assert_eq!(
            throttle.allow(start + WARNING_PERIOD),
            Some(199),
            "the next says how many were held back"
        );
        assert_eq!(throttle.allow(start + WARNING_PERIOD * 3), Some(0));
    }
}
