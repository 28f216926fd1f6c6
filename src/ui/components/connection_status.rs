//! The stream's connection state, announced politely to assistive technology.

use leptos::prelude::*;

use crate::ui::language::use_messages;

use crate::model::ConnectionStatus;

/// `live`, `reconnecting`, … with a coloured dot, and a Reconnect button once `ended`.
#[component]
pub fn ConnectionStatusBadge(
    /// The current state.
    status: Signal<ConnectionStatus>,
    /// Called when the visitor asks to reconnect.
    on_reconnect: Callback<()>,
) -> impl IntoView {
    let words = use_messages();
    let label = move || status.get().label();
    let shown = move || match status.get() {
        ConnectionStatus::Connecting => words.status_connecting,
        ConnectionStatus::Live => words.status_live,
        ConnectionStatus::Reconnecting => words.status_reconnecting,
        ConnectionStatus::Ended => words.status_ended,
        ConnectionStatus::Offline => words.status_offline,
        ConnectionStatus::Planned => words.status_planned,
    };
    view! {
        <div class="status">
            <p role="status" class="status__badge" data-status=label>
                <span class="status__dot" aria-hidden="true"></span>
                {shown}
            </p>
            <Show when=move || status.get() == ConnectionStatus::Ended>
                <button type="button" class="button" on:click=move |_| on_reconnect.run(())>
                    {words.reconnect}
                </button>
            </Show>
        </div>
    }
}
