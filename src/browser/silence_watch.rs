//! A listening tab's watch on the tab that holds the shared stream, where Web Locks elect it.
//! A holder the browser froze (a background tab, Page Lifecycle's `frozen`) keeps its lock
//! while its stream delivers nothing, so nobody would take over and every tab would stop
//! ticking; releasing the lock on `freeze` does not help, as a frozen page never settles the
//! lock's promise.
//!
//! So a visible listener that has heard nothing from the holder for the stream's interval and
//! a margin asks it, with a ping on the channel, whether it runs. A holder that is only
//! hidden (its timers throttled) or slow answers from its message handler that it does. A
//! frozen one answers nothing, or (Chromium still delivers channel messages to a frozen
//! page, whose network events wait) that it is frozen, which it heard from its `freeze`
//! event: the listener then takes the lock, at once on that answer, after [`ANSWER_MS`]
//! without one. A long interval is no silence: the watch waits for the tick the interval
//! says is due. Hidden listeners watch nothing (their timers are throttled, and a hidden tab
//! should not take the stream to itself); the one the visitor looks at does.

use std::{cell::RefCell, rc::Rc};

use super::{device_clock::monotonic_ms, event_source::RetryTimer};

/// How long past the interval a relay may be late before the holder is asked: a tick's
/// relay arrives within milliseconds of its instant, on a loaded machine within some tens.
const LATE_MS: f64 = 250.0;
/// How long a holder has to answer a ping before it is taken to be frozen: a running one,
/// hidden or not, answers from its message handler within milliseconds, a busy one (a tab
/// beside it loading, in the same renderer) within some hundreds.
const ANSWER_MS: f64 = 1_000.0;

/// What the watch does to the channel and the lock.
pub struct WatchHooks {
    /// Asks the holder whether it still runs.
    pub ping: Box<dyn Fn()>,
    /// The holder did not answer: take the lock from it.
    pub take_over: Box<dyn Fn()>,
}

/// The watch; dropping it stops its timer.
pub struct SilenceWatch {
    inner: Rc<Inner>,
}

struct Inner {
    hooks: WatchHooks,
    state: RefCell<State>,
}

#[derive(Default)]
struct State {
    /// The longest the holder may be silent before it is asked: the stream's interval and
    /// [`LATE_MS`]; `None` while not watching.
    silence_ms: Option<f64>,
    /// When the holder was last heard from, on the monotonic clock.
    heard_at: f64,
    /// When this tab asked the holder, if it has not been heard from since.
    pinged_at: Option<f64>,
    timer: RetryTimer,
}

impl SilenceWatch {
    pub fn new(hooks: WatchHooks) -> SilenceWatch {
        SilenceWatch {
            inner: Rc::new(Inner {
                hooks,
                state: RefCell::new(State::default()),
            }),
        }
    }

    /// Watches a holder whose stream ticks every `interval_ms`; `None` stops watching (this
    /// tab holds, hears no shared stream, or the election is not by Web Locks).
    pub fn expect(&self, interval_ms: Option<u64>) {
        let silence_ms = interval_ms.map(|interval| interval as f64 + LATE_MS);
        let changed = {
            let mut state = self.inner.state.borrow_mut();
            let changed = state.silence_ms != silence_ms;
            if changed {
                state.silence_ms = silence_ms;
                state.heard_at = monotonic_ms();
                state.pinged_at = None;
                if silence_ms.is_none() {
                    state.timer.cancel();
                }
            }
            changed
        };
        if changed && silence_ms.is_some() {
            self.inner.arm();
        }
    }

    /// The holder was heard from (a relay, an answer, a notice), or another listener is
    /// asking it: the silence starts again. Called for every relay, so it only notes the time.
    pub fn heard(&self) {
        let mut state = self.inner.state.borrow_mut();
        state.heard_at = monotonic_ms();
        state.pinged_at = None;
    }

    /// The holder answered that it is frozen (it runs its message handler, but its stream's
    /// events wait): if this tab asked, it takes over now.
    pub fn holder_frozen(&self) {
        let asked = self.inner.state.borrow_mut().pinged_at.take().is_some();
        if asked {
            self.inner.state.borrow_mut().heard_at = monotonic_ms();
            (self.inner.hooks.take_over)();
            self.inner.arm();
        }
    }

    /// The tab was shown or hidden: a hidden tab's timer may have been put off by the
    /// browser, so the watch looks again now.
    pub fn visibility_changed(&self) {
        if self.inner.state.borrow().silence_ms.is_some() {
            self.inner.arm();
        }
    }
}

impl Inner {
    /// Looks at the silence when it would next matter.
    fn arm(self: &Rc<Self>) {
        let delay = {
            let state = self.state.borrow();
            let Some(silence_ms) = state.silence_ms else {
                return;
            };
            let now = monotonic_ms();
            match state.pinged_at {
                Some(pinged_at) => pinged_at + ANSWER_MS - now,
                None => state.heard_at + silence_ms - now,
            }
        };
        let weak = Rc::downgrade(self);
        self.state
            .borrow_mut()
            .timer
            .start(delay.max(0.0), move || {
                if let Some(inner) = weak.upgrade() {
                    inner.state.borrow_mut().timer.fired();
                    inner.look();
                }
            });
    }

    /// The timer fired: the holder was heard in time (look later), or it is asked, or it
    /// did not answer and is replaced.
    fn look(self: &Rc<Self>) {
        enum Next {
            Later,
            Ask,
            Replace,
            /// Hidden: nothing until the tab is shown again.
            Sleep,
        }
        let next = {
            let mut state = self.state.borrow_mut();
            let Some(silence_ms) = state.silence_ms else {
                return;
            };
            let now = monotonic_ms();
            let visible = web_sys::window()
                .and_then(|window| window.document())
                .is_some_and(|document| !document.hidden());
            match state.pinged_at {
                _ if !visible => {
                    state.pinged_at = None;
                    Next::Sleep
                }
                None if now - state.heard_at < silence_ms => Next::Later,
                None => {
                    state.pinged_at = Some(now);
                    Next::Ask
                }
                Some(pinged_at) if now - pinged_at < ANSWER_MS => Next::Later,
                Some(_) => {
                    // Whatever happens next (the new holder's roll, a lock that was not
                    // granted), the silence starts again.
                    state.pinged_at = None;
                    state.heard_at = now;
                    Next::Replace
                }
            }
        };
        match next {
            Next::Sleep => return,
            Next::Later => {}
            Next::Ask => (self.hooks.ping)(),
            Next::Replace => (self.hooks.take_over)(),
        }
        self.arm();
    }
}
