//! The city finder's suggestions as the person types: asked of the server
//! (`GET /api/cities`), which holds the gazetteer, so the page carries no city data.

use leptos::prelude::*;

use crate::{
    model::{CityMatch, Language},
    ui::language::use_language,
};

/// Suggestions for `query`, best first and labelled in the page's language; empty for a blank query. An answer to an older
/// query that arrives late is dropped, so the list always belongs to what is typed.
pub fn use_city_search(query: Signal<String>) -> Signal<Vec<CityMatch>> {
    let found = RwSignal::new(Vec::<CityMatch>::new());
    let asked = StoredValue::new(0u64);
    let language = use_language();
    Effect::new(move |_| {
        let text = query.get().trim().to_owned();
        asked.update_value(|count| *count += 1);
        if text.is_empty() {
            found.set(Vec::new());
            return;
        }
        search(text, language, asked.get_value(), asked, found);
    });
    found.into()
}

/// Asks the server (in the browser; nothing on the server) and keeps the answer if no newer
/// query was asked meanwhile.
fn search(
    text: String,
    language: Language,
    this: u64,
    asked: StoredValue<u64>,
    found: RwSignal<Vec<CityMatch>>,
) {
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async move {
        let matches = crate::browser::api::search_cities(&text, language).await;
        if asked.get_value() == this {
            found.set(matches.unwrap_or_default());
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (text, language, this, asked, found);
}
