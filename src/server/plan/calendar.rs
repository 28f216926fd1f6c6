//! The text of a calendar file (RFC 5545): one `VCALENDAR` holding one `VEVENT`, with CRLF
//! line ends, content lines folded at 75 octets (never inside a UTF-8 character), TEXT
//! values escaped and tagged with their language, so every calendar program reads the same
//! event.

/// Who made the file (`PRODID`), in the form RFC 5545 suggests.
const PRODUCT_ID: &str = "-//worldclock//planner//EN";
/// Longest content line, in octets, without its CRLF (RFC 5545 §3.1).
const MAX_LINE_OCTETS: usize = 75;

/// One event, its times in Unix seconds (UTC).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CalendarEvent {
    /// The event's `UID`: the same for the same request, on any instance.
    pub uid: String,
    /// When the file was made (`DTSTAMP`).
    pub stamp_s: i64,
    /// The event's start (`DTSTART`).
    pub start_s: i64,
    /// The event's end (`DTEND`).
    pub end_s: i64,
    /// The title (`SUMMARY`), plain text.
    pub summary: String,
    /// The body (`DESCRIPTION`), plain text; `\n` separates its lines.
    pub description: String,
    /// The language of the title and body (their `LANGUAGE` parameter), a BCP 47 tag.
    pub language: &'static str,
}

/// The calendar file of `event`.
pub fn calendar_text(event: &CalendarEvent) -> String {
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        format!("PRODID:{PRODUCT_ID}"),
        "CALSCALE:GREGORIAN".to_owned(),
        "METHOD:PUBLISH".to_owned(),
        "BEGIN:VEVENT".to_owned(),
        format!("UID:{}", escape_text(&event.uid)),
        format!("DTSTAMP:{}", utc_text(event.stamp_s)),
        format!("DTSTART:{}", utc_text(event.start_s)),
        format!("DTEND:{}", utc_text(event.end_s)),
        format!(
            "SUMMARY;LANGUAGE={}:{}",
            event.language,
            escape_text(&event.summary)
        ),
        format!(
            "DESCRIPTION;LANGUAGE={}:{}",
            event.language,
            escape_text(&event.description)
        ),
        "END:VEVENT".to_owned(),
        "END:VCALENDAR".to_owned(),
    ] {
        push_folded(&mut out, &line);
    }
    out
}

/// A UTC date-time in the form RFC 5545 writes it: `20270314T150000Z`.
pub fn utc_text(epoch_s: i64) -> String {
    let utc = crate::model::CivilTime::from_epoch_ms(epoch_s * 1000);
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second
    )
}

/// A TEXT value escaped (RFC 5545 §3.3.11): backslash, semicolon and comma get a
/// backslash, a line break becomes `\n`; other control characters, which TEXT may not
/// hold, are dropped.
pub fn escape_text(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '\\' => escaped.push_str("\\\\"),
            ';' => escaped.push_str("\\;"),
            ',' => escaped.push_str("\\,"),
            '\n' => escaped.push_str("\\n"),
            '\t' => escaped.push('\t'),
            control if control.is_control() => {}
            other => escaped.push(other),
        }
    }
    escaped
}

