//! The notice for names in the URL that are neither cities nor time zones.

use leptos::prelude::*;

use crate::ui::language::use_messages;

/// An alert naming the unknown cities; nothing when all are known.
#[component]
pub fn UnknownCitiesAlert(
    /// The names that are neither cities nor zones, as written in the URL.
    unknown: Signal<Vec<String>>,
) -> impl IntoView {
    let words = use_messages();
    move || {
        let unknown = unknown.get();
        (!unknown.is_empty()).then(|| {
            let names: Vec<String> = unknown.iter().map(|name| words.quoted(name)).collect();
            let names = names.join(words.list_separator);
            let sentence = if unknown.len() == 1 {
                words.unknown_one(names)
            } else {
                words.unknown_many(names)
            };
            view! {
                <p role="alert" class="notice notice--warning">
                    {sentence}
                    " "
                    {words.unknown_hint}
                </p>
            }
        })
    }
}
