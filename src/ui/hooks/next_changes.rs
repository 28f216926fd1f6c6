//! Each shown zone's next clock change: the server's for the zones it rendered, fetched
//! (`GET /api/transitions/next`) for zones added later.

use std::collections::HashMap;

use leptos::prelude::*;

use crate::model::Transition;

/// Next clock changes by zone. `rendered` came with the page (for the zones in `asked`);
/// any zone of `shown` not asked yet is fetched once, after hydration.
pub fn use_next_changes(
    rendered: &[Transition],
    asked: Vec<String>,
    shown: Memo<Vec<String>>,
) -> Signal<HashMap<String, Transition>> {
    let changes = RwSignal::new(
        rendered
            .iter()
            .map(|change| (change.zone.clone(), change.clone()))
            .collect::<HashMap<String, Transition>>(),
    );
    let asked = StoredValue::new(asked);
    Effect::new(move |_| {
        let missing: Vec<String> = shown
            .get()
            .into_iter()
            .filter(|zone| asked.with_value(|asked| !asked.contains(zone)))
            .collect();
        if missing.is_empty() {
            return;
        }
        asked.update_value(|asked| asked.extend(missing.iter().cloned()));
        fetch_into(missing, changes);
    });
    changes.into()
}

/// Fetches the next changes of `zones` into `changes` (in the browser; nothing on the server).
fn fetch_into(zones: Vec<String>, changes: RwSignal<HashMap<String, Transition>>) {
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async move {
        if let Some(found) = crate::browser::api::next_changes(&zones).await {
            changes.update(|changes| {
                for change in found {
                    changes.insert(change.zone.clone(), change);
                }
            });
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (zones, changes);
}
