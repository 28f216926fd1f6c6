//! What one clock stream shared by several tabs of a browser carries: the union of the tabs'
//! zones in the order first seen, at the greatest common divisor of their intervals; which
//! tabs it can serve; and which of its ticks each tab shows.
//!
//! The stream ticks on wall-clock multiples of its interval, so a tab on `N` ms shows exactly
//! the ticks whose `epochMs` is a multiple of `N`: every multiple of `N` is a multiple of the
//! stream's interval, which divides `N`. Nothing is lost by sharing, and nothing is shown
//! twice.

use super::{
    limits::{MAX_INTERVAL_MS, MAX_ZONES, MIN_INTERVAL_MS},
    selection::stream_url,
};

/// The query parameter that names the last id a new stream resumes after (a browser cannot
/// set `Last-Event-ID` on a new `EventSource`); `Last-Event-ID` wins when both are sent.
pub const LAST_EVENT_ID_PARAM: &str = "lastEventID";

/// What one tab wants from the stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TabWish<'a> {
    /// The tab's zones, in its order.
    pub zones: &'a [String],
    /// The tab's refresh interval in milliseconds.
    pub interval_ms: u64,
}

/// The stream the holding tab opens for the tabs it serves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SharedStream {
    /// Every served tab's zones, each once, in the order first seen.
    pub zones: Vec<String>,
    /// The greatest common divisor of the served tabs' intervals, in milliseconds.
    pub interval_ms: u64,
    /// For each tab, in the order given, whether this stream serves it. A tab it does not
    /// serve keeps its own stream: its zones would take the union past [`MAX_ZONES`], or its
    /// interval would take the divisor below [`MIN_INTERVAL_MS`] (`sec=0.15` beside
    /// `sec=0.1` would need ticks every 50 ms, which no stream sends).
    pub served: Vec<bool>,
}

impl SharedStream {
    /// The stream for `tabs`, taken in order (the holder first, then the others as they
    /// joined): each tab is served if the stream can carry it with those before it. `None`
    /// when no tab can be served (none given, or none within the stream's limits).
    pub fn plan(tabs: &[TabWish<'_>]) -> Option<SharedStream> {
        let mut zones: Vec<String> = Vec::new();
        let mut interval_ms = 0;
        let mut served = Vec::with_capacity(tabs.len());
        for tab in tabs {
            let within_range = (MIN_INTERVAL_MS..=MAX_INTERVAL_MS).contains(&tab.interval_ms);
            let divisor = gcd(interval_ms, tab.interval_ms);
            let added: Vec<&String> = first_seen(&zones, tab.zones);
            let fits = within_range
                && divisor >= MIN_INTERVAL_MS
                && !tab.zones.is_empty()
                && zones.len() + added.len() <= MAX_ZONES;
            if fits {
                zones.extend(added.into_iter().cloned());
                interval_ms = divisor;
            }
            served.push(fits);
        }
        (!zones.is_empty()).then_some(SharedStream {
            zones,
            interval_ms,
            served,
        })
    }

    /// The stream's URL, resuming after `last_id` if given.
    pub fn url(&self, last_id: Option<u64>) -> String {
        let url = stream_url(&self.zones, self.interval_ms);
        match last_id {
            Some(id) => format!("{url}&{LAST_EVENT_ID_PARAM}={id}"),
            None => url,
        }
    }
}

/// The zones of `tab` not in `zones` yet, each once, in `tab`'s order.
fn first_seen<'a>(zones: &[String], tab: &'a [String]) -> Vec<&'a String> {
    let mut added: Vec<&String> = Vec::new();
    for zone in tab {
        if !zones.contains(zone) && !added.contains(&zone) {
            added.push(zone);
        }
    }
    added
}

