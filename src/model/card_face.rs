//! What a city card shows, worked out from one tick and the offset it is compared with (the
//! home card's zone, or the visitor's own): the local time in 12- or 24-hour form, date and
//! weekday, the difference ("3 h ahead of Anna"), day or night, and "tomorrow" or
//! "yesterday" when the city's date is not the one compared with.
//!
//! A card moves its face from tick to tick ([`CardFace::advance`]): only the time is worked
//! out at every tick; the rest only when what it is made of changes.
//!
//! Pure, so it is tested here and runs the same on the server and in the browser.

use super::{
    civil_time::{CivilTime, HourCycle},
    contract::{ClockUpdate, Transition},
    locale::Messages,
};

/// The text of one card at one tick.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardFace {
    /// `17:03:58` or `5:03:58 PM`.
    pub time: String,
    /// For `<time datetime>`: `2026-11-21T17:03:58`.
    pub datetime: String,
    /// `Saturday, 21 November 2026`.
    pub date: String,
    /// `KST · UTC+09:00`.
    pub zone_line: String,
    /// How far the city's clock is ahead of the one it is compared with, in seconds
    /// (behind when negative; [`difference_words`] says it); `None` until that is known.
    pub difference: Option<i64>,
    /// Between 06:00 and 18:00 local time.
    pub is_day: bool,
    /// `tomorrow` or `yesterday` relative to the date compared with; `None` when the same or
    /// unknown.
    pub relative_day: Option<&'static str>,
    /// What every field but the time is made of: equal inputs, equal text.
    inputs: SlowInputs,
}

/// What the fields other than the time depend on. They change a few times a day at most (a
/// new date, dawn or dusk, a clock change, the visitor's own date or offset), so a face
/// whose inputs are unchanged keeps its text. "The visitor" below is whoever the card is
/// compared with: the home card's zone, or the visitor's own.
#[derive(Clone, Debug, PartialEq, Eq)]
struct SlowInputs {
    /// The city's local date: (year, month, day).
    date: (i64, u32, u32),
    /// Between 06:00 and 18:00 local time.
    is_day: bool,
    /// The tick's `utcOffset`, as sent.
    utc_offset: String,
    /// The tick's `abbreviation`, as sent.
    abbreviation: String,
    /// The visitor's offset in seconds east and their date at the tick, once known.
    visitor: Option<(i64, (i64, u32, u32))>,
}

impl SlowInputs {
    fn of(update: &ClockUpdate, local: &CivilTime, reference_offset_s: Option<i64>) -> Self {
        SlowInputs {
            date: (local.year, local.month, local.day),
            is_day: (6..18).contains(&local.hour),
            utc_offset: update.utc_offset.clone(),
            abbreviation: update.abbreviation.clone(),
            visitor: reference_offset_s.map(|offset| {
                let visitor = CivilTime::from_epoch_ms(update.epoch_ms + offset * 1000);
                (offset, (visitor.year, visitor.month, visitor.day))
            }),
        }
    }

    /// True when `update` would give the same inputs, worked out without allocating.
    fn hold_for(
        &self,
        update: &ClockUpdate,
        local: &CivilTime,
        reference_offset_s: Option<i64>,
    ) -> bool {
        self.date == (local.year, local.month, local.day)
            && self.is_day == (6..18).contains(&local.hour)
            && self.utc_offset == update.utc_offset
            && self.abbreviation == update.abbreviation
            && self.visitor.map(|(offset, _)| offset) == reference_offset_s
            && self.visitor.is_none_or(|(offset, date)| {
                let visitor = CivilTime::from_epoch_ms(update.epoch_ms + offset * 1000);
                date == (visitor.year, visitor.month, visitor.day)
            })
    }
}

