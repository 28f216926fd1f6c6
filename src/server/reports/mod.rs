//! Transitions reports: every clock change of some zones over some years.
//!
//! A report is a pure function of its request and the time-zone data, and its id carries
//! both (`report_id`), so any instance answers any report request with no shared store: it
//! serves the result from a cache bounded in bytes, joins the computation running here, or
//! starts one on the blocking pool (at most `max_running_reports` at once). The modules, from
//! the edge in: the POST body (`body`), the checked request (`spec`), the id, the work and
//! its rendering (`compute`), the cache, the computations of this instance, the event
//! stream a follower reads (`events`), and the handlers (`api`).

mod api;
mod body;
mod cache;
mod computations;
mod compute;
mod events;
mod report_id;
mod spec;

pub use api::{cancel_report, report_events, report_file, start_report};
pub use body::MAX_BODY_BYTES;
pub use computations::Reports;
