//! The visitor as the browser knows them: whether the page is hydrated, their own zone and
//! offset, and the 12/24-hour choice kept in `localStorage`.

use leptos::prelude::*;

use crate::model::HourCycle;

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
    let zone = RwSignal::new(None::<String>);
    let hour_cycle = RwSignal::new(HourCycle::H24);
    Effect::new(move |_| {
        hydrated.set(true);
        zone.set(browser_zone());
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
