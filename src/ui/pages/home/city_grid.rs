//! The grid of cards: one per shown card, in the person's order (home first), each fed by
//! its own zone's latest tick only, or, while a moment is planned, by its zone's clock at
//! that moment; each compared with the home card's zone (or the visitor's), and each with
//! its hour strip, shaded by the card's own working hours, on the axis all the strips
//! share: around the planned moment, or while live around the current hour. Below the
//! grid, a polite live region says what the last edit of the list did.

use leptos::prelude::*;

use super::shown_cities::ShownCities;
use crate::{
    model::{
        city_of_zone, hour_strip, next_change_text, now_epoch_ms, offset_seconds, seconds_text,
        ClockUpdate, HourCell, Moment, Plan, ShownCard,
    },
    ui::{
        components::{CityCard, Home, HourStrip, ListEditor},
        hooks::{Visitor, ZoneClocks},
        language::use_messages,
    },
};

/// A card for each shown card, in order; cards of one zone share its ticks.
#[component]
pub fn CityGrid(
    /// The shown cards and how to change them.
    cities: ShownCities,
    /// The latest tick of each zone.
    clocks: ZoneClocks,
    /// The visitor, for the hour cycle and their own offset.
    visitor: Visitor,
) -> impl IntoView {
    let words = use_messages();
    let shown = cities.cards;
    let first_clocks = cities.first_clocks;
    let next_changes = cities.next_changes;
    let sec = Signal::derive(move || seconds_text(cities.interval_ms.get()));
    let at = cities.at;
    let at_field = Signal::derive(move || at.get().map(|at| at.to_string()));
    let planned_clocks = cities.planned_clocks;
    let strip_plan = cities.strip_plan;
    let url_at = cities.url_at;
    let on_go = cities.on_go;
    let on_replace = cities.on_replace;
    let planned = Signal::derive(move || planned_clocks.with(Option::is_some));
    let editor = ListEditor::new(shown, cities.on_cards, strip_plan, sec, at_field);
    // The clock of `zone` a card shows: the planned moment's, else the zone's latest tick,
    // else the latest snapshot's, else a placeholder.
    let clock_of = move |zone: &str, tick: &ArcReadSignal<Option<ClockUpdate>>| {
        let planned = planned_clocks.with(|planned| {
            planned
                .as_ref()
                .map(|planned| planned.iter().find(|c| c.zone == zone).cloned())
        });
        if let Some(planned) = planned {
            return planned.unwrap_or_else(|| placeholder(zone));
        }
        tick.get()
            .or_else(|| first_clocks.with(|clocks| clocks.get(zone).cloned()))
            .unwrap_or_else(|| placeholder(zone))
    };
    // The home card and its zone's offset. This memo follows the home zone's ticks, but its
    // value changes only when home does or its clocks change (a DST change), so no card is
    // woken by a tick of another zone than its own.
    let home = Memo::new(move |_| {
        let (identity, title, zone) = shown.with(|cards| {
            let card = cards.first().filter(|card| card.choice.home)?;
            Some((card.identity(), card.title(), card.city.zone.clone()))
        })?;
        let tick = clocks.of(&zone);
        let offset_s = offset_seconds(&clock_of(&zone, &tick).utc_offset);
        Some(Home {
            identity,
            title,
            offset_s,
        })
    });
    // While live, the strips are drawn around the current UTC hour: the live plan's first (so
    // hydration draws what the server drew), then the browser's clock, looked at once a
    // minute, moves them on at the hour's turn. A tick never does.
    let live_hour = RwSignal::new(None::<i64>);
    #[cfg(feature = "hydrate")]
    {
        let follow = move || {
            let hour = now_epoch_ms().div_euclid(3_600_000) * 3600;
            if live_hour.get_untracked() != Some(hour) {
                live_hour.set(Some(hour));
            }
        };
        Effect::new(move |_| follow());
        let minute = std::time::Duration::from_secs(60);
        if let Ok(handle) = set_interval_with_handle(follow, minute) {
            on_cleanup(move || handle.clear());
        }
    }
    // The moment the strips mark and a drag starts from: the planned one, or now's hour.
    let moment = Memo::new(move |_| {
        strip_plan.with(|plan| {
            let plan = plan.as_ref()?;
            if !plan.live {
                return Some(plan.at);
            }
            let hour = live_hour
                .get()
                .unwrap_or_else(|| plan.at.epoch_s().div_euclid(3600) * 3600);
            Moment::from_epoch_s(hour).ok()
        })
    });
    let live =
        Signal::derive(move || strip_plan.with(|plan| plan.as_ref().is_some_and(|plan| plan.live)));
    // While a strip is dragged, every strip stays drawn around the moment the drag began.
    let axis = RwSignal::new(None::<Moment>);
    let hour_cycle = visitor.hour_cycle;
    view! {
        <div class="grid" class:grid--planned=move || planned_clocks.with(Option::is_some)>
            <For each=move || shown.get() key=ShownCard::identity let:card>
                {
                    let identity = card.identity();
                    let zone = card.city.zone.clone();
                    // Once the zone has ticked, the card reads its own zone's signal alone.
                    let update = {
                        let zone = zone.clone();
                        let tick = clocks.of(&zone);
                        Signal::derive(move || clock_of(&zone, &tick))
                    };
                    let next_change = Memo::new(move |_| {
                        next_changes.with(|changes| changes.get(&zone).map(|change| next_change_text(change, words)))
                    });
                    // The card's hours as the list has them now: they change without making
                    // it another card.
                    let hours_text = {
                        let identity = identity.clone();
                        Memo::new(move |_| {
                            shown.with(|cards| {
                                let card = cards.iter().find(|c| c.identity() == identity)?;
                                card.choice.hours?;
                                let hours = strip_plan.with(|plan| plan.as_ref()?.card_hours(card))?;
                                Some(words.card_working_hours(hours.text(words)))
                            })
                        })
                    };
                    // The strip is rebuilt when the plan, the drag's axis, the card's hours or
                    // the hour cycle changes, never by a tick.
                    let cells = Memo::new(move |_| {
                        let moment = moment.get()?;
                        shown.with(|cards| {
                            let card = cards.iter().find(|c| c.identity() == identity)?;
                            strip_plan.with(|plan| strip_cells(plan.as_ref()?, card, axis.get(), moment))
                        })
                    });
                    let strip_name = card.clock_phrase(words);
                    let strip = view! {
                        <Show when=move || cells.with(Option::is_some)>
                            <HourStrip
                                city=strip_name.clone()
                                cells
                                moment=moment.into()
                                live
                                axis
                                hour_cycle=hour_cycle.into()
                                url_at
                                on_go
                                on_replace
                            />
                        </Show>
                    };
                    view! {
                        <CityCard
                            card
                            update
                            hour_cycle=visitor.hour_cycle.into()
                            visitor_known=visitor.hydrated
                            home
                            hours_text=hours_text.into()
                            editor
                            next_change
                            planned
                        >
                            {strip}
                        </CityCard>
                    }
                }
            </For>
        </div>
        <p class="visually-hidden list-announcement" aria-live="polite">{move || editor.announcement.get()}</p>
    }
}

/// The strip of `card` in `plan`, drawn around `axis` (a drag's) when the plan covers it,
/// else around `moment` (the planned one, or now's hour); `moment`'s column is marked
/// either way.
fn strip_cells(
    plan: &Plan,
    card: &ShownCard,
    axis: Option<Moment>,
    moment: Moment,
) -> Option<Vec<HourCell>> {
    let around = axis
        .filter(|axis| plan.covers_strip(*axis))
        .unwrap_or(moment);
    let mut cells = hour_strip(
        plan.offsets(&card.city.zone)?,
        plan.card_hours(card)?,
        around,
    )?;
    let at = moment.epoch_s();
    for cell in &mut cells {
        cell.has_moment = (cell.epoch_s..cell.epoch_s + 3600).contains(&at);
    }
    Some(cells)
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
