//! A card's hour strip: the city's local hours on the axis every card shares (one column is
//! one UTC hour, the same instant in every city), each cell a link that plans its instant,
//! so planning works before or without the WASM.
//!
//! What an hour is (working, night, weekend, off) shows by more than colour: a bar for
//! working hours, a moon for night, the weekday on weekend cells, and words for screen
//! readers. Where a local date starts and where the clocks change are written in the cell.

use leptos::prelude::*;

use crate::model::{HourCell, HourCycle, HourKind, Moment};

/// The strip of `cells` for `city`, each cell linking to the page at its instant.
#[component]
pub fn HourStrip(
    /// The city's short name, for the strip's accessible name.
    city: String,
    /// The strip's cells, in column order.
    cells: Vec<HourCell>,
    /// 12- or 24-hour labels.
    hour_cycle: HourCycle,
    /// The page's URL at a moment: each cell's link.
    url_at: Callback<Moment, String>,
    /// Goes to a URL of this page in the browser, without a reload.
    on_go: Callback<String>,
) -> impl IntoView {
    let count = cells.len();
    let moment_column = cells.iter().position(|cell| cell.has_moment);
    let strip = NodeRef::<leptos::html::Div>::new();
    // In the browser the strip opens with the planned hour in the middle of its view; the
    // server's page opens at its first column (every card's strip at the same one).
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if let (Some(strip), Some(column)) = (strip.get(), moment_column) {
            let cell_width = f64::from(strip.scroll_width()) / count.max(1) as f64;
            let centre = (column as f64 + 0.5) * cell_width - f64::from(strip.client_width()) / 2.0;
            strip.set_scroll_left(centre.max(0.0) as i32);
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (count, moment_column);
    let cells = cells
        .into_iter()
        .filter_map(|cell| {
            let at = Moment::from_epoch_s(cell.epoch_s).ok()?;
            Some(hour_cell(&cell, hour_cycle, url_at.run(at), on_go))
        })
        .collect_view();
    view! {
        <div class="strip" node_ref=strip role="group" aria-label=format!("Hours in {city}; pick one to plan it")>
            <ol class="strip__cells">{cells}</ol>
        </div>
    }
}

fn hour_cell(
    cell: &HourCell,
    cycle: HourCycle,
    href: String,
    on_go: Callback<String>,
) -> impl IntoView {
    let kind = match cell.kind {
        HourKind::Working => "working",
        HourKind::Night => "night",
        HourKind::Weekend => "weekend",
        HourKind::OffHours => "off",
    };
    // What tells the kind apart besides colour: a glyph or the weekday, and words.
    let (mark, words) = match cell.kind {
        HourKind::Working => (String::new(), "working hours"),
        HourKind::Night => ("☾".to_owned(), "night"),
        HourKind::Weekend => (cell.local.day_text().chars().take(3).collect(), "weekend"),
        HourKind::OffHours => (String::new(), "off hours"),
    };
    let day = cell.new_day.then(|| cell.local.day_text());
    let change = cell.change.as_ref().map(|change| change.text());
    let link = href.clone();
    view! {
        <li
            class=format!("strip__cell strip__cell--{kind}")
            class:strip__cell--moment=cell.has_moment
            class:strip__cell--new-day=cell.new_day
            class:strip__cell--change=cell.change.is_some()
        >
            <a
                class="strip__link"
                href=href
                aria-current=cell.has_moment.then_some("time")
                on:click=move |event| {
                    event.prevent_default();
                    on_go.run(link.clone());
                }
            >
                <span class="strip__day">{day.unwrap_or_default()}</span>
                <span class="strip__hour">{cell.label(cycle)}</span>
                <span class="strip__mark" aria-hidden="true">{mark}</span>
                <span class="visually-hidden">{format!(", {words}")}</span>
                {change.map(|text| view! { <span class="strip__change">{text}</span> })}
            </a>
        </li>
    }
}
