//! Measures how far the device's clock is from the server's: a few timed round trips to
//! `/api/time`, a moment apart, of which Cristian's estimate keeps the shortest
//! (`model::clock_offset`).

use wasm_bindgen::prelude::wasm_bindgen;

use super::api;
use crate::model::{ClockOffset, TimeSample};

/// Round trips per measurement: enough that one likely meets a quiet network, few enough
/// to cost the server nothing (five requests of about 25 bytes, once a visit).
const SAMPLES: usize = 5;

/// The pause between two round trips, so one stall (a busy main thread, a queued
/// connection) does not spoil them all.
const SPACING_MS: u32 = 150;

#[wasm_bindgen]
extern "C" {
    /// `performance.now()`: milliseconds on the page's monotonic clock, which the device's
    /// clock stepping does not move.
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    pub fn monotonic_ms() -> f64;
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
        let sent_ms = js_sys::Date::now() as i64;
        let started = monotonic_ms();
        let Some(server) = api::server_time().await else {
            continue;
        };
        let round_trip_ms = monotonic_ms() - started;
        samples.extend(TimeSample::timed(sent_ms, round_trip_ms, server.epoch_ms));
    }
    ClockOffset::estimate(&samples)
}
