//! One card's clock, headed by the card as the person made it (their name for it first,
//! the city beneath): local time, date and weekday, zone, offset, the difference from the
//! home card or the visitor, day or night, the person's working hours, and the tools that
//! edit the list ([`CardTools`]).
//!
//! Each piece of text is bound to its own signal, set only when its text changes: a tick
//! rewrites the time's text node and `datetime` attribute and wakes nothing else. (Memos
//! derived from the tick would each be re-checked, and each binding under them woken, at
//! every tick: a dozen reactive nodes a card a second for two changed strings.) The parts
//! that come and go (the difference, "tomorrow", the next clock change) are built only when
//! their signal changes, which a tick almost never does. Names, order, home and hours are
//! not the tick's: they change with the URL, never with the stream.

use leptos::prelude::*;

use super::card_list::{CardTools, ListEditor};
use crate::{
    model::{card_face, difference_words, CardFace, ClockUpdate, HourCycle, ShownCard},
    ui::hooks::visitor_offset_at,
    ui::language::use_messages,
};

/// The home card as the other cards see it: who it is, and its zone's offset now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Home {
    /// The home card's identity.
    pub identity: String,
    /// How the page names it (`Anna`, `Berlin, Germany`).
    pub title: String,
    /// Its zone's offset from UTC, seconds east, once a clock of it is known.
    pub offset_s: Option<i64>,
}

/// The offset the card `identity` is compared with at `epoch_ms`: the home card's, none for
/// the home card itself, and with no home card the visitor's (once `hydrated`).
fn compared_offset(
    home: &Option<Home>,
    identity: &str,
    epoch_ms: i64,
    hydrated: bool,
) -> Option<i64> {
    match home {
        Some(home) if home.identity == identity => None,
        Some(home) => home.offset_s,
        None => visitor_offset_at(epoch_ms, hydrated),
    }
}

/// A card for one zone; a tick of its zone updates the text that changed.
#[component]
pub fn CityCard(
    /// The card: the person's choice and its city.
    card: ShownCard,
    /// The latest tick of the city's zone.
    #[prop(into)]
    update: Signal<ClockUpdate>,
    /// 12- or 24-hour display.
    hour_cycle: Signal<HourCycle>,
    /// True once hydrated, when the browser can say the visitor's own offset.
    visitor_known: Signal<bool>,
    /// The home card, if there is one: what the difference is measured from.
    home: Memo<Option<Home>>,
    /// The person's working hours for the card in words, when they set some.
    hours_text: Signal<Option<String>>,
    /// The list's editing, shared by every card.
    editor: ListEditor,
    /// The zone's next clock change in words, once known.
    #[prop(into)]
    next_change: Signal<Option<String>>,
    /// True while the card shows a planned moment, not the live time.
    planned: Signal<bool>,
    /// What follows the clock: the planner's hour strip.
    children: Children,
) -> impl IntoView {
    // The server and hydration both start from the face of the first tick compared with
    // what both know (the home card's clock, never the visitor's offset), so the two trees
    // match; the browser then keeps it current, moving the face from tick to tick (the
    // effect's last value) so only the time is worked out afresh at each.
    let words = use_messages();
    let identity = StoredValue::new(card.identity());
    let first = update.with_untracked(|update| {
        let offset = home.with_untracked(|home| {
            identity.with_value(|identity| compared_offset(home, identity, update.epoch_ms, false))
        });
        card_face(update, hour_cycle.get_untracked(), offset, words)
    });
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
            let offset = home.try_with(|home| {
                identity.with_value(|identity| {
                    compared_offset(home, identity, update.epoch_ms, visitor_known)
                })
            });
            shown.advance(update, cycle, offset.flatten(), words);
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
    let whom = Memo::new(move |_| {
        home.with(|home| match home {
            Some(home) => home.title.clone(),
            None => words.you.to_owned(),
        })
    });
    let day_label = move || {
        if is_day.get() {
            words.daytime
        } else {
            words.night
        }
    };
    let title = card.title();
    let place = card.choice.name.is_some().then(|| card.city.short_name());
    let heading_id = card.heading_id();
    let full_name = card.city.full_name();
    let zone_name = card.city.zone.clone();
    // While a card is dragged: `dragged` on it, `target` on the card it would land on.
    let drag = move || {
        editor.drag.with(|drag| {
            let drag = drag.as_ref()?;
            identity.with_value(|identity| {
                if drag.identity == *identity {
                    Some("dragged")
                } else {
                    (drag.over.as_deref() == Some(identity.as_str())).then_some("target")
                }
            })
        })
    };

    view! {
        <article
            class="city-card"
            class:city-card--night=move || !is_day.get()
            class:city-card--planned=move || planned.get()
            data-drag=drag
            aria-labelledby=heading_id.clone()
            data-card=identity.get_value()
        >
            <header class="city-card__head">
                <h2 class="city-card__city" id=heading_id.clone() title=full_name>{title}</h2>
                <span class="city-card__daynight" title=day_label>
                    <span aria-hidden="true">{move || if is_day.get() { "☀" } else { "☾" }}</span>
                    <span class="visually-hidden">{day_label}</span>
                </span>
            </header>
            {place.map(|place| view! { <p class="city-card__place">{place}</p> })}
            <p class="city-card__zone">{zone_name}</p>
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
                    difference.get().map(|seconds| {
                        view! {
                            <span class="city-card__difference">
                                {whom.with(|whom| difference_words(seconds, whom, words))}
                            </span>
                        }
                    })
                }}
            </p>
            {move || hours_text.get().map(|text| view! { <p class="city-card__hours">{text}</p> })}
            {move || next_change.get().map(|text| view! { <p class="city-card__next">{text}</p> })}
            {move || planned.get().then(|| view! { <p class="city-card__planned">{words.planned_not_live}</p> })}
            {children()}
            <CardTools card editor />
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
    /// The difference, in seconds: once hydrated (or with a home card, at first paint), and
    /// at a clock change.
    difference: RwSignal<Option<i64>>,
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
            difference: RwSignal::new(face.difference),
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
