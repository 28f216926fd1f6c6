//! The world-clock page: the cities and interval from the URL, cards rendered by the server
//! at request time, then kept live by one `EventSource` per tab for all the cities at once.

mod city_grid;
mod footer;
mod masthead;
mod shown_cities;

use leptos::prelude::*;

use crate::model::MAX_CITIES;
use crate::ui::{
    components::{
        BadMomentAlert, CityPicker, IntervalSelect, MomentSlider, PlanSummary, PlannedBanner,
        StreamInspector, TypedMomentForm, UnknownCitiesAlert,
    },
    hooks::{use_clock_stream, use_visitor},
};
use city_grid::CityGrid;
use footer::PageFooter;
use masthead::Masthead;
use shown_cities::use_shown_cities;

/// The page at `/`.
#[component]
pub fn HomePage() -> impl IntoView {
    let visitor = use_visitor();
    let cities = use_shown_cities(visitor);
    let planned = Signal::derive(move || cities.at.with(Option::is_some));
    // A planned page's first clocks are the moment's, not now's: the stream starts empty.
    let live_clocks = if cities.rendered.plan.as_ref().is_some_and(|plan| !plan.live) {
        &[][..]
    } else {
        &cities.rendered.clocks[..]
    };
    let stream = use_clock_stream(cities.zones, cities.interval_ms, planned, live_clocks);
    let chosen = Signal::derive(move || {
        cities
            .cities
            .with(|cities| cities.iter().map(|city| city.key.clone()).collect())
    });

    view! {
        <Masthead status=stream.status on_reconnect=stream.reconnect hour_cycle=visitor.hour_cycle />
        <main class="page">
            <section class="toolbar" aria-label="Cities and refresh rate">
                <CityPicker label="Add city" id="city-input" chosen capacity=MAX_CITIES on_add=cities.on_add />
                <IntervalSelect
                    interval_ms=cities.interval_ms
                    cities=cities.keys_field
                    on_change=cities.on_interval
                />
            </section>
            <UnknownCitiesAlert unknown=cities.unknown />
            <BadMomentAlert bad_at=cities.bad_at />
            <PlannedBanner at=cities.at now_url=cities.now_url on_go=cities.on_go />
            <MomentSlider
                cities=cities.cities
                plan=cities.plan
                url_at=cities.url_at
                on_go=cities.on_go
                on_replace=cities.on_replace
            />
            <PlanSummary cities=cities.cities plan=cities.plan url_at=cities.url_at on_go=cities.on_go />
            <TypedMomentForm
                cities=cities.cities
                plan=cities.plan
                clocks=cities.first_clocks
                keys_field=cities.keys_field
                interval_ms=cities.interval_ms
                url_at=cities.url_at
                on_go=cities.on_go
            />
            <Show when=move || cities.cities.with(Vec::is_empty)>
                <p class="notice">"No cities on the page. Use “Add city” to pick one."</p>
            </Show>
            <CityGrid cities clocks=stream.clocks visitor />
            <StreamInspector
                url=stream.url
                role=stream.role
                events=stream.inspector.shown()
                on_toggle=Callback::new(move |open| stream.inspector.set_open(open))
            />
        </main>
        <PageFooter visitor_zone=visitor.zone />
    }
}
