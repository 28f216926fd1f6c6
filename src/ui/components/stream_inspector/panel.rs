//! The inspector's panel: the stream's URL, how to read it with curl, and the last events as
//! they came off the wire. Nobody needs it before opening the inspector, so in the browser
//! its code is a WASM chunk of its own (wasm-split), fetched at the first opening; the
//! server renders it into the page as markup (all a page without JavaScript has).

use leptos::{prelude::*, wasm_split::SplitLoaderError};

use crate::{
    model::{RawEvent, INSPECTOR_EVENTS},
    ui::language::use_messages,
};

/// The panel, live: what the open inspector shows. Awaiting it in the browser loads the
/// panel's chunk (once; a failed load is an error, and the next call tries again).
#[leptos::wasm_split::wasm_split(
    worldclock_inspector_panel,
    wasm_split_path = ::leptos::wasm_split,
    preload(load_inspector_panel),
    fallible
)]
pub fn live_panel(
    url: Signal<String>,
    events: Signal<Vec<RawEvent>>,
) -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <div class="inspector__panel">{panel(url, events)}</div> }.into_any())
}

/// What the panel holds, as the server sends it: markup the browser keeps as it is until the
/// panel's own code replaces it.
#[cfg(feature = "ssr")]
pub fn panel_markup(url: Signal<String>, events: Signal<Vec<RawEvent>>) -> String {
    panel(url, events).to_html()
}

fn panel(url: Signal<String>, events: Signal<Vec<RawEvent>>) -> impl IntoView {
    let words = use_messages();
    view! {
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
    }
}
