//! What a report is a pure function of: its zones and years (with the time-zone data this
//! server was built with), checked once at the edge into a [`ReportSpec`].
//!
//! The spec is canonical: the zones are sorted by name without duplicates, and a list that
//! names every zone is "every zone". Two requests for the same report so get the same id, on
//! every instance, and share one computation and one cached result. The id itself is
//! `report_id`'s (which reads specs, never the other way round).

use crate::model::{
    ReportRequest, REPORT_FIRST_YEAR, REPORT_LAST_YEAR, REPORT_MAX_SPAN, REPORT_MAX_ZONES,
};
use crate::server::{
    http::ApiError,
    zones::{describe_zone_error, Zone, SUGGESTED_NAMES},
};

/// The zones of a report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ZoneChoice {
    /// Every zone of the time-zone data.
    Every,
    /// Some zones: sorted by name, no duplicates, fewer than every zone.
    Listed(Vec<Zone>),
}

/// A checked report request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportSpec {
    zones: ZoneChoice,
    from: i32,
    to: i32,
}

/// Why years cannot make a report: the parameter at fault and a sentence.
pub type YearsError = (&'static str, String);

impl ReportSpec {
    /// A spec from checked parts: the years as [`check_years`] accepts them, the zones in any
    /// order (duplicates dropped, every zone named becomes [`ZoneChoice::Every`]).
    pub fn new(zones: Option<Vec<Zone>>, from: i32, to: i32) -> Result<ReportSpec, YearsError> {
        check_years(from, to)?;
        let zones = match zones {
            None => ZoneChoice::Every,
            Some(mut zones) => {
                zones.sort_by_key(|zone| zone.name());
                zones.dedup();
                if zones.len() == Zone::every().len() {
                    ZoneChoice::Every
                } else {
                    ZoneChoice::Listed(zones)
                }
            }
        };
        Ok(ReportSpec { zones, from, to })
    }

    /// Checks the body of `POST /api/reports`: years first, then the zones (at most
    /// [`REPORT_MAX_ZONES`] names, each a zone; the error names a few and counts the rest).
    pub fn from_request(request: ReportRequest) -> Result<ReportSpec, ApiError> {
        let ReportRequest { zones, from, to } = request;
        check_years(from, to).map_err(|(param, message)| ApiError::bad(param, message))?;
        let zones = zones.map(|names| parse_zone_names(&names)).transpose()?;
        ReportSpec::new(zones, from, to).map_err(|(param, message)| ApiError::bad(param, message))
    }

    /// The zones, in the order they are computed (by name).
    pub fn zones(&self) -> &[Zone] {
        match &self.zones {
            ZoneChoice::Every => Zone::every(),
            ZoneChoice::Listed(zones) => zones,
        }
    }

    /// Every zone, or which.
    pub fn choice(&self) -> &ZoneChoice {
        &self.zones
    }

    /// The first year covered.
    pub fn from(&self) -> i32 {
        self.from
    }

    /// The last year covered, inclusive.
    pub fn to(&self) -> i32 {
        self.to
    }

    /// How many zones: the `total` of the progress events.
    pub fn total(&self) -> u32 {
        self.zones().len() as u32
    }
}

/// Years a report may cover: each within the limits, in order, at most the span apart.
pub fn check_years(from: i32, to: i32) -> Result<(), YearsError> {
    for (param, year) in [("from", from), ("to", to)] {
        if !(REPORT_FIRST_YEAR..=REPORT_LAST_YEAR).contains(&year) {
            return Err((
                param,
                format!(
                    "{param} must be a year from {REPORT_FIRST_YEAR} to {REPORT_LAST_YEAR}, not {year}"
                ),
            ));
        }
    }
    if to < from {
        return Err(("to", format!("to ({to}) must not be before from ({from})")));
    }
    if to - from >= REPORT_MAX_SPAN {
        return Err((
            "to",
            format!(
                "a report covers at most {REPORT_MAX_SPAN} years; {from} to {to} is {}",
                to - from + 1
            ),
        ));
    }
    Ok(())
}

/// The zones a list names. A list longer than the cap is refused before any name is looked
/// up; of the names that are not zones, the first [`SUGGESTED_NAMES`] are described (with
/// the closest zones) and the rest only counted, so the error stays short.
fn parse_zone_names(names: &[String]) -> Result<Vec<Zone>, ApiError> {
    if names.is_empty() {
        return Err(ApiError::bad(
            "zones",
            "zones is empty; list zone names such as \"Europe/London\", or leave zones out for every zone",
        ));
    }
    if names.len() > REPORT_MAX_ZONES {
        return Err(ApiError::bad(
            "zones",
            format!(
                "a report lists at most {REPORT_MAX_ZONES} zones, but zones names {}; leave zones out for every zone",
                names.len()
            ),
        ));
    }
    let mut zones = Vec::with_capacity(names.len());
    let mut described = Vec::new();
    let mut unknown = 0usize;
    for name in names {
        match Zone::parse(name) {
            Ok(zone) => zones.push(zone),
            Err(error) => {
                if described.len() < SUGGESTED_NAMES {
                    described.push(describe_zone_error(name, error, true));
                }
                unknown += 1;
            }
        }
    }
    if unknown == 0 {
        return Ok(zones);
    }
    let more = unknown - described.len();
    let mut message = described.join("; ");
    if more > 0 {
        message.push_str(&if more == 1 {
            "; 1 more name is not a time zone either".to_owned()
        } else {
            format!("; {more} more names are not time zones either")
        });
    }
    Err(ApiError::bad("zones", message))
}

/// A report of the named zones over `from..=to`, for tests.
#[cfg(test)]
impl ReportSpec {
    pub(super) fn of_zones(names: &[&str], from: i32, to: i32) -> ReportSpec {
        let zones = names
            .iter()
            .map(|name| Zone::parse(name).unwrap())
            .collect();
        ReportSpec::new(Some(zones), from, to).unwrap()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(zones: Option<Vec<&str>>, from: i32, to: i32) -> ReportRequest {
        ReportRequest {
            zones: zones.map(|names| names.into_iter().map(str::to_owned).collect()),
            from,
            to,
        }
    }

    fn refusal(request: ReportRequest) -> (String, String) {
        match ReportSpec::from_request(request) {
            Err(ApiError::BadParameter { param, message }) => (param, message),
            other => panic!("expected a 400, got {other:?}"),
        }
    }

    #[test]
    fn zones_are_sorted_deduplicated_and_canonically_spelled() {
        let spec = ReportSpec::from_request(request(
            Some(vec!["europe/london", "Asia/Seoul", "EUROPE/LONDON"]),
            2026,
            2026,
        ))
        .unwrap();
        let names: Vec<&str> = spec.zones().iter().map(|zone| zone.name()).collect();
        assert_eq!(names, ["Asia/Seoul", "Europe/London"]);
        assert_eq!(spec.total(), 2);
        assert_eq!(
            spec.choice(),
            &ZoneChoice::Listed(vec![
                Zone::parse("Asia/Seoul").unwrap(),
                Zone::parse("Europe/London").unwrap()
            ])
        );
    }

    #[test]
    fn no_zones_and_all_zones_are_the_same_report() {
        let every = ReportSpec::new(None, 2026, 2026).unwrap();
        let listed = ReportSpec::new(Some(Zone::every().to_vec()), 2026, 2026).unwrap();
        assert_eq!(every, listed);
        assert_eq!(every.choice(), &ZoneChoice::Every);
        assert_eq!(every.total() as usize, Zone::every().len());
    }

    #[test]
    fn years_outside_the_limits_are_refused_naming_the_field() {
        assert_eq!(refusal(request(None, 1800, 2026)).0, "from");
        assert_eq!(refusal(request(None, 2026, 2200)).0, "to");
        assert_eq!(
            refusal(request(None, 2030, 2026)),
            (
                "to".into(),
                "to (2026) must not be before from (2030)".into()
            )
        );
        assert_eq!(
            refusal(request(None, 1950, 2026)).1,
            "a report covers at most 50 years; 1950 to 2026 is 77"
        );
        assert!(ReportSpec::from_request(request(None, 1950, 1999)).is_ok());
    }

    #[test]
    fn a_long_list_is_refused_before_any_lookup() {
        let names = vec!["Nowhere/Atlantis"; 150_000];
        let started = std::time::Instant::now();
        let (param, message) = refusal(request(Some(names), 2026, 2026));
        assert_eq!(param, "zones");
        assert_eq!(
            message,
            "a report lists at most 100 zones, but zones names 150000; leave zones out for every zone"
        );
        assert!(started.elapsed() < std::time::Duration::from_millis(500));
    }

    #[test]
    fn unknown_zones_are_named_a_few_at_a_time_and_the_rest_counted() {
        let mut names = vec!["Europe/Londn", "Europe/Paris", "Asia/Seul"];
        names.extend(std::iter::repeat_n("Nowhere/Atlantis", 40));
        let (param, message) = refusal(request(Some(names), 2026, 2026));
        assert_eq!(param, "zones");
        assert!(
            message.starts_with(
                "\"Europe/Londn\" is not a time zone we know; did you mean Europe/London"
            ),
            "{message}"
        );
        assert!(
            message.contains("\"Asia/Seul\" is not a time zone we know; did you mean Asia/Seoul")
        );
        assert!(
            message.ends_with("; 39 more names are not time zones either"),
            "{message}"
        );
        assert!(message.len() < 600, "{} bytes", message.len());
        let (_, one_more) = refusal(request(Some(vec!["a/a", "b/b", "c/c", "d/d"]), 2026, 2026));
        assert!(
            one_more.ends_with("; 1 more name is not a time zone either"),
            "{one_more}"
        );
    }

    #[test]
    fn an_empty_list_is_refused() {
        assert_eq!(refusal(request(Some(vec![]), 2026, 2026)).0, "zones");
    }
}
