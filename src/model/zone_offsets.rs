//! A zone's offsets from UTC over a range of instants, as the server reads them from the
//! time-zone rules: a few spans, each an offset and abbreviation from its first instant
//! until the next span's. With them the page works out any local time in the range with
//! plain arithmetic (while a slider moves, say) and never carries zone rules itself.

use serde::{Deserialize, Serialize};

use super::{
    civil_time::CivilTime,
    json::{FromJson, Json},
};

/// One offset in force: from `epoch_s` until the next span's start (or the range's end).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OffsetSpan {
    /// The span's first instant, Unix seconds: the range's start for the first span, else the
    /// instant the clocks changed.
    pub epoch_s: i64,
    /// Seconds east of UTC (`-18000` for New York in winter).
    pub offset_s: i32,
    /// `EST`, or the offset as `+0545` where the zone uses no letters.
    pub abbreviation: String,
}

/// A zone's offsets from the start of its first span until `until_epoch_s`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ZoneOffsets {
    /// IANA name, canonical spelling (`America/New_York`).
    pub zone: String,
    /// At least one span, in order, each differing from the one before in offset or
    /// abbreviation.
    pub spans: Vec<OffsetSpan>,
    /// The first instant after the range, Unix seconds.
    pub until_epoch_s: i64,
}

/// How a zone's clock reads at one instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LocalReading<'a> {
    /// The wall date and time.
    pub civil: CivilTime,
    /// Seconds east of UTC.
    pub offset_s: i32,
    /// The abbreviation in force.
    pub abbreviation: &'a str,
}

impl ZoneOffsets {
    /// The first instant covered, Unix seconds.
    pub fn from_epoch_s(&self) -> i64 {
        self.spans
            .first()
            .map_or(self.until_epoch_s, |span| span.epoch_s)
    }

    /// Whether `epoch_s` lies in the range these spans cover.
    pub fn covers(&self, epoch_s: i64) -> bool {
        (self.from_epoch_s()..self.until_epoch_s).contains(&epoch_s)
    }

    /// The index of the span in force at `epoch_s`; `None` outside the range.
    pub fn span_index_at(&self, epoch_s: i64) -> Option<usize> {
        if !self.covers(epoch_s) {
            return None;
        }
        // The last span starting at or before `epoch_s`.
        Some(
            self.spans
                .partition_point(|span| span.epoch_s <= epoch_s)
                .saturating_sub(1),
        )
    }

    /// The span in force at `epoch_s`; `None` outside the range.
    pub fn span_at(&self, epoch_s: i64) -> Option<&OffsetSpan> {
        self.span_index_at(epoch_s).map(|index| &self.spans[index])
    }

    /// The zone's wall time at `epoch_s`; `None` outside the range.
    pub fn local_at(&self, epoch_s: i64) -> Option<LocalReading<'_>> {
        let span = self.span_at(epoch_s)?;
        Some(LocalReading {
            civil: CivilTime::from_epoch_ms((epoch_s + i64::from(span.offset_s)) * 1000),
            offset_s: span.offset_s,
            abbreviation: &span.abbreviation,
        })
    }

    /// The instant, Unix seconds, at which this zone's clock reads `wall_s` (a wall date and
    /// time written as Unix seconds as if it were UTC). A reading the clocks skip (they
    /// sprang forward over it) moves forward by the gap: it is read with the offset before
    /// the change, so 01:30 on London's spring-forward night is 01:30 UTC, 02:30 BST. A
    /// reading the clocks show twice (they fell back) names the earlier instant. `None` when
    /// the instant falls outside the range.
    pub fn utc_of_local(&self, wall_s: i64) -> Option<i64> {
        for (index, span) in self.spans.iter().enumerate() {
            let end = self
                .spans
                .get(index + 1)
                .map_or(self.until_epoch_s, |next| next.epoch_s);
            let instant = wall_s - i64::from(span.offset_s);
            // Spans are in order, so the first that reads `wall_s` gives the earlier instant.
            if (span.epoch_s..end).contains(&instant) {
                return Some(instant);
            }
            // Too late for this span and too early for the next: the clocks skipped it.
            let skipped = self.spans.get(index + 1).is_some_and(|next| {
                instant >= end && wall_s - i64::from(next.offset_s) < next.epoch_s
            });
            if skipped {
                return self.covers(instant).then_some(instant);
            }
        }
        None
    }
}

