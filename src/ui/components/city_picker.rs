//! `Add city`: a combobox that finds any city by the names people use, asking the server as
//! the person types; keyboard-navigable suggestions (a listbox of options), Enter adds the
//! highlighted match or the first.

use leptos::prelude::*;

use crate::ui::language::use_messages;

use crate::{model::CityMatch, ui::hooks::use_city_search};

/// The city picker.
#[component]
pub fn CityPicker(
    /// The label of the field (`Add city`).
    label: &'static str,
    /// The id of the input; the listbox and options derive theirs from it.
    id: &'static str,
    /// Keys of the cities already chosen (left out of the suggestions).
    chosen: Signal<Vec<String>>,
    /// Most cities that can be chosen; the field is disabled at the limit.
    capacity: usize,
    /// Called with the city to add.
    on_add: Callback<CityMatch>,
) -> impl IntoView {
    let words = use_messages();
    let query = RwSignal::new(String::new());
    let highlighted = RwSignal::new(None::<usize>);
    let expanded = RwSignal::new(false);
    // Enter pressed before the server's suggestions arrived: add the first when they do.
    let enter_pending = RwSignal::new(false);
    let found = use_city_search(query.into());
    let matches = Memo::new(move |_| {
        let mut matches = found.get();
        chosen.with(|chosen| matches.retain(|found| !chosen.contains(&found.city.key)));
        matches
    });
    let full = move || chosen.with(Vec::len) >= capacity;
    let showing = Signal::derive(move || expanded.get() && !matches.with(Vec::is_empty));
    let add = Callback::new(move |city: CityMatch| {
        on_add.run(city);
        query.set(String::new());
        highlighted.set(None);
        expanded.set(false);
    });
    let add_highlighted_or_first = move || {
        let index = highlighted.get_untracked().unwrap_or(0);
        match matches.with_untracked(|matches| matches.get(index).cloned()) {
            Some(city) => add.run(city),
            None => enter_pending.set(!query.get_untracked().trim().is_empty()),
        }
    };
    Effect::new(move |_| {
        let first = matches.with(|matches| matches.first().cloned());
        if let Some(city) = first.filter(|_| enter_pending.get_untracked()) {
            enter_pending.set(false);
            add.run(city);
        }
    });
    let move_highlight = move |step: isize| {
        let count = matches.with_untracked(Vec::len) as isize;
        if count > 0 {
            expanded.set(true);
            let next = match highlighted.get_untracked() {
                None if step > 0 => 0,
                None => count - 1,
                Some(index) => (index as isize + step).rem_euclid(count),
            };
            highlighted.set(Some(next as usize));
        }
    };
    let list_id = format!("{id}-suggestions");
    view! {
        // Not a form of its own: the picker also sits inside the report page's form.
        <div class="picker" role="search">
            <label for=id>{label}</label>
            <div class="picker__field">
                <input
                    id=id
                    type="text"
                    role="combobox"
                    autocomplete="off"
                    spellcheck="false"
                    placeholder=move || if full() { words.picker_full(capacity) } else { words.picker_placeholder.to_owned() }
                    disabled=full
                    aria-autocomplete="list"
                    aria-controls=list_id.clone()
                    aria-expanded=move || showing.get().to_string()
                    aria-activedescendant=move || highlighted.get().filter(|_| showing.get()).map(|index| format!("{id}-option-{index}"))
                    prop:value=query
                    on:input=move |event| {
                        query.set(event_target_value(&event));
                        enter_pending.set(false);
                        highlighted.set(None);
                        expanded.set(true);
                    }
                    on:keydown=move |event| match event.key().as_str() {
                        "ArrowDown" => { event.prevent_default(); move_highlight(1); }
                        "ArrowUp" => { event.prevent_default(); move_highlight(-1); }
                        "Escape" => { expanded.set(false); highlighted.set(None); }
                        "Enter" => { event.prevent_default(); add_highlighted_or_first(); }
                        _ => {}
                    }
                    on:blur=move |_| expanded.set(false)
                />
                <Suggestions id list_id matches=matches.into() highlighted=highlighted.into() showing on_pick=add />
            </div>
        </div>
    }
}

/// The listbox of suggestions: "City, Region, Country" with the local time and offset now.
#[component]
fn Suggestions(
    id: &'static str,
    list_id: String,
    matches: Signal<Vec<CityMatch>>,
    highlighted: Signal<Option<usize>>,
    showing: Signal<bool>,
    on_pick: Callback<CityMatch>,
) -> impl IntoView {
    let words = use_messages();
    view! {
        <ul id=list_id role="listbox" aria-label=words.picker_list class="picker__list" hidden=move || !showing.get()>
            {move || {
                matches.get().into_iter().enumerate().map(|(index, found)| {
                    let detail = match &found.matched {
                        Some(matched) => format!("{} · UTC{} · {} · {}", found.local_time, found.utc_offset, found.city.zone, words.picker_matches(matched)),
                        None => format!("{} · UTC{} · {}", found.local_time, found.utc_offset, found.city.zone),
                    };
                    let name = found.city.full_name();
                    view! {
                        <li
                            id=format!("{id}-option-{index}")
                            role="option"
                            class="picker__option"
                            aria-selected=move || (highlighted.get() == Some(index)).to_string()
                            // mousedown, not click: it fires before the input's blur closes the list.
                            on:mousedown=move |event| {
                                event.prevent_default();
                                on_pick.run(found.clone());
                            }
                        >
                            <span class="picker__city">{name}</span>
                            <span class="picker__zone">{detail}</span>
                        </li>
                    }
                }).collect_view()
            }}
        </ul>
    }
}
