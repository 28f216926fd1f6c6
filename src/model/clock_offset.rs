//! How far the visitor's clock is from the server's: the server's answer to `GET /api/time`,
//! and Cristian's estimate from a few timed round trips to it.
//!
//! A sample is the visitor's clock when the request left (`sent`), the server's clock in the
//! answer, and the visitor's clock when the answer arrived (`received`). The server read its
//! clock somewhere within the round trip; assuming the middle, the server's clock reads
//! `server + rtt / 2` at `received`, and the guess is wrong by at most `rtt / 2` either way.
//! Of several samples the one with the shortest round trip bounds the error best.
//!
//! A good estimate is kept for the visits after ([`KeptOffset`]): a visit within
//! [`KEEP_FOR_MS`] of it takes no samples, unless a tick shows the device's clock has since
//! moved by more than a person would see ([`VISIBLE_MS`]).

use super::locale::Messages;
use serde::{Deserialize, Serialize};

use super::json::{FromJson, Json, JsonObject};

/// The path of the server's clock.
pub const SERVER_TIME_PATH: &str = "/api/time";

/// How long an estimate serves later visits: an hour. A quartz clock left to itself drifts
/// some tens of milliseconds in that time; a clock that is stepped is caught by its ticks.
pub const KEEP_FOR_MS: i64 = 3_600_000;

/// The largest uncertainty worth keeping: an estimate less sure than that (a slow network)
/// is measured again next time.
pub const KEEP_WITHIN_MS: f64 = 500.0;

/// How far the clock must be off for a person to see it: a second, the clocks' last digit.
pub const VISIBLE_MS: f64 = 1_000.0;

/// The body of `GET /api/time`: the server's clock when it answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServerTime {
    /// UTC milliseconds since the Unix epoch, read as the server answered.
    pub epoch_ms: i64,
}

/// One timed round trip to `/api/time`, all in UTC milliseconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeSample {
    /// The visitor's clock when the request left.
    pub sent_ms: i64,
    /// The server's clock in its answer.
    pub server_ms: i64,
    /// The visitor's clock when the answer arrived.
    pub received_ms: i64,
}

impl TimeSample {
    /// A sample timed the way a page can time it best: the device's clock (`Date.now()`)
    /// when the request left, and the round trip from a monotonic clock
    /// (`performance.now()`), which neither steps with the device's clock nor stops at whole
    /// milliseconds. `None` when the round trip is not a duration (negative, not finite).
    ///
    /// Both clocks in the estimate read whole milliseconds, the device's and the server's,
    /// each up to a millisecond short of the truth: the sample is widened by a millisecond
    /// each way (and its round trip rounded up) so that the estimate keeps its centre and
    /// its `± rtt / 2` still holds, never understated. On one machine, where both clocks
    /// are one, the estimate is then always "exact".
    pub fn timed(sent_ms: i64, round_trip_ms: f64, server_ms: i64) -> Option<TimeSample> {
        if !round_trip_ms.is_finite() || round_trip_ms < 0.0 {
            return None;
        }
        let round_trip_ms = round_trip_ms.ceil() as i64;
        Some(TimeSample {
            sent_ms: sent_ms.checked_sub(1)?,
            server_ms,
            received_ms: sent_ms.checked_add(round_trip_ms)?.checked_add(1)?,
        })
    }

    /// The round trip, or `None` when the visitor's clock went back during it (a step, not a
    /// round trip: the sample says nothing).
    fn round_trip_ms(self) -> Option<i64> {
        let rtt = self.received_ms.checked_sub(self.sent_ms)?;
        (rtt >= 0).then_some(rtt)
    }
}

/// How far the visitor's clock is from the server's, and how sure that is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ClockOffset {
    /// What to add to the visitor's clock to read the server's, in milliseconds: positive
    /// when the visitor's clock is behind.
    pub offset_ms: f64,
    /// The offset is right within this many milliseconds either way: half the best round
    /// trip.
    pub uncertainty_ms: f64,
}

