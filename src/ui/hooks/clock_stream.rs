//! The page's one clock stream: one `EventSource` for every shown zone, closed and opened
//! anew whenever the zones or the interval change, with what it says as signals.

use std::collections::HashMap;

use leptos::prelude::*;

use crate::model::{stream_url, ClockUpdate, ConnectionStatus, RawEvent};

/// What the stream tells the page.
#[derive(Clone, Copy)]
pub struct ClockStream {
    /// The latest tick of each zone (the server's snapshot until the first tick).
    pub latest: Signal<HashMap<String, ClockUpdate>>,
    /// The connection's state.
    pub status: Signal<ConnectionStatus>,
    /// The newest raw events first, for the inspector.
    pub raw_events: Signal<Vec<RawEvent>>,
    /// The stream's URL (empty with no zones).
    pub url: Signal<String>,
    /// Opens the stream again after it has given up.
    pub reconnect: Callback<()>,
}

/// The stream of `zones` at `interval_ms`, starting from the `rendered` clocks.
pub fn use_clock_stream(
    zones: Memo<Vec<String>>,
    interval_ms: Signal<u64>,
    rendered: &[ClockUpdate],
) -> ClockStream {
    let latest = RwSignal::new(
        rendered
            .iter()
            .map(|clock| (clock.zone.clone(), clock.clone()))
            .collect::<HashMap<String, ClockUpdate>>(),
    );
    let status = RwSignal::new(ConnectionStatus::Connecting);
    let raw_events = RwSignal::new(Vec::<RawEvent>::new());
    let reconnects = RwSignal::new(0u32);
    let url = Memo::new(move |_| {
        zones.with(|zones| {
            if zones.is_empty() {
                String::new()
            } else {
                stream_url(zones, interval_ms.get())
            }
        })
    });
    // The effect's cleanup closes the old stream before the next run opens the new one.
    Effect::new(move |_| {
        let url = url.get();
        reconnects.track();
        if !url.is_empty() {
            open_until_cleanup(url, latest, status, raw_events);
        }
    });
    ClockStream {
        latest: latest.into(),
        status: status.into(),
        raw_events: raw_events.into(),
        url: url.into(),
        reconnect: Callback::new(move |()| reconnects.update(|count| *count += 1)),
    }
}

/// Opens `url` (in the browser; nothing on the server) and closes it when the current
/// reactive owner is cleaned up.
fn open_until_cleanup(
    url: String,
    latest: RwSignal<HashMap<String, ClockUpdate>>,
    status: RwSignal<ConnectionStatus>,
    raw_events: RwSignal<Vec<RawEvent>>,
) {
    #[cfg(feature = "hydrate")]
    {
        let source = send_wrapper::SendWrapper::new(open(url, latest, status, raw_events));
        on_cleanup(move || drop(source));
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (url, latest, status, raw_events);
}

/// Opens the stream and routes what it says into the signals.
#[cfg(feature = "hydrate")]
fn open(
    url: String,
    latest: RwSignal<HashMap<String, ClockUpdate>>,
    status: RwSignal<ConnectionStatus>,
    raw_events: RwSignal<Vec<RawEvent>>,
) -> crate::browser::clock_source::ClockSource {
    use crate::browser::clock_source::{Callbacks, ClockSource};
    use crate::model::INSPECTOR_EVENTS;
    let sequence = std::cell::Cell::new(0u64);
    ClockSource::open(
        url,
        Callbacks {
            on_update: Box::new(move |update| {
                latest.update(|latest| {
                    latest.insert(update.zone.clone(), update);
                });
            }),
            on_raw_event: Box::new(move |id, event, data| {
                let seq = sequence.get() + 1;
                sequence.set(seq);
                raw_events.update(|events| {
                    events.insert(
                        0,
                        RawEvent {
                            seq,
                            id,
                            event,
                            data,
                        },
                    );
                    events.truncate(INSPECTOR_EVENTS);
                });
            }),
            on_status: Box::new(move |new_status| {
                if status.get_untracked() != new_status {
                    status.set(new_status);
                }
            }),
        },
    )
}
