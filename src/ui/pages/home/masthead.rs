//! The page's heading, with the stream's status, the 12/24-hour toggle and the language
//! switch.

use leptos::prelude::*;

use crate::{
    model::{ConnectionStatus, HourCycle},
    ui::components::{ConnectionStatusBadge, HourCycleToggle, LanguageSwitch},
    ui::language::use_messages,
};

/// `worldclock`, its tagline, and the page-wide controls.
#[component]
pub fn Masthead(
    /// The stream's connection state.
    status: Signal<ConnectionStatus>,
    /// Opens the stream again after it gave up.
    on_reconnect: Callback<()>,
    /// 12- or 24-hour display.
    hour_cycle: RwSignal<HourCycle>,
) -> impl IntoView {
    let words = use_messages();
    view! {
        <header class="masthead">
            <div class="masthead__brand">
                <h1 class="masthead__title">"worldclock"</h1>
                <p class="masthead__tagline">{words.tagline}</p>
            </div>
            <div class="masthead__controls">
                <ConnectionStatusBadge status on_reconnect />
                <HourCycleToggle hour_cycle=hour_cycle.read_only() set_hour_cycle=hour_cycle.write_only() />
                <LanguageSwitch label=words.language_switch />
            </div>
        </header>
    }
}
