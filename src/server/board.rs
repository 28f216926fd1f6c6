//! A board one writer posts signals on for thousands of readers, and a reader's
//! subscription to it: a ticker's frames for its streams, the shutdown for every connection.
//!
//! Built for readers that are polled far more often than anything is posted, and all wake
//! at the same instant when it is. A reader puts its waker on the board once, when it first
//! waits, and it stays there until the reader is dropped; a post wakes every waker on the
//! board in one pass. So a poll with nothing new costs a reader one atomic load and a
//! comparison, and a post one wake and one read of the latest signal: no registration per
//! wait, no future to rebuild, no list to relink (what `tokio::sync::watch` does per
//! receiver per change, measured in BENCHMARKS.md).

use std::{
    sync::{
        atomic::{AtomicU64, AtomicUsize, Ordering},
        Arc, Mutex, MutexGuard,
    },
    task::{Context, Poll, Waker},
};

use slab::Slab;

/// The latest signal and the wakers of the streams that read it.
pub struct Board<T> {
    /// How many signals have been posted: a reader compares it with the count it last saw
    /// without taking a lock.
    posted: AtomicU64,
    /// The latest signal and its number (the count when it was posted).
    latest: Mutex<(u64, T)>,
    /// Every subscription that has waited, by its key.
    wakers: Mutex<Slab<Waker>>,
    /// How many subscriptions are alive, waiting or not.
    subscribers: AtomicUsize,
}

impl<T: Clone> Board<T> {
    /// A board whose latest signal is `initial`, numbered 0.
    pub fn new(initial: T) -> Arc<Board<T>> {
        Arc::new(Board {
            posted: AtomicU64::new(0),
            latest: Mutex::new((0, initial)),
            wakers: Mutex::new(Slab::new()),
            subscribers: AtomicUsize::new(0),
        })
    }

    /// Makes `signal` the latest and wakes every subscription.
    pub fn post(&self, signal: T) {
        {
            let mut latest = lock(&self.latest);
            latest.0 += 1;
            latest.1 = signal;
            self.posted.store(latest.0, Ordering::Release);
        }
        // After the count: a subscription that put its waker on the board after this pass
        // read the count after putting it there, and sees the new one.
        for (_, waker) in lock(&self.wakers).iter() {
            waker.wake_by_ref();
        }
    }

    /// A subscription that has seen every signal posted so far.
    pub fn subscribe(self: &Arc<Self>) -> Subscription<T> {
        self.subscribers.fetch_add(1, Ordering::Relaxed);
        Subscription {
            board: Arc::clone(self),
            seen: self.posted.load(Ordering::Acquire),
            waiting: None,
        }
    }

    /// How many subscriptions to this board are alive, waiting or not.
    pub fn subscribers(&self) -> usize {
        self.subscribers.load(Ordering::Acquire)
    }

    /// How many subscriptions have a waker on the board.
    #[cfg(test)]
    fn waiting(&self) -> usize {
        lock(&self.wakers).len()
    }
}

/// One reader's place on a [`Board`]: which signal it saw last, and where its waker is.
pub struct Subscription<T> {
    board: Arc<Board<T>>,
    /// The number of the last signal this subscription read.
    seen: u64,
    /// Its waker's key on the board, and a copy of the waker to tell a new one by.
    waiting: Option<(usize, Waker)>,
}

impl<T: Clone> Subscription<T> {
    /// The latest signal once one is posted that this subscription has not read; a reader
    /// that falls behind gets the newest, never a backlog.
    pub fn poll_next(&mut self, cx: &mut Context<'_>) -> Poll<T> {
        if let Some(signal) = self.take_new() {
            return Poll::Ready(signal);
        }
        self.wait_with(cx.waker());
        // Posted between the first look and the waker reaching the board: seen now.
        match self.take_new() {
            Some(signal) => Poll::Ready(signal),
            None => Poll::Pending,
        }
    }

    fn take_new(&mut self) -> Option<T> {
        if self.board.posted.load(Ordering::Acquire) == self.seen {
            return None;
        }
        let latest = lock(&self.board.latest);
        self.seen = latest.0;
        Some(latest.1.clone())
    }

    /// Puts `waker` on the board, unless it is already there (a task's waker stays the
    /// same from poll to poll, so this is a comparison, not a lock, after the first wait).
    fn wait_with(&mut self, waker: &Waker) {
        match &mut self.waiting {
            Some((_, current)) if current.will_wake(waker) => {}
            Some((key, current)) => {
                current.clone_from(waker);
                lock(&self.board.wakers)[*key] = waker.clone();
            }
            None => {
                let key = lock(&self.board.wakers).insert(waker.clone());
                self.waiting = Some((key, waker.clone()));
            }
        }
    }
}

impl<T> Drop for Subscription<T> {
    fn drop(&mut self) {
        if let Some((key, _)) = self.waiting.take() {
            lock(&self.board.wakers).remove(key);
        }
        self.board.subscribers.fetch_sub(1, Ordering::Release);
    }
}

