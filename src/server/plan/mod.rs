//! The planner's calendar file: `GET /api/plan.ics`, the planned moment as an event with
//! each city's local time. Its query checked at the edge (`query.rs`), the RFC 5545 text
//! (`calendar.rs`), and the handler that puts the event together (`api.rs`). Also the page's
//! typed time without JavaScript (`typed_moment.rs`: `/?in=…&date=…&time=…` redirected to the
//! planned page). The planner's snapshot (`/api/snapshot?…&at=…`) lives with the other
//! snapshot, in `cities/`.

mod api;
mod calendar;
mod query;
mod typed_moment;

pub use api::plan_calendar;
pub use typed_moment::{redirect_typed_moment, typed_moment_problem};