/// An estimate kept for later visits, as stored in the browser: whole milliseconds (the
/// uncertainty rounded up), so that neither keeping nor reading it formats or parses a
/// float, whose code the WASM bundle would otherwise carry for this alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KeptOffset {
    /// What to add to the device's clock to read the server's, in milliseconds.
    pub offset_ms: i64,
    /// Right within this many milliseconds either way.
    pub uncertainty_ms: i64,
    /// The device's clock (uncorrected) when it was measured.
    pub measured_at_ms: i64,
}

impl KeptOffset {
    /// The estimate, if it still serves a visit when the device's clock reads `now_ms`:
    /// measured within [`KEEP_FOR_MS`] before, and not after (a clock set back since).
    pub fn usable_at(self, now_ms: i64) -> Option<ClockOffset> {
        let age_ms = now_ms.checked_sub(self.measured_at_ms)?;
        ((0..=KEEP_FOR_MS).contains(&age_ms)
            && (0.0..=KEEP_WITHIN_MS).contains(&(self.uncertainty_ms as f64)))
        .then_some(ClockOffset {
            offset_ms: self.offset_ms as f64,
            uncertainty_ms: self.uncertainty_ms as f64,
        })
    }
}

impl ClockOffset {
    /// The estimate to keep, measured when the device's clock read `measured_at_ms`; `None`
    /// when it is too unsure to serve a later visit.
    pub fn kept(self, measured_at_ms: i64) -> Option<KeptOffset> {
        (self.offset_ms.is_finite()
            && self.offset_ms.abs() < 1e15
            && (0.0..=KEEP_WITHIN_MS).contains(&self.uncertainty_ms))
        .then_some(KeptOffset {
            offset_ms: self.offset_ms.round() as i64,
            uncertainty_ms: self.uncertainty_ms.ceil() as i64,
            measured_at_ms,
        })
    }

    /// Whether a tick of the instant `epoch_ms`, arriving when the device's clock reads
    /// `device_ms`, shows this estimate visibly wrong: by the corrected clock it arrived more
    /// than the uncertainty and a second before its instant (it cannot arrive before) or
    /// after it (it arrives within moments). Then the device's clock has been set since.
    pub fn contradicted_by_tick(self, epoch_ms: i64, device_ms: i64) -> bool {
        let late_ms = device_ms as f64 + self.offset_ms - epoch_ms as f64;
        late_ms.abs() > self.uncertainty_ms + VISIBLE_MS
    }

    /// The sentence of [`ClockOffset::describe`] for an estimate from an earlier visit,
    /// saying when it was measured: `at` is that time of day on the device, as `14:05`.
    pub fn describe_measured_at(self, at: &str, words: &Messages) -> String {
        words.device_measured_at(self.describe(words), at)
    }
}

impl ClockOffset {
    /// Cristian's estimate from the sample with the shortest round trip (the first of equals);
    /// `None` without a usable sample.
    pub fn estimate(samples: &[TimeSample]) -> Option<ClockOffset> {
        let (best, rtt) = samples
            .iter()
            .filter_map(|sample| Some((sample, sample.round_trip_ms()?)))
            .min_by_key(|(_, rtt)| *rtt)?;
        let half = rtt as f64 / 2.0;
        Some(ClockOffset {
            offset_ms: best.server_ms as f64 + half - best.received_ms as f64,
            uncertainty_ms: half,
        })
    }

    /// Whether the visitor's clock agrees with the server's as far as can be told.
    pub fn is_exact(self) -> bool {
        self.offset_ms.abs() <= self.uncertainty_ms
    }

    /// The server's time when the visitor's clock reads `device_ms`.
    pub fn corrected(self, device_ms: i64) -> i64 {
        device_ms.saturating_add(self.offset_ms.round() as i64)
    }

