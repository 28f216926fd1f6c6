//! One city's clock, headed by the city as the person chose it: local time, date and weekday,
//! zone, offset, the difference from the visitor, day or night, and a button to remove it.
//!
//! Each piece of text is bound to its own signal, set only when its text changes: a tick
//! rewrites the time's text node and `datetime` attribute and wakes nothing else. (Memos
//! derived from the tick would each be re-checked, and each binding under them woken, at
//! every tick: a dozen reactive nodes a card a second for two changed strings.) The parts
//! that come and go (the difference, "tomorrow", the next clock change) are built only when
//! their signal changes, which a tick almost never does.

use leptos::prelude::*;

use crate::{
    model::{card_face, CardFace, CityLabel, ClockUpdate, HourCycle},
    ui::hooks::visitor_offset_at,
};

/// A card for one zone; a tick of its zone updates the text that changed.
#[component]
pub fn CityCard(
    /// The city as the person chose it: its name and country head the card.
    label: CityLabel,
    /// The latest tick of the city's zone.
    #[prop(into)]
    update: Signal<ClockUpdate>,
    /// 12- or 24-hour display.
    hour_cycle: Signal<HourCycle>,
    /// True once hydrated, when the browser can say the visitor's own offset.
    visitor_known: Signal<bool>,
    /// The URL (and the form fields) of the page without this city, for the remove button.
    cities_without: Signal<String>,
    /// The interval field of the remove form.
    sec: Signal<String>,
    /// The planned moment's field of the remove form (none while live): without JavaScript,
    /// removing a city keeps the moment.
    at: Signal<Option<String>>,
    /// Called with the city's key when the visitor removes it (in the browser).
    on_remove: Callback<String>,
    /// The zone's next clock change in words, once known.
    #[prop(into)]
    next_change: Signal<Option<String>>,
    /// True while the card shows a planned moment, not the live time.
    planned: Signal<bool>,
    /// What follows the clock: the planner's hour strip.
    children: Children,
) -> impl IntoView {
    // The server and hydration both start from the face of the first tick without the
    // visitor's offset, so the two trees match; the browser then keeps it current, moving
    // the face from tick to tick (the effect's last value) so only the time is worked out
    // afresh at each.
    let first = update.with_untracked(|update| card_face(update, hour_cycle.get_untracked(), None));
    let face = ShownFace::new(&first);
    Effect::new(move |last: Option<CardFace>| {
        let mut shown = last.unwrap_or_else(|| first.clone());
        // A tick can wake this effect just as back or forward takes its card off the page;
        // the card's signals are gone then, and there is nothing left to show.
        let (Some(cycle), Some(visitor_known)) = (hour_cycle.try_get(), visitor_known.try_get())
        else {
            return shown;
        };
        let advanced = update.try_with(|update| {
            shown.advance(
                update,
                cycle,
                visitor_offset_at(update.epoch_ms, visitor_known),
            );
        });
        if advanced.is_some() {
            face.show(&shown);
        }
        shown
    });
    let ShownFace {
        time,
        datetime,
        date,
        zone_line,
        difference,
        is_day,
        relative_day,
    } = face;
    let day_label = move || if is_day.get() { "Daytime" } else { "Night" };
    let city = label.short_name();
    let key = label.key.clone();
    let heading_id = format!("card-{}", label.key.replace(['/', '+'], "-"));

    view! {
        <article
            class="city-card"
            class:city-card--night=move || !is_day.get()
            class:city-card--planned=move || planned.get()
            aria-labelledby=heading_id.clone()
        >
            <header class="city-card__head">
                <h2 class="city-card__city" id=heading_id.clone() title=label.full_name()>{city.clone()}</h2>
                <span class="city-card__daynight" title=day_label>
                    <span aria-hidden="true">{move || if is_day.get() { "☀" } else { "☾" }}</span>
                    <span class="visually-hidden">{day_label}</span>
                </span>
            </header>
            <p class="city-card__zone">{label.zone.clone()}</p>
            // The time always fills one line: the stylesheet gives that line a fixed box, and
            // a tick's new digits relayout it alone (in 12-hour form, at a size that fits).
            <p class="city-card__time" class:city-card__time--12h=move || hour_cycle.get() == HourCycle::H12>
                <time datetime=move || datetime.get()>{move || time.get()}</time>
            </p>
            <p class="city-card__date">
                {move || date.get()}
                {move || relative_day.get().map(|day| view! { <span class="city-card__relative">{day}</span> })}
            </p>
            <p class="city-card__meta">
                <span>{move || zone_line.get()}</span>
                {move || {
                    difference.get().map(|difference| {
                        view! {
                            <span class="city-card__difference" title="Difference from your time">
                                {difference}
                            </span>
                        }
                    })
                }}
            </p>
            {move || next_change.get().map(|text| view! { <p class="city-card__next">{text}</p> })}
            {move || planned.get().then(|| view! { <p class="city-card__planned">"Planned, not live"</p> })}
            {children()}
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
                {move || at.get().map(|at| view! { <input type="hidden" name="at" value=at /> })}
                <button type="submit" class="icon-button" aria-label=format!("Remove {city}")>
                    <span aria-hidden="true">"×"</span>
                </button>
            </form>
        </article>
    }
}

/// A card's face as one signal per piece of text, each set only when its text changes.
#[derive(Clone, Copy)]
struct ShownFace {
    /// The local time, which changes at every tick.
    time: RwSignal<String>,
    /// The local time for `<time datetime>`.
    datetime: RwSignal<String>,
    /// Date and weekday: once a day.
    date: RwSignal<String>,
    /// Abbreviation and offset: at a clock change.
    zone_line: RwSignal<String>,
    /// The difference from the visitor: once hydrated, and at a clock change.
    difference: RwSignal<Option<String>>,
    /// Day or night: twice a day.
    is_day: RwSignal<bool>,
    /// "tomorrow" or "yesterday": when one of the two dates turns.
    relative_day: RwSignal<Option<&'static str>>,
}

impl ShownFace {
    fn new(face: &CardFace) -> Self {
        ShownFace {
            time: RwSignal::new(face.time.clone()),
            datetime: RwSignal::new(face.datetime.clone()),
            date: RwSignal::new(face.date.clone()),
            zone_line: RwSignal::new(face.zone_line.clone()),
            difference: RwSignal::new(face.difference.clone()),
            is_day: RwSignal::new(face.is_day),
            relative_day: RwSignal::new(face.relative_day),
        }
    }

    /// Shows `face`, waking only the bindings whose text changed.
    fn show(&self, face: &CardFace) {
        set_if_changed(self.time, &face.time);
        set_if_changed(self.datetime, &face.datetime);
        set_if_changed(self.date, &face.date);
        set_if_changed(self.zone_line, &face.zone_line);
        set_if_changed(self.difference, &face.difference);
        set_if_changed(self.is_day, &face.is_day);
        set_if_changed(self.relative_day, &face.relative_day);
    }
}

fn set_if_changed<T>(signal: RwSignal<T>, value: &T)
where
    T: Clone + PartialEq + Send + Sync + 'static,
{
    if signal.try_with_untracked(|shown| shown != value) == Some(true) {
        signal.try_set(value.clone());
    }
}
