//! The stream inspector's feed: the last raw events in a plain bounded buffer, which costs
//! no rendering, and a signal of them that changes only while the inspector is open.

use std::collections::VecDeque;

use leptos::prelude::*;

use crate::model::{RawEvent, INSPECTOR_EVENTS};

/// The last [`INSPECTOR_EVENTS`] raw events, and what the inspector shows of them.
#[derive(Clone, Copy)]
pub struct InspectorFeed {
    /// Every event lands here; nothing reactive reads it.
    recent: StoredValue<RecentEvents>,
    /// Whether the inspector is open, and so whether `shown` follows the events.
    open: StoredValue<bool>,
    /// The events the open inspector shows, newest first; empty while it is closed.
    shown: RwSignal<Vec<RawEvent>>,
}

impl InspectorFeed {
    /// An empty feed, closed.
    pub fn new() -> Self {
        InspectorFeed {
            recent: StoredValue::new(RecentEvents::default()),
            open: StoredValue::new(false),
            shown: RwSignal::new(Vec::new()),
        }
    }

    /// Keeps an event as it came off the wire; the open inspector shows it at once.
    pub fn push(&self, id: String, event: String, data: String) {
        self.recent
            .update_value(|recent| recent.push(id, event, data));
        if self.open.get_value() {
            self.show_recent();
        }
    }

    /// The inspector opened or closed: it shows the events kept so far, or lets them go
    /// from the page.
    pub fn set_open(&self, open: bool) {
        self.open.set_value(open);
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
            .set(self.recent.with_value(|recent| recent.newest_first()));
    }
}

/// A ring of the last [`INSPECTOR_EVENTS`] events, numbered in arrival order.
#[derive(Default)]
struct RecentEvents {
    /// Oldest at the front.
    events: VecDeque<RawEvent>,
    /// The number the last event got.
    last_seq: u64,
}

impl RecentEvents {
    fn push(&mut self, id: String, event: String, data: String) {
        self.last_seq += 1;
        if self.events.len() == INSPECTOR_EVENTS {
            self.events.pop_front();
        }
        self.events.push_back(RawEvent {
            seq: self.last_seq,
            id,
            event,
            data,
        });
    }

    fn newest_first(&self) -> Vec<RawEvent> {
        self.events.iter().rev().cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn push_numbered(feed: &InspectorFeed, from: u64, to: u64) {
        for n in from..=to {
            feed.push(n.to_string(), "UPDATE".into(), format!("{{\"id\":{n}}}"));
        }
    }

    fn ids(events: &[RawEvent]) -> Vec<String> {
        events.iter().map(|event| event.id.clone()).collect()
    }

    #[test]
    fn the_buffer_keeps_the_last_events_newest_first() {
        let mut recent = RecentEvents::default();
        for n in 1..=INSPECTOR_EVENTS as u64 + 5 {
            recent.push(n.to_string(), "UPDATE".into(), String::new());
        }
        let events = recent.newest_first();
        assert_eq!(events.len(), INSPECTOR_EVENTS);
        assert_eq!(events[0].seq, INSPECTOR_EVENTS as u64 + 5);
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
    }
}