/// Appends `line` folded (RFC 5545 §3.1): pieces of at most 75 octets, each after the first
/// starting with one space, split only between characters, each ended by CRLF.
fn push_folded(out: &mut String, line: &str) {
    let mut rest = line;
    let mut room = MAX_LINE_OCTETS;
    loop {
        if rest.len() <= room {
            out.push_str(rest);
            out.push_str("\r\n");
            return;
        }
        let mut cut = room;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        // The leading space counts towards the next piece's 75 octets.
        room = MAX_LINE_OCTETS - 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(description: &str) -> CalendarEvent {
        CalendarEvent {
            uid: "20270314T150000Z-60m-0123456789abcdef@worldclock".into(),
            stamp_s: 1_795_248_238,
            start_s: 1_805_036_400,
            end_s: 1_805_040_000,
            summary: "worldclock: Seoul, London".into(),
            description: description.into(),
            language: "en",
        }
    }

    /// The file unfolded: each content line whole, as a reader sees it.
    fn unfolded(text: &str) -> Vec<String> {
        text.replace("\r\n ", "")
            .split("\r\n")
            .filter(|line| !line.is_empty())
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn one_event_in_one_calendar_with_crlf_line_ends() {
        let text = calendar_text(&event("Seoul, South Korea: Mon 15 Mar 00:00 KST"));
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        assert!(!text.replace("\r\n", "").contains('\n'), "no bare LF");
        assert!(!text.replace("\r\n", "").contains('\r'), "no bare CR");
        assert_eq!(
            unfolded(&text),
            [
                "BEGIN:VCALENDAR",
                "VERSION:2.0",
                "PRODID:-//worldclock//planner//EN",
                "CALSCALE:GREGORIAN",
                "METHOD:PUBLISH",
                "BEGIN:VEVENT",
                "UID:20270314T150000Z-60m-0123456789abcdef@worldclock",
                "DTSTAMP:20261121T080358Z",
                "DTSTART:20270314T150000Z",
                "DTEND:20270314T160000Z",
                "SUMMARY;LANGUAGE=en:worldclock: Seoul\\, London",
                "DESCRIPTION;LANGUAGE=en:Seoul\\, South Korea: Mon 15 Mar 00:00 KST",
                "END:VEVENT",
                "END:VCALENDAR",
            ]
        );
    }

    #[test]
    fn text_values_are_escaped() {
        assert_eq!(escape_text(r"a\b;c,d"), r"a\\b\;c\,d");
        assert_eq!(escape_text("one\ntwo"), r"one\ntwo");
        assert_eq!(escape_text("bell\u{7}\r"), "bell");
        assert_eq!(
            escape_text("São Paulo: 12:00"),
            "São Paulo: 12:00",
            "colons stay"
        );
    }

    #[test]
    fn long_lines_fold_at_75_octets() {
        let description = "x".repeat(300);
        let text = calendar_text(&event(&description));
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
        }
        let lines: Vec<&str> = text.split("\r\n").collect();
        let first = lines
            .iter()
            .position(|line| line.starts_with("DESCRIPTION;LANGUAGE=en:"))
            .unwrap();
        let folded: Vec<&str> = std::iter::once(lines[first])
            .chain(
                lines[first + 1..]
                    .iter()
                    .copied()
                    .take_while(|line| line.starts_with(' ')),
            )
            .collect();
        // 324 octets: 75, then 74 after each continuation's space.
        assert_eq!(folded.len(), 5);
        assert_eq!(folded[0].len(), 75, "the first piece is full");
        assert!(folded[1..].iter().all(|piece| piece.starts_with(' ')));
        assert_eq!(
            folded[1].len(),
            75,
            "a continuation is full too, its space included"
        );
        assert!(unfolded(&text).contains(&format!("DESCRIPTION;LANGUAGE=en:{description}")));
    }

    #[test]
    fn folding_never_splits_a_character() {
        // Three-octet characters after the 12-octet name: a naive cut at 75 would split one.
        let description = "東京".repeat(60);
        let text = calendar_text(&event(&description));
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{} octets", line.len());
        }
        // Splitting bytes inside a character would have made `text` invalid UTF-8, which a
        // `String` cannot hold; check the pieces are whole and put back the same.
        assert!(unfolded(&text).contains(&format!("DESCRIPTION;LANGUAGE=en:{description}")));
        let pieces: Vec<&str> = text
            .split("\r\n")
            .filter(|line| line.starts_with(' '))
            .collect();
        assert!(pieces
            .iter()
            .all(|piece| piece[1..].starts_with('東') || piece[1..].starts_with('京')));
        // A 4-octet character (an emoji) exactly across the boundary.
        let description = format!(
            "{}🕒tail",
            "a".repeat(75 - "DESCRIPTION;LANGUAGE=en:".len() - 2)
        );
        let text = calendar_text(&event(&description));
        let line = text
            .split("\r\n")
            .find(|l| l.starts_with("DESCRIPTION;LANGUAGE=en:"))
            .unwrap();
        assert_eq!(line.len(), 73, "the emoji moves whole to the next piece");
        assert!(unfolded(&text).contains(&format!("DESCRIPTION;LANGUAGE=en:{description}")));
    }

    #[test]
    fn utc_times_are_written_in_basic_form() {
        assert_eq!(utc_text(0), "19700101T000000Z");
        assert_eq!(utc_text(1_805_036_400), "20270314T150000Z");
        assert_eq!(utc_text(-2_208_988_800), "19000101T000000Z");
    }
}