    /// A sentence for the page: "Your device's clock is 2.30 s behind (± 0.02 s)", or "…
    /// is exact (± 0.02 s)". Seconds are shown to the uncertainty's first digit (at most to
    /// the millisecond).
    pub fn describe(self, words: &Messages) -> String {
        let digits = decimals_for(self.uncertainty_ms / 1000.0);
        let uncertainty = format!("{:.*}", digits, self.uncertainty_ms / 1000.0);
        if self.is_exact() {
            return words.device_exact(uncertainty);
        }
        let seconds = format!("{:.*}", digits, self.offset_ms.abs() / 1000.0);
        if self.offset_ms > 0.0 {
            words.device_behind(seconds, uncertainty)
        } else {
            words.device_ahead(seconds, uncertainty)
        }
    }
}

/// Decimals that show the first significant digit of `seconds`: 0.02 → 2, 0.15 → 1, 3 → 0;
/// never more than 3 (a millisecond).
fn decimals_for(seconds: f64) -> usize {
    if seconds.is_nan() || seconds <= 0.0 {
        return 3;
    }
    (-seconds.log10()).ceil().clamp(0.0, 3.0) as usize
}

impl FromJson for ServerTime {
    fn from_json(value: &Json) -> Option<Self> {
        Some(ServerTime {
            epoch_ms: value.field("epochMs")?,
        })
    }
}

impl FromJson for KeptOffset {
    fn from_json(value: &Json) -> Option<Self> {
        Some(KeptOffset {
            offset_ms: value.field("offsetMs")?,
            uncertainty_ms: value.field("uncertaintyMs")?,
            measured_at_ms: value.field("measuredAtMs")?,
        })
    }
}

