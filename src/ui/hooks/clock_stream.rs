//! The page's one clock stream: one `EventSource` for every shown zone, closed and opened
//! anew whenever the zones or the interval change, with what it says as signals. A tick
//! touches only what it changes: its zone's clock, the status when the status changed, and
//! the inspector only while it is open. While a moment is planned there is no stream.

use leptos::prelude::*;

use super::{inspector_feed::InspectorFeed, zone_clocks::ZoneClocks};
use crate::model::{stream_url, ClockUpdate, ConnectionStatus};

/// What the stream tells the page.
#[derive(Clone, Copy)]
pub struct ClockStream {
    /// The latest tick of each zone (the server's snapshot until the first tick).
    pub clocks: ZoneClocks,
    /// The connection's state.
    pub status: Signal<ConnectionStatus>,
    /// The raw events, for the inspector.
    pub inspector: InspectorFeed,
    /// The stream's URL (empty with no zones).
    pub url: Signal<String>,
    /// Opens the stream again after it has given up.
    pub reconnect: Callback<()>,
}

/// The stream of `zones` at `interval_ms`, starting from the `rendered` clocks; none while
/// `planned`.
pub fn use_clock_stream(
    zones: Memo<Vec<String>>,
    interval_ms: Signal<u64>,
    planned: Signal<bool>,
    rendered: &[ClockUpdate],
) -> ClockStream {
    let clocks = ZoneClocks::new(rendered);
    let status = RwSignal::new(ConnectionStatus::Connecting);
    let inspector = InspectorFeed::new();
    let reconnects = RwSignal::new(0u32);
    let url = Memo::new(move |_| {
        zones.with(|zones| {
            if zones.is_empty() || planned.get() {
                String::new()
            } else {
                stream_url(zones, interval_ms.get())
            }
        })
    });
    // What the stream says goes where it changes something: a tick to its zone's clock, a
    // raw event to the inspector's buffer, the status to the badge only when it differs
    // (the source says `live` at every event).
    let routes = Routes {
        on_update: move |update| clocks.record(update),
        on_raw_event: move |id, event, data| inspector.push(id, event, data),
        on_status: move |new_status| {
            if status.get_untracked() != new_status {
                status.set(new_status);
            }
        },
    };
    // The effect's cleanup closes the old stream before the next run opens the new one.
    Effect::new(move |_| {
        let url = url.get();
        reconnects.track();
        if !url.is_empty() {
            open_until_cleanup(url, routes.clone());
        }
    });
    ClockStream {
        clocks,
        status: Signal::derive(move || {
            if planned.get() {
                ConnectionStatus::Planned
            } else {
                status.get()
            }
        }),
        inspector,
        url: url.into(),
        reconnect: Callback::new(move |()| reconnects.update(|count| *count += 1)),
    }
}

/// Where each kind of news from the stream goes.
#[derive(Clone)]
struct Routes<U, R, S> {
    /// A tick of one zone.
    on_update: U,
    /// Any event, raw: last event id, type, data.
    on_raw_event: R,
    /// The connection's state, as the source sees it.
    on_status: S,
}

/// Opens `url` (in the browser; nothing on the server) and closes it when the current
/// reactive owner is cleaned up.
fn open_until_cleanup<U, R, S>(url: String, routes: Routes<U, R, S>)
where
    U: Fn(ClockUpdate) + 'static,
    R: Fn(String, String, String) + 'static,
    S: Fn(ConnectionStatus) + 'static,
{
    #[cfg(feature = "hydrate")]
    {
        use crate::browser::clock_source::{Callbacks, ClockSource};
        let source = ClockSource::open(
            url,
            Callbacks {
                on_update: Box::new(routes.on_update),
                on_raw_event: Box::new(routes.on_raw_event),
                on_status: Box::new(routes.on_status),
            },
        );
        let source = send_wrapper::SendWrapper::new(source);
        on_cleanup(move || drop(source));
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let Routes {
            on_update,
            on_raw_event,
            on_status,
        } = routes;
        let _ = (url, on_update, on_raw_event, on_status);
    }
}
