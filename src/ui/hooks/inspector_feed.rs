//! The stream inspector's feed: the last raw events kept as their source handed them over,
//! and a signal of them that exists only while the inspector is open. A closed inspector
//! costs a tick one move of each event into a ring: no copy, no formatting, nothing reactive
//! (an event another tab relayed even keeps its data in JavaScript until someone looks).

use std::collections::VecDeque;

use leptos::prelude::*;

use crate::model::{RawEvent, INSPECTOR_EVENTS};

/// An event's data as its source handed it over.
pub enum RawData {
    /// Already a Rust string (the tab's own stream parsed it).
    Text(String),
    /// A string still in JavaScript (relayed by the tab holding the shared stream), copied
    /// into the WASM only if the open inspector shows it.
    #[cfg(feature = "hydrate")]
    Js(send_wrapper::SendWrapper<wasm_bindgen::JsValue>),
}

impl RawData {
    fn text(&self) -> String {
        match self {
            RawData::Text(text) => text.clone(),
            #[cfg(feature = "hydrate")]
            RawData::Js(value) => value.as_string().unwrap_or_default(),
        }
    }
}

/// The last [`INSPECTOR_EVENTS`] raw events, and what the inspector shows of them.
#[derive(Clone, Copy)]
pub struct InspectorFeed {
    /// The kept events and whether the inspector is open: one value, so a push is one
    /// access to it.
    kept: StoredValue<Kept>,
    /// The events the open inspector shows, newest first; empty while it is closed.
    shown: RwSignal<Vec<RawEvent>>,
}

#[derive(Default)]
struct Kept {
    /// Whether the inspector is open, and so whether `shown` follows the events.
    open: bool,
    /// The last events as they came.
    recent: RecentEvents,
}

impl InspectorFeed {
    /// An empty feed, closed.
    pub fn new() -> Self {
        InspectorFeed {
            kept: StoredValue::new(Kept::default()),
            shown: RwSignal::new(Vec::new()),
        }
    }

    /// Keeps an event as it came off the wire; the open inspector shows it at once.
    pub fn push(&self, id: String, event: String, data: RawData) {
        let open = self.kept.try_update_value(|kept| {
            kept.recent.push(id, event, data);
            kept.open
        });
        if open == Some(true) {
            self.show_recent();
        }
    }

    /// The inspector opened or closed: it shows the events kept so far, or lets them go
    /// from the page.
    pub fn set_open(&self, open: bool) {
        self.kept.update_value(|kept| kept.open = open);
        if open {
            self.show_recent();
        } else if self.shown.with_untracked(|shown| !shown.is_empty()) {
            self.shown.set(Vec::new());
        }
    }

    /// What the inspector shows, newest first.
    pub fn shown(&self) -> Signal<Vec<RawEvent>> {
        self.shown.into()
    }

    fn show_recent(&self) {
        self.shown
            .set(self.kept.with_value(|kept| kept.recent.newest_first()));
    }
}

/// One kept event: [`RawEvent`] with its data as it came.
struct KeptEvent {
    seq: u64,
    id: String,
    event: String,
    data: RawData,
}

/// A ring of the last [`INSPECTOR_EVENTS`] events, numbered in arrival order.
#[derive(Default)]
struct RecentEvents {
    /// Oldest at the front.
    events: VecDeque<KeptEvent>,
    /// The number the last event got.
    last_seq: u64,
}

impl RecentEvents {
    fn push(&mut self, id: String, event: String, data: RawData) {
        self.last_seq += 1;
        if self.events.len() == INSPECTOR_EVENTS {
            self.events.pop_front();
        }
        self.events.push_back(KeptEvent {
            seq: self.last_seq,
            id,
            event,
            data,
        });
    }

    fn newest_first(&self) -> Vec<RawEvent> {
        self.events
            .iter()
            .rev()
            .map(|kept| RawEvent {
                seq: kept.seq,
                id: kept.id.clone(),
                event: kept.event.clone(),
                data: kept.data.text(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn push_numbered(feed: &InspectorFeed, from: u64, to: u64) {
        for n in from..=to {
            feed.push(
                n.to_string(),
                "UPDATE".into(),
                RawData::Text(format!("{{\"id\":{n}}}")),
            );
        }
    }

    fn ids(events: &[RawEvent]) -> Vec<String> {
        events.iter().map(|event| event.id.clone()).collect()
    }

    #[test]
    fn the_buffer_keeps_the_last_events_newest_first() {
        let mut recent = RecentEvents::default();
        for n in 1..=INSPECTOR_EVENTS as u64 + 5 {
            recent.push(n.to_string(), "UPDATE".into(), RawData::Text(n.to_string()));
        }
        let events = recent.newest_first();
        assert_eq!(events.len(), INSPECTOR_EVENTS);
        assert_eq!(events[0].seq, INSPECTOR_EVENTS as u64 + 5);
        assert_eq!(events[0].data, (INSPECTOR_EVENTS + 5).to_string());
        assert_eq!(events[INSPECTOR_EVENTS - 1].seq, 6);
    }

    #[test]
    fn a_closed_inspector_shows_nothing_and_an_open_one_follows() {
        let owner = Owner::new();
        owner.set();
        let feed = InspectorFeed::new();
        push_numbered(&feed, 1, 3);
        assert!(
            feed.shown().get_untracked().is_empty(),
            "closed: nothing shown"
        );
        feed.set_open(true);
        assert_eq!(ids(&feed.shown().get_untracked()), ["3", "2", "1"]);
        push_numbered(&feed, 4, 4);
        assert_eq!(ids(&feed.shown().get_untracked()), ["4", "3", "2", "1"]);
        feed.set_open(false);
        push_numbered(&feed, 5, 5);
        assert!(feed.shown().get_untracked().is_empty());
        feed.set_open(true);
        assert_eq!(ids(&feed.shown().get_untracked())[0], "5");
        assert_eq!(feed.shown().get_untracked()[0].data, "{\"id\":5}");
    }
}