impl KeptOffset {
    /// The estimate as the browser keeps it: JSON, the fields as serde names them.
    pub fn to_json(self) -> String {
        JsonObject::new()
            .integer("offsetMs", self.offset_ms)
            .integer("uncertaintyMs", self.uncertainty_ms)
            .integer("measuredAtMs", self.measured_at_ms)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Language;

    const EN: &Messages = Language::English.messages();

    /// 2026-12-02T12:00:00Z.
    const NOON: i64 = 1_796_212_800_000;

    fn sample(sent_ms: i64, server_ms: i64, received_ms: i64) -> TimeSample {
        TimeSample {
            sent_ms,
            server_ms,
            received_ms,
        }
    }

    #[test]
    fn the_server_time_is_one_camel_case_field() {
        let time = ServerTime {
            epoch_ms: 1_764_670_000_123,
        };
        let text = serde_json::to_string(&time).unwrap();
        assert_eq!(text, r#"{"epochMs":1764670000123}"#);
        assert_eq!(serde_json::from_str::<ServerTime>(&text).unwrap(), time);
        assert_eq!(ServerTime::from_json_text(&text), Some(time));
        assert_eq!(ServerTime::from_json_text(r#"{"epochMs":1.5}"#), None);
    }

    #[test]
    fn the_shortest_round_trip_is_kept() {
        // The device is 2.3 s behind; round trips of 120, 40 and 300 ms.
        let samples = [
            sample(NOON, NOON + 2_300 + 60, NOON + 120),
            sample(NOON + 1_000, NOON + 3_300 + 20, NOON + 1_040),
            sample(NOON + 2_000, NOON + 4_300 + 150, NOON + 2_300),
        ];
        let offset = ClockOffset::estimate(&samples).unwrap();
        assert_eq!(offset.offset_ms, 2_300.0);
        assert_eq!(offset.uncertainty_ms, 20.0);
        assert!(!offset.is_exact());
        assert_eq!(offset.corrected(NOON), NOON + 2_300);
        assert_eq!(
            offset.describe(EN),
            "Your device's clock is 2.30 s behind (± 0.02 s)"
        );
    }

    #[test]
    fn the_server_reading_is_assumed_midway() {
        // The server answered late in a 100 ms round trip: the estimate is off by 40 ms,
        // inside its ± 50 ms.
        let offset = ClockOffset::estimate(&[sample(NOON, NOON + 90, NOON + 100)]).unwrap();
        assert_eq!(offset.offset_ms, 40.0);
        assert_eq!(offset.uncertainty_ms, 50.0);
        assert!(offset.is_exact());
        assert_eq!(
            offset.describe(EN),
            "Your device's clock is exact (± 0.05 s)"
        );
    }

    #[test]
    fn a_clock_ahead_says_ahead_and_an_odd_round_trip_keeps_its_half() {
        let offset = ClockOffset::estimate(&[sample(NOON, NOON - 61_000, NOON + 3)]).unwrap();
        assert_eq!(offset.offset_ms, -61_001.5);
        assert_eq!(offset.uncertainty_ms, 1.5);
        assert_eq!(
            offset.describe(EN),
            "Your device's clock is 61.002 s ahead (± 0.002 s)"
        );
        assert_eq!(
            offset.corrected(NOON),
            NOON - 61_002,
            "rounded half away from zero"
        );
        let slow = ClockOffset {
            offset_ms: 4_000.0,
            uncertainty_ms: 1_500.0,
        };
        assert_eq!(
            slow.describe(EN),
            "Your device's clock is 4 s behind (± 2 s)"
        );
    }

    #[test]
    fn exact_is_within_the_uncertainty_inclusive() {
        let at_edge = ClockOffset {
            offset_ms: -20.0,
            uncertainty_ms: 20.0,
        };
        assert!(at_edge.is_exact());
        let past = ClockOffset {
            offset_ms: 20.5,
            uncertainty_ms: 20.0,
        };
        assert!(!past.is_exact());
        let zero = ClockOffset::estimate(&[sample(NOON, NOON, NOON)]).unwrap();
        assert!(zero.is_exact());
        assert_eq!(
            zero.describe(EN),
            "Your device's clock is exact (± 0.000 s)"
        );
    }

    #[test]
    fn a_timed_sample_is_widened_by_the_clocks_milliseconds() {
        // A 2.3 ms round trip: 3 ms rounded up, and a millisecond each way for the two
        // clocks' whole milliseconds.
        let sample = TimeSample::timed(NOON, 2.3, NOON + 5_001).unwrap();
        assert_eq!((sample.sent_ms, sample.received_ms), (NOON - 1, NOON + 4));
        let offset = ClockOffset::estimate(&[sample]).unwrap();
        assert_eq!(offset.uncertainty_ms, 2.5);
        assert_eq!(
            offset.offset_ms, 4_999.5,
            "the centre of the unwidened estimate"
        );
        // One clock read by both sides: whatever the truncations, the answer is "exact".
        for (sent_ms, round_trip_ms, server_ms) in [
            (NOON, 0.0, NOON),
            (NOON, 0.4, NOON + 1),
            (NOON, 1.0, NOON + 2),
            (NOON, 0.9, NOON),
        ] {
            let offset =
                ClockOffset::estimate(&[
                    TimeSample::timed(sent_ms, round_trip_ms, server_ms).unwrap()
                ])
                .unwrap();
            assert!(
                offset.is_exact(),
                "{offset:?} from a round trip of {round_trip_ms} ms"
            );
        }
        assert_eq!(TimeSample::timed(NOON, -0.1, NOON), None);
        assert_eq!(TimeSample::timed(NOON, f64::NAN, NOON), None);
        assert_eq!(TimeSample::timed(NOON, f64::INFINITY, NOON), None);
        assert_eq!(TimeSample::timed(i64::MAX, 1.0, NOON), None);
        assert_eq!(TimeSample::timed(i64::MIN, 1.0, NOON), None);
    }

    #[test]
    fn a_good_estimate_serves_visits_for_an_hour_and_no_longer() {
        let offset = ClockOffset {
            offset_ms: -2_300.0,
            uncertainty_ms: 20.0,
        };
        let kept = offset.kept(NOON).unwrap();
        let text = serde_json::to_string(&kept).unwrap();
        assert_eq!(
            text,
            r#"{"offsetMs":-2300,"uncertaintyMs":20,"measuredAtMs":1796212800000}"#
        );
        assert_eq!(serde_json::from_str::<KeptOffset>(&text).unwrap(), kept);
        assert_eq!(
            kept.to_json(),
            text,
            "the browser keeps what serde would write"
        );
        assert_eq!(KeptOffset::from_json_text(&text), Some(kept));

        assert_eq!(kept.usable_at(NOON), Some(offset));
        assert_eq!(kept.usable_at(NOON + KEEP_FOR_MS), Some(offset));
        assert_eq!(kept.usable_at(NOON + KEEP_FOR_MS + 1), None, "stale");
        assert_eq!(kept.usable_at(NOON - 1), None, "the clock went back");
        assert_eq!(kept.usable_at(i64::MIN), None, "no overflow");

        // Too unsure to keep, or not a number: never kept, never used.
        let unsure = ClockOffset {
            offset_ms: 0.0,
            uncertainty_ms: 600.0,
        };
        assert_eq!(unsure.kept(NOON), None);
        let nan = ClockOffset {
            offset_ms: f64::NAN,
            uncertainty_ms: 1.0,
        };
        assert_eq!(nan.kept(NOON), None);
        let tampered = KeptOffset {
            uncertainty_ms: 5_000,
            ..kept
        };
        assert_eq!(tampered.usable_at(NOON), None);
        let negative = KeptOffset {
            uncertainty_ms: -1,
            ..kept
        };
        assert_eq!(negative.usable_at(NOON), None);
        // Whole milliseconds: the offset rounded, the uncertainty rounded up.
        let fine = ClockOffset {
            offset_ms: -61_001.5,
            uncertainty_ms: 1.5,
        };
        let kept = fine.kept(NOON).unwrap();
        assert_eq!((kept.offset_ms, kept.uncertainty_ms), (-61_002, 2));
    }

    #[test]
    fn a_tick_shows_when_the_clock_was_set_since() {
        // The device is 2.3 s behind, within 20 ms.
        let offset = ClockOffset {
            offset_ms: 2_300.0,
            uncertainty_ms: 20.0,
        };
        let tick = NOON + 2_300;
        // Arriving 30 ms after its instant, or 5 ms before by a clock right within 20 ms.
        assert!(!offset.contradicted_by_tick(tick, NOON + 30));
        assert!(!offset.contradicted_by_tick(tick, NOON - 5));
        // Up to a second and the uncertainty late: still no sign.
        assert!(!offset.contradicted_by_tick(tick, NOON + 1_020));
        // The device's clock was put right since (it now reads the server's time): the tick
        // seems to arrive 2.3 s late.
        assert!(offset.contradicted_by_tick(tick, tick));
        // Or set 90 s ahead; or set back, so a tick seems to arrive before its instant.
        assert!(offset.contradicted_by_tick(tick, NOON + 90_000));
        assert!(offset.contradicted_by_tick(tick, NOON - 1_100));
    }

    #[test]
    fn an_earlier_visits_estimate_says_when_it_was_measured() {
        let offset = ClockOffset {
            offset_ms: 2_300.0,
            uncertainty_ms: 20.0,
        };
        assert_eq!(
            offset.describe_measured_at("14:05", EN),
            "Your device's clock is 2.30 s behind (± 0.02 s), as measured at 14:05"
        );
    }

    #[test]
    fn samples_that_went_back_in_time_are_ignored() {
        assert_eq!(ClockOffset::estimate(&[]), None);
        assert_eq!(
            ClockOffset::estimate(&[sample(NOON, NOON, NOON - 5)]),
            None,
            "received before sent: the device's clock stepped back"
        );
        let offset = ClockOffset::estimate(&[
            sample(NOON, NOON + 500, NOON - 5),
            sample(NOON, NOON + 510, NOON + 20),
        ])
        .unwrap();
        assert_eq!(offset.uncertainty_ms, 10.0);
        assert_eq!(offset.offset_ms, 500.0);
        assert_eq!(
            ClockOffset::estimate(&[sample(i64::MIN, 0, i64::MAX)]).map(|o| o.uncertainty_ms),
            None,
            "a round trip past i64 is no sample"
        );
    }
}