/// A std mutex's guard, through a panic elsewhere: the board's data is whole after every
/// statement, so a poisoned lock holds nothing half-written.
fn lock<V>(mutex: &Mutex<V>) -> MutexGuard<'_, V> {
    mutex.lock().unwrap_or_else(|poison| poison.into_inner())
}

#[cfg(test)]
mod tests {
    use std::{future::poll_fn, task::Wake};

    use super::*;

    /// A waker that counts its wakes.
    struct Counter(AtomicUsize);

    impl Wake for Counter {
        fn wake(self: Arc<Self>) {
            self.0.fetch_add(1, Ordering::Relaxed);
        }
    }

    fn counting_waker() -> (Arc<Counter>, Waker) {
        let counter = Arc::new(Counter(AtomicUsize::new(0)));
        (Arc::clone(&counter), Waker::from(counter))
    }

    #[test]
    fn a_subscription_reads_only_what_was_posted_after_it() {
        let board = Board::new(0);
        board.post(1);
        let mut reader = board.subscribe();
        let (_, waker) = counting_waker();
        let mut cx = Context::from_waker(&waker);
        assert_eq!(reader.poll_next(&mut cx), Poll::Pending);
        board.post(2);
        assert_eq!(reader.poll_next(&mut cx), Poll::Ready(2));
        assert_eq!(reader.poll_next(&mut cx), Poll::Pending);
    }

    #[test]
    fn a_reader_behind_gets_the_latest_only() {
        let board = Board::new(0);
        let mut reader = board.subscribe();
        for signal in 1..=5 {
            board.post(signal);
        }
        let (_, waker) = counting_waker();
        let mut cx = Context::from_waker(&waker);
        assert_eq!(reader.poll_next(&mut cx), Poll::Ready(5));
        assert_eq!(reader.poll_next(&mut cx), Poll::Pending);
    }

    #[test]
    fn a_waker_goes_on_the_board_once_and_is_woken_by_every_post() {
        let board = Board::new(0);
        let mut reader = board.subscribe();
        let (wakes, waker) = counting_waker();
        let mut cx = Context::from_waker(&waker);
        for signal in 1..=3 {
            assert_eq!(reader.poll_next(&mut cx), Poll::Pending);
            assert_eq!(board.waiting(), 1, "one place, however often it waits");
            board.post(signal);
            assert_eq!(wakes.0.load(Ordering::Relaxed), signal as usize);
            assert_eq!(reader.poll_next(&mut cx), Poll::Ready(signal));
        }
    }

    #[test]
    fn a_new_waker_replaces_the_old_one() {
        let board = Board::new(0);
        let mut reader = board.subscribe();
        let (first_wakes, first) = counting_waker();
        let (second_wakes, second) = counting_waker();
        assert!(reader
            .poll_next(&mut Context::from_waker(&first))
            .is_pending());
        assert!(reader
            .poll_next(&mut Context::from_waker(&second))
            .is_pending());
        board.post(1);
        assert_eq!(first_wakes.0.load(Ordering::Relaxed), 0);
        assert_eq!(second_wakes.0.load(Ordering::Relaxed), 1);
        assert_eq!(board.waiting(), 1);
    }

    #[test]
    fn a_dropped_subscription_leaves_the_board() {
        let board = Board::new(0);
        let (_, waker) = counting_waker();
        let mut readers: Vec<_> = (0..3).map(|_| board.subscribe()).collect();
        for reader in &mut readers {
            assert!(reader
                .poll_next(&mut Context::from_waker(&waker))
                .is_pending());
        }
        assert_eq!(board.waiting(), 3);
        let _quiet = board.subscribe();
        assert_eq!(board.subscribers(), 4, "waiting or not");
        readers.truncate(1);
        assert_eq!(board.waiting(), 1);
        drop(readers);
        assert_eq!(board.waiting(), 0);
        assert_eq!(board.subscribers(), 1, "the quiet one");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn readers_on_other_threads_see_every_post_they_wait_for() {
        // Each reader waits for the post after the one it read; the writer posts only when
        // every reader has read the last one. A lost wake-up would hang the test.
        let board = Board::new(0u64);
        let read = Arc::new(AtomicU64::new(0));
        let readers: Vec<_> = (0..8)
            .map(|_| {
                let mut subscription = board.subscribe();
                let read = Arc::clone(&read);
                tokio::spawn(async move {
                    for expected in 1..=200u64 {
                        let signal = poll_fn(|cx| subscription.poll_next(cx)).await;
                        assert_eq!(signal, expected);
                        read.fetch_add(1, Ordering::AcqRel);
                    }
                })
            })
            .collect();
        for signal in 1..=200u64 {
            board.post(signal);
            while read.load(Ordering::Acquire) < signal * 8 {
                tokio::task::yield_now().await;
            }
        }
        for reader in readers {
            tokio::time::timeout(std::time::Duration::from_secs(10), reader)
                .await
                .expect("no wake-up is lost")
                .unwrap();
        }
    }
}
