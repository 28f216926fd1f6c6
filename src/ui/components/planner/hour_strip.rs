//! A card's hour strip: the city's local hours on the axis every card shares (one column is
//! one UTC hour, the same instant in every city), each cell a link that plans its instant,
//! so planning works before or without the WASM.
//!
//! What an hour is (working, night, weekend, off) shows by more than colour: a bar for
//! working hours, a moon for night, the weekday on weekend cells, and words for screen
//! readers. Where a local date starts and where the clocks change are written in the cell.
//!
//! While live, the strip is drawn around the current hour, its column marked "now", so a
//! click or a drag there starts planning.
//!
//! In the browser the strip can also be dragged, with a mouse or a finger (pointer events):
//! the moment follows the pointer column by column, on an axis held still for the drag (the
//! page's `axis`) so the column under the pointer is the one planned. A drag is one history
//! entry, like a run of the slider's keys. The strip lets the page scroll vertically
//! (`touch-action: pan-y`); a horizontal drag is the planner's.

use leptos::prelude::*;

use crate::ui::language::use_messages;

use crate::model::{HourCell, HourCycle, HourKind, Messages, Moment};

const HOUR_S: i64 = 3600;

/// A drag in progress: where it started, and what it last planned.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Drag {
    /// The pointer being followed.
    pointer: i32,
    /// The column under the pointer when it went down.
    column: i64,
    /// The planned moment then.
    from: Moment,
    /// The moment the drag planned last, once it has moved a column.
    planned: Option<Moment>,
}

/// The strip of `cells` of one card, each cell linking to the page at its instant.
#[component]
pub fn HourStrip(
    /// Whose clock the strip is, in words (`in London, United Kingdom`, `for Anna`), for
    /// the strip's accessible name.
    city: String,
    /// The strip's cells, in column order (none while there is nothing to draw).
    cells: Memo<Option<Vec<HourCell>>>,
    /// The planned moment (while live, the current hour), which a drag moves.
    moment: Signal<Option<Moment>>,
    /// True while live: the marked column is "now", and planning starts from it.
    live: Signal<bool>,
    /// While a drag is under way, the moment every strip stays drawn around.
    axis: RwSignal<Option<Moment>>,
    /// 12- or 24-hour labels.
    hour_cycle: Signal<HourCycle>,
    /// The page's URL at a moment: each cell's link.
    url_at: Callback<Moment, String>,
    /// Goes to a URL of this page in the browser, with a new history entry.
    on_go: Callback<String>,
    /// Goes to a URL of this page in place of the current history entry.
    on_replace: Callback<String>,
) -> impl IntoView {
    let words = use_messages();
    let strip = NodeRef::<leptos::html::Div>::new();
    let drag = StoredValue::new(None::<Drag>);
    // A drag ends with a click on whatever cell it ended on: that click is the drag's.
    let dragged = StoredValue::new(false);
    // In the browser the strip shows the planned hour in the middle of its view (but holds
    // still while dragged); the server's page opens at its first column. Again when the
    // hour cycle changes: the 12-hour columns are wider (style/main.css).
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        hour_cycle.track();
        let column = cells.with(|cells| {
            let cells = cells.as_ref()?;
            Some((cells.iter().position(|cell| cell.has_moment)?, cells.len()))
        });
        if axis.get().is_some() {
            return;
        }
        if let (Some(strip), Some((column, count))) = (strip.get(), column) {
            let cell_width = f64::from(strip.scroll_width()) / count.max(1) as f64;
            let centre = (column as f64 + 0.5) * cell_width - f64::from(strip.client_width()) / 2.0;
            strip.set_scroll_left(centre.max(0.0) as i32);
        }
    });
    // The column under a pointer at `client_x`, counted from the strip's first.
    let column_at = move |client_x: i32| -> Option<i64> {
        #[cfg(feature = "hydrate")]
        {
            let strip = strip.get_untracked()?;
            let count = cells.with_untracked(|cells| cells.as_ref().map(Vec::len))?;
            let cell_width = f64::from(strip.scroll_width()) / count.max(1) as f64;
            let scrolled = web_sys::window().and_then(|window| window.scroll_x().ok());
            let left = page_left(&strip) - scrolled.unwrap_or(0.0);
            let x = f64::from(client_x) - left + f64::from(strip.scroll_left());
            Some((x / cell_width).floor() as i64)
        }
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = (client_x, cells);
            None
        }
    };
    let on_pointerdown = move |event: leptos::ev::PointerEvent| {
        dragged.set_value(false);
        if !event.is_primary() || event.button() != 0 {
            return;
        }
        let (Some(from), Some(column)) = (moment.get_untracked(), column_at(event.client_x()))
        else {
            return;
        };
        drag.set_value(Some(Drag {
            pointer: event.pointer_id(),
            column,
            from,
            planned: None,
        }));
    };
    let on_pointermove = move |event: leptos::ev::PointerEvent| {
        let Some(mut now) = drag.get_value().filter(|d| d.pointer == event.pointer_id()) else {
            return;
        };
        let Some(column) = column_at(event.client_x()) else {
            return;
        };
        if now.planned.is_none() && column == now.column {
            return;
        }
        let Ok(target) = Moment::from_epoch_s(now.from.epoch_s() + (column - now.column) * HOUR_S)
        else {
            return;
        };
        if now.planned == Some(target) {
            return;
        }
        let url = url_at.run(target);
        if now.planned.is_none() {
            // The drag has begun: hold the axis and the pointer until it ends.
            axis.set(Some(now.from));
            #[cfg(feature = "hydrate")]
            if let Some(strip) = strip.get_untracked() {
                let _ = strip.set_pointer_capture(event.pointer_id());
            }
            on_go.run(url);
        } else {
            on_replace.run(url);
        }
        now.planned = Some(target);
        drag.set_value(Some(now));
    };
    let on_pointerend = move |event: leptos::ev::PointerEvent| {
        if let Some(ended) = drag.get_value().filter(|d| d.pointer == event.pointer_id()) {
            drag.set_value(None);
            if ended.planned.is_some() {
                dragged.set_value(true);
                axis.set(None);
            }
        }
    };
    let rows = move || {
        let cycle = hour_cycle.get();
        let live = live.get();
        cells.with(|cells| {
            cells
                .iter()
                .flatten()
                .filter_map(|cell| {
                    let at = Moment::from_epoch_s(cell.epoch_s).ok()?;
                    let now = live && cell.has_moment;
                    Some(hour_cell(
                        cell,
                        cycle,
                        now,
                        url_at.run(at),
                        on_go,
                        dragged,
                        words,
                    ))
                })
                .collect_view()
        })
    };
    view! {
        <div
            class="strip"
            node_ref=strip
            role="group"
            aria-label=words.strip_label(&city)
            on:pointerdown=on_pointerdown
            on:pointermove=on_pointermove
            on:pointerup=on_pointerend
            on:pointercancel=on_pointerend
            // After a cell's own click: a drag's flag never outlives the click that ends it.
            on:click=move |_| dragged.set_value(false)
        >
            <ol class="strip__cells">{rows}</ol>
        </div>
    }
}

