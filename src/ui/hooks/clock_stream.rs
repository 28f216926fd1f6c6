//! The page's clock stream, with what it says as signals: where the browser can, the one
//! stream every tab shares (`browser::shared_clock`), told this tab's wish whenever the zones
//! or the interval change; elsewhere one `EventSource` of its own for every shown zone,
//! closed and opened anew on a change. A tick touches only what it changes: its zone's
//! clock, the status when the status changed, and the inspector only while it is open; a
//! tick already shown (a handoff between holders can resend one) is dropped. While a moment
//! is planned the tab wants nothing.

use std::collections::HashSet;

use leptos::prelude::*;

use super::{
    inspector_feed::{InspectorFeed, RawData},
    zone_clocks::ZoneClocks,
};
use crate::model::{stream_url, tick_belongs, ClockUpdate, ConnectionStatus, StreamRole};

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
    /// Whether this tab holds the browser's shared stream, listens to it, or has its own.
    pub role: Signal<StreamRole>,
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
    let shown_url = RwSignal::new(url.get_untracked());
    let role = RwSignal::new(StreamRole::Own);
    // What the stream says goes where it changes something: a tick to its zone's clock (once:
    // a tick no later than the one shown is dropped), a raw event to the inspector's buffer,
    // the status to the badge only when it differs (the source says `live` at every event).
    let ticked = StoredValue::new(HashSet::<String>::new());
    let routes = Routes {
        on_update: move |update: ClockUpdate| {
            let first = !ticked.with_value(|ticked| ticked.contains(&update.zone));
            let shows = clocks.of(&update.zone).with_untracked(|shown| {
                shows_tick(shown.as_ref(), &update, first, interval_ms.get_untracked())
            });
            if shows {
                // The first tick shown bears out an estimate of the device's clock kept from
                // an earlier visit, or shows the clock was set since.
                #[cfg(feature = "hydrate")]
                crate::browser::device_clock::witness_tick(update.epoch_ms);
                if first {
                    ticked.update_value(|ticked| {
                        ticked.insert(update.zone.clone());
                    });
                }
                clocks.record(update);
            }
        },
        on_raw_event: move |id, event, data| inspector.push(id, event, RawData::Text(data)),
        on_status: move |new_status| {
            if status.get_untracked() != new_status {
                status.set(new_status);
            }
        },
        on_view: move |new_url: String, new_role: StreamRole| {
            if shown_url.get_untracked() != new_url {
                shown_url.set(new_url);
            }
            if role.get_untracked() != new_role {
                role.set(new_role);
            }
        },
    };
    let wish = Memo::new(move |_| {
        let zones = if planned.get() {
            Vec::new()
        } else {
            zones.get()
        };
        (zones, interval_ms.get())
    });
    let reconnect = match share(wish, routes.clone(), inspector) {
        Some(reconnect) => reconnect,
        None => {
            // The effect's cleanup closes the old stream before the next run opens the new one.
            Effect::new(move |_| {
                let url = url.get();
                shown_url.set(url.clone());
                reconnects.track();
                if !url.is_empty() {
                    open_until_cleanup(url, routes.clone());
                }
            });
            Callback::new(move |()| reconnects.update(|count| *count += 1))
        }
    };
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
        url: shown_url.into(),
        role: role.into(),
        reconnect,
    }
}

/// Whether the page shows `tick` over the `shown` one: never one no later (a new holder may
/// resend it), and a stream's first tick, on no boundary of the page's interval, only where
/// it fills (the zone's `first` tick from a stream) or the clock is an interval behind: a
/// stream opened anew, by this tab or a new holder, then shows no second twice.
fn shows_tick(
    shown: Option<&ClockUpdate>,
    tick: &ClockUpdate,
    first: bool,
    interval_ms: u64,
) -> bool {
    let Some(shown) = shown else {
        return true;
    };
    let behind = tick.epoch_ms - shown.epoch_ms;
    behind > 0
        && (first
            || tick_belongs(tick.epoch_ms, interval_ms)
            || u64::try_from(behind).is_ok_and(|behind| behind >= interval_ms))
}

/// Where each kind of news from the stream goes.
#[derive(Clone)]
struct Routes<U, R, S, V> {
    /// A tick of one zone.
    on_update: U,
    /// Any event, raw: last event id, type, data.
    on_raw_event: R,
    /// The connection's state, as the source sees it.
    on_status: S,
    /// The URL of the stream serving the page, and how the page reaches it.
    on_view: V,
}

