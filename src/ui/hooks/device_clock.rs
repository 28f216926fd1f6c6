//! The visitor's device clock against the server's, applied to every reading of "now" in the
//! page and said in a sentence. A good estimate from a visit within the hour serves this one
//! (the sentence says when it was measured) and costs no request; otherwise the page measures
//! once it is hydrated. It measures again when the first tick shows the kept estimate wrong
//! (the device's clock was set since), when the clock is set while the page is open, and when
//! the tab comes back after a long while hidden; never on a timer.

use leptos::prelude::*;

#[cfg(feature = "hydrate")]
use crate::ui::language::use_messages;

/// How long a tab stays hidden before its measurement is taken again when it is shown:
/// long enough that switching tabs costs nothing, short enough to catch a computer waking
/// from sleep, when its clock is often stepped.
#[cfg(feature = "hydrate")]
const STALE_AFTER_HIDDEN_MS: f64 = 10.0 * 60.0 * 1000.0;

/// "Your device's clock is 2.30 s behind (± 0.02 s)", once known. Nothing on the server,
/// nothing without JavaScript and nothing before the estimate: the page claims only what
/// it measured.
pub fn use_device_clock() -> Signal<Option<String>> {
    let sentence = RwSignal::new(None);
    #[cfg(feature = "hydrate")]
    estimate_in_browser(sentence, use_messages());
    sentence.into()
}

/// Takes up a kept estimate or measures after hydration, and measures again when the
/// estimate is in doubt; one measurement at a time.
#[cfg(feature = "hydrate")]
fn estimate_in_browser(sentence: RwSignal<Option<String>>, words: &'static crate::model::Messages) {
    use crate::browser::device_clock::{
        check_against_first_tick, clock_set_since_load_ms, device_ms, keep, kept, measure,
        monotonic_ms, stop_checking, time_of_day,
    };
    use crate::model::{correct_device_clock, VISIBLE_MS};

    let measuring = StoredValue::new(false);
    // How far the device's clock had been set since the page loaded when the estimate in
    // use was taken up: a later reading that differs visibly means it was set again.
    let set_when_taken_up = StoredValue::new(0.0_f64);
    let start = move || {
        if measuring.try_get_value().unwrap_or(true) {
            return;
        }
        measuring.set_value(true);
        stop_checking();
        leptos::task::spawn_local(async move {
            if let Some(offset) = measure().await {
                correct_device_clock(offset);
                keep(offset, device_ms());
                let _ = set_when_taken_up.try_set_value(clock_set_since_load_ms());
                let _ = sentence.try_set(Some(offset.describe(words)));
            }
            let _ = measuring.try_set_value(false);
        });
    };
    Effect::new(move |_| {
        let usable = kept().and_then(|kept| Some((kept.usable_at(device_ms())?, kept)));
        match usable {
            Some((offset, kept)) => {
                correct_device_clock(offset);
                set_when_taken_up.set_value(clock_set_since_load_ms());
                sentence.set(Some(
                    offset.describe_measured_at(&time_of_day(kept.measured_at_ms), words),
                ));
                check_against_first_tick(offset, start);
            }
            None => start(),
        }
    });

    let hidden_since = StoredValue::new(None::<f64>);
    let listener = window_event_listener_untyped("visibilitychange", move |_| {
        let now = monotonic_ms();
        if document().hidden() {
            hidden_since.set_value(Some(now));
            return;
        }
        let long_away = hidden_since
            .try_update_value(Option::take)
            .flatten()
            .is_some_and(|since| now - since >= STALE_AFTER_HIDDEN_MS);
        let clock_set = set_when_taken_up
            .try_get_value()
            .is_some_and(|then| (clock_set_since_load_ms() - then).abs() > VISIBLE_MS);
        if long_away || clock_set {
            start();
        }
    });
    on_cleanup(move || {
        listener.remove();
        stop_checking();
    });
}
