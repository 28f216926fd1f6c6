//! A collapsible look at the raw stream: its URL and the last events, for people learning SSE.
//! Its rows exist only while it is open, so a closed inspector costs a tick nothing; its
//! panel's code is a WASM chunk fetched at the first opening (`panel`), until when the panel
//! is the server's markup.

mod panel;

use leptos::{either::Either, prelude::*};

use crate::{
    model::{RawEvent, StreamRole},
    ui::{chunk::ready_now, language::use_messages},
};
use panel::{live_panel, load_inspector_panel};

/// The stream URL and the last [`INSPECTOR_EVENTS`](crate::model::INSPECTOR_EVENTS) events
/// as they came off the wire.
#[component]
pub fn StreamInspector(
    /// The URL the page's EventSource is reading.
    url: Signal<String>,
    /// The latest raw events, newest first (empty while closed).
    events: Signal<Vec<RawEvent>>,
    /// Called with `true` when the visitor opens the inspector, `false` when they close it.
    on_toggle: Callback<bool>,
    /// Whether this tab holds the stream its browser's tabs share, listens to it, or has
    /// its own.
    #[prop(optional, into)]
    role: Signal<StreamRole>,
) -> impl IntoView {
    let words = use_messages();
    // Whether the panel's chunk is in: from then on the panel is its live view.
    let loaded = RwSignal::new(false);
    // The server's panel; hydration keeps the markup as it is, so the browser passes none.
    #[cfg(feature = "ssr")]
    let markup = panel::panel_markup(url, events);
    #[cfg(not(feature = "ssr"))]
    let markup = String::new();
    let on_details_toggle = move |event: leptos::ev::Event| {
        let open = event_target::<leptos::web_sys::HtmlDetailsElement>(&event).open();
        on_toggle.run(open);
        if open && !loaded.get_untracked() {
            leptos::task::spawn_local(async move {
                // A chunk that does not load leaves the server's panel (the URL is still
                // there), and the next opening tries again.
                if load_inspector_panel().await.is_ok() {
                    let _ = loaded.try_set(true);
                }
            });
        }
    };
    view! {
        <details class="inspector" on:toggle=on_details_toggle>
            <summary>{words.inspector}</summary>
            // Outside the panel, so the tab's role reads right before the panel's code is in
            // (and a test can read it with the inspector shut).
            <p class="inspector__role">{move || match role.get() {
                StreamRole::Own => None,
                StreamRole::Holds => Some(words.stream_holds),
                StreamRole::Listens => Some(words.stream_listens),
            }}</p>
            {move || {
                if loaded.get() {
                    Either::Left(ready_now(live_panel(url, events)).and_then(Result::ok))
                } else {
                    Either::Right(view! { <div class="inspector__panel" inner_html=markup.clone() /> })
                }
            }}
        </details>
    }
}
