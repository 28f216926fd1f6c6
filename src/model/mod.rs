//! The shared model (both builds, pure): the contract's wire types, the report protocol, the
//! limits and defaults server and page share, the cities people pick and the cards they
//! make of them (names, hours, home, order: their URL form, and the edits of the list),
//! civil time, the selection and its URL form, the first-paint snapshot, the visitor's zone
//! cookie, the stream's status as the page sees it and what one stream shared by several
//! tabs carries (and what the tabs tell each other), the JSON the page reads and writes
//! without serde, the language the page speaks and its words in each language, the server's time and how far the visitor's clock is from it, and the
//! planner: the planned moment, zones' offsets over a range, working hours, hour strips,
//! who works when, "find a time" and a time typed for one city.
//!
//! Nothing here touches the network, the DOM or the server: the same code runs in the WASM
//! bundle and on the server, and its tests run on both.

mod card_choice;
mod card_face;
mod card_list;
mod card_name;
mod city;
mod civil_time;
mod clock_offset;
mod contract;
mod hour_strip;
mod json;
mod language;
mod limits;
mod locale;
mod moment;
mod overlap;
mod plan;
mod report;
mod selection;
mod shared_stream;
mod snapshot;
mod stream_status;
mod tab_notice;
mod typed_time;
mod visitor_cookie;
mod working_hours;
mod zone_offsets;

pub use card_choice::{cards_url_text, parse_cards, CardChoice, DroppedPart, HoursChoice};
pub use card_face::{
    card_face, difference_text, difference_words, next_change_text, offset_seconds, CardFace,
};
pub use card_list::{
    choices_of, edited, move_announcement, moved, moved_by, renamed, shown_cards, with_home,
    with_hours, without, CardEdit, ShownCard,
};
pub use card_name::{CardName, CardNameError, MAX_NAME_CHARS};
pub use city::{CityLabel, CityMatch};
#[cfg(feature = "hydrate")]
pub use civil_time::correct_device_clock;
pub use civil_time::{now_epoch_ms, CivilTime, HourCycle};
pub use clock_offset::{
    ClockOffset, KeptOffset, ServerTime, TimeSample, KEEP_FOR_MS, SERVER_TIME_PATH, VISIBLE_MS,
};
pub use contract::{
    city_of_zone, decimal_seconds_to_millis, ClockUpdate, EndOfStream, ErrorBody, Transition,
    ZoneSummary, END_EVENT, UPDATE_EVENT,
};
pub use hour_strip::{hour_strip, strip_columns, ChangeKind, ClockChange, HourCell, HourKind};
pub use json::{json_string, FromJson, Json, JsonObject};
pub use language::{Language, LANGUAGE_COOKIE, LANGUAGE_PARAM};
pub use limits::*;
pub use locale::{CalendarWords, Messages};
pub use moment::{Moment, MomentError};
pub use overlap::{find_time, grid_at_or_after, working_count, Attendee, FoundTime};
pub use plan::{plan_range, CityWorkingDays, Plan};
pub use report::{
    report_events_path, report_file_path, report_path, ReportCancellation, ReportComplete,
    ReportEvent, ReportFailed, ReportInfo, ReportProgress, ReportRequest, COMPLETE_EVENT,
    FAILED_EVENT, PROGRESS_EVENT,
};
pub use selection::{
    distinct_keys, encode_component, seconds_text, stream_url, Selection, DEFAULT_CITIES,
    INTERVAL_CHOICES,
};
pub use shared_stream::{gcd, tick_belongs, SharedStream, TabWish, LAST_EVENT_ID_PARAM};
pub use snapshot::{distinct_zones, ClockSnapshot};
pub use stream_status::{ConnectionStatus, RawEvent, StreamRole, INSPECTOR_EVENTS};
pub use tab_notice::TabNotice;
pub use typed_time::{TypedTime, TypedTimeError};
pub use visitor_cookie::{visitor_zone_cookie, visitor_zone_in_cookies, VISITOR_ZONE_COOKIE};
pub use working_hours::{WeekdaySet, WorkingHours, WorkingHoursError};
pub use zone_offsets::{LocalReading, OffsetSpan, ZoneOffsets};

#[cfg(test)]
use contract::seoul_contract_example;