/// How far `element` lies from the page's left edge, in CSS pixels: the sum of its and its
/// offset parents' offsets (the page's layout has no transforms to account for).
#[cfg(feature = "hydrate")]
fn page_left(element: &web_sys::HtmlElement) -> f64 {
    use wasm_bindgen::JsCast;
    let mut left = 0.0;
    let mut next = Some(element.clone());
    while let Some(element) = next {
        left += f64::from(element.offset_left());
        next = element
            .offset_parent()
            .and_then(|parent| parent.dyn_into::<web_sys::HtmlElement>().ok());
    }
    left
}

fn hour_cell(
    cell: &HourCell,
    cycle: HourCycle,
    now: bool,
    href: String,
    on_go: Callback<String>,
    dragged: StoredValue<bool>,
    messages: &'static Messages,
) -> impl IntoView {
    let kind = match cell.kind {
        HourKind::Working => "working",
        HourKind::Night => "night",
        HourKind::Weekend => "weekend",
        HourKind::OffHours => "off",
    };
    // What tells the kind apart besides colour: a glyph or the weekday, and words.
    let (mark, words) = match cell.kind {
        HourKind::Working => (String::new(), messages.strip_working),
        HourKind::Night => ("☾".to_owned(), messages.strip_night),
        HourKind::Weekend => (
            messages.calendar.weekdays_short[cell.local.weekday as usize % 7].to_owned(),
            messages.strip_weekend,
        ),
        HourKind::OffHours => (String::new(), messages.strip_off),
    };
    // While live, the current hour says so in place of its glyph.
    let (mark, words) = if now {
        (
            messages.strip_now.to_owned(),
            messages.strip_now_words(words),
        )
    } else {
        (mark, words.to_owned())
    };
    let day = cell
        .new_day
        .then(|| cell.local.day_text(&messages.calendar));
    let change = cell.change.as_ref().map(|change| change.text_in(messages));
    let link = href.clone();
    view! {
        <li
            class=format!("strip__cell strip__cell--{kind}")
            class:strip__cell--moment=cell.has_moment
            class:strip__cell--now=now
            class:strip__cell--new-day=cell.new_day
            class:strip__cell--change=cell.change.is_some()
        >
            <a
                class="strip__link"
                href=href
                aria-current=cell.has_moment.then_some("time")
                // Links are dragged as images by default: here a drag plans.
                draggable="false"
                on:click=move |event| {
                    event.prevent_default();
                    if dragged.get_value() {
                        dragged.set_value(false);
                        return;
                    }
                    on_go.run(link.clone());
                }
            >
                <span class="strip__day">{day.unwrap_or_default()}</span>
                <span class="strip__hour">{cell.label(cycle, &messages.calendar)}</span>
                <span class="strip__mark" aria-hidden="true">{mark}</span>
                <span class="visually-hidden">{format!(", {words}")}</span>
                {change.map(|text| view! { <span class="strip__change">{text}</span> })}
            </a>
        </li>
    }
}
