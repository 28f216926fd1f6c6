//! One city's clock, headed by the city as the person chose it: local time, date and weekday, zone, offset, the difference from the
//! visitor, day or night, and a button to remove it.

use leptos::prelude::*;

use crate::{
    model::{card_face, CityLabel, ClockUpdate, HourCycle},
    ui::hooks::visitor_offset_at,
};

/// A card for one zone, re-rendered at every tick of its zone.
#[component]
pub fn CityCard(
    /// The city as the person chose it: its name and country head the card.
    label: CityLabel,
    /// The latest tick of the city's zone.
    update: Signal<ClockUpdate>,
    /// 12- or 24-hour display.
    hour_cycle: Signal<HourCycle>,
    /// True once hydrated, when the browser can say the visitor's own offset.
    visitor_known: Signal<bool>,
    /// The URL (and the form fields) of the page without this city, for the remove button.
    cities_without: Signal<String>,
    /// The interval field of the remove form.
    sec: Signal<String>,
    /// Called with the city's key when the visitor removes it (in the browser).
    on_remove: Callback<String>,
    /// The zone's next clock change in words, once known.
    next_change: Signal<Option<String>>,
) -> impl IntoView {
    let face = Memo::new(move |_| {
        let update = update.get();
        let visitor_offset = visitor_offset_at(update.epoch_ms, visitor_known.get());
        card_face(&update, hour_cycle.get(), visitor_offset)
    });
    let zone = move || update.with(|update| update.zone.clone());
    let city = label.short_name();
    let key = label.key.clone();
    let heading_id = format!("card-{}", label.key.replace(['/', '+'], "-"));
    let day_label = move || {
        if face.with(|face| face.is_day) {
            "Daytime"
        } else {
            "Night"
        }
    };

    view! {
        <article
            class="city-card"
            class:city-card--night=move || !face.with(|face| face.is_day)
            aria-labelledby=heading_id.clone()
        >
            <header class="city-card__head">
                <h2 class="city-card__city" id=heading_id.clone() title=label.full_name()>{city.clone()}</h2>
                <span class="city-card__daynight" title=day_label>
                    <span aria-hidden="true">{move || if face.with(|f| f.is_day) { "☀" } else { "☾" }}</span>
                    <span class="visually-hidden">{day_label}</span>
                </span>
            </header>
            <p class="city-card__zone">{zone}</p>
            <p class="city-card__time">
                <time datetime=move || face.with(|face| face.datetime.clone())>
                    {move || face.with(|face| face.time.clone())}
                </time>
            </p>
            <p class="city-card__date">
                {move || face.with(|face| face.date.clone())}
                {move || {
                    face.with(|face| face.relative_day)
                        .map(|day| view! { <span class="city-card__relative">{day}</span> })
                }}
            </p>
            <p class="city-card__meta">
                <span>{move || face.with(|face| face.zone_line.clone())}</span>
                {move || {
                    face.with(|face| face.difference.clone())
                        .map(|difference| {
                            view! {
                                <span class="city-card__difference" title="Difference from your time">
                                    {difference}
                                </span>
                            }
                        })
                }}
            </p>
            {move || next_change.get().map(|text| view! { <p class="city-card__next">{text}</p> })}
            <form
                class="city-card__remove"
                method="get"
                action="/"
                on:submit=move |event| {
                    event.prevent_default();
                    on_remove.run(key.clone());
                }
            >
                <input type="hidden" name="cities" prop:value=cities_without value=cities_without />
                <input type="hidden" name="sec" prop:value=sec value=sec />
                <button type="submit" class="icon-button" aria-label=format!("Remove {city}")>
                    <span aria-hidden="true">"×"</span>
                </button>
            </form>
        </article>
    }
}
