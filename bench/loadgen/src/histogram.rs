//! Delay histograms: counts of delays in 1 ms buckets, recorded by every stream of a worker,
//! sent to the parent as text, merged there and read as percentiles.

use std::sync::atomic::{AtomicU64, Ordering};

/// Delay histogram resolution: 1 ms buckets up to this, then one overflow bucket.
pub const DELAY_BUCKETS: usize = 2_000;

/// Counts of delays in 1 ms buckets, up to [`DELAY_BUCKETS`] and one overflow bucket.
#[derive(Debug, Clone)]
pub struct Histogram(Vec<u64>);

impl Default for Histogram {
    fn default() -> Histogram {
        Histogram(vec![0; DELAY_BUCKETS + 1])
    }
}

impl Histogram {
    /// `ms:count` pairs of the non-empty buckets, comma-separated.
    pub fn to_field(&self) -> String {
        let pairs: Vec<String> = self
            .0
            .iter()
            .enumerate()
            .filter(|(_, count)| **count > 0)
            .map(|(ms, count)| format!("{ms}:{count}"))
            .collect();
        pairs.join(",")
    }

    /// Adds the counts of a [`Histogram::to_field`] text; `None` if it is not one.
    pub fn add_field(&mut self, field: &str) -> Option<()> {
        for pair in field.split(',').filter(|pair| !pair.is_empty()) {
            let (ms, count) = pair.split_once(':')?;
            *self.0.get_mut(ms.parse::<usize>().ok()?)? += count.parse::<u64>().ok()?;
        }
        Some(())
    }

    pub fn merge(&mut self, other: &Histogram) {
        for (mine, theirs) in self.0.iter_mut().zip(&other.0) {
            *mine += theirs;
        }
    }

    /// The delay at or under which `fraction` of the counts fall; `None` if nothing counted.
    pub fn percentile(&self, fraction: f64) -> Option<u64> {
        let total: u64 = self.0.iter().sum();
        if total == 0 {
            return None;
        }
        let wanted = (total as f64 * fraction).ceil() as u64;
        let mut seen = 0;
        for (ms, count) in self.0.iter().enumerate() {
            seen += count;
            if seen >= wanted {
                return Some(ms as u64);
            }
        }
        Some(DELAY_BUCKETS as u64)
    }
}

/// A percentile for a table or a line: its milliseconds, or `-` when nothing was measured.
pub fn percentile_text(percentile: Option<u64>) -> String {
    percentile.map_or("-".into(), |value| value.to_string())
}

/// A [`Histogram`] every stream task of a worker records into.
pub struct AtomicHistogram(Vec<AtomicU64>);

impl AtomicHistogram {
    pub fn new() -> AtomicHistogram {
        AtomicHistogram((0..=DELAY_BUCKETS).map(|_| AtomicU64::new(0)).collect())
    }

    /// Counts one delay; a negative one in the first bucket, a long one in the overflow.
    pub fn record(&self, delay_ms: i64) {
        let bucket = delay_ms.clamp(0, DELAY_BUCKETS as i64) as usize;
        self.0[bucket].fetch_add(1, Ordering::Relaxed);
    }

    pub fn snapshot(&self) -> Histogram {
        Histogram(
            self.0
                .iter()
                .map(|count| count.load(Ordering::Relaxed))
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_histogram_survives_its_text_and_merges() {
        let recorded = AtomicHistogram::new();
        for delay in [-3, 0, 7, 7, 2_500] {
            recorded.record(delay);
        }
        let histogram = recorded.snapshot();
        assert_eq!(histogram.to_field(), "0:2,7:2,2000:1");
        let mut parsed = Histogram::default();
        parsed.add_field(&histogram.to_field()).unwrap();
        parsed.merge(&histogram);
        assert_eq!(parsed.to_field(), "0:4,7:4,2000:2");
        assert_eq!(Histogram::default().add_field("7"), None);
        assert_eq!(Histogram::default().add_field("2001:1"), None);
        assert_eq!(Histogram::default().add_field(""), Some(()));
    }

    #[test]
    fn percentiles_are_the_bucket_reaching_the_fraction() {
        let mut histogram = Histogram::default();
        histogram.add_field("1:50,10:49,300:1").unwrap();
        assert_eq!(histogram.percentile(0.50), Some(1));
        assert_eq!(histogram.percentile(0.99), Some(10));
        assert_eq!(histogram.percentile(1.0), Some(300));
        assert_eq!(Histogram::default().percentile(0.5), None);
        assert_eq!(percentile_text(Some(12)), "12");
        assert_eq!(percentile_text(None), "-");
    }
}
