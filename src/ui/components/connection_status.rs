//! The stream's connection state, announced politely to assistive technology.

use leptos::prelude::*;

use crate::model::ConnectionStatus;

/// `live`, `reconnecting`, … with a coloured dot, and a Reconnect button once `ended`.
#[component]
pub fn ConnectionStatusBadge(
    /// The current state.
    status: Signal<ConnectionStatus>,
    /// Called when the visitor asks to reconnect.
    on_reconnect: Callback<()>,
) -> impl IntoView {
    let label = move || status.get().label();
    view! {
        <div class="status">
            <p role="status" class="status__badge" data-status=label>
                <span class="status__dot" aria-hidden="true"></span>
                {label}
            </p>
            <Show when=move || status.get() == ConnectionStatus::Ended>
                <button type="button" class="button" on:click=move |_| on_reconnect.run(())>
                    "Reconnect"
                </button>
            </Show>
        </div>
    }
}
