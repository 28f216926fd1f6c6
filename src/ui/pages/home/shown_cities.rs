//! Which cities the page shows: the URL's choice (or the defaults with the visitor's own
//! zone), resolved by the server into labelled cities — at first paint, and later through
//! `GET /api/snapshot` — and the ways to change it, each a new URL, so a view is shareable,
//! survives reload, and back and forward restore it. With `at=` the snapshot is the one at
//! the planned moment, and the cities' clocks are its clocks.

use std::collections::HashMap;

use leptos::{prelude::*, server::SharedValue};

use crate::{
    model::{
        distinct_zones, now_epoch_ms, seconds_text, CityLabel, CityMatch, ClockSnapshot,
        ClockUpdate, Moment, MomentError, Plan, Selection, Transition,
    },
    ui::{hooks::Visitor, location::use_location},
};

/// The shown cities and interval, and what changes them.
#[derive(Clone)]
pub struct ShownCities {
    /// The cities shown, in order, each once.
    pub cities: Memo<Vec<CityLabel>>,
    /// Their distinct zones, in order: what the one stream carries.
    pub zones: Memo<Vec<String>>,
    /// Names in the URL that are neither places nor zones.
    pub unknown: Signal<Vec<String>>,
    /// The refresh interval, in milliseconds.
    pub interval_ms: Signal<u64>,
    /// The planned moment, or `None` for the live clocks.
    pub at: Signal<Option<Moment>>,
    /// An `at` in the URL that names no moment, and why.
    pub bad_at: Signal<Option<(String, MomentError)>>,
    /// The clocks at the planned moment, one per zone, once the snapshot for it is here.
    pub planned_clocks: Memo<Option<Vec<ClockUpdate>>>,
    /// What the page plans with (offsets, working days), once the snapshot for the planned
    /// moment is here.
    pub plan: Memo<Option<Plan>>,
    /// What the hour strips are drawn from: the planned moment's plan, or while live the
    /// plan around now the latest snapshot carried.
    pub strip_plan: Memo<Option<Plan>>,
    /// The page's URL with the same cities and interval at a moment.
    pub url_at: Callback<Moment, String>,
    /// The page's URL with the same cities and interval, live: where "Now" goes.
    pub now_url: Signal<String>,
    /// The server's clocks at request time, shipped with the page for hydration.
    pub rendered: ClockSnapshot,
    /// A clock per zone to show until the stream's first tick: the latest snapshot's, or
    /// one made from a picked city's offset.
    pub first_clocks: Signal<HashMap<String, ClockUpdate>>,
    /// Each zone's next clock change, as the snapshots said.
    pub next_changes: Signal<HashMap<String, Transition>>,
    /// The `cities` form field: the shown cities' keys, comma-separated.
    pub keys_field: Signal<String>,
    /// Adds a city.
    pub on_add: Callback<CityMatch>,
    /// Removes the city with this key.
    pub on_remove: Callback<String>,
    /// Changes the interval.
    pub on_interval: Callback<u64>,
    /// Goes to this URL of the page (a new history entry).
    pub on_go: Callback<String>,
    /// Goes to this URL of the page in place of the current history entry.
    pub on_replace: Callback<String>,
}

