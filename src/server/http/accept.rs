//! Accepting connections and serving HTTP on them with hyper, tuned for many long streams.
//!
//! Our own accept loop rather than `axum::serve`, for three things a stream server needs:
//! hyper's per-connection buffers set small; a full descriptor table (`EMFILE`) waited out
//! instead of ending the server; and every connection wrapped in a [`StallGuard`], which
//! closes a connection whose client stopped reading so its backlog cannot grow. On shutdown
//! the loop stops accepting, asks every connection to finish gracefully, and gives them
//! [`DRAIN_LIMIT`] to do it.

use std::{
    future::Future,
    io,
    pin::Pin,
    sync::Arc,
    task::{Context, Poll},
    time::Duration,
};

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::{
    rt::{TokioIo, TokioTimer},
    server::graceful::GracefulShutdown,
    service::TowerToHyperService,
};
use tokio::{
    io::{AsyncRead, AsyncWrite, ReadBuf},
    net::{TcpListener, TcpStream},
    time::Sleep,
};

use super::metrics::Metrics;

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
/// How long a client may take to send its request headers.
const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(15);
/// How long shutdown waits for connections to finish once streams have ended.
pub const DRAIN_LIMIT: Duration = Duration::from_secs(3);
/// Pause before accepting again when the process is out of file descriptors.
const OUT_OF_DESCRIPTORS_PAUSE: Duration = Duration::from_millis(50);

/// Serves `router` on every connection `listener` accepts until `shutdown` completes, then
/// drains: `streams_stop` is awaited by the caller's streams (they end on their own), and
/// the remaining connections get [`DRAIN_LIMIT`] to close.
pub async fn serve_connections(
    listener: TcpListener,
    router: Router,
    metrics: Arc<Metrics>,
    shutdown: impl Future<Output = ()>,
    on_shutdown: impl FnOnce(),
) {
    // HTTP/1.1 only: browsers reach many streams over HTTP/2 through the proxy in front
    // (deploy/), which speaks HTTP/1.1 to us; serving HTTP/2 here as well would make every
    // connection carry the larger state of a protocol-detecting connection.
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_READ_TIMEOUT)
        .max_buf_size(WRITE_BUFFER_LIMIT)
        // Copy each chunk (a few hundred bytes) into the write buffer the response head
        // already touched and send it with one `write`, instead of queueing the chunk's
        // parts for `writev`: the queue is a second allocation every open stream keeps,
        // and measured at 19,000 streams the copy costs less CPU than the queue does.
        .writev(false);
    let builder = Arc::new(builder);
    let graceful = GracefulShutdown::new();

    tokio::pin!(shutdown);
    loop {
        let (socket, _peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    wait_out_accept_error(&error).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // Events are small and must leave at once: no Nagle delay.
        let _ = socket.set_nodelay(true);
        let _ = socket2::SockRef::from(&socket).set_send_buffer_size(SOCKET_SEND_BUFFER);
        let io = TokioIo::new(StallGuard::new(socket, Arc::clone(&metrics)));
        let connection = builder.serve_connection(io, TowerToHyperService::new(router.clone()));
        let connection = graceful.watch(connection);
        // The task's future is hyper's connection and nothing else: its size decides the
        // allocation every connection lives in for as long as it is open (tokio rounds a
        // task to 128 bytes, jemalloc to its size classes; see BENCHMARKS.md), so nothing
        // rides along that no handler reads, such as the peer's address.
        let task = async move {
            if let Err(error) = connection.await {
                tracing::debug!(error = %error, "connection ended with an error");
            }
        };
        tokio::spawn(task);
    }

    drop(listener);
    on_shutdown();
    tokio::select! {
        () = graceful.shutdown() => tracing::info!("all connections closed"),
        () = tokio::time::sleep(DRAIN_LIMIT) => {
            tracing::warn!("connections still open after {DRAIN_LIMIT:?}; closing anyway")
        }
    }
}

/// Decides what an accept error means. Out of descriptors: pause briefly (existing
/// connections keep working, and streams over the cap are refused before this point is
/// reached). A connection that died in the backlog: nothing to do. Anything else: log it
/// and pause, rather than spin.
async fn wait_out_accept_error(error: &io::Error) {
    match error.raw_os_error() {
        Some(libc::EMFILE | libc::ENFILE) => {
            tracing::warn!("out of file descriptors; new connections wait");
            tokio::time::sleep(OUT_OF_DESCRIPTORS_PAUSE).await;
        }
        _ if matches!(
            error.kind(),
            io::ErrorKind::ConnectionAborted | io::ErrorKind::ConnectionReset
        ) => {}
        _ => {
            tracing::warn!(%error, "accept failed");
            tokio::time::sleep(OUT_OF_DESCRIPTORS_PAUSE).await;
        }
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
