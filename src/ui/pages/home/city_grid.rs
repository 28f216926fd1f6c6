//! The grid of city cards: one per shown city, each fed by its own zone's latest tick only.

use leptos::prelude::*;

use super::shown_cities::ShownCities;
use crate::{
    model::{city_of_zone, next_change_text, now_epoch_ms, seconds_text, ClockUpdate},
    ui::{
        components::CityCard,
        hooks::{Visitor, ZoneClocks},
    },
};

/// A card for each shown city, in order; cities of one zone share its ticks.
#[component]
pub fn CityGrid(
    /// The shown cities and how to remove one.
    cities: ShownCities,
    /// The latest tick of each zone.
    clocks: ZoneClocks,
    /// The visitor, for the hour cycle and their own offset.
    visitor: Visitor,
) -> impl IntoView {
    let shown = cities.cities;
    let first_clocks = cities.first_clocks;
    let next_changes = cities.next_changes;
    let sec = Signal::derive(move || seconds_text(cities.interval_ms.get()));
    let on_remove = cities.on_remove;
    view! {
        <div class="grid">
            <For each=move || shown.get() key=|city| city.key.clone() let:city>
                {
                    let zone = city.zone.clone();
                    // Once the zone has ticked, the card reads its own zone's signal alone.
                    let update = {
                        let zone = zone.clone();
                        let tick = clocks.of(&zone);
                        Signal::derive(move || {
                            tick.get()
                                .or_else(|| first_clocks.with(|clocks| clocks.get(&zone).cloned()))
                                .unwrap_or_else(|| placeholder(&zone))
                        })
                    };
                    let next_change = Memo::new(move |_| {
                        next_changes.with(|changes| changes.get(&zone).map(next_change_text))
                    });
                    let key = city.key.clone();
                    let cities_without = Signal::derive(move || {
                        shown.with(|shown| {
                            shown.iter().filter(|c| c.key != key).map(|c| c.key.as_str()).collect::<Vec<_>>().join(",")
                        })
                    });
                    view! {
                        <CityCard
                            label=city
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

/// A card's content before anything is known of its zone: UTC at the browser's clock, for
/// the moment until the snapshot or the stream's first tick arrives.
fn placeholder(zone: &str) -> ClockUpdate {
    ClockUpdate {
        id: 0,
        zone: zone.to_owned(),
        city: city_of_zone(zone),
        date_time: String::new(),
        utc_offset: "+00:00".to_owned(),
        abbreviation: String::new(),
        epoch_ms: now_epoch_ms().div_euclid(1000) * 1000,
    }
}