#[cfg(test)]
pub(crate) mod fixtures {
    //! Zones' offsets written out by hand from the tz database, for the model's tests (the
    //! server's tests check its own reading of chrono-tz against the same instants).

    use super::*;

    fn span(epoch_s: i64, offset_h: f64, abbreviation: &str) -> OffsetSpan {
        OffsetSpan {
            epoch_s,
            offset_s: (offset_h * 3600.0) as i32,
            abbreviation: abbreviation.into(),
        }
    }

    /// `zone` from `from` until `until`, with a change at each of `changes`.
    pub fn offsets(
        zone: &str,
        from: i64,
        until: i64,
        first: (f64, &str),
        changes: &[(i64, f64, &str)],
    ) -> ZoneOffsets {
        let mut spans = vec![span(from, first.0, first.1)];
        spans.extend(
            changes
                .iter()
                .map(|&(epoch_s, offset_h, abbreviation)| span(epoch_s, offset_h, abbreviation)),
        );
        ZoneOffsets {
            zone: zone.into(),
            spans,
            until_epoch_s: until,
        }
    }

    /// One offset all along.
    pub fn fixed(
        zone: &str,
        from: i64,
        until: i64,
        offset_h: f64,
        abbreviation: &str,
    ) -> ZoneOffsets {
        offsets(zone, from, until, (offset_h, abbreviation), &[])
    }
}

impl FromJson for OffsetSpan {
    fn from_json(value: &Json) -> Option<Self> {
        Some(OffsetSpan {
            epoch_s: value.field("epochS")?,
            offset_s: value.field("offsetS")?,
            abbreviation: value.field("abbreviation")?,
        })
    }
}