/// The shown cities of this page.
pub fn use_shown_cities(visitor: Visitor) -> ShownCities {
    let location = use_location();
    let selection = Memo::new(move |_| {
        let url = location.url();
        Selection::from_query(
            url.param("cities").as_deref(),
            url.param("sec").as_deref(),
            url.param("at").as_deref(),
        )
    });
    let interval_ms = Signal::derive(move || selection.with(|selection| selection.interval_ms));
    let at = Memo::new(move |_| selection.with(|selection| selection.at));
    let wanted = Memo::new(move |_| {
        selection.with(|selection| selection.cities_to_show(visitor.zone.get().as_deref()))
    });
    let rendered =
        SharedValue::new(move || server_snapshot(&wanted.get_untracked(), at.get_untracked()))
            .into_inner();
    let resolved = RwSignal::new(rendered.clone());
    let labels = StoredValue::new(Vec::<CityLabel>::new());
    let first_clocks = RwSignal::new(HashMap::<String, ClockUpdate>::new());
    let next_changes = RwSignal::new(HashMap::<String, Transition>::new());
    let learn = move |snapshot: &ClockSnapshot| {
        labels.update_value(|labels| remember_labels(labels, &snapshot.cities));
        // A planned snapshot's clocks are not now: they never stand in for a live tick.
        if planned_at(snapshot).is_none() {
            first_clocks.update(|clocks| {
                clocks.extend(snapshot.clocks.iter().map(|c| (c.zone.clone(), c.clone())))
            });
        }
        next_changes.update(|changes| {
            changes.extend(
                snapshot
                    .next_changes
                    .iter()
                    .map(|c| (c.zone.clone(), c.clone())),
            )
        });
    };
    learn(&rendered);
    // A URL the last snapshot was not made for is asked of the server; meanwhile the cities
    // already known (picked, or seen before) are shown.
    Effect::new(move |_| {
        let wanted = wanted.get();
        let at = at.get();
        if resolved
            .with_untracked(|resolved| resolved.asked != wanted || planned_at(resolved) != at)
        {
            // A moment the plan already covers is worked out here, without the server.
            let moved = at.and_then(|at| {
                resolved.with_untracked(|resolved| {
                    (resolved.asked == wanted)
                        .then(|| resolved.moved_to(at))
                        .flatten()
                })
            });
            if let Some(moved) = moved {
                resolved.set(moved);
                return;
            }
            fetch_snapshot(
                wanted,
                at,
                Callback::new(move |snapshot: ClockSnapshot| {
                    learn(&snapshot);
                    resolved.set(snapshot);
                }),
            );
        }
    });
    let is_current = move || resolved.with(|resolved| resolved.asked == wanted.get());
    let planned_clocks = Memo::new(move |_| {
        at.get()?;
        resolved.with(|resolved| planned_at(resolved).map(|_| resolved.clocks.clone()))
    });
    let cities = Memo::new(move |_| {
        if is_current() {
            return resolved.with(|resolved| resolved.cities.clone());
        }
        wanted.with(|wanted| labels.with_value(|labels| known_cities(wanted, labels)))
    });
    let zones = Memo::new(move |_| cities.with(|cities| distinct_zones(cities)));
    let unknown = Signal::derive(move || {
        if is_current() {
            resolved.with(|resolved| resolved.unknown.clone())
        } else {
            Vec::new()
        }
    });
    let keys = move || {
        cities.with_untracked(|cities| cities.iter().map(|c| c.key.clone()).collect::<Vec<_>>())
    };
    let go = Callback::new(move |(keys, interval): (Option<Vec<String>>, u64)| {
        location.navigate(&page_url(keys.as_deref(), interval, at.get_untracked()));
    });
    let shown_keys = move || {
        let keys = selection.with(|selection| selection.cities.as_ref().map(|_| ()));
        keys.map(|()| {
            cities.with(|cities| cities.iter().map(|c| c.key.clone()).collect::<Vec<_>>())
        })
    };
    let now_url =
        Signal::derive(move || page_url(shown_keys().as_deref(), interval_ms.get(), None));
    let url_at = Callback::new(move |at: Moment| {
        page_url(
            shown_keys().as_deref(),
            interval_ms.get_untracked(),
            Some(at),
        )
    });
    // While a moment is planned, the plan in hand until the next arrives (or is worked
    // out): as the moment moves, what shows it (the slider, which keeps the focus) stays.
    let plan = Memo::new(move |_| {
        at.get()?;
        resolved.with(|resolved| resolved.plan.clone().filter(|plan| !plan.live))
    });
    let strip_plan = Memo::new(move |_| match at.get() {
        Some(_) => plan.get(),
        None => resolved.with(|resolved| resolved.plan.clone().filter(|plan| plan.live)),
    });
    ShownCities {
        cities,
        zones,
        unknown,
        interval_ms,
        at: at.into(),
        bad_at: Signal::derive(move || selection.with(|selection| selection.bad_at.clone())),
        planned_clocks,
        plan,
        strip_plan,
        url_at,
        now_url,
        rendered,
        first_clocks: first_clocks.into(),
        next_changes: next_changes.into(),
        keys_field: Signal::derive(move || {
            cities.with(|cities| {
                cities
                    .iter()
                    .map(|c| c.key.as_str())
                    .collect::<Vec<_>>()
                    .join(",")
            })
        }),
        on_add: Callback::new(move |found: CityMatch| {
            labels
                .update_value(|labels| remember_labels(labels, std::slice::from_ref(&found.city)));
            first_clocks.update(|clocks| {
                clocks
                    .entry(found.city.zone.clone())
                    .or_insert_with(|| first_clock(&found));
            });
            let mut keys = keys();
            keys.push(found.city.key);
            go.run((Some(keys), interval_ms.get_untracked()));
        }),
        on_remove: Callback::new(move |key: String| {
            let keys = keys().into_iter().filter(|k| *k != key).collect();
            go.run((Some(keys), interval_ms.get_untracked()));
        }),
        on_interval: Callback::new(move |interval: u64| {
            // The default cities stay the default (and follow the visitor's zone).
            let keys =
                selection.with_untracked(|selection| selection.cities.as_ref().map(|_| keys()));
            go.run((keys, interval));
        }),
        on_go: Callback::new(move |url: String| location.navigate(&url)),
        on_replace: Callback::new(move |url: String| location.replace(&url)),
    }
}

