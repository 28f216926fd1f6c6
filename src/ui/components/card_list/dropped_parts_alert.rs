//! The notice for parts of the URL's cards that were left out (a name too long, hours that
//! do not parse, more cards than a page shows): each says what and why, as text.

use leptos::prelude::*;

use crate::ui::language::use_messages;

/// An alert with a sentence per part left out; nothing when none was.
#[component]
pub fn DroppedPartsAlert(
    /// The parts left out, each said in a sentence (`DroppedPart`'s words).
    dropped: Signal<Vec<String>>,
) -> impl IntoView {
    let words = use_messages();
    move || {
        dropped.with(|dropped| {
            (!dropped.is_empty()).then(|| {
                view! {
                    <p role="alert" class="notice notice--warning">
                        {words.dropped_parts(dropped.join(" "))}
                    </p>
                }
            })
        })
    }
}
