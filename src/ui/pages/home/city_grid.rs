//! The grid of city cards: one per shown zone, fed by the stream's latest ticks.

use std::collections::HashMap;

use leptos::prelude::*;

use super::shown_cities::ShownCities;
use crate::{
    model::{city_of_zone, next_change_text, now_epoch_ms, ClockUpdate, Transition, ZoneSummary},
    ui::{components::CityCard, hooks::Visitor},
};

/// A card for each shown zone, in order.
#[component]
pub fn CityGrid(
    /// The shown cities and how to remove one.
    cities: ShownCities,
    /// The latest tick of each zone.
    latest: Signal<HashMap<String, ClockUpdate>>,
    /// The zone list, for a card's first moment before its first tick.
    zone_list: Signal<Vec<ZoneSummary>>,
    /// Each zone's next clock change.
    next_changes: Signal<HashMap<String, Transition>>,
    /// The visitor, for the hour cycle and their own offset.
    visitor: Visitor,
) -> impl IntoView {
    let zones = cities.zones;
    let sec = Signal::derive(move || crate::model::seconds_text(cities.interval_ms.get()));
    let on_remove = cities.on_remove;
    view! {
        <div class="grid">
            <For each=move || zones.get() key=|zone| zone.clone() let:zone>
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
                        zones.with(|zones| {
                            zones.iter().filter(|z| **z != zone).cloned().collect::<Vec<_>>().join(",")
                        })
                    });
                    view! {
                        <CityCard
                            update
                            hour_cycle=visitor.hour_cycle.into()
                            visitor_known=visitor.hydrated
                            cities_without
                            sec
                            on_remove
                            next_change
                        />
                    }
                }
            </For>
        </div>
    }
}

/// A card's content before its zone's first tick arrives: the zone list's offset applied to
/// the browser's clock, so even that first moment shows the right time.
fn placeholder(zone: &str, list: &[ZoneSummary]) -> ClockUpdate {
    let summary = list.iter().find(|summary| summary.zone == zone);
    ClockUpdate {
        id: 0,
        zone: zone.to_owned(),
        city: summary.map_or_else(|| city_of_zone(zone), |s| s.city.clone()),
        date_time: String::new(),
        utc_offset: summary.map_or_else(|| "+00:00".to_owned(), |s| s.utc_offset.clone()),
        abbreviation: summary.map_or_else(String::new, |s| s.abbreviation.clone()),
        epoch_ms: now_epoch_ms().div_euclid(1000) * 1000,
    }
}