/// The greatest common divisor; `gcd(0, n)` is `n`, so it folds from 0.
pub fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// Whether a boundary tick of the shared stream at `epoch_ms` is one a tab on `interval_ms`
/// shows: its instant is a multiple of the tab's interval. (A stream's first tick is at the
/// instant it opened, on no boundary: every tab shows that one, to fill at once.)
pub fn tick_belongs(epoch_ms: i64, interval_ms: u64) -> bool {
    interval_ms != 0 && i128::from(epoch_ms).rem_euclid(i128::from(interval_ms)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zones(names: &str) -> Vec<String> {
        names.split(',').map(str::to_owned).collect()
    }

    fn plan(tabs: &[(Vec<String>, u64)]) -> Option<SharedStream> {
        let wishes: Vec<TabWish<'_>> = tabs
            .iter()
            .map(|(zones, interval_ms)| TabWish {
                zones,
                interval_ms: *interval_ms,
            })
            .collect();
        SharedStream::plan(&wishes)
    }

    #[test]
    fn the_union_keeps_the_order_first_seen_and_each_zone_once() {
        let stream = plan(&[
            (zones("Asia/Seoul,Europe/London"), 1000),
            (zones("Europe/London,America/New_York,Asia/Seoul"), 5000),
            (zones("UTC,America/New_York,UTC"), 2000),
        ])
        .unwrap();
        assert_eq!(
            stream.zones,
            zones("Asia/Seoul,Europe/London,America/New_York,UTC")
        );
        assert_eq!(stream.interval_ms, 1000);
        assert_eq!(stream.served, [true, true, true]);
    }

    #[test]
    fn the_interval_is_the_greatest_common_divisor() {
        let one = zones("UTC");
        let interval = |intervals: &[u64]| {
            let tabs: Vec<(Vec<String>, u64)> =
                intervals.iter().map(|ms| (one.clone(), *ms)).collect();
            plan(&tabs).unwrap().interval_ms
        };
        assert_eq!(interval(&[5000]), 5000);
        assert_eq!(interval(&[5000, 2000]), 1000);
        assert_eq!(interval(&[30_000, 60_000, 10_000]), 10_000);
        assert_eq!(interval(&[1500, 1000]), 500);
        assert_eq!(interval(&[3_600_000, 100]), 100);
        assert_eq!(gcd(0, 7), 7);
        assert_eq!(gcd(7, 0), 7);
        assert_eq!(gcd(12, 18), 6);
    }

    #[test]
    fn a_tab_the_stream_cannot_carry_keeps_its_own() {
        // 150 ms beside 100 ms would need a 50 ms tick.
        let stream = plan(&[
            (zones("UTC"), 100),
            (zones("Asia/Seoul"), 150),
            (zones("Europe/London"), 200),
        ])
        .unwrap();
        assert_eq!(stream.served, [true, false, true]);
        assert_eq!(stream.zones, zones("UTC,Europe/London"));
        assert_eq!(stream.interval_ms, 100);

        // Twenty zones, then ten more: the union would pass 24.
        let twenty: Vec<String> = (0..20).map(|n| format!("Zone/{n}")).collect();
        let ten: Vec<String> = (20..30).map(|n| format!("Zone/{n}")).collect();
        let four: Vec<String> = (0..4).map(|n| format!("Zone/{}", 40 + n)).collect();
        let stream = plan(&[(twenty.clone(), 1000), (ten, 1000), (four, 1000)]).unwrap();
        assert_eq!(stream.served, [true, false, true]);
        assert_eq!(stream.zones.len(), MAX_ZONES);
        // Zones it already carries cost nothing.
        let stream = plan(&[(twenty.clone(), 1000), (twenty[..5].to_vec(), 5000)]).unwrap();
        assert_eq!(stream.served, [true, true]);
        assert_eq!(stream.zones.len(), 20);

        // Out of range or empty: not served, and alone that means no stream.
        assert_eq!(plan(&[(zones("UTC"), 50)]), None);
        assert_eq!(plan(&[(zones("UTC"), 3_600_001)]), None);
        assert_eq!(plan(&[(Vec::new(), 1000)]), None);
        assert_eq!(plan(&[]), None);
    }

    #[test]
    fn a_tab_that_leaves_drops_out_of_the_union() {
        let seoul = (zones("Asia/Seoul"), 5000);
        let london = (zones("Europe/London"), 2000);
        let both = plan(&[seoul.clone(), london]).unwrap();
        assert_eq!((both.zones.len(), both.interval_ms), (2, 1000));
        let alone = plan(&[seoul]).unwrap();
        assert_eq!(alone.zones, zones("Asia/Seoul"));
        assert_eq!(alone.interval_ms, 5000);
    }

    #[test]
    fn the_url_is_the_clock_streams_and_resumes_by_query() {
        let stream = plan(&[(zones("Asia/Seoul,Etc/GMT+5"), 1000), (zones("UTC"), 1500)]).unwrap();
        assert_eq!(
            stream.url(None),
            "/api/clock/stream?cities=Asia/Seoul,Etc/GMT%2B5,UTC&sec=0.5"
        );
        assert_eq!(
            stream.url(Some(41)),
            "/api/clock/stream?cities=Asia/Seoul,Etc/GMT%2B5,UTC&sec=0.5&lastEventID=41"
        );
    }

    #[test]
    fn a_tab_shows_the_ticks_on_multiples_of_its_interval() {
        // A shared stream at 1 s, tabs at 1 s and 5 s.
        let ticks: Vec<i64> = (0..10).map(|n| 1_795_248_235_000 + n * 1000).collect();
        let every_five: Vec<i64> = ticks
            .iter()
            .copied()
            .filter(|at| tick_belongs(*at, 5000))
            .collect();
        assert_eq!(every_five, [1_795_248_235_000, 1_795_248_240_000]);
        assert!(ticks.iter().all(|at| tick_belongs(*at, 1000)));
        assert!(
            !tick_belongs(1_795_248_238_250, 1000),
            "a first tick is on no boundary"
        );
        assert!(tick_belongs(-5000, 5000), "before 1970 too");
        assert!(!tick_belongs(-4000, 5000));
        assert!(tick_belongs(i64::MIN, 1), "no overflow");
        assert!(!tick_belongs(5000, 0), "no interval, no tick");
    }
}
