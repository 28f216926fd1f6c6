//! The world-clock page: the cities and interval from the URL, cards rendered by the server
//! at request time, then kept live by one `EventSource` per tab for all the cities at once.

use std::collections::HashMap;

use leptos::{prelude::*, server::SharedValue};

use crate::{
    model::{
        next_change_text, partition_names, seconds_text, stream_url, ClockSnapshot, ClockUpdate,
        ConnectionStatus, HourCycle, RawEvent, Selection, Transition, ZoneSummary,
    },
    ui::{
        components::{
            CityCard, CityPicker, ConnectionStatusBadge, HourCycleToggle, IntervalSelect,
            StreamInspector, UnknownCitiesAlert,
        },
        location::use_location,
    },
};

/// The page at `/`.
#[component]
pub fn HomePage() -> impl IntoView {
    let location = use_location();
    let selection = Memo::new(move |_| {
        let url = location.url();
        Selection::from_query(url.param("cities").as_deref(), url.param("sec").as_deref())
    });
    let interval_ms = Signal::derive(move || selection.with(|selection| selection.interval_ms));

    // Browser-only facts arrive after hydration, so the first render matches the server's.
    let hydrated = RwSignal::new(false);
    let visitor_zone = RwSignal::new(None::<String>);
    let hour_cycle = RwSignal::new(HourCycle::H24);
    let zone_list = RwSignal::new(Vec::<ZoneSummary>::new());
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        {
            use crate::browser::{preferences, visitor};
            hydrated.set(true);
            visitor_zone.set(visitor::zone_name());
            if let Some(cycle) = preferences::hour_cycle() {
                hour_cycle.set(cycle);
            }
            leptos::task::spawn_local(async move {
                if let Some(zones) = crate::browser::api::zone_list().await {
                    zone_list.set(zones);
                }
            });
        }
    });
    Effect::watch(
        move || hour_cycle.get(),
        move |_cycle, previous, _| {
            #[cfg(feature = "hydrate")]
            if previous.is_some() {
                crate::browser::preferences::remember_hour_cycle(*_cycle);
            }
            let _ = previous;
        },
        false,
    );

    // The cities asked for, and which of them are zones: the server's answer for the
    // rendered page (shipped with it for hydration), the zone list's for later changes.
    let wanted = Memo::new(move |_| {
        selection.with(|selection| selection.cities_to_show(visitor_zone.get().as_deref()))
    });
    let rendered = SharedValue::new(move || server_snapshot(&wanted.get_untracked())).into_inner();
    let checked = Memo::new({
        let rendered = rendered.clone();
        move |previous: Option<&(Vec<String>, Vec<String>)>| {
            let wanted = wanted.get();
            if wanted == rendered.asked {
                let zones = rendered
                    .clocks
                    .iter()
                    .map(|clock| clock.zone.clone())
                    .collect();
                return (zones, rendered.unknown.clone());
            }
            zone_list.with(|list| {
                if list.is_empty() {
                    // Not loaded yet: keep what is shown until it is.
                    previous.cloned().unwrap_or_default()
                } else {
                    partition_names(&wanted, list)
                }
            })
        }
    });
    let shown_zones = Memo::new(move |_| checked.with(|(zones, _)| zones.clone()));
    let unknown = Signal::derive(move || checked.with(|(_, unknown)| unknown.clone()));

    // The stream: one EventSource for all shown zones, replaced whenever they or the
    // interval change (the effect's cleanup closes the old one first).
    // Each zone's next clock change: the server's for the rendered zones, fetched for the rest.
    let next_changes = RwSignal::new(
        rendered
            .next_changes
            .iter()
            .map(|change| (change.zone.clone(), change.clone()))
            .collect::<HashMap<String, Transition>>(),
    );
    let asked_next = StoredValue::new(
        rendered
            .clocks
            .iter()
            .map(|clock| clock.zone.clone())
            .collect::<Vec<String>>(),
    );
    Effect::new(move |_| {
        let missing: Vec<String> = shown_zones
            .get()
            .into_iter()
            .filter(|zone| asked_next.with_value(|asked| !asked.contains(zone)))
            .collect();
        if missing.is_empty() {
            return;
        }
        asked_next.update_value(|asked| asked.extend(missing.iter().cloned()));
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            if let Some(found) = crate::browser::api::next_changes(&missing).await {
                next_changes.update(|changes| {
                    for change in found {
                        changes.insert(change.zone.clone(), change);
                    }
                });
            }
        });
    });

    let latest = RwSignal::new(
        rendered
            .clocks
            .iter()
            .map(|clock| (clock.zone.clone(), clock.clone()))
            .collect::<HashMap<String, ClockUpdate>>(),
    );
    let status = RwSignal::new(ConnectionStatus::Connecting);
    let raw_events = RwSignal::new(Vec::<RawEvent>::new());
    let reconnects = RwSignal::new(0u32);
    let stream_key = Memo::new(move |_| (shown_zones.get(), interval_ms.get()));
    let current_stream_url = Memo::new(move |_| {
        stream_key.with(|(zones, interval)| {
            if zones.is_empty() {
                String::new()
            } else {
                stream_url(zones, *interval)
            }
        })
    });
    Effect::new(move |_| {
        let url = current_stream_url.get();
        reconnects.track();
        #[cfg(feature = "hydrate")]
        if !url.is_empty() {
            let source = open_stream(url, latest, status, raw_events);
            let source = send_wrapper::SendWrapper::new(source);
            on_cleanup(move || drop(source));
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (url, latest, raw_events);
    });

    // Changing the selection means a new URL: shareable, and back/forward restore it.
    let go = Callback::new(move |(cities, interval): (Option<Vec<String>>, u64)| {
        let url = match cities {
            Some(cities) => Selection::url(&cities, interval),
            None => format!("/?sec={}", seconds_text(interval)),
        };
        location.navigate(&url);
    });
    let on_add = Callback::new(move |zone: String| {
        let mut cities = shown_zones.get_untracked();
        cities.push(zone);
        go.run((Some(cities), interval_ms.get_untracked()));
    });
    let on_remove = Callback::new(move |zone: String| {
        let cities = shown_zones
            .get_untracked()
            .into_iter()
            .filter(|z| *z != zone)
            .collect();
        go.run((Some(cities), interval_ms.get_untracked()));
    });
    let on_interval = Callback::new(move |interval: u64| {
        let cities = selection.with_untracked(|selection| {
            selection
                .cities
                .as_ref()
                .map(|_| shown_zones.get_untracked())
        });
        go.run((cities, interval));
    });
    let on_reconnect = Callback::new(move |()| reconnects.update(|count| *count += 1));
    let cities_field = Signal::derive(move || shown_zones.get().join(","));
    let sec_field = Signal::derive(move || seconds_text(interval_ms.get()));

    view! {
        <header class="masthead">
            <div class="masthead__brand">
                <h1 class="masthead__title">"worldclock"</h1>
                <p class="masthead__tagline">"The time around the world, live over Server-Sent Events."</p>
            </div>
            <div class="masthead__controls">
                <ConnectionStatusBadge status=status.into() on_reconnect />
                <HourCycleToggle hour_cycle=hour_cycle.read_only() set_hour_cycle=hour_cycle.write_only() />
            </div>
        </header>
        <main class="page">
            <section class="toolbar" aria-label="Cities and refresh rate">
                <CityPicker zones=zone_list.into() chosen=shown_zones.into() on_add />
                <IntervalSelect interval_ms cities=cities_field on_change=on_interval />
            </section>
            <UnknownCitiesAlert unknown />
            <Show when=move || shown_zones.with(Vec::is_empty)>
                <p class="notice">"No cities on the page. Use “Add city” to pick one."</p>
            </Show>
            <div class="grid">
                <For each=move || shown_zones.get() key=|zone| zone.clone() let:zone>
                    {
                        let update = {
                            let zone = zone.clone();
                            Signal::derive(move || {
                                latest
                                    .with(|latest| latest.get(&zone).cloned())
                                    .unwrap_or_else(|| zone_list.with(|list| placeholder(&zone, list)))
                            })
                        };
                        let next_change = {
                            let zone = zone.clone();
                            Signal::derive(move || {
                                next_changes.with(|changes| changes.get(&zone).map(next_change_text))
                            })
                        };
                        let cities_without = Signal::derive(move || {
                            shown_zones.with(|zones| {
                                zones.iter().filter(|z| **z != zone).cloned().collect::<Vec<_>>().join(",")
                            })
                        });
                        view! {
                            <CityCard
                                update
                                hour_cycle=hour_cycle.into()
                                visitor_known=hydrated.into()
                                cities_without
                                sec=sec_field
                                on_remove
                                next_change
                            />
                        }
                    }
                </For>
            </div>
            <StreamInspector url=current_stream_url.into() events=raw_events.into() />
        </main>
        <footer class="footer">
            <p>
                {move || match visitor_zone.get() {
                    Some(zone) => format!("Your time zone: {zone}. "),
                    None => String::new(),
                }}
                "Times are computed by the server and streamed as Server-Sent Events; "
                <a href="/api/zones">"the zone list"</a>
                " and "
                <a href="/metrics">"the server's metrics"</a>
                " are open too. "
                <a href="/reports">"When do the clocks change?"</a>
            </p>
        </footer>
    }
}

