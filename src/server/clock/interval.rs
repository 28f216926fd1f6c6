//! The refresh interval: whole milliseconds from 100 ms to one hour, and where its ticks fall
//! on the wall clock.

use std::time::Duration;

/// A refresh interval, in whole milliseconds, from 100 ms to one hour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Interval(u64);

impl Interval {
    /// Shortest interval the API accepts.
    pub const MIN_MS: u64 = crate::model::MIN_INTERVAL_MS;
    /// Longest interval the API accepts.
    pub const MAX_MS: u64 = crate::model::MAX_INTERVAL_MS;

    /// An interval of `millis`, if within the accepted range.
    pub fn from_millis(millis: u64) -> Option<Interval> {
        (Self::MIN_MS..=Self::MAX_MS)
            .contains(&millis)
            .then_some(Interval(millis))
    }

    /// The interval in milliseconds.
    pub fn millis(self) -> u64 {
        self.0
    }

    /// The interval as a [`Duration`].
    pub fn duration(self) -> Duration {
        Duration::from_millis(self.0)
    }

    /// The first multiple of the interval strictly after `epoch_ms`.
    pub fn next_boundary_after(self, epoch_ms: i64) -> i64 {
        let period = self.0 as i64;
        (epoch_ms.div_euclid(period) + 1) * period
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const START: i64 = 1_795_248_238_250; // 2026-11-21T08:03:58.250Z

    #[test]
    fn intervals_are_bounded() {
        assert_eq!(Interval::from_millis(99), None);
        assert_eq!(Interval::from_millis(100).map(Interval::millis), Some(100));
        assert_eq!(
            Interval::from_millis(3_600_000).map(Interval::millis),
            Some(3_600_000)
        );
        assert_eq!(Interval::from_millis(3_600_001), None);
    }

    #[test]
    fn boundaries_are_wall_clock_multiples() {
        let five = Interval::from_millis(5000).unwrap();
        assert_eq!(five.next_boundary_after(START), 1_795_248_240_000);
        assert_eq!(
            five.next_boundary_after(1_795_248_240_000),
            1_795_248_245_000
        );
        let tenth = Interval::from_millis(100).unwrap();
        assert_eq!(tenth.next_boundary_after(START), START + 50);
    }
}
