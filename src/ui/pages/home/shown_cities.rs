//! Which cities the page shows: the URL's choice (or the defaults with the visitor's own
//! zone), checked against the zones the server knows, and the ways to change it — each a
//! new URL, so a view is shareable and back and forward restore it.

use leptos::{prelude::*, server::SharedValue};

use crate::{
    model::{partition_names, seconds_text, ClockSnapshot, Selection, ZoneSummary},
    ui::{hooks::Visitor, location::use_location},
};

/// The shown cities and interval, and what changes them.
#[derive(Clone)]
pub struct ShownCities {
    /// The zones shown, in order.
    pub zones: Memo<Vec<String>>,
    /// Names in the URL that are not zones.
    pub unknown: Signal<Vec<String>>,
    /// The refresh interval, in milliseconds.
    pub interval_ms: Signal<u64>,
    /// The server's clocks at request time, shipped with the page for hydration.
    pub rendered: ClockSnapshot,
    /// The `cities` form field: the shown zones, comma-separated.
    pub cities_field: Signal<String>,
    /// Adds a zone.
    pub on_add: Callback<String>,
    /// Removes a zone.
    pub on_remove: Callback<String>,
    /// Changes the interval.
    pub on_interval: Callback<u64>,
}

/// The shown cities of this page.
pub fn use_shown_cities(visitor: Visitor, zone_list: Signal<Vec<ZoneSummary>>) -> ShownCities {
    let location = use_location();
    let selection = Memo::new(move |_| {
        let url = location.url();
        Selection::from_query(url.param("cities").as_deref(), url.param("sec").as_deref())
    });
    let interval_ms = Signal::derive(move || selection.with(|selection| selection.interval_ms));
    let wanted = Memo::new(move |_| {
        selection.with(|selection| selection.cities_to_show(visitor.zone.get().as_deref()))
    });
    // Which wanted names are zones: the server's answer for the rendered page, the zone
    // list's for later changes.
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
    let zones = Memo::new(move |_| checked.with(|(zones, _)| zones.clone()));
    let unknown = Signal::derive(move || checked.with(|(_, unknown)| unknown.clone()));

    let go = Callback::new(move |(cities, interval): (Option<Vec<String>>, u64)| {
        let url = match cities {
            Some(cities) => Selection::url(&cities, interval),
            None => format!("/?sec={}", seconds_text(interval)),
        };
        location.navigate(&url);
    });
    ShownCities {
        zones,
        unknown,
        interval_ms,
        rendered,
        cities_field: Signal::derive(move || zones.get().join(",")),
        on_add: Callback::new(move |zone: String| {
            let mut cities = zones.get_untracked();
            cities.push(zone);
            go.run((Some(cities), interval_ms.get_untracked()));
        }),
        on_remove: Callback::new(move |zone: String| {
            let cities = zones
                .get_untracked()
                .into_iter()
                .filter(|z| *z != zone)
                .collect();
            go.run((Some(cities), interval_ms.get_untracked()));
        }),
        on_interval: Callback::new(move |interval: u64| {
            // The default cities stay the default (and follow the visitor's zone).
            let cities = selection.with_untracked(|selection| {
                selection.cities.as_ref().map(|_| zones.get_untracked())
            });
            go.run((cities, interval));
        }),
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
