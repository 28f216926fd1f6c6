//! The work of a report, pure and synchronous: every transition of its zones in its years,
//! zone by zone (stopping between zones when asked), then the result rendered once as CSV
//! and JSON for every download to share.
//!
//! Progress is counted in zones done, and reported at fixed checkpoints that depend only on
//! the number of zones, so a progress id means the same on every instance.

use bytes::Bytes;

use super::spec::ReportSpec;
use crate::model::Transition;
use crate::server::zones::Zone;

/// At most this many progress events per report, however many zones it covers.
const MOST_PROGRESS_EVENTS: u32 = 100;

/// What finds one zone's transitions in a range of years (the real finder, or a test's).
pub type Finder = fn(Zone, i32, i32) -> Vec<Transition>;

/// A report's result, rendered once.
#[derive(Debug, PartialEq, Eq)]
pub struct RenderedReport {
    /// How many transitions.
    pub transitions: u64,
    /// The CSV, header line first.
    pub csv: Bytes,
    /// The JSON array.
    pub json: Bytes,
}

impl RenderedReport {
    /// Bytes held.
    pub fn size(&self) -> usize {
        self.csv.len() + self.json.len()
    }
}

/// Zones between two progress events: one, or more for reports of more than
/// [`MOST_PROGRESS_EVENTS`] zones.
pub fn progress_step(total: u32) -> u32 {
    total.div_ceil(MOST_PROGRESS_EVENTS).max(1)
}

/// Whether a progress event is sent when `done` of `total` zones are done: at every step,
/// and at the last zone.
pub fn is_checkpoint(done: u32, total: u32) -> bool {
    done > 0 && done <= total && (done.is_multiple_of(progress_step(total)) || done == total)
}

/// The checkpoints after `seen` up to `done`, in order.
pub fn checkpoints_between(seen: u64, done: u32, total: u32) -> impl Iterator<Item = u32> {
    let first = u32::try_from(seen.saturating_add(1)).unwrap_or(u32::MAX);
    (first..=done.min(total)).filter(move |&zone| is_checkpoint(zone, total))
}

/// Computes `spec` zone by zone with `finder`: `progress(done)` at every checkpoint, and
/// `None` as soon as `stop()` says so (it is asked before each zone).
pub fn compute(
    spec: &ReportSpec,
    finder: Finder,
    mut progress: impl FnMut(u32),
    stop: impl Fn() -> bool,
) -> Option<RenderedReport> {
    let total = spec.total();
    let mut found = Vec::new();
    for (index, zone) in spec.zones().iter().enumerate() {
        if stop() {
            return None;
        }
        found.extend(finder(*zone, spec.from(), spec.to()));
        let done = index as u32 + 1;
        if is_checkpoint(done, total) {
            progress(done);
        }
    }
    if stop() {
        return None;
    }
    found.sort_by(|a, b| a.epoch_s.cmp(&b.epoch_s).then_with(|| a.zone.cmp(&b.zone)));
    Some(render(&found))
}

/// The result as CSV and JSON.
pub fn render(found: &[Transition]) -> RenderedReport {
    let json = serde_json::to_vec(found).expect("transitions serialise");
    RenderedReport {
        transitions: found.len() as u64,
        csv: Bytes::from(to_csv(found)),
        json: Bytes::from(json),
    }
}

/// The CSV of a report's transitions (no field needs quoting: zone names, instants, offsets
/// and abbreviations hold no commas, quotes or line breaks).
fn to_csv(found: &[Transition]) -> String {
    let mut csv = String::from(
        "zone,instant_utc,offset_before,offset_after,abbreviation_before,abbreviation_after\n",
    );
    for transition in found {
        csv.push_str(&format!(
            "{},{},{},{},{},{}\n",
            transition.zone,
            transition.instant_utc,
            transition.offset_before,
            transition.offset_after,
            transition.abbreviation_before,
            transition.abbreviation_after
        ));
    }
    csv
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;

    use super::*;
    use crate::server::zones::transitions;

    fn spec(names: &[&str], from: i32, to: i32) -> ReportSpec {
        ReportSpec::of_zones(names, from, to)
    }

    #[test]
    fn a_report_finds_every_change_in_time_order_and_renders_both_forms() {
        let done = RefCell::new(Vec::new());
        let result = compute(
            &spec(
                &["Europe/London", "Asia/Kolkata", "America/New_York"],
                2026,
                2027,
            ),
            transitions,
            |zones| done.borrow_mut().push(zones),
            || false,
        )
        .unwrap();
        assert_eq!(done.into_inner(), vec![1, 2, 3]);
        assert_eq!(result.transitions, 8);
        let csv = std::str::from_utf8(&result.csv).unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(
            lines[0],
            "zone,instant_utc,offset_before,offset_after,abbreviation_before,abbreviation_after"
        );
        assert_eq!(
            lines[1],
            "America/New_York,2026-03-08T07:00:00Z,-05:00,-04:00,EST,EDT"
        );
        assert_eq!(
            lines[2],
            "Europe/London,2026-03-29T01:00:00Z,+00:00,+01:00,GMT,BST"
        );
        let json: Vec<Transition> = serde_json::from_slice(&result.json).unwrap();
        assert_eq!(json.len(), 8);
        assert_eq!(json[0].zone, "America/New_York");
        assert_eq!(result.size(), result.csv.len() + result.json.len());
    }

    #[test]
    fn the_same_spec_renders_the_same_bytes() {
        let report = spec(&["Europe/Berlin", "Australia/Lord_Howe"], 2000, 2030);
        let first = compute(&report, transitions, |_| {}, || false).unwrap();
        let second = compute(&report, transitions, |_| {}, || false).unwrap();
        assert_eq!(first, second);
    }

    #[test]
    fn stopping_ends_the_work_before_the_next_zone() {
        let zones_done = RefCell::new(0);
        let result = compute(
            &spec(
                &["Europe/London", "Europe/Paris", "Europe/Rome"],
                2026,
                2026,
            ),
            transitions,
            |done| *zones_done.borrow_mut() = done,
            || *zones_done.borrow() >= 1,
        );
        assert_eq!(result, None);
        assert_eq!(zones_done.into_inner(), 1);
    }

    #[test]
    fn checkpoints_depend_only_on_the_number_of_zones() {
        assert_eq!(progress_step(3), 1);
        assert_eq!(progress_step(100), 1);
        assert_eq!(progress_step(101), 2);
        assert_eq!(progress_step(597), 6);
        let all: Vec<u32> = checkpoints_between(0, 597, 597).collect();
        assert!(all.len() <= 100, "{}", all.len());
        assert_eq!(all.first(), Some(&6));
        assert_eq!(all.last(), Some(&597));
        assert!(all.windows(2).all(|pair| pair[0] < pair[1]));
        // After id 300, up to 320 zones done: 306, 312 and 318.
        assert_eq!(
            checkpoints_between(300, 320, 597).collect::<Vec<_>>(),
            [306, 312, 318]
        );
        assert_eq!(checkpoints_between(597, 597, 597).count(), 0);
        assert_eq!(checkpoints_between(u64::MAX, 597, 597).count(), 0);
        assert!(!is_checkpoint(0, 3) && !is_checkpoint(4, 3));
    }
}
