//! What both streams of the page (the clocks and a report) need around the browser's
//! `EventSource`: the open source with the listeners it owns, freed only when that is safe;
//! a retry timer with capped exponential backoff and jitter; and listeners that reach their
//! owner's state only while it lives.

use std::rc::{Rc, Weak};

use wasm_bindgen::{closure::Closure, JsCast};
use web_sys::EventSource;

/// A JS event listener owned by Rust.
pub type Listener = Closure<dyn FnMut(web_sys::Event)>;

/// An `EventSource` and the listeners wired to it.
#[derive(Default)]
pub struct OwnedSource {
    source: Option<EventSource>,
    /// The open source's listeners, kept alive while it is open.
    listeners: Vec<Listener>,
    /// Listeners of closed sources. A listener may close its own source (the last event, an
    /// error), and a closure must not be freed while it runs, so they are freed when the
    /// next source is installed (always from a timer or another listener) or on drop.
    retired: Vec<Listener>,
}

impl OwnedSource {
    /// The open source, if any.
    pub fn source(&self) -> Option<&EventSource> {
        self.source.as_ref()
    }

    /// Closes the source, if open; its listeners are retired, not freed.
    pub fn close(&mut self) {
        if let Some(source) = self.source.take() {
            source.close();
        }
        let listeners = std::mem::take(&mut self.listeners);
        self.retired.extend(listeners);
    }

    /// Closes any open source and frees the retired listeners: call it from a timer or a
    /// listener of another source, never from a listener of the one being closed.
    pub fn reset(&mut self) {
        self.close();
        self.retired.clear();
    }

    /// Keeps `source` open with `listeners` wired to it.
    pub fn install(&mut self, source: EventSource, listeners: Vec<Listener>) {
        self.source = Some(source);
        self.listeners = listeners;
    }
}

/// "Equal jitter" after `failures` failures: between half and all of a ceiling that starts
/// at `first_ms` and doubles each time, up to `max_ms`, so a crowd of tabs does not return
/// in lockstep.
pub fn backoff_delay_ms(failures: u32, first_ms: f64, max_ms: f64) -> f64 {
    let ceiling = (first_ms * 2f64.powi(failures.saturating_sub(1) as i32)).min(max_ms);
    ceiling / 2.0 + js_sys::Math::random() * ceiling / 2.0
}

/// One pending timer; starting another or dropping it cancels the last.
#[derive(Default)]
pub struct RetryTimer(Option<i32>);

impl RetryTimer {
    /// Runs `then` after `delay_ms`, replacing any pending timer.
    pub fn start(&mut self, delay_ms: f64, then: impl FnOnce() + 'static) {
        self.cancel();
        let callback = Closure::once_into_js(then);
        self.0 = web_sys::window().and_then(|window| {
            window
                .set_timeout_with_callback_and_timeout_and_arguments_0(
                    callback.unchecked_ref(),
                    delay_ms as i32,
                )
                .ok()
        });
    }

    /// Forgets the timer that has fired: call it first thing from its callback.
    pub fn fired(&mut self) {
        self.0 = None;
    }

    /// Cancels the pending timer, if any.
    pub fn cancel(&mut self) {
        if let Some(timer) = self.0.take() {
            if let Some(window) = web_sys::window() {
                window.clear_timeout_with_handle(timer);
            }
        }
    }
}

impl Drop for RetryTimer {
    fn drop(&mut self) {
        self.cancel();
    }
}

/// A JS event listener that reaches its owner (`S`) only while the owner lives.
pub fn listener<S: 'static>(
    owner: &Weak<S>,
    handle: impl Fn(&Rc<S>, web_sys::Event) + 'static,
) -> Listener {
    let owner = owner.clone();
    Closure::new(move |event: web_sys::Event| {
        if let Some(owner) = owner.upgrade() {
            handle(&owner, event);
        }
    })
}
