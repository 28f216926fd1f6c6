//! Transitions reports: jobs computed on the blocking pool and followed over SSE, and their
//! API (`POST /api/reports`, events, results, cancel).

mod api;
mod jobs;

pub use api::{cancel_report, report_events, report_result, start_report};
pub use jobs::Reports;
