//! The visitor's device clock against the server's: measured once the page is hydrated (and
//! again when the tab comes back after a long while hidden, never on a timer), applied to
//! every reading of "now" in the page, and said in a sentence.

use leptos::prelude::*;

/// How long a tab stays hidden before its measurement is taken again when it is shown:
/// long enough that switching tabs costs nothing, short enough to catch a computer waking
/// from sleep, when its clock is often stepped.
#[cfg(feature = "hydrate")]
const STALE_AFTER_HIDDEN_MS: f64 = 10.0 * 60.0 * 1000.0;

/// "Your device's clock is 2.30 s behind (± 0.02 s)", once measured. Nothing on the server,
/// nothing without JavaScript and nothing before the estimate: the page claims only what
/// it measured.
pub fn use_device_clock() -> Signal<Option<String>> {
    let sentence = RwSignal::new(None);
    #[cfg(feature = "hydrate")]
    measure_in_browser(sentence);
    sentence.into()
}

/// Measures after hydration and when the tab returns from a long absence; one measurement
/// at a time.
#[cfg(feature = "hydrate")]
fn measure_in_browser(sentence: RwSignal<Option<String>>) {
    use crate::browser::device_clock::{measure, monotonic_ms};

    let measuring = StoredValue::new(false);
    let start = move || {
        if measuring.get_value() {
            return;
        }
        measuring.set_value(true);
        leptos::task::spawn_local(async move {
            if let Some(offset) = measure().await {
                crate::model::correct_device_clock(offset);
                let _ = sentence.try_set(Some(offset.describe()));
            }
            let _ = measuring.try_set_value(false);
        });
    };
    Effect::new(move |_| start());

    let hidden_since = StoredValue::new(None::<f64>);
    let listener = window_event_listener_untyped("visibilitychange", move |_| {
        let now = monotonic_ms();
        if document().hidden() {
            hidden_since.set_value(Some(now));
        } else if let Some(since) = hidden_since.try_update_value(Option::take).flatten() {
            if now - since >= STALE_AFTER_HIDDEN_MS {
                start();
            }
        }
    });
    on_cleanup(move || listener.remove());
}
