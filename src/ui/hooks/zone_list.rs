//! The zone list (`GET /api/zones`), fetched once the page is hydrated.

use leptos::prelude::*;

use crate::model::ZoneSummary;

/// Every zone with its offset and abbreviation; empty until loaded (and on the server).
pub fn use_zone_list() -> Signal<Vec<ZoneSummary>> {
    let zones = RwSignal::new(Vec::<ZoneSummary>::new());
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            if let Some(list) = crate::browser::api::zone_list().await {
                zones.set(list);
            }
        });
    });
    zones.into()
}