/// The moment a snapshot was made for, if it was made for one (not for now).
fn planned_at(snapshot: &ClockSnapshot) -> Option<Moment> {
    snapshot
        .plan
        .as_ref()
        .filter(|plan| !plan.live)
        .map(|plan| plan.at)
}

/// The page's URL: these cities (`None`: the defaults), this interval, this moment.
fn page_url(keys: Option<&[String]>, interval_ms: u64, at: Option<Moment>) -> String {
    match keys {
        Some(keys) => Selection::planned_url(keys, interval_ms, at),
        None => {
            let at = at.map(|at| format!("&at={at}"));
            format!(
                "/?sec={}{}",
                seconds_text(interval_ms),
                at.unwrap_or_default()
            )
        }
    }
}

/// Remembers labels; a page sees a few dozen at most, so a list serves (and keeps the
/// bundle smaller than a map of another type would).
fn remember_labels(labels: &mut Vec<CityLabel>, cities: &[CityLabel]) {
    for city in cities {
        labels.retain(|known| known.key != city.key);
        labels.push(city.clone());
    }
}

/// The cities among `wanted` whose labels are known (by key, in any case: zone names may
/// be written so), in order, each once.
fn known_cities(wanted: &[String], labels: &[CityLabel]) -> Vec<CityLabel> {
    let mut cities: Vec<CityLabel> = Vec::new();
    for name in wanted {
        let name = name.trim();
        if let Some(city) = labels
            .iter()
            .find(|city| city.key.eq_ignore_ascii_case(name))
        {
            if !cities.iter().any(|known| known.key == city.key) {
                cities.push(city.clone());
            }
        }
    }
    cities
}

/// A picked city's clock now, from the offset its suggestion carried.
fn first_clock(found: &CityMatch) -> ClockUpdate {
    ClockUpdate {
        id: 0,
        zone: found.city.zone.clone(),
        city: found.city.name.clone(),
        date_time: String::new(),
        utc_offset: found.utc_offset.clone(),
        abbreviation: found.abbreviation.clone(),
        epoch_ms: now_epoch_ms().div_euclid(1000) * 1000,
    }
}

/// Asks the server for the snapshot of `names` (in the browser; nothing on the server).
fn fetch_snapshot(names: Vec<String>, at: Option<Moment>, on_answer: Callback<ClockSnapshot>) {
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async move {
        if let Some(snapshot) = crate::browser::api::snapshot(&names, at).await {
            on_answer.run(snapshot);
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (names, at, on_answer);
}

/// The server's snapshot of `names` now; in the browser (a client-side visit to this page
/// that the server did not render) an empty one, filled by `/api/snapshot`.
fn server_snapshot(names: &[String], at: Option<Moment>) -> ClockSnapshot {
    #[cfg(feature = "ssr")]
    {
        match at {
            Some(at) => crate::server::planned_snapshot(names, at),
            None => crate::server::snapshot(names, now_epoch_ms()),
        }
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = (names, at);
        ClockSnapshot::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_cities_keep_the_urls_order_and_case_does_not_matter() {
        let mut labels = Vec::new();
        let chennai = CityLabel {
            key: "chennai-in".into(),
            name: "Chennai".into(),
            region: None,
            country: Some("India".into()),
            zone: "Asia/Kolkata".into(),
        };
        remember_labels(
            &mut labels,
            &[chennai.clone(), CityLabel::of_zone("Asia/Seoul")],
        );
        let wanted = ["asia/seoul", "nowhere", "Chennai-IN", "chennai-in"].map(String::from);
        let found = known_cities(&wanted, &labels);
        assert_eq!(found, [CityLabel::of_zone("Asia/Seoul"), chennai]);
    }
}
