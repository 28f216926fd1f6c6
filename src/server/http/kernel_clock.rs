//! The server's own clock as the kernel sees it: whether NTP (chrony, systemd-timesyncd,
//! ntpd) keeps it synchronised, and the kernel's estimate of its maximum error, read with
//! `adjtimex(2)` asking nothing to change. `/metrics` and `/healthz` read it when asked (one
//! system call); [`watch`] logs it at start when it is not synchronised, and whenever that
//! changes.
//!
//! Why it matters: every tick, every `/api/time` answer and every planned moment is this
//! clock. A page can correct for its visitor's clock against the server's, but nothing
//! corrects the server's: an unsynchronised server's clocks are as wrong as its clock.

use std::time::Duration;

use tokio_util::sync::CancellationToken;

/// How often [`watch`] looks again: a state that changes is logged within a minute.
const CHECK_EVERY: Duration = Duration::from_secs(60);

/// `adjtimex`'s answer when the clock is not synchronised (`TIME_ERROR` in `<sys/timex.h>`:
/// part of the kernel's ABI, the same on every Linux).
const TIME_ERROR: i32 = 5;
/// The status bit the kernel keeps set while no time daemon has said the clock is
/// synchronised (`STA_UNSYNC`).
const STA_UNSYNC: i32 = 0x0040;

/// What the kernel says of the system clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClockSync {
    /// A time daemon keeps the clock synchronised; it is off by at most `max_error`.
    Synchronised { max_error: Duration },
    /// Nothing keeps the clock synchronised, or the kernel has given up on it (its
    /// `max_error` grows by 500 ppm until it reaches 16 s, then stays there).
    Unsynchronised { max_error: Duration },
    /// The kernel could not be asked (not Linux, or the call failed).
    Unknown,
}

impl ClockSync {
    /// What `adjtimex` answered: its return `code`, the `status` bits and `maxerror` (in
    /// microseconds). A failed call (`-1`) is [`ClockSync::Unknown`]; `TIME_ERROR` or
    /// `STA_UNSYNC` is unsynchronised, whatever else the answer says.
    pub fn from_adjtimex(code: i32, status: i32, max_error_us: i64) -> ClockSync {
        if code < 0 {
            return ClockSync::Unknown;
        }
        let max_error = Duration::from_micros(max_error_us.max(0).unsigned_abs());
        if code == TIME_ERROR || status & STA_UNSYNC != 0 {
            ClockSync::Unsynchronised { max_error }
        } else {
            ClockSync::Synchronised { max_error }
        }
    }

    /// Whether a time daemon keeps the clock synchronised.
    pub fn is_synchronised(self) -> bool {
        matches!(self, ClockSync::Synchronised { .. })
    }

    /// The kernel's estimate of the clock's maximum error, if it could be asked.
    pub fn max_error(self) -> Option<Duration> {
        match self {
            ClockSync::Synchronised { max_error } | ClockSync::Unsynchronised { max_error } => {
                Some(max_error)
            }
            ClockSync::Unknown => None,
        }
    }

    /// One line for `/healthz`: `clock: synchronised, max error 0.012 s`.
    pub fn describe(self) -> String {
        match self {
            ClockSync::Synchronised { max_error } => {
                format!(
                    "clock: synchronised, max error {:.3} s",
                    max_error.as_secs_f64()
                )
            }
            ClockSync::Unsynchronised { max_error } => format!(
                "clock: unsynchronised, max error {:.3} s",
                max_error.as_secs_f64()
            ),
            ClockSync::Unknown => "clock: unknown, the kernel could not be asked".to_owned(),
        }
    }

    /// Whether `self` is another state than `previous` (a different maximum error alone is
    /// not: it moves all the time).
    fn changed_from(self, previous: ClockSync) -> bool {
        std::mem::discriminant(&self) != std::mem::discriminant(&previous)
    }
}

/// Asks the kernel now: one `adjtimex` call that changes nothing.
#[cfg(target_os = "linux")]
pub fn read() -> ClockSync {
    // SAFETY: `timex` is plain integers, so all zeroes is a valid value; `modes` 0 asks the
    // kernel to change nothing, only to fill the struct in, which it owns for the call.
    let mut timex: libc::timex = unsafe { std::mem::zeroed() };
    let code = unsafe { libc::adjtimex(&mut timex) };
    // `maxerror` is a C `long`: 64 bits here, 32 on 32-bit targets.
    #[allow(clippy::useless_conversion)]
    let max_error_us = i64::from(timex.maxerror);
    ClockSync::from_adjtimex(code, timex.status, max_error_us)
}

/// Asks the kernel now: elsewhere than on Linux there is no `adjtimex` to ask.
#[cfg(not(target_os = "linux"))]
pub fn read() -> ClockSync {
    ClockSync::Unknown
}

/// Logs the clock's state at start if it is not synchronised, then every change of state,
/// looking every minute until `shutdown`. One task per server, one system call a minute.
pub async fn watch(shutdown: CancellationToken) {
    let mut checks = tokio::time::interval(CHECK_EVERY);
    checks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut previous: Option<ClockSync> = None;
    loop {
        tokio::select! {
            _ = checks.tick() => {}
            () = shutdown.cancelled() => return,
        }
        let now = read();
        if worth_logging(previous, now) {
            log(now);
        }
        previous = Some(now);
    }
}