impl FromJson for ZoneOffsets {
    fn from_json(value: &Json) -> Option<Self> {
        Some(ZoneOffsets {
            zone: value.field("zone")?,
            spans: value.field("spans")?,
            until_epoch_s: value.field("untilEpochS")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{fixtures::offsets, *};

    // New York springs forward at 2027-03-14T07:00:00Z (02:00 EST becomes 03:00 EDT).
    const SPRING: i64 = 1_805_007_600;

    // New York falls back at 2027-11-07T06:00:00Z (02:00 EDT becomes 01:00 EST).
    const NEW_YORK_FALL: i64 = 1_825_567_200;
    // Sydney falls back at 2027-04-03T16:00:00Z (03:00 AEDT becomes 02:00 AEST) and springs
    // forward at 2027-10-02T16:00:00Z (02:00 AEST becomes 03:00 AEDT).
    const SYDNEY_AUTUMN: i64 = 1_806_768_000;
    const SYDNEY_SPRING: i64 = 1_822_492_800;

    /// Sydney from a day before its autumn change to a day after its spring one.
    fn sydney() -> ZoneOffsets {
        offsets(
            "Australia/Sydney",
            SYDNEY_AUTUMN - 86_400,
            SYDNEY_SPRING + 86_400,
            (11.0, "AEDT"),
            &[(SYDNEY_AUTUMN, 10.0, "AEST"), (SYDNEY_SPRING, 11.0, "AEDT")],
        )
    }

    fn new_york() -> ZoneOffsets {
        offsets(
            "America/New_York",
            SPRING - 86_400,
            SPRING + 86_400,
            (-5.0, "EST"),
            &[(SPRING, -4.0, "EDT")],
        )
    }

    #[test]
    fn the_span_in_force_is_the_last_that_started() {
        let zone = new_york();
        let before = zone.local_at(SPRING - 1).unwrap();
        assert_eq!(before.civil.iso_text(), "2027-03-14T01:59:59");
        assert_eq!((before.offset_s, before.abbreviation), (-18_000, "EST"));
        let after = zone.local_at(SPRING).unwrap();
        assert_eq!(after.civil.iso_text(), "2027-03-14T03:00:00");
        assert_eq!((after.offset_s, after.abbreviation), (-14_400, "EDT"));
        assert_eq!(zone.span_index_at(SPRING + 3600), Some(1));
    }

    #[test]
    fn nothing_is_read_outside_the_range() {
        let zone = new_york();
        assert!(zone.covers(SPRING - 86_400));
        assert_eq!(zone.local_at(SPRING - 86_401), None);
        assert!(zone.local_at(SPRING + 86_399).is_some());
        assert_eq!(zone.local_at(SPRING + 86_400), None);
    }

    /// Wall seconds of a local date and time, as `utc_of_local` takes them.
    fn wall(text: &str) -> i64 {
        crate::model::Moment::parse(&format!("{text}Z"))
            .unwrap()
            .epoch_s()
    }

    #[test]
    fn a_plain_local_time_is_its_one_instant() {
        let zone = new_york();
        let instant = zone.utc_of_local(wall("2027-03-14T12:00")).unwrap();
        assert_eq!(instant, wall("2027-03-14T16:00"), "12:00 EDT is 16:00 UTC");
        let instant = zone.utc_of_local(wall("2027-03-14T01:00")).unwrap();
        assert_eq!(instant, wall("2027-03-14T06:00"), "01:00 EST is 06:00 UTC");
    }

    #[test]
    fn a_skipped_local_time_moves_forward_by_the_gap_in_both_hemispheres() {
        // New York: 02:30 on 14 March 2027 never happens; read as EST it is 07:30 UTC,
        // which the clocks show as 03:30 EDT.
        let zone = new_york();
        let instant = zone.utc_of_local(wall("2027-03-14T02:30")).unwrap();
        assert_eq!(instant, SPRING + 1800);
        assert_eq!(
            zone.local_at(instant).unwrap().civil.iso_text(),
            "2027-03-14T03:30:00"
        );
        // Sydney springs forward on 3 October 2027 at 02:00 AEST (16:00 UTC the day before).
        let sydney = sydney();
        let instant = sydney.utc_of_local(wall("2027-10-03T02:30")).unwrap();
        assert_eq!(instant, SYDNEY_SPRING + 1800);
        assert_eq!(
            sydney.local_at(instant).unwrap().civil.iso_text(),
            "2027-10-03T03:30:00"
        );
    }

    #[test]
    fn a_repeated_local_time_is_the_earlier_instant_in_both_hemispheres() {
        // New York falls back on 7 November 2027 at 02:00 EDT (06:00 UTC): 01:30 happens
        // at 05:30 UTC (EDT) and again at 06:30 UTC (EST).
        let zone = offsets(
            "America/New_York",
            NEW_YORK_FALL - 86_400,
            NEW_YORK_FALL + 86_400,
            (-4.0, "EDT"),
            &[(NEW_YORK_FALL, -5.0, "EST")],
        );
        let instant = zone.utc_of_local(wall("2027-11-07T01:30")).unwrap();
        assert_eq!(instant, NEW_YORK_FALL - 1800);
        assert_eq!(zone.local_at(instant).unwrap().abbreviation, "EDT");
        // Sydney falls back on 4 April 2027 at 03:00 AEDT (16:00 UTC the day before): 02:30
        // happens at 15:30 UTC (AEDT) and again at 16:30 UTC (AEST).
        let sydney = sydney();
        let instant = sydney.utc_of_local(wall("2027-04-04T02:30")).unwrap();
        assert_eq!(instant, SYDNEY_AUTUMN - 1800);
        assert_eq!(sydney.local_at(instant).unwrap().abbreviation, "AEDT");
    }

    #[test]
    fn a_local_time_outside_the_range_names_nothing() {
        let zone = new_york();
        assert_eq!(zone.utc_of_local(wall("2027-03-12T12:00")), None);
        assert_eq!(zone.utc_of_local(wall("2027-03-16T12:00")), None);
    }

    #[test]
    fn spans_travel_in_camel_case() {
        let json = serde_json::to_value(new_york()).unwrap();
        assert_eq!(json["zone"], "America/New_York");
        assert_eq!(json["untilEpochS"], SPRING + 86_400);
        assert_eq!(json["spans"][1]["epochS"], SPRING);
        assert_eq!(json["spans"][1]["offsetS"], -14_400);
        assert_eq!(json["spans"][1]["abbreviation"], "EDT");
        assert_eq!(
            ZoneOffsets::from_json_text(&json.to_string()),
            Some(new_york())
        );
        assert_eq!(
            serde_json::from_value::<ZoneOffsets>(json).unwrap(),
            new_york()
        );
    }
}
