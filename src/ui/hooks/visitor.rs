//! The visitor as the browser knows them: whether the page is hydrated, their own zone (and
//! the cookie that brings it to the server's next first paint) and offset, and the
//! 12/24-hour choice kept in `localStorage`.

use leptos::prelude::*;

use crate::{model::HourCycle, ui::shipped::shipped};

/// What the page knows of the visitor. Browser-only facts arrive after hydration, so the
/// first render matches the server's.
#[derive(Clone, Copy)]
pub struct Visitor {
    /// True once the WASM has taken over the page.
    pub hydrated: Signal<bool>,
    /// The browser's IANA zone, once known.
    pub zone: Signal<Option<String>>,
    /// 12- or 24-hour display; a change is remembered for the next visit.
    pub hour_cycle: RwSignal<HourCycle>,
}

/// The visitor of this page.
pub fn use_visitor() -> Visitor {
    let hydrated = RwSignal::new(false);
    // The zone the page remembered in its cookie, as the server read it: shipped with the
    // page, so hydration starts from the tree the server rendered.
    let remembered_zone = shipped(remembered_zone);
    let zone = RwSignal::new(remembered_zone.clone());
    let hour_cycle = RwSignal::new(HourCycle::H24);
    Effect::new(move |_| {
        hydrated.set(true);
        let current = browser_zone();
        if current.is_some() && current != remembered_zone {
            remember_zone(current.as_deref());
        }
        zone.set(current);
        if let Some(cycle) = remembered_hour_cycle() {
            hour_cycle.set(cycle);
        }
    });
    Effect::watch(
        move || hour_cycle.get(),
        move |cycle, previous, _| {
            if previous.is_some() {
                remember_hour_cycle(*cycle);
            }
        },
        false,
    );
    Visitor {
        hydrated: hydrated.into(),
        zone: zone.into(),
        hour_cycle,
    }
}

/// The visitor's offset from UTC at `epoch_ms` in seconds east, once the page is hydrated;
/// the server renders without it, and so does hydration, so the two trees match.
pub fn visitor_offset_at(epoch_ms: i64, hydrated: bool) -> Option<i64> {
    #[cfg(feature = "hydrate")]
    if hydrated {
        return Some(crate::browser::visitor::offset_seconds_at(epoch_ms));
    }
    let _ = (epoch_ms, hydrated);
    None
}

fn browser_zone() -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        crate::browser::visitor::zone_name()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        None
    }
}

/// The zone the request's cookie names, on the server; nothing in the browser (a page the
/// server did not render learns the zone from the browser at once).
fn remembered_zone() -> Option<String> {
    #[cfg(feature = "ssr")]
    {
        use_context::<axum::http::request::Parts>()
            .and_then(|parts| crate::server::visitor_zone(&parts))
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

fn remember_zone(zone: Option<&str>) {
    #[cfg(feature = "hydrate")]
    if let Some(zone) = zone {
        crate::browser::visitor::remember_zone(zone);
    }
    let _ = zone;
}

fn remembered_hour_cycle() -> Option<HourCycle> {
    #[cfg(feature = "hydrate")]
    {
        crate::browser::preferences::hour_cycle()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        None
    }
}

fn remember_hour_cycle(cycle: HourCycle) {
    #[cfg(feature = "hydrate")]
    crate::browser::preferences::remember_hour_cycle(cycle);
    let _ = cycle;
}
