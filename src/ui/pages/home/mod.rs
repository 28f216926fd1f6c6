//! The world-clock page: the cities and interval from the URL, cards rendered by the server
//! at request time, then kept live by one `EventSource` per tab for all the cities at once.

mod city_grid;
mod footer;
mod masthead;
mod shown_cities;

use leptos::prelude::*;

use crate::ui::{
    components::{CityPicker, IntervalSelect, StreamInspector, UnknownCitiesAlert},
    hooks::{use_clock_stream, use_next_changes, use_visitor, use_zone_list},
};
use city_grid::CityGrid;
use footer::PageFooter;
use masthead::Masthead;
use shown_cities::use_shown_cities;

/// The page at `/`.
#[component]
pub fn HomePage() -> impl IntoView {
    let visitor = use_visitor();
    let zone_list = use_zone_list();
    let cities = use_shown_cities(visitor, zone_list);
    let stream = use_clock_stream(cities.zones, cities.interval_ms, &cities.rendered.clocks);
    let next_changes = use_next_changes(
        &cities.rendered.next_changes,
        cities
            .rendered
            .clocks
            .iter()
            .map(|clock| clock.zone.clone())
            .collect(),
        cities.zones,
    );

    view! {
        <Masthead status=stream.status on_reconnect=stream.reconnect hour_cycle=visitor.hour_cycle />
        <main class="page">
            <section class="toolbar" aria-label="Cities and refresh rate">
                <CityPicker zones=zone_list chosen=cities.zones.into() on_add=cities.on_add />
                <IntervalSelect
                    interval_ms=cities.interval_ms
                    cities=cities.cities_field
                    on_change=cities.on_interval
                />
            </section>
            <UnknownCitiesAlert unknown=cities.unknown />
            <Show when=move || cities.zones.with(Vec::is_empty)>
                <p class="notice">"No cities on the page. Use “Add city” to pick one."</p>
            </Show>
            <CityGrid cities latest=stream.latest zone_list next_changes visitor />
            <StreamInspector url=stream.url events=stream.raw_events />
        </main>
        <PageFooter visitor_zone=visitor.zone />
    }
}
