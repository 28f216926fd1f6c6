//! The grid of city cards: one per shown city, each fed by its own zone's latest tick only,
//! or, while a moment is planned, by its zone's clock at that moment, and each with its
//! hour strip on the axis all the strips share: around the planned moment, or while live
//! around the current hour.

use leptos::prelude::*;

use super::shown_cities::ShownCities;
use crate::{
    model::{
        city_of_zone, hour_strip, next_change_text, now_epoch_ms, seconds_text, CityLabel,
        ClockUpdate, HourCell, Moment, Plan,
    },
    ui::{
        components::{CityCard, HourStrip},
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
    let at = cities.at;
    let at_field = Signal::derive(move || at.get().map(|at| at.to_string()));
    let planned_clocks = cities.planned_clocks;
    let strip_plan = cities.strip_plan;
    let url_at = cities.url_at;
    let on_go = cities.on_go;
    let on_replace = cities.on_replace;
    let planned = Signal::derive(move || planned_clocks.with(Option::is_some));
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
            <For each=move || shown.get() key=|city| city.key.clone() let:city>
                {
                    let zone = city.zone.clone();
                    // Once the zone has ticked, the card reads its own zone's signal alone.
                    let update = {
                        let zone = zone.clone();
                        let tick = clocks.of(&zone);
                        Signal::derive(move || {
                            let planned = planned_clocks.with(|planned| {
                                planned.as_ref().map(|planned| planned.iter().find(|c| c.zone == zone).cloned())
                            });
                            if let Some(planned) = planned {
                                return planned.unwrap_or_else(|| placeholder(&zone));
                            }
                            tick.get()
                                .or_else(|| first_clocks.with(|clocks| clocks.get(&zone).cloned()))
                                .unwrap_or_else(|| placeholder(&zone))
                        })
                    };
                    let next_change = Memo::new(move |_| {
                        next_changes.with(|changes| changes.get(&zone).map(next_change_text))
                    });
                    // The strip is rebuilt when the plan, the drag's axis or the hour cycle
                    // changes, never by a tick.
                    let strip_city = city.clone();
                    let cells = Memo::new(move |_| {
                        let moment = moment.get()?;
                        strip_plan.with(|plan| strip_cells(plan.as_ref()?, &strip_city, axis.get(), moment))
                    });
                    let strip_name = city.short_name();
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
                            at=at_field
                            on_remove
                            next_change
                            planned
                        >
                            {strip}
                        </CityCard>
                    }
                }
            </For>
        </div>
    }
}

/// The strip of `city` in `plan`, drawn around `axis` (a drag's) when the plan covers it,
/// else around `moment` (the planned one, or now's hour); `moment`'s column is marked
/// either way.
fn strip_cells(
    plan: &Plan,
    city: &CityLabel,
    axis: Option<Moment>,
    moment: Moment,
) -> Option<Vec<HourCell>> {
    let around = axis
        .filter(|axis| plan.covers_strip(*axis))
        .unwrap_or(moment);
    let mut cells = hour_strip(
        plan.offsets(&city.zone)?,
        plan.standard_hours(city)?,
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
