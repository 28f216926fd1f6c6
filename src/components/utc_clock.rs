//! A clock showing the current UTC time: rendered by the server, ticking in the browser.

use leptos::prelude::*;
use leptos::server::SharedValue;

use crate::clock_face::{CivilTime, HourCycle};

/// The current UTC time, large, with its date beneath.
///
/// The server reads the time and ships it with the page ([`SharedValue`]), so the browser
/// hydrates from the exact instant the HTML shows; after that the browser's own clock
/// drives it, re-rendering just after each second begins.
#[component]
pub fn UtcClock(
    /// 12- or 24-hour display.
    hour_cycle: ReadSignal<HourCycle>,
) -> impl IntoView {
    let rendered_at = SharedValue::new(now_epoch_ms).into_inner();
    let (now_ms, set_now_ms) = signal(rendered_at);
    tick_every_second(now_ms, set_now_ms);

    let civil = move || CivilTime::from_epoch_ms(now_ms.get());
    view! {
        <p class="clock-card__time">
            <time datetime=move || format!("{}Z", civil().iso_text())>
                {move || civil().time_text(hour_cycle.get())}
            </time>
        </p>
        <p class="clock-card__date">{move || civil().date_text()}</p>
    }
}

/// In the browser, polls the clock ten times a second and writes `now_ms` when a new second
/// has begun, so the display changes within 100 ms of the second and re-renders once per
/// second; on the server, does nothing (effects never run there).
fn tick_every_second(now_ms: ReadSignal<i64>, set_now_ms: WriteSignal<i64>) {
    Effect::new(move |_| {
        let handle = set_interval_with_handle(
            move || {
                let now = now_epoch_ms();
                if now.div_euclid(1000) != now_ms.get_untracked().div_euclid(1000) {
                    set_now_ms.set(now);
                }
            },
            std::time::Duration::from_millis(100),
        );
        if let Ok(handle) = handle {
            on_cleanup(move || handle.clear());
        }
    });
}

/// Milliseconds since the Unix epoch, from whichever clock this side has.
fn now_epoch_ms() -> i64 {
    #[cfg(feature = "hydrate")]
    {
        js_sys::Date::now() as i64
    }
    #[cfg(not(feature = "hydrate"))]
    {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|elapsed| elapsed.as_millis() as i64)
            .unwrap_or(0)
    }
}
