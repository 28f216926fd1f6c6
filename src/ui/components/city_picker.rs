//! `Add city`: a combobox with type-ahead over every zone, keyboard-navigable suggestions
//! (a listbox of options), Enter adds the highlighted match or the first.

use leptos::prelude::*;

use crate::model::{matching_zones, ZoneSummary, MAX_CITIES};

/// Most suggestions shown at once.
const SUGGESTIONS: usize = 8;

/// The city picker.
#[component]
pub fn CityPicker(
    /// Every zone, from `/api/zones` (empty until loaded).
    zones: Signal<Vec<ZoneSummary>>,
    /// The zones already shown (left out of the suggestions).
    chosen: Signal<Vec<String>>,
    /// Called with the zone name to add.
    on_add: Callback<String>,
) -> impl IntoView {
    let (query, set_query) = signal(String::new());
    let (highlighted, set_highlighted) = signal(None::<usize>);
    let (expanded, set_expanded) = signal(false);
    let full = move || chosen.with(Vec::len) >= MAX_CITIES;
    let matches = Memo::new(move |_| {
        zones.with(|zones| {
            chosen.with(|chosen| matching_zones(zones, &query.get(), chosen, SUGGESTIONS))
        })
    });
    let showing = move || expanded.get() && !matches.with(Vec::is_empty);

    let add = move |zone: String| {
        on_add.run(zone);
        set_query.set(String::new());
        set_highlighted.set(None);
        set_expanded.set(false);
    };
    let add_highlighted_or_first = move || {
        let index = highlighted.get_untracked().unwrap_or(0);
        if let Some(zone) =
            matches.with_untracked(|matches| matches.get(index).map(|z| z.zone.clone()))
        {
            add(zone);
        }
    };
    let move_highlight = move |step: isize| {
        let count = matches.with_untracked(Vec::len) as isize;
        if count == 0 {
            return;
        }
        set_expanded.set(true);
        let next = match highlighted.get_untracked() {
            None if step > 0 => 0,
            None => count - 1,
            Some(index) => (index as isize + step).rem_euclid(count),
        };
        set_highlighted.set(Some(next as usize));
    };

    view! {
        <form class="picker" role="search" on:submit=move |event| {
            event.prevent_default();
            add_highlighted_or_first();
        }>
            <label for="city-input">"Add city"</label>
            <div class="picker__field">
                <input
                    id="city-input"
                    type="text"
                    role="combobox"
                    autocomplete="off"
                    spellcheck="false"
                    placeholder=move || if full() { "24 cities is the most".to_owned() } else { "Type a city or zone, e.g. Seoul".to_owned() }
                    disabled=full
                    aria-autocomplete="list"
                    aria-controls="city-suggestions"
                    aria-expanded=move || showing().to_string()
                    aria-activedescendant=move || highlighted.get().filter(|_| showing()).map(|index| format!("city-option-{index}"))
                    prop:value=query
                    on:input=move |event| {
                        set_query.set(event_target_value(&event));
                        set_highlighted.set(None);
                        set_expanded.set(true);
                    }
                    on:keydown=move |event| match event.key().as_str() {
                        "ArrowDown" => {
                            event.prevent_default();
                            move_highlight(1);
                        }
                        "ArrowUp" => {
                            event.prevent_default();
                            move_highlight(-1);
                        }
                        "Escape" => {
                            set_expanded.set(false);
                            set_highlighted.set(None);
                        }
                        _ => {}
                    }
                    on:blur=move |_| set_expanded.set(false)
                />
                <ul id="city-suggestions" role="listbox" aria-label="Matching cities" class="picker__list" hidden=move || !showing()>
                    {move || {
                        matches
                            .get()
                            .into_iter()
                            .enumerate()
                            .map(|(index, zone)| {
                                let name = zone.zone.clone();
                                let is_highlighted = move || highlighted.get() == Some(index);
                                view! {
                                    <li
                                        id=format!("city-option-{index}")
                                        role="option"
                                        class="picker__option"
                                        aria-selected=move || is_highlighted().to_string()
                                        // mousedown, not click: it fires before the input's blur closes the list.
                                        on:mousedown=move |event| {
                                            event.prevent_default();
                                            add(name.clone());
                                        }
                                    >
                                        <span class="picker__city">{zone.city.clone()}</span>
                                        <span class="picker__zone">{format!("{} · UTC{}", zone.zone, zone.utc_offset)}</span>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </div>
        </form>
    }
}
