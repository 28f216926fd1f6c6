//! The page's footer: the visitor's zone, how right their device's clock is, and where to
//! look further.

use leptos::prelude::*;

use crate::{
    model::Language,
    ui::{
        hooks::use_device_clock,
        language::{use_messages, use_url_language},
    },
};

/// The footer, naming the visitor's zone once the browser has said it, and how far their
/// device's clock is from the server's once the page has measured it.
#[component]
pub fn PageFooter(
    /// The browser's zone, once known.
    visitor_zone: Signal<Option<String>>,
) -> impl IntoView {
    let device_clock = use_device_clock();
    let words = use_messages();
    let reports_href = Language::page_url("/reports", use_url_language());
    view! {
        <footer class="footer">
            <p>
                {move || match visitor_zone.get() {
                    Some(zone) => words.your_time_zone(zone),
                    None => String::new(),
                }}
                // A polite live region, present (empty) from the first paint so that screen
                // readers announce the sentence when it arrives; not an alert, and not a
                // second `status` beside the stream's.
                <span class="footer__device-clock" aria-live="polite" aria-atomic="true">
                    {move || device_clock.get().map(|sentence| format!("{sentence}. ")).unwrap_or_default()}
                </span>
                {words.footer_streamed}
                <a href="/api/zones">{words.footer_zone_list}</a>
                {words.footer_and}
                <a href="/metrics">{words.footer_metrics}</a>
                {words.footer_open}
                <a href=reports_href>{words.footer_reports}</a>
            </p>
            <p class="footer__credit">
                {words.footer_credit}
            </p>
        </footer>
    }
}
