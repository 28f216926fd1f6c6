//! The page's one `EventSource`, the status the visitor sees, and the page's own retry.
//!
//! The browser reconnects by itself after a dropped stream (status `reconnecting`, and its
//! `Last-Event-ID` resumes the count). It gives up for good after an answer that is not a
//! `200` event stream — a `503` over the cap, say. For those the page retries itself, with
//! capped exponential backoff and jitter, so a crowd of tabs does not return in lockstep;
//! after [`MAX_PAGE_RETRIES`] it stops and shows `ended`, with a button to try again.
//! Dropping a [`ClockSource`] closes the stream and cancels every timer and listener.

use std::{cell::RefCell, rc::Rc};

use wasm_bindgen::JsCast;
use web_sys::{EventSource, MessageEvent};

use super::event_source::{backoff_delay_ms, listener, Listener, OwnedSource, RetryTimer};
use crate::model::{ClockUpdate, ConnectionStatus, FromJson, END_EVENT, UPDATE_EVENT};

/// Page-level retries after the browser has given up, before showing `ended`.
pub const MAX_PAGE_RETRIES: u32 = 8;
/// First page-level retry delay, doubled after each failure.
const FIRST_RETRY_MS: f64 = 1_000.0;
/// Longest page-level retry delay.
const MAX_RETRY_MS: f64 = 30_000.0;

/// One event as it came off the wire.
pub struct WireEvent {
    /// Its last event id (the tick's number).
    pub id: String,
    /// Its type: [`UPDATE_EVENT`] or [`END_EVENT`].
    pub event: &'static str,
    /// Its data, unparsed.
    pub data: String,
}

/// What the page wants to hear about.
pub struct Callbacks {
    /// Every event, raw, with the tick it carries when it is an update: parsed here, once,
    /// for whoever shows it or relays it.
    pub on_event: Box<dyn Fn(WireEvent, Option<ClockUpdate>)>,
    /// The connection's state changed.
    pub on_status: Box<dyn Fn(ConnectionStatus)>,
}

/// An open clock stream; closed when dropped.
pub struct ClockSource {
    shared: Rc<Shared>,
}

struct Shared {
    url: String,
    callbacks: Callbacks,
    state: RefCell<State>,
}

