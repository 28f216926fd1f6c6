//! The notice for parts of the URL's cards that were left out (a name too long, hours that
//! do not parse, more cards than a page shows): each says what and why, as text.

use leptos::prelude::*;

use crate::model::DroppedPart;

/// An alert with a sentence per part left out; nothing when none was.
#[component]
pub fn DroppedPartsAlert(
    /// The parts left out, and why.
    dropped: Signal<Vec<DroppedPart>>,
) -> impl IntoView {
    move || {
        dropped.with(|dropped| {
            (!dropped.is_empty()).then(|| {
                let sentences = dropped
                    .iter()
                    .map(|part| view! { <li>{part.to_string()}</li> })
                    .collect_view();
                view! {
                    <div role="alert" class="notice notice--warning">
                        <p class="notice__lead">"Part of this page's address could not be used:"</p>
                        <ul class="notice__list">{sentences}</ul>
                    </div>
                }
            })
        })
    }
}
