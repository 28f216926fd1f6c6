//! The world-clock page: the cards (cities, names, order, home, hours) and interval from
//! the URL, rendered by the server at request time, then kept live by one `EventSource` per
//! tab for all the cards' zones at once.

mod city_grid;
mod footer;
mod masthead;
mod shown_cities;

use leptos::prelude::*;

use crate::model::MAX_CITIES;
use crate::ui::{
    components::{
        BadMomentAlert, CityPicker, DroppedPartsAlert, IntervalSelect, MomentSlider, PlanSummary,
        PlannedBanner, StreamInspector, TypedMomentForm, UnknownCitiesAlert,
    },
    hooks::{use_clock_stream, use_visitor},
    language::use_messages,
};
use city_grid::CityGrid;
use footer::PageFooter;
use masthead::Masthead;
use shown_cities::use_shown_cities;

/// The page at `/`.
#[component]
pub fn HomePage() -> impl IntoView {
    let words = use_messages();
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
    // What the picker leaves out of its suggestions and counts against the page's cards: a
    // plain card's city (a second plain card of it would be the same card), and for a named
    // card its identity, which no city's key equals (another card of that city may be added).
    let chosen = Signal::derive(move || {
        cities.cards.with(|cards| {
            cards
                .iter()
                .map(|card| match card.choice.name {
                    Some(_) => card.identity(),
                    None => card.city.key.clone(),
                })
                .collect()
        })
    });

    view! {
        <Masthead status=stream.status on_reconnect=stream.reconnect hour_cycle=visitor.hour_cycle />
        <main class="page">
            <section class="toolbar" aria-label=words.toolbar>
                <CityPicker label=words.add_city id="city-input" chosen capacity=MAX_CITIES on_add=cities.on_add />
                <IntervalSelect
                    interval_ms=cities.interval_ms
                    cities=cities.cards_field
                    on_change=cities.on_interval
                />
            </section>
            <UnknownCitiesAlert unknown=cities.unknown />
            <DroppedPartsAlert dropped=cities.dropped />
            <BadMomentAlert bad_at=cities.bad_at />
            <PlannedBanner at=cities.at now_url=cities.now_url on_go=cities.on_go />
            <MomentSlider
                cards=cities.cards
                plan=cities.plan
                url_at=cities.url_at
                on_go=cities.on_go
                on_replace=cities.on_replace
            />
            <PlanSummary cards=cities.cards plan=cities.plan url_at=cities.url_at on_go=cities.on_go />
            <TypedMomentForm
                cards=cities.cards
                plan=cities.plan
                clocks=cities.first_clocks
                cards_field=cities.cards_field
                interval_ms=cities.interval_ms
                url_at=cities.url_at
                on_go=cities.on_go
            />
            <Show when=move || cities.cards.with(Vec::is_empty)>
                <p class="notice">{words.no_cities}</p>
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
