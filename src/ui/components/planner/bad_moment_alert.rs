//! The notice for an `at` in the URL that names no moment: the page shows the live clocks
//! instead, and says why, as it does for an unknown city.

use leptos::prelude::*;

use crate::ui::language::use_messages;

use crate::model::MomentError;

/// An alert quoting the bad `at` and how to write one; nothing when `at` is fine or absent.
#[component]
pub fn BadMomentAlert(
    /// The bad text (shortened) and why it names no moment.
    bad_at: Signal<Option<(String, MomentError)>>,
) -> impl IntoView {
    let words = use_messages();
    move || {
        bad_at.get().map(|(text, error)| {
            view! {
                <p role="alert" class="notice notice--warning">
                    {words.bad_moment(text)}
                    {match error {
                        MomentError::Empty => words.moment_empty,
                        MomentError::Malformed => words.moment_malformed,
                        MomentError::NoOffset => words.moment_no_offset,
                        MomentError::NoSuchTime => words.moment_no_such_time,
                        MomentError::OutOfRange => words.moment_out_of_range,
                    }}
                </p>
            }
        })
    }
}
