//! Following a transitions report over its `EventSource` (browser only): the typed events
//! go to the page through callbacks, so this module knows nothing of the page.
//!
//! A dropped connection is the browser's to mend: it reconnects by itself, with
//! `Last-Event-ID`, to whichever instance the balancer picks, and that instance continues
//! the report where it was. An answer that is not a stream (`429` when that instance is
//! computing as many reports as it may, `502` while an instance restarts) makes the browser
//! give up; then this module asks the server whether the report's id is still good (a
//! sentence ends it if not) and opens a fresh `EventSource` after a growing delay, a few
//! times. A fresh source starts from the first event again, so events already seen (by id)
//! are skipped. Dropping a [`ReportSource`] closes the stream and cancels its timer.

use std::{cell::RefCell, rc::Rc};

use wasm_bindgen::JsCast;
use web_sys::{EventSource, MessageEvent};

use super::event_source::{backoff_delay_ms, listener, OwnedSource, RetryTimer};
use crate::browser::api;
use crate::model::{
    Messages, ReportEvent, ReportFailed, ReportInfo, COMPLETE_EVENT, FAILED_EVENT, PROGRESS_EVENT,
};

/// Fresh `EventSource`s after the browser gave up, before the report counts as failed.
const MAX_REOPENS: u32 = 5;
/// First delay before a fresh `EventSource`, doubled after each failure.
const FIRST_REOPEN_MS: f64 = 1_000.0;
/// Longest delay before a fresh `EventSource` (the last of the reopens).
const MAX_REOPEN_MS: f64 = 16_000.0;

/// What the page does with a report's stream.
pub struct ReportCallbacks {
    /// The page's words, for what the source says itself (a report the server forgot).
    pub words: &'static Messages,
    /// Each new event, in order; the last is `Complete` or `Failed`.
    pub on_event: Box<dyn Fn(ReportEvent)>,
    /// The stream could not be had; a fresh one is tried (this is try `n` of
    /// [`MAX_REOPENS`]).
    pub on_reopen: Box<dyn Fn(u32)>,
}

/// The stream of one report; closed when dropped.
pub struct ReportSource {
    shared: Rc<Shared>,
}

struct Shared {
    report: ReportInfo,
    callbacks: ReportCallbacks,
    state: RefCell<State>,
}

#[derive(Default)]
struct State {
    /// The open `EventSource` and its listeners.
    source: OwnedSource,
    /// The highest event id handed to the page.
    last_id: u64,
    /// Fresh sources opened since the last event.
    reopens: u32,
    timer: RetryTimer,
    /// The final event came, or the page dropped the source.
    stopped: bool,
}

impl ReportSource {
    /// Follows `report`, handing what it says to `callbacks`.
    pub fn open(report: ReportInfo, callbacks: ReportCallbacks) -> ReportSource {
        let shared = Rc::new(Shared {
            report,
            callbacks,
            state: RefCell::new(State::default()),
        });
        connect(&shared);
        ReportSource { shared }
    }
}

impl Drop for ReportSource {
    fn drop(&mut self) {
        let mut state = self.shared.state.borrow_mut();
        state.stopped = true;
        state.source.close();
        state.timer.cancel();
    }
}

/// Opens an `EventSource` on the report's events and wires its listeners.
fn connect(shared: &Rc<Shared>) {
    let mut state = shared.state.borrow_mut();
    if state.stopped {
        return;
    }
    state.source.reset();
    state.timer.fired();
    let Ok(source) = EventSource::new(&shared.report.events) else {
        drop(state);
        reopen_later(shared);
        return;
    };
    let weak = Rc::downgrade(shared);
    let on_message = listener(&weak, |shared, event| {
        let Some(message) = event.dyn_ref::<MessageEvent>() else {
            return;
        };
        let id = message.last_event_id().parse::<u64>().unwrap_or(0);
        let data = message.data().as_string().unwrap_or_default();
        let Some(report_event) = ReportEvent::parse(&event.type_(), &data) else {
            return;
        };
        {
            let mut state = shared.state.borrow_mut();
            if state.stopped || id <= state.last_id {
                return; // seen before a fresh source began again from the start
            }
            state.last_id = id;
            state.reopens = 0;
            if report_event.is_final() {
                state.stopped = true;
                state.source.close();
            }
        }
        (shared.callbacks.on_event)(report_event);
    });
    for name in [PROGRESS_EVENT, COMPLETE_EVENT, FAILED_EVENT] {
        let _ = source.add_event_listener_with_callback(name, on_message.as_ref().unchecked_ref());
    }
    let on_error = listener(&weak, |shared, _| {
        let closed = shared
            .state
            .borrow()
            .source
            .source()
            .is_some_and(|source| source.ready_state() == EventSource::CLOSED);
        // CONNECTING: the browser reconnects by itself, with Last-Event-ID.
        if closed {
            shared.state.borrow_mut().source.close();
            check_then_reopen(shared);
        }
    });
    source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    state.source.install(source, vec![on_message, on_error]);
}

/// The browser gave up on the stream: end with the server's sentence if the report's id is
/// no good any more, or try a fresh source later.
fn check_then_reopen(shared: &Rc<Shared>) {
    let weak = Rc::downgrade(shared);
    let id = shared.report.id.clone();
    let words = shared.callbacks.words;
    leptos::task::spawn_local(async move {
        let verdict = api::check_report(&id, words).await;
        let Some(shared) = weak.upgrade() else {
            return;
        };
        match verdict {
            Ok(()) => reopen_later(&shared),
            Err(sentence) => fail(&shared, sentence),
        }
    });
}

/// Opens a fresh source after a growing delay with jitter, or ends after too many.
fn reopen_later(shared: &Rc<Shared>) {
    let mut state = shared.state.borrow_mut();
    if state.stopped {
        return;
    }
    state.reopens += 1;
    if state.reopens > MAX_REOPENS {
        drop(state);
        fail(
            shared,
            "the server did not stream the report (it may be busy); try again in a minute"
                .to_owned(),
        );
        return;
    }
    let delay = backoff_delay_ms(state.reopens, FIRST_REOPEN_MS, MAX_REOPEN_MS);
    let weak = Rc::downgrade(shared);
    state.timer.start(delay, move || {
        if let Some(shared) = weak.upgrade() {
            connect(&shared);
        }
    });
    let attempt = state.reopens;
    drop(state);
    (shared.callbacks.on_reopen)(attempt);
}

fn fail(shared: &Rc<Shared>, error: String) {
    {
        let mut state = shared.state.borrow_mut();
        if state.stopped {
            return;
        }
        state.stopped = true;
        state.source.close();
    }
    (shared.callbacks.on_event)(ReportEvent::Failed(ReportFailed { error }));
}
