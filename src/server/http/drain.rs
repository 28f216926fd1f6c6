//! Closing every connection gracefully at shutdown: each open connection watches one board,
//! and [`Drain::close_all`] tells them all to finish their response and close, then waits.
//!
//! In place of `hyper_util`'s `GracefulShutdown`, whose watcher polls a `watch::changed()`
//! future (a lock on a shared waiter list) every time its connection is polled: for a
//! stream, every tick. Here a connection with nothing to hear costs one atomic load per poll.

use std::{
    future::Future,
    pin::Pin,
    sync::Arc,
    task::{Context, Poll},
    time::Duration,
};

use hyper_util::server::graceful::GracefulConnection;

use crate::server::board::{Board, Subscription};

/// How often [`Drain::close_all`] looks whether the connections have closed.
const LOOK_EVERY: Duration = Duration::from_millis(10);

/// The connections being served, and the word that tells them to finish.
pub struct Drain {
    /// Posted once, at shutdown; every open connection holds a subscription.
    closing: Arc<Board<()>>,
}

impl Drain {
    pub fn new() -> Drain {
        Drain {
            closing: Board::new(()),
        }
    }

    /// `connection`, told to finish gracefully (the response under way completes, then it
    /// closes) once [`Drain::close_all`] is called.
    pub fn watch<C: GracefulConnection + Unpin>(&self, connection: C) -> Watched<C> {
        Watched {
            connection,
            closing: self.closing.subscribe(),
            told: false,
        }
    }

    /// Tells every connection to finish, then waits until they all have, for at most
    /// `limit`. Whether they all did.
    pub async fn close_all(self, limit: Duration) -> bool {
        self.closing.post(());
        let deadline = tokio::time::Instant::now() + limit;
        while self.closing.subscribers() > 0 {
            if tokio::time::Instant::now() >= deadline {
                return false;
            }
            tokio::time::sleep(LOOK_EVERY).await;
        }
        true
    }
}

/// A connection under a [`Drain`]. A plain struct, not an `async` block: it is most of what
/// every open connection's task holds, and an `async` block would keep room for the
/// connection twice (as it was captured, and as it is pinned).
pub struct Watched<C> {
    connection: C,
    closing: Subscription<()>,
    /// Whether the connection has been told to finish.
    told: bool,
}

impl<C: GracefulConnection + Unpin> Future for Watched<C> {
    type Output = C::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<C::Output> {
        let this = self.get_mut();
        if !this.told && this.closing.poll_next(cx).is_ready() {
            this.told = true;
            Pin::new(&mut this.connection).graceful_shutdown();
        }
        Pin::new(&mut this.connection).poll(cx)
    }
}

#[cfg(test)]
mod tests {
    use std::{convert::Infallible, time::Instant};

    use hyper::{server::conn::http1, service::service_fn, Response};
    use hyper_util::rt::TokioIo;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    use super::*;

    #[tokio::test]
    async fn close_all_ends_an_idle_keep_alive_connection_at_once() {
        let drain = Drain::new();
        let (mut client, server) = tokio::io::duplex(4096);
        let connection = http1::Builder::new().serve_connection(
            TokioIo::new(server),
            service_fn(|_| async {
                Ok::<_, Infallible>(Response::new(axum::body::Body::from("hi")))
            }),
        );
        let served = tokio::spawn(drain.watch(connection));
        client
            .write_all(b"GET / HTTP/1.1\r\nhost: worldclock\r\n\r\n")
            .await
            .unwrap();
        let mut answer = Vec::new();
        while !answer.ends_with(b"hi") {
            let mut buffer = [0; 512];
            let read = client.read(&mut buffer).await.unwrap();
            assert!(read > 0, "the connection closed before its answer");
            answer.extend_from_slice(&buffer[..read]);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(!served.is_finished(), "kept alive for the next request");

        let started = Instant::now();
        assert!(drain.close_all(Duration::from_secs(3)).await);
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "{:?}",
            started.elapsed()
        );
        served.await.unwrap().unwrap();
        assert_eq!(client.read(&mut [0; 16]).await.unwrap(), 0, "closed");
    }

    #[tokio::test]
    async fn with_no_connection_close_all_waits_for_nothing() {
        let started = Instant::now();
        assert!(Drain::new().close_all(Duration::from_secs(3)).await);
        assert!(started.elapsed() < LOOK_EVERY);
    }
}