/// The server's snapshot of `names` now; in the browser (a client-side visit to this page
/// that the server did not render) an empty one, filled by the zone list and the stream.
fn server_snapshot(names: &[String]) -> ClockSnapshot {
    #[cfg(feature = "ssr")]
    {
        crate::server::snapshot(names, crate::model::now_epoch_ms())
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = names;
        ClockSnapshot::default()
    }
}

/// A card's content before its zone's first tick arrives: the zone list's offset applied to
/// the browser's clock, so even that first moment shows the right time.
fn placeholder(zone: &str, list: &[ZoneSummary]) -> ClockUpdate {
    let summary = list.iter().find(|summary| summary.zone == zone);
    ClockUpdate {
        id: 0,
        zone: zone.to_owned(),
        city: summary.map_or_else(|| crate::model::city_of_zone(zone), |s| s.city.clone()),
        date_time: String::new(),
        utc_offset: summary.map_or_else(|| "+00:00".to_owned(), |s| s.utc_offset.clone()),
        abbreviation: summary.map_or_else(String::new, |s| s.abbreviation.clone()),
        epoch_ms: crate::model::now_epoch_ms().div_euclid(1000) * 1000,
    }
}

/// Opens the page's stream and routes what it says into the page's signals.
#[cfg(feature = "hydrate")]
fn open_stream(
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
