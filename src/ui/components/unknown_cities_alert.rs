//! The notice for names in the URL that are not time zones.

use leptos::prelude::*;

/// An alert naming the unknown cities; nothing when all are known.
#[component]
pub fn UnknownCitiesAlert(
    /// The names that are not zones, as written in the URL.
    unknown: Signal<Vec<String>>,
) -> impl IntoView {
    move || {
        let unknown = unknown.get();
        (!unknown.is_empty()).then(|| {
            let names: Vec<String> = unknown.iter().map(|name| format!("“{name}”")).collect();
            let noun = if unknown.len() == 1 {
                "is not a time zone"
            } else {
                "are not time zones"
            };
            view! {
                <p role="alert" class="notice notice--warning">
                    {format!("{} {noun} we know, so they are not shown. ", names.join(", "))}
                    "Time zones are IANA names such as Asia/Seoul; use “Add city” to find one."
                </p>
            }
        })
    }
}
