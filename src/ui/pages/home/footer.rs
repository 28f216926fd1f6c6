//! The page's footer: the visitor's zone, how right their device's clock is, and where to
//! look further.

use leptos::prelude::*;

use crate::{
    model::Language,
    ui::{hooks::use_device_clock, language::use_url_language},
};

/// The footer, naming the visitor's zone once the browser has said it, and how far their
/// device's clock is from the server's once the page has measured it.
#[component]
pub fn PageFooter(
    /// The browser's zone, once known.
    visitor_zone: Signal<Option<String>>,
) -> impl IntoView {
    let device_clock = use_device_clock();
    let reports_href = Language::page_url("/reports", use_url_language());
    view! {
        <footer class="footer">
            <p>
                {move || match visitor_zone.get() {
                    Some(zone) => format!("Your time zone: {zone}. "),
                    None => String::new(),
                }}
                // A polite live region, present (empty) from the first paint so that screen
                // readers announce the sentence when it arrives; not an alert, and not a
                // second `status` beside the stream's.
                <span class="footer__device-clock" aria-live="polite" aria-atomic="true">
                    {move || device_clock.get().map(|sentence| format!("{sentence}. ")).unwrap_or_default()}
                </span>
                "Times are computed by the server and streamed as Server-Sent Events; "
                <a href="/api/zones">"the zone list"</a>
                " and "
                <a href="/metrics">"the server's metrics"</a>
                " are open too. "
                <a href=reports_href>"When do the clocks change?"</a>
            </p>
            <p class="footer__credit">
                "Cities, their names and regions: GeoNames (geonames.org), licensed CC BY 4.0."
            </p>
        </footer>
    }
}
