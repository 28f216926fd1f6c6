//! The 12/24-hour toggle button.

use leptos::prelude::*;

use crate::ui::language::use_messages;

use crate::model::HourCycle;

/// A toggle button: pressed means the clocks show 12-hour time with AM/PM.
///
/// It is a real `<button>` with `aria-pressed`, so keyboards and screen readers get a toggle
/// without any extra wiring. Before hydration it renders but does nothing. The stylesheet
/// reads its `aria-pressed` too: the hour strips widen for 12-hour labels.
#[component]
pub fn HourCycleToggle(
    /// The cycle the clocks show now.
    hour_cycle: ReadSignal<HourCycle>,
    /// Where a click writes the new cycle.
    set_hour_cycle: WriteSignal<HourCycle>,
) -> impl IntoView {
    let words = use_messages();
    let pressed = move || (hour_cycle.get() == HourCycle::H12).to_string();
    view! {
        <button
            type="button"
            class="toggle"
            aria-pressed=pressed
            on:click=move |_| set_hour_cycle.update(|cycle| *cycle = cycle.toggled())
        >
            {words.hour_cycle_12}
        </button>
    }
}