impl CardFace {
    /// Moves the face to `update`: the time at every tick; the date, zone line, difference,
    /// day or night and relative day only when their inputs changed. The result is always
    /// what [`card_face`] gives for the same arguments.
    pub fn advance(
        &mut self,
        update: &ClockUpdate,
        cycle: HourCycle,
        reference_offset_s: Option<i64>,
        words: &'static Messages,
    ) {
        let local = local_time(update);
        if self.inputs.hold_for(update, &local, reference_offset_s) {
            self.time = local.time_text(cycle, &words.calendar);
            self.datetime = local.iso_text();
        } else {
            *self = face_at(update, &local, cycle, reference_offset_s, words);
        }
    }
}

/// `+09:00` → 32 400 seconds, `-00:44:30` → −2 670; `None` if malformed.
pub fn offset_seconds(text: &str) -> Option<i64> {
    let (sign, rest) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => return None,
    };
    let mut parts = rest.split(':');
    let hours: i64 = parts.next()?.parse().ok()?;
    let minutes: i64 = parts.next()?.parse().ok()?;
    let seconds: i64 = parts.next().map_or(Some(0), |text| text.parse().ok())?;
    if parts.next().is_some() {
        return None;
    }
    Some(sign * (hours * 3600 + minutes * 60 + seconds))
}

/// The card for `update`; `reference_offset_s` is the offset from UTC of what the card is
/// compared with (the home card's zone, or the visitor) at the same instant, in seconds east;
/// `words` the page's language.
pub fn card_face(
    update: &ClockUpdate,
    cycle: HourCycle,
    reference_offset_s: Option<i64>,
    words: &'static Messages,
) -> CardFace {
    face_at(
        update,
        &local_time(update),
        cycle,
        reference_offset_s,
        words,
    )
}

/// The zone's wall time at the tick.
fn local_time(update: &ClockUpdate) -> CivilTime {
    let zone_offset_s = offset_seconds(&update.utc_offset).unwrap_or(0);
    CivilTime::from_epoch_ms(update.epoch_ms + zone_offset_s * 1000)
}

fn face_at(
    update: &ClockUpdate,
    local: &CivilTime,
    cycle: HourCycle,
    reference_offset_s: Option<i64>,
    words: &'static Messages,
) -> CardFace {
    let zone_offset_s = offset_seconds(&update.utc_offset).unwrap_or(0);
    let (difference, relative_day) = match reference_offset_s {
        Some(visitor) => {
            let visitor_local = CivilTime::from_epoch_ms(update.epoch_ms + visitor * 1000);
            (
                Some(zone_offset_s - visitor),
                relative_day(local, &visitor_local, words),
            )
        }
        None => (None, None),
    };
    CardFace {
        time: local.time_text(cycle, &words.calendar),
        datetime: local.iso_text(),
        date: local.date_text(&words.calendar),
        zone_line: format!("{} · UTC{}", update.abbreviation, update.utc_offset),
        difference,
        is_day: (6..18).contains(&local.hour),
        relative_day,
        inputs: SlowInputs::of(update, local, reference_offset_s),
    }
}

/// The zone's next clock change in words, dated in the zone's own calendar:
/// `Clocks go back 1 h on Sun, 25 Oct 2026`, `2026년 10월 25일 (일)에 시계가 1시간 늦춰집니다`.
pub fn next_change_text(transition: &Transition, words: &Messages) -> String {
    let before = offset_seconds(&transition.offset_before).unwrap_or(0);
    let after = offset_seconds(&transition.offset_after).unwrap_or(0);
    let local = CivilTime::from_epoch_ms((transition.epoch_s + before) * 1000);
    let amount = difference_text((after - before).abs(), words);
    let amount = amount.trim_start_matches('+');
    let date = local.short_date_text(&words.calendar);
    if after > before {
        words.clocks_go_forward(amount, date)
    } else {
        words.clocks_go_back(amount, date)
    }
}

/// `+8 h`, `−3 h 30 min`, `+45 min`, `same time` (with a true minus sign), in the page's
/// language.
pub fn difference_text(seconds: i64, words: &Messages) -> String {
    if seconds == 0 {
        return words.same_time.to_owned();
    }
    let sign = if seconds < 0 { '−' } else { '+' };
    let minutes = seconds.unsigned_abs() / 60;
    let amount = match (minutes / 60, minutes % 60) {
        (0, m) => words.minutes(m),
        (h, 0) => words.hours(h),
        (h, m) => words.hours_minutes(h, m),
    };
    format!("{sign}{amount}")
}

