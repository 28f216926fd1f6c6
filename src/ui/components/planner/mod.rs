//! The planner's parts of the page: which moment is planned, the way back to the live
//! clocks, the notice for an `at` that names no moment, each card's hour strip, and the
//! moment's summary: who works then, "Find a time", "Add to calendar"; and the form that
//! plans a time typed for one city.

mod bad_moment_alert;
mod hour_strip;
mod moment_slider;
mod plan_summary;
mod planned_banner;
mod typed_moment_form;

pub use bad_moment_alert::BadMomentAlert;
pub use hour_strip::HourStrip;
pub use moment_slider::MomentSlider;
pub use plan_summary::PlanSummary;
pub use planned_banner::PlannedBanner;
pub use typed_moment_form::TypedMomentForm;