#[derive(Default)]
struct State {
    /// The open `EventSource` and its listeners.
    source: OwnedSource,
    /// `online` and `offline` listeners on the window.
    window_listeners: Vec<(&'static str, Listener)>,
    retry_timer: RetryTimer,
    failures: u32,
    stopped: bool,
}

impl ClockSource {
    /// Opens `url` and reports through `callbacks`.
    pub fn open(url: String, callbacks: Callbacks) -> ClockSource {
        let shared = Rc::new(Shared {
            url,
            callbacks,
            state: RefCell::new(State::default()),
        });
        watch_network(&shared);
        if navigator_online() {
            connect(&shared);
        } else {
            (shared.callbacks.on_status)(ConnectionStatus::Offline);
        }
        ClockSource { shared }
    }
}

impl Drop for ClockSource {
    fn drop(&mut self) {
        let mut state = self.shared.state.borrow_mut();
        state.stopped = true;
        state.source.close();
        state.retry_timer.cancel();
        if let Some(window) = web_sys::window() {
            for (name, listener) in state.window_listeners.drain(..) {
                let _ = window
                    .remove_event_listener_with_callback(name, listener.as_ref().unchecked_ref());
            }
        }
    }
}

fn navigator_online() -> bool {
    web_sys::window().is_none_or(|window| window.navigator().on_line())
}

/// Opens a fresh `EventSource` and wires its events.
fn connect(shared: &Rc<Shared>) {
    let mut state = shared.state.borrow_mut();
    if state.stopped {
        return;
    }
    state.source.reset();
    state.retry_timer.fired();
    drop(state);
    (shared.callbacks.on_status)(ConnectionStatus::Connecting);
    let mut state = shared.state.borrow_mut();
    let source = match EventSource::new(&shared.url) {
        Ok(source) => source,
        Err(_) => {
            drop(state);
            schedule_retry(shared);
            return;
        }
    };
    let weak = Rc::downgrade(shared);

    let on_open = listener(&weak, |shared, _| {
        shared.state.borrow_mut().failures = 0;
        (shared.callbacks.on_status)(ConnectionStatus::Live);
    });
    source.set_onopen(Some(on_open.as_ref().unchecked_ref()));

    let on_update = listener(&weak, |shared, event| {
        let Some(message) = event.dyn_ref::<MessageEvent>() else {
            return;
        };
        let data = message.data().as_string().unwrap_or_default();
        let update = ClockUpdate::from_json_text(&data);
        let event = WireEvent {
            id: message.last_event_id(),
            event: UPDATE_EVENT,
            data,
        };
        (shared.callbacks.on_event)(event, update);
        (shared.callbacks.on_status)(ConnectionStatus::Live);
    });
    let _ =
        source.add_event_listener_with_callback(UPDATE_EVENT, on_update.as_ref().unchecked_ref());

    let on_end = listener(&weak, |shared, event| {
        if let Some(message) = event.dyn_ref::<MessageEvent>() {
            let event = WireEvent {
                id: message.last_event_id(),
                event: END_EVENT,
                data: message.data().as_string().unwrap_or_default(),
            };
            (shared.callbacks.on_event)(event, None);
        }
        shared.state.borrow_mut().source.close();
        (shared.callbacks.on_status)(ConnectionStatus::Ended);
    });
    let _ = source.add_event_listener_with_callback(END_EVENT, on_end.as_ref().unchecked_ref());

    let on_error = listener(&weak, |shared, _| {
        let ready_state = shared
            .state
            .borrow()
            .source
            .source()
            .map(EventSource::ready_state);
        match ready_state {
            // The browser is reconnecting by itself.
            Some(EventSource::CONNECTING) => {
                let status = if navigator_online() {
                    ConnectionStatus::Reconnecting
                } else {
                    ConnectionStatus::Offline
                };
                (shared.callbacks.on_status)(status);
            }
            // The browser gave up (an answer that was not a 200 event stream).
            Some(EventSource::CLOSED) => schedule_retry(shared),
            _ => {}
        }
    });
    source.set_onerror(Some(on_error.as_ref().unchecked_ref()));

    state
        .source
        .install(source, vec![on_open, on_update, on_end, on_error]);
}

/// Closes the dead source and tries again later, or gives up after too many tries.
fn schedule_retry(shared: &Rc<Shared>) {
    let mut state = shared.state.borrow_mut();
    state.source.close();
    if state.stopped {
        return;
    }
    state.failures += 1;
    if state.failures > MAX_PAGE_RETRIES {
        drop(state);
        (shared.callbacks.on_status)(ConnectionStatus::Ended);
        return;
    }
    let delay = backoff_delay_ms(state.failures, FIRST_RETRY_MS, MAX_RETRY_MS);
    let weak = Rc::downgrade(shared);
    state.retry_timer.start(delay, move || {
        if let Some(shared) = weak.upgrade() {
            connect(&shared);
        }
    });
    drop(state);
    (shared.callbacks.on_status)(ConnectionStatus::Reconnecting);
}

/// Shows `offline` while the browser has no network, and reconnects at once when it returns.
fn watch_network(shared: &Rc<Shared>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let weak = Rc::downgrade(shared);
    let offline = listener(&weak, |shared, _| {
        (shared.callbacks.on_status)(ConnectionStatus::Offline);
    });
    let online = listener(&weak, |shared, _| {
        let needs_connect = {
            let mut state = shared.state.borrow_mut();
            let closed = state
                .source
                .source()
                .is_none_or(|source| source.ready_state() == EventSource::CLOSED);
            if closed {
                state.failures = 0;
            }
            closed
        };
        if needs_connect {
            connect(shared);
        } else {
            (shared.callbacks.on_status)(ConnectionStatus::Reconnecting);
        }
    });
    let mut state = shared.state.borrow_mut();
    for (name, callback) in [("offline", offline), ("online", online)] {
        let _ = window.add_event_listener_with_callback(name, callback.as_ref().unchecked_ref());
        state.window_listeners.push((name, callback));
    }
}
