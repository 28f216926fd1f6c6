//! The wall clock as the server reads it: milliseconds since the Unix epoch, and the
//! wall-clock multiples of a refresh interval its tickers wake on.
//!
//! A copy of worldclock's own `now_epoch_ms` and `Interval::next_boundary_after`, kept to the
//! same semantics, because the benchmark must not compile the app (and with it Leptos and
//! axum) to read a clock. If the server's reading changes, change this with it.

/// Milliseconds since the Unix epoch, from the system clock (0 before the epoch).
pub fn now_epoch_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_millis() as i64)
}

/// A refresh interval, in whole milliseconds, from 100 ms to one hour: the range the
/// server's API accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Interval(u64);

impl Interval {
    /// Shortest interval the API accepts (`sec=0.1`).
    pub const MIN_MS: u64 = 100;
    /// Longest interval the API accepts (`sec=3600`).
    pub const MAX_MS: u64 = 3_600_000;

    /// An interval of `millis`, if within the accepted range.
    pub fn from_millis(millis: u64) -> Option<Interval> {
        (Self::MIN_MS..=Self::MAX_MS)
            .contains(&millis)
            .then_some(Interval(millis))
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
        assert_eq!(Interval::from_millis(100), Some(Interval(100)));
        assert_eq!(Interval::from_millis(3_600_000), Some(Interval(3_600_000)));
        assert_eq!(Interval::from_millis(3_600_001), None);
    }

    #[test]
    fn boundaries_are_wall_clock_multiples() {
        let five = Interval::from_millis(5000).unwrap();
        assert_eq!(five.next_boundary_after(START), 1_795_248_240_000);
        // Strictly after: an instant on a boundary waits for the next one.
        assert_eq!(
            five.next_boundary_after(1_795_248_240_000),
            1_795_248_245_000
        );
        let tenth = Interval::from_millis(100).unwrap();
        assert_eq!(tenth.next_boundary_after(START), START + 50);
        // Before the epoch too, rounding towards the past, not towards zero.
        let second = Interval::from_millis(1000).unwrap();
        assert_eq!(second.next_boundary_after(-1), 0);
        assert_eq!(second.next_boundary_after(-1000), 0);
        assert_eq!(second.next_boundary_after(-1001), -1000);
    }

    #[test]
    fn the_clock_reads_the_present() {
        // 2026-01-01T00:00:00Z: any machine running this is past it.
        assert!(now_epoch_ms() > 1_767_225_600_000);
    }
}
