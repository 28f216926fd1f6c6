//! The limits and defaults that the server enforces and the page respects, each named once.
//!
//! The contract (`docs/CONTRACT.md`) states them; the server's checks and the page's inputs
//! read them from here, so the two can never disagree.

/// Most zones one clock stream carries.
pub const MAX_ZONES: usize = 24;
/// Most cities on the page: one stream carries them all.
pub const MAX_CITIES: usize = MAX_ZONES;

/// Shortest refresh interval, in milliseconds (`sec=0.1`).
pub const MIN_INTERVAL_MS: u64 = 100;
/// Longest refresh interval, in milliseconds (`sec=3600`).
pub const MAX_INTERVAL_MS: u64 = 3_600_000;
/// The stream's interval when a request names none (`sec` absent), in milliseconds.
pub const DEFAULT_STREAM_INTERVAL_MS: u64 = 5_000;
/// The page's interval when its URL names none, in milliseconds.
pub const DEFAULT_PAGE_INTERVAL_MS: u64 = 1_000;

/// Longest zone name worth looking up: the longest IANA name is 32 characters, so anything
/// far longer is not a typo to suggest corrections for (and would make the edit-distance
/// search slow). Names quoted back in errors and notices are cut to this length too.
pub const LONGEST_ZONE_NAME: usize = 64;

/// First year a transitions report may cover.
pub const REPORT_FIRST_YEAR: i32 = 1900;
/// Last year a transitions report may cover.
pub const REPORT_LAST_YEAR: i32 = 2100;
/// Most years one transitions report spans.
pub const REPORT_MAX_SPAN: i32 = 50;
/// Most zone names one transitions report may list; leaving the list out means every zone.
pub const REPORT_MAX_ZONES: usize = 100;
