//! The shared model (both builds, pure): the contract's wire types, the report protocol, the
//! limits and defaults server and page share, the cities people pick, civil time, the
//! selection and its URL form, the first-paint snapshot, the stream's status as the page
//! sees it, and the planner: the planned moment, zones' offsets over a range, working hours,
//! hour strips, who works when, "find a time" and a time typed for one city.
//!
//! Nothing here touches the network, the DOM or the server: the same code runs in the WASM
//! bundle and on the server, and its tests run on both.

mod card_face;
mod city;
mod civil_time;
mod contract;
mod hour_strip;
mod limits;
mod moment;
mod overlap;
mod plan;
mod report;
mod selection;
mod snapshot;
mod stream_status;
mod typed_time;
mod working_hours;
mod zone_offsets;

pub use card_face::{card_face, difference_text, next_change_text, offset_seconds, CardFace};
pub use city::{CityLabel, CityMatch};
pub use civil_time::{now_epoch_ms, CivilTime, HourCycle};
pub use contract::{
    city_of_zone, decimal_seconds_to_millis, ClockUpdate, EndOfStream, ErrorBody, Transition,
    ZoneSummary, END_EVENT, UPDATE_EVENT,
};
pub use hour_strip::{hour_strip, strip_columns, ChangeKind, ClockChange, HourCell, HourKind};
pub use limits::*;
pub use moment::{Moment, MomentError};
pub use overlap::{find_time, grid_at_or_after, working_count, Attendee, FoundTime};
pub use plan::{plan_range, CityWorkingDays, Plan};
pub use report::{
    report_events_path, report_file_path, report_path, ReportCancellation, ReportComplete,
    ReportEvent, ReportFailed, ReportInfo, ReportProgress, ReportRequest, COMPLETE_EVENT,
    FAILED_EVENT, PROGRESS_EVENT,
};
pub use selection::{
    encode_component, seconds_text, stream_url, Selection, DEFAULT_CITIES, INTERVAL_CHOICES,
};
pub use snapshot::{distinct_zones, ClockSnapshot};
pub use stream_status::{ConnectionStatus, RawEvent, INSPECTOR_EVENTS};
pub use typed_time::{TypedTime, TypedTimeError};
pub use working_hours::{WeekdaySet, WorkingHours, WorkingHoursError};
pub use zone_offsets::{LocalReading, OffsetSpan, ZoneOffsets};

#[cfg(test)]
use contract::seoul_contract_example;
