//! The transitions of a report as a table that sorts by any column.

use leptos::prelude::*;

use crate::model::Transition;

/// How a column reads its cell from a row.
type CellText = fn(&Transition) -> String;

/// The columns, with how each reads a row.
const COLUMNS: [(&str, CellText); 6] = [
    ("Zone", |t| t.zone.clone()),
    ("Instant (UTC)", |t| t.instant_utc.clone()),
    ("Offset before", |t| t.offset_before.clone()),
    ("Offset after", |t| t.offset_after.clone()),
    ("Abbreviation before", |t| t.abbreviation_before.clone()),
    ("Abbreviation after", |t| t.abbreviation_after.clone()),
];

/// A sortable table: a column header button sorts by it, pressing it again reverses.
#[component]
pub fn TransitionsTable(
    /// The report's transitions, in time order.
    rows: Vec<Transition>,
) -> impl IntoView {
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
                                        {*title}
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