/// The difference in words, from the city's side: `3 h ahead of Anna`, `5 h 30 min behind
/// you`, `same time as you`.
pub fn difference_words(seconds: i64, whom: &str, words: &Messages) -> String {
    let amount = difference_text(seconds.abs(), words);
    let amount = amount.trim_start_matches('+');
    match seconds.signum() {
        0 => words.same_time_as(whom),
        1 => words.ahead_of(amount, whom),
        _ => words.behind(amount, whom),
    }
}

fn relative_day(
    city: &CivilTime,
    visitor: &CivilTime,
    words: &'static Messages,
) -> Option<&'static str> {
    let city_day = (city.year, city.month, city.day);
    let visitor_day = (visitor.year, visitor.month, visitor.day);
    match city_day.cmp(&visitor_day) {
        std::cmp::Ordering::Greater => Some(words.tomorrow),
        std::cmp::Ordering::Less => Some(words.yesterday),
        std::cmp::Ordering::Equal => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Language;

    const EN: &Messages = Language::English.messages();
    const KO: &Messages = Language::Korean.messages();
    use crate::model::seoul_contract_example;

    #[test]
    fn offsets_parse_with_their_sign() {
        assert_eq!(offset_seconds("+09:00"), Some(32_400));
        assert_eq!(offset_seconds("-03:30"), Some(-12_600));
        assert_eq!(offset_seconds("+05:45"), Some(20_700));
        assert_eq!(offset_seconds("-00:44:30"), Some(-2_670));
        assert_eq!(offset_seconds("09:00"), None);
        assert_eq!(offset_seconds("+09"), None);
        assert_eq!(offset_seconds("+09:00:00:00"), None);
    }

    #[test]
    fn the_card_matches_the_ticks_date_time() {
        let face = card_face(&seoul_contract_example(), HourCycle::H24, None, EN);
        assert_eq!(face.time, "17:03:58");
        assert_eq!(face.datetime, "2026-11-21T17:03:58");
        assert_eq!(face.date, "Saturday, 21 November 2026");
        assert_eq!(face.zone_line, "KST · UTC+09:00");
        assert!(face.is_day, "17:03 is still day");
        assert_eq!((face.difference, face.relative_day), (None, None));
        assert_eq!(
            card_face(&seoul_contract_example(), HourCycle::H12, None, EN).time,
            "5:03:58 PM"
        );
    }

    #[test]
    fn differences_and_other_days_are_relative_to_the_visitor() {
        // A visitor in New York (−05:00) at 03:03:58 on the 21st: Seoul is 14 h ahead, same day.
        let face = card_face(
            &seoul_contract_example(),
            HourCycle::H24,
            Some(-5 * 3600),
            EN,
        );
        assert_eq!(face.difference, Some(14 * 3600));
        assert_eq!(face.relative_day, None);
        // A visitor in Honolulu (−10:00) on the 20th: Seoul is already tomorrow.
        let face = card_face(
            &seoul_contract_example(),
            HourCycle::H24,
            Some(-10 * 3600),
            EN,
        );
        assert_eq!(face.difference, Some(19 * 3600));
        assert_eq!(face.relative_day, Some("tomorrow"));
        // Honolulu (−10:00) seen from Seoul (+09:00) at the same instant: still the 20th.
        let honolulu = ClockUpdate {
            zone: "Pacific/Honolulu".into(),
            city: "Honolulu".into(),
            date_time: "2026-11-20 22:03:58".into(),
            utc_offset: "-10:00".into(),
            abbreviation: "HST".into(),
            ..seoul_contract_example()
        };
        let face = card_face(&honolulu, HourCycle::H24, Some(9 * 3600), EN);
        assert_eq!(face.time, "22:03:58");
        assert_eq!(face.difference, Some(-19 * 3600));
        assert_eq!(face.relative_day, Some("yesterday"));
    }

    #[test]
    fn differences_read_naturally() {
        assert_eq!(difference_text(0, EN), "same time");
        assert_eq!(difference_text(8 * 3600, EN), "+8 h");
        assert_eq!(difference_text(-(3 * 3600 + 1800), EN), "−3 h 30 min");
        assert_eq!(difference_text(45 * 60, EN), "+45 min");
        assert_eq!(difference_text(5 * 3600 + 45 * 60, EN), "+5 h 45 min");
    }

    #[test]
    fn differences_are_said_from_the_citys_side() {
        assert_eq!(difference_words(3 * 3600, "Anna", EN), "3 h ahead of Anna");
        assert_eq!(
            difference_words(-(5 * 3600 + 1800), "you", EN),
            "5 h 30 min behind you"
        );
        assert_eq!(difference_words(0, "you", EN), "same time as you");
        assert_eq!(difference_words(-45 * 60, "Ben", EN), "45 min behind Ben");
        assert_eq!(
            difference_words(3 * 3600, "Anna", KO),
            "Anna 기준 3시간 빠름"
        );
        assert_eq!(
            difference_words(-(5 * 3600 + 1800), KO.you, KO),
            "내 시간 기준 5시간 30분 느림"
        );
    }

    fn transition(epoch_s: i64, before: &str, after: &str) -> Transition {
        Transition {
            zone: "X".into(),
            instant_utc: String::new(),
            epoch_s,
            offset_before: before.into(),
            offset_after: after.into(),
            abbreviation_before: String::new(),
            abbreviation_after: String::new(),
        }
    }

    #[test]
    fn next_changes_read_as_a_person_says_them() {
        // London, 2026-10-25T01:00:00Z: 02:00 BST becomes 01:00 GMT on Sunday 25 October.
        assert_eq!(
            next_change_text(&transition(1_792_890_000, "+01:00", "+00:00"), EN),
            "Clocks go back 1 h on Sun, 25 Oct 2026"
        );
        // Lord Howe, 2026-10-03T15:30:00Z: 02:00 +10:30 becomes 02:30 +11:00 on Sunday 4 October.
        assert_eq!(
            next_change_text(&transition(1_791_041_400, "+10:30", "+11:00"), EN),
            "Clocks go forward 30 min on Sun, 4 Oct 2026"
        );
        assert_eq!(
            next_change_text(&transition(1_792_890_000, "+01:00", "+00:00"), KO),
            "2026년 10월 25일 (일)에 시계가 1시간 늦춰집니다"
        );
        assert_eq!(
            next_change_text(&transition(1_791_041_400, "+10:30", "+11:00"), KO),
            "2026년 10월 4일 (일)에 시계가 30분 앞당겨집니다"
        );
    }

    #[test]
    fn a_korean_card_reads_in_korean() {
        let face = card_face(
            &seoul_contract_example(),
            HourCycle::H12,
            Some(-10 * 3600),
            KO,
        );
        assert_eq!(face.time, "오후 5:03:58");
        assert_eq!(face.date, "2026년 11월 21일 토요일");
        assert_eq!(face.relative_day, Some("내일"));
    }

    #[test]
    fn day_is_six_to_six() {
        let mut update = seoul_contract_example();
        update.epoch_ms = 1_795_222_800_000; // 2026-11-21T01:00:00Z = 10:00 in Seoul
        assert!(card_face(&update, HourCycle::H24, None, EN).is_day);
        update.epoch_ms = 1_795_255_200_000; // 2026-11-21T10:00:00Z = 19:00 in Seoul
        assert!(!card_face(&update, HourCycle::H24, None, EN).is_day);
        update.epoch_ms = 1_795_201_200_000; // 2026-11-20T19:00:00Z = 04:00 in Seoul
        assert!(!card_face(&update, HourCycle::H24, None, EN).is_day);
    }

    /// A face moved tick by tick through `steps` is, at every step, the face made afresh.
    fn assert_advance_matches(steps: &[(ClockUpdate, HourCycle, Option<i64>)]) {
        let (first, cycle, visitor) = &steps[0];
        let mut face = card_face(first, *cycle, *visitor, EN);
        for (update, cycle, visitor) in &steps[1..] {
            face.advance(update, *cycle, *visitor, EN);
            assert_eq!(
                face,
                card_face(update, *cycle, *visitor, EN),
                "at {update:?}"
            );
        }
    }

    fn seoul_at(epoch_ms: i64) -> ClockUpdate {
        ClockUpdate {
            epoch_ms,
            ..seoul_contract_example()
        }
    }

    #[test]
    fn a_face_moved_tick_by_tick_is_the_face_made_afresh() {
        let seoul = seoul_contract_example().epoch_ms; // 17:03:58 in Seoul
        let visitor = Some(-10 * 3600); // Honolulu
        let h24 = HourCycle::H24;
        // Seconds pass; dusk at 18:00; Seoul's midnight; the visitor's midnight (Seoul
        // 19:00); the visitor becomes known, then switches to 12 hours.
        assert_advance_matches(&[
            (seoul_at(seoul), h24, None),
            (seoul_at(seoul + 1_000), h24, None),
            (seoul_at(seoul + 2_000), h24, visitor),
            (seoul_at(seoul + 3_000), HourCycle::H12, visitor),
            (seoul_at(seoul + 3_361_000), h24, visitor), // 17:59:59
            (seoul_at(seoul + 3_362_000), h24, visitor), // 18:00:00
            (seoul_at(seoul + 7_000_000), h24, visitor), // 19:00:38, 00:00:38 in Honolulu
            (seoul_at(seoul + 24_961_000), h24, visitor), // 23:59:59
            (seoul_at(seoul + 24_962_000), h24, visitor), // 00:00:00 on the 22nd
            (seoul_at(seoul + 24_963_000), h24, None),
        ]);
        // The steps do cross what they say they cross.
        assert!(card_face(&seoul_at(seoul + 3_361_000), h24, None, EN).is_day);
        assert!(!card_face(&seoul_at(seoul + 3_362_000), h24, None, EN).is_day);
        assert_eq!(
            card_face(&seoul_at(seoul + 2_000), h24, visitor, EN).relative_day,
            Some("tomorrow")
        );
        assert_eq!(
            card_face(&seoul_at(seoul + 7_000_000), h24, visitor, EN).relative_day,
            None
        );
        assert_eq!(
            card_face(&seoul_at(seoul + 24_962_000), h24, None, EN).date,
            "Sunday, 22 November 2026"
        );
    }

    #[test]
    fn a_clock_change_redraws_the_zone_line_and_the_difference() {
        let london = |epoch_ms: i64, offset: &str, abbreviation: &str| ClockUpdate {
            zone: "Europe/London".into(),
            city: "London".into(),
            date_time: String::new(),
            utc_offset: offset.into(),
            abbreviation: abbreviation.into(),
            id: 1,
            epoch_ms,
        };
        // 2026-10-25T00:59:59Z is 01:59:59 BST; a second later, 01:00:00 GMT.
        let before = 1_792_889_999_000;
        let steps = [
            (london(before, "+01:00", "BST"), HourCycle::H24, Some(0)),
            (
                london(before + 1_000, "+00:00", "GMT"),
                HourCycle::H24,
                Some(0),
            ),
            (
                london(before + 2_000, "+00:00", "GMT"),
                HourCycle::H24,
                Some(0),
            ),
        ];
        assert_advance_matches(&steps);
        let mut face = card_face(&steps[0].0, HourCycle::H24, Some(0), EN);
        assert_eq!(face.difference, Some(3600));
        face.advance(&steps[1].0, HourCycle::H24, Some(0), EN);
        assert_eq!(face.zone_line, "GMT · UTC+00:00");
        assert_eq!(face.difference, Some(0));
        assert_eq!(face.time, "01:00:00");
    }
}
