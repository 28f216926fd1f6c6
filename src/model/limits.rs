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

/// First year a planned moment (`at=`) may fall in, in UTC.
pub const PLAN_FIRST_YEAR: i64 = 1900;
/// Last year a planned moment (`at=`) may fall in, in UTC.
pub const PLAN_LAST_YEAR: i64 = 2100;
/// Hours an hour strip shows before the planned moment's hour (and as many after it): the
/// strip is `2 * STRIP_HOURS_AROUND + 1` columns, the moment's hour in the middle.
pub const STRIP_HOURS_AROUND: i64 = 12;
/// Days after its start that "find a time" looks through.
pub const SEARCH_DAYS: i64 = 14;
/// The grid a planned moment and "find a time" keep to, in minutes: every zone in use
/// today is offset from UTC by a multiple of it.
pub const PLAN_STEP_MINUTES: i64 = 15;
/// Shortest calendar event (`minutes=` of `/api/plan.ics`).
pub const EVENT_MIN_MINUTES: u32 = 15;
/// Longest calendar event: a whole day.
pub const EVENT_MAX_MINUTES: u32 = 1440;
/// A calendar event's length when the request names none.
pub const EVENT_DEFAULT_MINUTES: u32 = 60;
