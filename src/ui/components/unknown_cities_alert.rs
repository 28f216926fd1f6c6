//! The notice for names in the URL that are neither cities nor time zones.

use leptos::prelude::*;

/// An alert naming the unknown cities; nothing when all are known.
#[component]
pub fn UnknownCitiesAlert(
    /// The names that are neither cities nor zones, as written in the URL.
    unknown: Signal<Vec<String>>,
) -> impl IntoView {
    move || {
        let unknown = unknown.get();
        (!unknown.is_empty()).then(|| {
            let names: Vec<String> = unknown.iter().map(|name| format!("“{name}”")).collect();
            let noun = if unknown.len() == 1 {
                "is not a city or time zone"
            } else {
                "are not cities or time zones"
            };
            view! {
                <p role="alert" class="notice notice--warning">
                    {format!("{} {noun} we know, so they are not shown. ", names.join(", "))}
                    "Use “Add city” to find a city by any of its names, or a zone such as Asia/Seoul."
                </p>
            }
        })
    }
}