/// At start, only a clock that is not synchronised is worth a line; after that, a change.
fn worth_logging(previous: Option<ClockSync>, now: ClockSync) -> bool {
    match previous {
        None => !now.is_synchronised(),
        Some(previous) => now.changed_from(previous),
    }
}

fn log(now: ClockSync) {
    let max_error_s = now.max_error().map(|error| error.as_secs_f64());
    match now {
        ClockSync::Synchronised { .. } => {
            tracing::info!(max_error_s, "the system clock is synchronised");
        }
        ClockSync::Unsynchronised { .. } => tracing::warn!(
            max_error_s,
            "the system clock is not synchronised: every clock this server shows is as wrong as \
             it is; run chrony or systemd-timesyncd"
        ),
        ClockSync::Unknown => {
            tracing::warn!("the system clock's synchronisation cannot be read from the kernel");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TIME_OK: i32 = 0;
    const STA_PLL: i32 = 0x0001;

    fn millis(ms: u64) -> Duration {
        Duration::from_millis(ms)
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_kernel_constants_are_the_kernels() {
        assert_eq!(TIME_ERROR, libc::TIME_ERROR);
        assert_eq!(STA_UNSYNC, libc::STA_UNSYNC);
        assert_eq!(TIME_OK, libc::TIME_OK);
        assert_eq!(STA_PLL, libc::STA_PLL);
    }

    #[test]
    fn a_clean_answer_is_synchronised_with_its_error_in_microseconds() {
        let sync = ClockSync::from_adjtimex(TIME_OK, STA_PLL, 12_000);
        assert_eq!(
            sync,
            ClockSync::Synchronised {
                max_error: millis(12)
            }
        );
        assert!(sync.is_synchronised());
        assert_eq!(sync.max_error(), Some(millis(12)));
        assert_eq!(sync.describe(), "clock: synchronised, max error 0.012 s");
        // A leap second announced (TIME_INS = 1) or in progress (3) is still synchronised.
        for code in 1..=4 {
            assert!(ClockSync::from_adjtimex(code, STA_PLL, 500).is_synchronised());
        }
    }

    #[test]
    fn time_error_or_the_unsync_bit_is_unsynchronised() {
        let sixteen = Duration::from_secs(16);
        // What an unsynchronised kernel answers: both, and the 16 s ceiling.
        assert_eq!(
            ClockSync::from_adjtimex(TIME_ERROR, STA_UNSYNC, 16_000_000),
            ClockSync::Unsynchronised { max_error: sixteen }
        );
        assert_eq!(
            ClockSync::from_adjtimex(TIME_OK, STA_UNSYNC | STA_PLL, 1_000),
            ClockSync::Unsynchronised {
                max_error: millis(1)
            },
            "the bit alone"
        );
        assert_eq!(
            ClockSync::from_adjtimex(TIME_ERROR, STA_PLL, 1_000),
            ClockSync::Unsynchronised {
                max_error: millis(1)
            },
            "the code alone"
        );
        assert_eq!(
            ClockSync::from_adjtimex(TIME_ERROR, STA_UNSYNC, 16_000_000).describe(),
            "clock: unsynchronised, max error 16.000 s"
        );
        assert!(!ClockSync::from_adjtimex(TIME_ERROR, 0, 0).is_synchronised());
    }

    #[test]
    fn a_failed_call_is_unknown_and_a_negative_error_is_none() {
        let unknown = ClockSync::from_adjtimex(-1, 0, 0);
        assert_eq!(unknown, ClockSync::Unknown);
        assert!(!unknown.is_synchronised());
        assert_eq!(unknown.max_error(), None);
        assert_eq!(
            unknown.describe(),
            "clock: unknown, the kernel could not be asked"
        );
        assert_eq!(
            ClockSync::from_adjtimex(TIME_OK, 0, -5).max_error(),
            Some(Duration::ZERO)
        );
    }

    #[test]
    fn the_start_is_logged_only_when_unsynchronised_then_every_change_of_state() {
        let synced = ClockSync::Synchronised {
            max_error: millis(3),
        };
        let unsynced = ClockSync::Unsynchronised {
            max_error: millis(16_000),
        };
        assert!(!worth_logging(None, synced));
        assert!(worth_logging(None, unsynced));
        assert!(worth_logging(None, ClockSync::Unknown));
        assert!(worth_logging(Some(synced), unsynced));
        assert!(worth_logging(Some(unsynced), synced));
        assert!(worth_logging(Some(synced), ClockSync::Unknown));
        assert!(!worth_logging(Some(unsynced), unsynced));
        assert!(
            !worth_logging(
                Some(synced),
                ClockSync::Synchronised {
                    max_error: millis(9)
                }
            ),
            "the error moving is not a change of state"
        );
    }

    #[test]
    fn the_kernel_answers_something_sane() {
        // Either state: this runs wherever the tests run.
        let sync = read();
        #[cfg(target_os = "linux")]
        {
            let max_error = sync.max_error().expect("Linux answers adjtimex");
            // The kernel never lets maxerror pass 16 s (NTP_PHASE_LIMIT).
            assert!(max_error <= Duration::from_secs(16), "{sync:?}");
        }
        assert!(sync.describe().starts_with("clock: "));
    }
}
