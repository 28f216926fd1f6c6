//! A collapsible look at the raw stream: its URL and the last events, for people learning SSE.
//! Its rows exist only while it is open, so a closed inspector costs a tick nothing.

use leptos::prelude::*;

use crate::ui::language::use_messages;

use crate::model::{RawEvent, StreamRole, INSPECTOR_EVENTS};

/// The stream URL and the last [`INSPECTOR_EVENTS`] events as they came off the wire.
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
    view! {
        <details
            class="inspector"
            on:toggle=move |event| {
                on_toggle.run(event_target::<leptos::web_sys::HtmlDetailsElement>(&event).open());
            }
        >
            <summary>{words.inspector}</summary>
            <p class="inspector__role">{move || match role.get() {
                StreamRole::Own => None,
                StreamRole::Holds => Some(words.stream_holds),
                StreamRole::Listens => Some(words.stream_listens),
            }}</p>
            <p class="inspector__url">
                {words.inspector_url} <a href=move || url.get()><code>{move || url.get()}</code></a>
            </p>
            <p class="inspector__hint">
                {words.inspector_terminal} <code>{move || format!("curl -N '{}{}'", words.inspector_this_site, url.get())}</code>
            </p>
            <table class="inspector__events">
                <caption>{words.inspector_caption(INSPECTOR_EVENTS)}</caption>
                <thead>
                    <tr>
                        <th scope="col">"id"</th>
                        <th scope="col">"event"</th>
                        <th scope="col">"data"</th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || events.get() key=|event| event.seq let:event>
                        <tr>
                            <td><code>{event.id}</code></td>
                            <td><code>{event.event}</code></td>
                            <td class="inspector__data"><code>{event.data}</code></td>
                        </tr>
                    </For>
                </tbody>
            </table>
        </details>
    }
}
