//! The page's footer: the visitor's zone and where to look further.

use leptos::prelude::*;

/// The footer, naming the visitor's zone once the browser has said it.
#[component]
pub fn PageFooter(
    /// The browser's zone, once known.
    visitor_zone: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <footer class="footer">
            <p>
                {move || match visitor_zone.get() {
                    Some(zone) => format!("Your time zone: {zone}. "),
                    None => String::new(),
                }}
                "Times are computed by the server and streamed as Server-Sent Events; "
                <a href="/api/zones">"the zone list"</a>
                " and "
                <a href="/metrics">"the server's metrics"</a>
                " are open too. "
                <a href="/reports">"When do the clocks change?"</a>
            </p>
            <p class="footer__credit">
                "Cities, their names and regions: GeoNames (geonames.org), licensed CC BY 4.0."
            </p>
        </footer>
    }
}