/// Joins the browser's shared stream (in the browser, where it can) and tells it `wish`
/// whenever it changes; leaves when the current reactive owner is cleaned up. The callback
/// opens the stream again after it ended; `None` where the tab keeps its own stream. Events
/// another tab relays go to `inspector` with their data left in JavaScript.
fn share<U, R, S, V>(
    wish: Memo<(Vec<String>, u64)>,
    routes: Routes<U, R, S, V>,
    inspector: InspectorFeed,
) -> Option<Callback<()>>
where
    U: Fn(ClockUpdate) + 'static,
    R: Fn(String, String, String) + 'static,
    S: Fn(ConnectionStatus) + 'static,
    V: Fn(String, StreamRole) + 'static,
{
    #[cfg(feature = "hydrate")]
    {
        use crate::browser::shared_clock::{PageCallbacks, SharedClock};
        use send_wrapper::SendWrapper;
        use std::rc::Rc;
        let shared = SharedClock::join(PageCallbacks {
            on_update: Box::new(routes.on_update),
            on_raw_event: Box::new(routes.on_raw_event),
            on_relayed_raw_event: Box::new(move |id, event, data| {
                inspector.push(id, event, RawData::Js(SendWrapper::new(data)));
            }),
            on_status: Box::new(routes.on_status),
            on_view: Box::new(routes.on_view),
        })?;
        let shared = SendWrapper::new(Rc::new(shared));
        let told = shared.clone();
        Effect::new(move |_| {
            let (zones, interval_ms) = wish.get();
            told.want(zones, interval_ms);
        });
        let reconnecting = shared.clone();
        on_cleanup(move || drop(shared));
        Some(Callback::new(move |()| reconnecting.reconnect()))
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (wish, routes, inspector);
        None
    }
}

/// Opens `url` (in the browser; nothing on the server) and closes it when the current
/// reactive owner is cleaned up.
fn open_until_cleanup<U, R, S, V>(url: String, routes: Routes<U, R, S, V>)
where
    U: Fn(ClockUpdate) + 'static,
    R: Fn(String, String, String) + 'static,
    S: Fn(ConnectionStatus) + 'static,
{
    #[cfg(feature = "hydrate")]
    {
        use crate::browser::clock_source::{Callbacks, ClockSource};
        let (on_update, on_raw_event) = (routes.on_update, routes.on_raw_event);
        let source = ClockSource::open(
            url,
            Callbacks {
                on_event: Box::new(move |wire, update| {
                    on_raw_event(wire.id, wire.event.to_owned(), wire.data);
                    if let Some(update) = update {
                        on_update(update);
                    }
                }),
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
            on_view,
        } = routes;
        let _ = (url, on_update, on_raw_event, on_status, on_view);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tick(epoch_ms: i64) -> ClockUpdate {
        ClockUpdate {
            id: 1,
            zone: "Asia/Seoul".into(),
            city: "Seoul".into(),
            date_time: String::new(),
            utc_offset: "+09:00".into(),
            abbreviation: "KST".into(),
            epoch_ms,
        }
    }

    #[test]
    fn a_tick_is_shown_once_and_a_reopened_streams_first_only_where_it_fills() {
        let shown = tick(1_795_248_235_000);
        // Nothing shown yet: any tick fills.
        assert!(shows_tick(None, &tick(1_795_248_235_700), false, 1000));
        // The same tick again, or an older one: never.
        assert!(!shows_tick(Some(&shown), &shown, true, 1000));
        assert!(!shows_tick(
            Some(&shown),
            &tick(1_795_248_234_000),
            false,
            1000
        ));
        // The next boundary tick.
        assert!(shows_tick(
            Some(&shown),
            &tick(1_795_248_236_000),
            false,
            1000
        ));
        // A reopened stream's first tick in the same second: not shown.
        assert!(!shows_tick(
            Some(&shown),
            &tick(1_795_248_235_700),
            false,
            1000
        ));
        // ...unless the clock is an interval behind, or it is the zone's first from a stream.
        assert!(shows_tick(
            Some(&shown),
            &tick(1_795_248_236_200),
            false,
            1000
        ));
        assert!(shows_tick(
            Some(&shown),
            &tick(1_795_248_235_700),
            true,
            1000
        ));
        // A tab on 5 s skips the 1 s ticks between its own.
        assert!(!shows_tick(
            Some(&shown),
            &tick(1_795_248_236_000),
            false,
            5000
        ));
        assert!(shows_tick(
            Some(&shown),
            &tick(1_795_248_240_000),
            false,
            5000
        ));
    }
}
