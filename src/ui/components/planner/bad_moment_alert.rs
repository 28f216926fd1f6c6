//! The notice for an `at` in the URL that names no moment: the page shows the live clocks
//! instead, and says why, as it does for an unknown city.

use leptos::prelude::*;

use crate::model::MomentError;

/// An alert quoting the bad `at` and how to write one; nothing when `at` is fine or absent.
#[component]
pub fn BadMomentAlert(
    /// The bad text (shortened) and why it names no moment.
    bad_at: Signal<Option<(String, MomentError)>>,
) -> impl IntoView {
    move || {
        bad_at.get().map(|(text, error)| {
            view! {
                <p role="alert" class="notice notice--warning">
                    {format!("“{text}” is not a moment we can plan for, so the clocks are live. ")}
                    {format!("{error}.")}
                </p>
            }
        })
    }
}
