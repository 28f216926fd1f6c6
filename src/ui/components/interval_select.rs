//! The refresh-interval choice: a labelled `<select>`, in a form that also works without
//! JavaScript (its Apply button is hidden once the page is hydrated).

use leptos::prelude::*;

use crate::ui::language::use_messages;

use crate::model::{decimal_seconds_to_millis, seconds_text, Messages, INTERVAL_CHOICES};
use crate::ui::components::LanguageField;

/// `Refresh every [1 second ▾]`.
#[component]
pub fn IntervalSelect(
    /// The interval now, in milliseconds.
    interval_ms: Signal<u64>,
    /// The cities, for the form's hidden field.
    cities: Signal<String>,
    /// Called with the chosen interval in milliseconds.
    on_change: Callback<u64>,
) -> impl IntoView {
    let words = use_messages();
    // An interval from the URL that is not one of the choices is offered too.
    let choices = move || {
        let current = interval_ms.get();
        let mut choices: Vec<u64> = INTERVAL_CHOICES.iter().map(|s| s * 1000).collect();
        if !choices.contains(&current) {
            choices.push(current);
            choices.sort_unstable();
        }
        choices
    };
    view! {
        <form class="interval" method="get" action="/" on:submit=|event| event.prevent_default()>
            <input type="hidden" name="cities" prop:value=cities value=cities />
            <LanguageField />
            <label for="interval-select">{words.refresh_every}</label>
            <select
                id="interval-select"
                name="sec"
                // The property, not only each option's `selected` attribute: once the visitor
                // has picked an option, browsers ignore attribute changes, and back/forward
                // must still move the select.
                prop:value=move || seconds_text(interval_ms.get())
                on:change=move |event| {
                    if let Some(ms) = decimal_seconds_to_millis(&event_target_value(&event)) {
                        on_change.run(ms);
                    }
                }
            >
                <For each=choices key=|ms| *ms let:ms>
                    <option value=seconds_text(ms) selected=move || interval_ms.get() == ms>
                        {interval_label(ms, words)}
                    </option>
                </For>
            </select>
            <button type="submit" class="button needs-no-js">{words.apply}</button>
        </form>
    }
}

fn interval_label(ms: u64, words: &Messages) -> String {
    match ms {
        1000 => words.interval_one_second.to_owned(),
        _ => words.interval_seconds(seconds_text(ms)),
    }
}
