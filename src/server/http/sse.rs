//! The `text/event-stream` encoder: turns events, comments and the retry hint into bytes
//! that every WHATWG-conformant parser reads back exactly as they were meant.
//!
//! The rules it keeps (HTML Living Standard, "Parsing an event stream"): lines end in `\n`;
//! a blank line dispatches the event; `data` may span lines, so a value holding CR, LF or
//! CRLF becomes one `data:` line per line; `id` and `event` cannot span lines, so a value
//! with a line break (or, for `id`, a NUL, which makes parsers ignore the field) is refused
//! by the type rather than silently split into something else.

use std::fmt;

/// A value that can stand in an `id:` or `event:` field: one line, no NUL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldValue(String);

/// The value held a character a single-line field cannot carry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotOneLine;

impl fmt::Display for NotOneLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an SSE id or event name cannot hold CR, LF or NUL")
    }
}

impl FieldValue {
    /// Accepts text with no CR, LF or NUL.
    pub fn new(text: impl Into<String>) -> Result<FieldValue, NotOneLine> {
        let text = text.into();
        if text.contains(['\r', '\n', '\0']) {
            Err(NotOneLine)
        } else {
            Ok(FieldValue(text))
        }
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One event to encode.
#[derive(Clone, Debug, Default)]
pub struct Event<'a> {
    /// The `id:` field; the client's last event id after dispatch.
    pub id: Option<&'a FieldValue>,
    /// The `event:` field; absent means `message`.
    pub event: Option<&'a FieldValue>,
    /// The `data:` payload; line breaks of any kind become separate `data:` lines.
    pub data: &'a str,
}

/// Appends `event` to `out`, ending with the blank line that dispatches it.
pub fn write_event(out: &mut Vec<u8>, event: &Event<'_>) {
    if let Some(id) = event.id {
        write_field(out, "id", id.as_str());
    }
    if let Some(name) = event.event {
        write_field(out, "event", name.as_str());
    }
    for line in split_lines(event.data) {
        write_field(out, "data", line);
    }
    out.push(b'\n');
}

/// Appends a comment (`: text`), one comment line per line of `text`. Parsers ignore it;
/// proxies and clients see traffic, so idle connections are not timed out.
pub fn write_comment(out: &mut Vec<u8>, text: &str) {
    for line in split_lines(text) {
        out.extend_from_slice(b": ");
        out.extend_from_slice(line.as_bytes());
        out.push(b'\n');
    }
    out.push(b'\n');
}

/// Appends the `retry:` hint: how long a client waits before reconnecting, in milliseconds.
pub fn write_retry(out: &mut Vec<u8>, millis: u64) {
    out.extend_from_slice(b"retry: ");
    out.extend_from_slice(millis.to_string().as_bytes());
    out.extend_from_slice(b"\n\n");
}

fn write_field(out: &mut Vec<u8>, name: &str, value: &str) {
    out.extend_from_slice(name.as_bytes());
    // Always a space after the colon: the parser strips exactly one, so a value that itself
    // begins with a space keeps it.
    out.extend_from_slice(b": ");
    out.extend_from_slice(value.as_bytes());
    out.push(b'\n');
}

/// Splits on CRLF, lone CR and lone LF, as the parser does. Empty text is one empty line,
/// so an event with empty data is still dispatched.
fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let current = rest?;
        match current.find(['\r', '\n']) {
            Some(at) => {
                let skip = if current[at..].starts_with("\r\n") {
                    2
                } else {
                    1
                };
                rest = Some(&current[at + skip..]);
                Some(&current[..at])
            }
            None => {
                rest = None;
                Some(current)
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A parser written from the WHATWG algorithm, kept apart from the encoder so the two
    /// check each other: returns (last event id, event type, data) per dispatched event, and
    /// the retry value if any.
    fn parse(stream: &str) -> (Vec<(String, String, String)>, Option<u64>) {
        let mut events = Vec::new();
        let (mut last_id, mut event_type, mut data, mut retry) =
            (String::new(), String::new(), String::new(), None);
        let normalised = stream.replace("\r\n", "\n").replace('\r', "\n");
        for line in normalised.split('\n') {
            if line.is_empty() {
                if !data.is_empty() {
                    data.pop(); // the trailing LF
                    let name = if event_type.is_empty() {
                        "message".to_owned()
                    } else {
                        event_type.clone()
                    };
                    events.push((last_id.clone(), name, std::mem::take(&mut data)));
                }
                event_type.clear();
                data.clear();
                continue;
            }
            if line.starts_with(':') {
                continue;
            }
            let (field, value) = match line.split_once(':') {
                Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
                None => (line, ""),
            };
            match field {
                "event" => event_type = value.to_owned(),
                "data" => {
                    data.push_str(value);
                    data.push('\n');
                }
                "id" if !value.contains('\0') => last_id = value.to_owned(),
                "retry" if value.bytes().all(|b| b.is_ascii_digit()) && !value.is_empty() => {
                    retry = value.parse().ok()
                }
                _ => {}
            }
        }
        (events, retry)
    }

    fn encode(id: Option<&str>, event: Option<&str>, data: &str) -> String {
        let id = id.map(|id| FieldValue::new(id).unwrap());
        let event = event.map(|event| FieldValue::new(event).unwrap());
        let mut out = Vec::new();
        write_event(
            &mut out,
            &Event {
                id: id.as_ref(),
                event: event.as_ref(),
                data,
            },
        );
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_tick_encodes_as_the_contract_shows() {
        assert_eq!(
            encode(Some("7"), Some("UPDATE"), r#"{"id":7}"#),
            "id: 7\nevent: UPDATE\ndata: {\"id\":7}\n\n"
        );
    }

    #[test]
    fn multi_line_data_round_trips_through_the_parser() {
        for data in [
            "one\ntwo",
            "one\r\ntwo",
            "one\rtwo",
            "a\n\nb",
            "trailing\n",
            "\nleading",
            "",
        ] {
            let (events, _) = parse(&encode(Some("1"), None, data));
            let expected = data.replace("\r\n", "\n").replace('\r', "\n");
            assert_eq!(
                events,
                vec![("1".into(), "message".into(), expected)],
                "{data:?}"
            );
        }
    }

    #[test]
    fn leading_spaces_and_colons_in_data_survive() {
        let data = "  indented: with colon";
        let (events, _) = parse(&encode(None, Some("UPDATE"), data));
        assert_eq!(events[0].2, data);
    }

    #[test]
    fn ids_and_event_names_cannot_hold_line_breaks_or_nul() {
        for bad in ["7\n", "a\rb", "x\r\ny", "nul\0"] {
            assert_eq!(FieldValue::new(bad), Err(NotOneLine), "{bad:?}");
        }
        assert!(FieldValue::new("UPDATE").is_ok());
    }

    #[test]
    fn comments_are_ignored_by_parsers_even_across_lines() {
        let mut out = Vec::new();
        write_comment(&mut out, "keep-alive\nsecond line");
        write_event(
            &mut out,
            &Event {
                data: "after",
                ..Event::default()
            },
        );
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with(": keep-alive\n: second line\n\n"));
        let (events, _) = parse(&text);
        assert_eq!(
            events,
            vec![(String::new(), "message".into(), "after".into())]
        );
    }

    #[test]
    fn retry_is_read_as_a_number_and_dispatches_nothing() {
        let mut out = Vec::new();
        write_retry(&mut out, 3000);
        assert_eq!(out, b"retry: 3000\n\n");
        let (events, retry) = parse(std::str::from_utf8(&out).unwrap());
        assert!(events.is_empty());
        assert_eq!(retry, Some(3000));
    }
}
