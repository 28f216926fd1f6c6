//! The transitions of a report as a table that sorts by any column.

use leptos::prelude::*;

use crate::{
    model::{Messages, Transition},
    ui::language::use_messages,
};

/// How a column reads its cell from a row.
type CellText = fn(&Transition) -> String;
/// A column's title in the page's language.
type ColumnTitle = fn(&Messages) -> &'static str;

/// The columns, with how each reads a row.
const COLUMNS: [(ColumnTitle, CellText); 6] = [
    (|words| words.column_zone, |t| t.zone.clone()),
    (|words| words.column_instant, |t| t.instant_utc.clone()),
    (
        |words| words.column_offset_before,
        |t| t.offset_before.clone(),
    ),
    (
        |words| words.column_offset_after,
        |t| t.offset_after.clone(),
    ),
    (
        |words| words.column_abbreviation_before,
        |t| t.abbreviation_before.clone(),
    ),
    (
        |words| words.column_abbreviation_after,
        |t| t.abbreviation_after.clone(),
    ),
];

/// A sortable table: a column header button sorts by it, pressing it again reverses.
#[component]
pub fn TransitionsTable(
    /// The report's transitions, in time order.
    rows: Vec<Transition>,
) -> impl IntoView {
    let words = use_messages();
    // (column, ascending); time order first.
    let sort = RwSignal::new((1usize, true));
    let sorted = Memo::new(move |_| {
        let (column, ascending) = sort.get();
        let mut rows = rows.clone();
        rows.sort_by(|a, b| {
            let order = if column == 1 {
                a.epoch_s.cmp(&b.epoch_s)
            } else {
                (COLUMNS[column].1)(a).cmp(&(COLUMNS[column].1)(b))
            };
            let order = order.then_with(|| a.epoch_s.cmp(&b.epoch_s));
            if ascending {
                order
            } else {
                order.reverse()
            }
        });
        rows
    });
    view! {
        <table class="transitions">
            <thead>
                <tr>
                    {COLUMNS
                        .iter()
                        .enumerate()
                        .map(|(index, (title, _))| {
                            let aria_sort = move || match sort.get() {
                                (column, true) if column == index => "ascending",
                                (column, false) if column == index => "descending",
                                _ => "none",
                            };
                            view! {
                                <th scope="col" aria-sort=aria_sort>
                                    <button
                                        type="button"
                                        class="transitions__sort"
                                        on:click=move |_| sort.update(|(column, ascending)| {
                                            if *column == index {
                                                *ascending = !*ascending;
                                            } else {
                                                *column = index;
                                                *ascending = true;
                                            }
                                        })
                                    >
                                        {title(words)}
                                    </button>
                                </th>
                            }
                        })
                        .collect_view()}
                </tr>
            </thead>
            <tbody>
                {move || {
                    sorted
                        .get()
                        .into_iter()
                        .map(|row| {
                            view! {
                                <tr>
                                    <td>{row.zone}</td>
                                    <td><time datetime=row.instant_utc.clone()>{row.instant_utc.clone()}</time></td>
                                    <td>{row.offset_before}</td>
                                    <td>{row.offset_after}</td>
                                    <td>{row.abbreviation_before}</td>
                                    <td>{row.abbreviation_after}</td>
                                </tr>
                            }
                        })
                        .collect_view()
                }}
            </tbody>
        </table>
    }
}
