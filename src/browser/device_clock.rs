//! Measures how far the device's clock is from the server's: a few timed round trips to
//! `/api/time`, a moment apart, of which Cristian's estimate keeps the shortest
//! (`model::clock_offset`). A good estimate is kept in `localStorage` for the visits of the
//! next hour, which then take no samples; the first tick such a visit shows is checked
//! against it, in case the device's clock was set since.

use std::cell::RefCell;

use wasm_bindgen::prelude::wasm_bindgen;

use super::api;
use crate::model::{ClockOffset, FromJson, KeptOffset, TimeSample};

/// Round trips per measurement: enough that one likely meets a quiet network, few enough
/// to cost the server nothing (five requests of about 25 bytes, once an hour).
const SAMPLES: usize = 5;

/// The pause between two round trips, so one stall (a busy main thread, a queued
/// connection) does not spoil them all.
const SPACING_MS: u32 = 150;

/// Where the estimate is kept.
const KEPT_KEY: &str = "worldclock.deviceClock";

#[wasm_bindgen]
extern "C" {
    /// `performance.now()`: milliseconds on the page's monotonic clock, which the device's
    /// clock stepping does not move.
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    pub fn monotonic_ms() -> f64;

    /// `performance.timeOrigin`: the device's clock when the page's monotonic clock read 0.
    #[wasm_bindgen(js_namespace = performance, js_name = timeOrigin, thread_local_v2)]
    static TIME_ORIGIN_MS: wasm_bindgen::JsValue;
}

/// The device's clock, uncorrected.
pub fn device_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// How far the device's clock has moved from the page's monotonic clock since the page
/// began: zero until someone (a person, a time daemon) sets the clock while the page is open.
pub fn clock_set_since_load_ms() -> f64 {
    let origin_ms = TIME_ORIGIN_MS
        .with(|origin| origin.as_f64())
        .unwrap_or(f64::NAN);
    let set_ms = js_sys::Date::now() - (origin_ms + monotonic_ms());
    if set_ms.is_finite() {
        set_ms
    } else {
        0.0
    }
}

/// The device's clock against the server's, or `None` when no round trip succeeded.
pub async fn measure() -> Option<ClockOffset> {
    let mut samples = Vec::with_capacity(SAMPLES);
    for index in 0..SAMPLES {
        if index > 0 {
            api::sleep_ms(SPACING_MS).await;
        }
        // The device's own clock, uncorrected (not `now_epoch_ms`, which a measurement
        // before this one already corrects): this is the clock being measured.
        let sent_ms = device_ms();
        let started = monotonic_ms();
        let Some(server) = api::server_time().await else {
            continue;
        };
        let round_trip_ms = monotonic_ms() - started;
        samples.extend(TimeSample::timed(sent_ms, round_trip_ms, server.epoch_ms));
    }
    ClockOffset::estimate(&samples)
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Keeps `offset`, measured when the device's clock read `measured_at_ms`, for later
/// visits, if it is good enough; else forgets any kept one.
pub fn keep(offset: ClockOffset, measured_at_ms: i64) {
    let Some(storage) = storage() else {
        return;
    };
    let text = offset.kept(measured_at_ms).map(KeptOffset::to_json);
    let _ = match text {
        Some(text) => storage.set_item(KEPT_KEY, &text),
        None => storage.remove_item(KEPT_KEY),
    };
}

/// The kept estimate, if there is one (fresh or not).
pub fn kept() -> Option<KeptOffset> {
    let text = storage()?.get_item(KEPT_KEY).ok()??;
    KeptOffset::from_json_text(&text)
}

/// The time of day on the device at `device_ms`, as `14:05`.
pub fn time_of_day(device_ms: i64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(device_ms as f64));
    format!("{:02}:{:02}", date.get_hours(), date.get_minutes())
}

/// An estimate from an earlier visit that no tick has borne out yet, and what to do if one
/// contradicts it.
struct Unconfirmed {
    offset: ClockOffset,
    on_contradicted: Box<dyn FnOnce()>,
}

thread_local! {
    static UNCONFIRMED: RefCell<Option<Unconfirmed>> = const { RefCell::new(None) };
}

/// Checks `offset`, from an earlier visit, against the first tick the page shows;
/// `on_contradicted` runs if that tick shows the device's clock was set since.
pub fn check_against_first_tick(offset: ClockOffset, on_contradicted: impl FnOnce() + 'static) {
    let unconfirmed = Unconfirmed {
        offset,
        on_contradicted: Box::new(on_contradicted),
    };
    UNCONFIRMED.with(|cell| *cell.borrow_mut() = Some(unconfirmed));
}

/// Nothing to check any more (the page measured for itself).
pub fn stop_checking() {
    UNCONFIRMED.with(|cell| cell.borrow_mut().take());
}

/// A tick the page shows, of the instant `epoch_ms`, as it arrives.
pub fn witness_tick(epoch_ms: i64) {
    let unconfirmed = UNCONFIRMED.with(|cell| cell.borrow_mut().take());
    if let Some(unconfirmed) = unconfirmed {
        if unconfirmed
            .offset
            .contradicted_by_tick(epoch_ms, device_ms())
        {
            (unconfirmed.on_contradicted)();
        }
    }
}
