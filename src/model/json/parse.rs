//! The reader: RFC 8259's grammar, strict (no trailing commas, no comments, no lone
//! surrogates), nesting bounded so no input can exhaust the stack.

use super::Json;

/// Deepest nesting of arrays and objects read; the contract's deepest is four.
const MAX_DEPTH: usize = 32;

/// The one value `text` holds, with nothing but whitespace around it.
pub(super) fn document(text: &str) -> Option<Json> {
    let mut reader = Reader {
        bytes: text.as_bytes(),
        at: 0,
    };
    let value = reader.value(0)?;
    reader.skip_whitespace();
    (reader.at == reader.bytes.len()).then_some(value)
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.at += 1;
        Some(byte)
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// Takes `word` if the input goes on with it.
    fn word(&mut self, word: &[u8]) -> bool {
        let taken = self.bytes[self.at..].starts_with(word);
        if taken {
            self.at += word.len();
        }
        taken
    }

    fn value(&mut self, depth: usize) -> Option<Json> {
        self.skip_whitespace();
        match self.peek()? {
            b'{' if depth < MAX_DEPTH => self.object(depth + 1),
            b'[' if depth < MAX_DEPTH => self.array(depth + 1),
            b'"' => self.string().map(Json::String),
            b'-' | b'0'..=b'9' => self.number(),
            b't' if self.word(b"true") => Some(Json::Bool(true)),
            b'f' if self.word(b"false") => Some(Json::Bool(false)),
            b'n' if self.word(b"null") => Some(Json::Null),
            _ => None,
        }
    }

    fn array(&mut self, depth: usize) -> Option<Json> {
        self.at += 1;
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.at += 1;
            return Some(Json::Array(items));
        }
        loop {
            items.push(self.value(depth)?);
            self.skip_whitespace();
            match self.next()? {
                b',' => continue,
                b']' => return Some(Json::Array(items)),
                _ => return None,
            }
        }
    }

    fn object(&mut self, depth: usize) -> Option<Json> {
        self.at += 1;
        let mut members = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Some(Json::Object(members));
        }
        loop {
            self.skip_whitespace();
            if self.peek() != Some(b'"') {
                return None;
            }
            let key = self.string()?;
            self.skip_whitespace();
            if self.next()? != b':' {
                return None;
            }
            members.push((key, self.value(depth)?));
            self.skip_whitespace();
            match self.next()? {
                b',' => continue,
                b'}' => return Some(Json::Object(members)),
                _ => return None,
            }
        }
    }

    /// A number, checked against the grammar and kept as written.
    fn number(&mut self) -> Option<Json> {
        let start = self.at;
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.next()? {
            b'0' => {}
            b'1'..=b'9' => self.digits(),
            _ => return None,
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            self.some_digits()?;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            self.some_digits()?;
        }
        let text = std::str::from_utf8(&self.bytes[start..self.at]).ok()?;
        Some(Json::Number(text.to_owned()))
    }

    fn digits(&mut self) {
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.at += 1;
        }
    }

    /// At least one digit.
    fn some_digits(&mut self) -> Option<()> {
        let start = self.at;
        self.digits();
        (self.at > start).then_some(())
    }

    /// A string, its escapes undone.
    fn string(&mut self) -> Option<String> {
        self.at += 1;
        let mut text = String::new();
        loop {
            let start = self.at;
            while !matches!(self.peek()?, b'"' | b'\\' | 0..=0x1f) {
                self.at += 1;
            }
            // The input is a `str` and the run stops only at ASCII bytes: whole characters.
            text.push_str(std::str::from_utf8(&self.bytes[start..self.at]).ok()?);
            match self.next()? {
                b'"' => return Some(text),
                b'\\' => text.push(self.escape()?),
                _ => return None,
            }
        }
    }

    /// The character an escape (after its backslash) stands for.
    fn escape(&mut self) -> Option<char> {
        Some(match self.next()? {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let unit = self.hex4()?;
                match unit {
                    0xD800..=0xDBFF => {
                        if !self.word(b"\\u") {
                            return None;
                        }
                        let low = self.hex4()?;
                        if !(0xDC00..=0xDFFF).contains(&low) {
                            return None;
                        }
                        char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))?
                    }
                    unit => char::from_u32(unit)?,
                }
            }
            _ => return None,
        })
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.bytes.get(self.at..self.at + 4)?;
        let unit = u32::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()?;
        // from_str_radix takes a sign; JSON's four digits have none.
        if digits[0] == b'+' {
            return None;
        }
        self.at += 4;
        Some(unit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(value: &str) -> Json {
        Json::String(value.to_owned())
    }

    #[test]
    fn reads_every_kind_of_value() {
        let value =
            document(" {\"a\": [1, -2, 3.5e-1, true, false, null, \"x\"], \"b\": {}, \"c\": []} ")
                .unwrap();
        assert_eq!(
            value,
            Json::Object(vec![
                (
                    "a".into(),
                    Json::Array(vec![
                        Json::Number("1".into()),
                        Json::Number("-2".into()),
                        Json::Number("3.5e-1".into()),
                        Json::Bool(true),
                        Json::Bool(false),
                        Json::Null,
                        text("x"),
                    ])
                ),
                ("b".into(), Json::Object(vec![])),
                ("c".into(), Json::Array(vec![])),
            ])
        );
    }

    #[test]
    fn undoes_escapes_and_keeps_unicode() {
        assert_eq!(
            document(r#""a\"b\\c\/d\n\t\u00e9\ud83d\ude00""#),
            Some(text("a\"b\\c/d\n\té😀"))
        );
        assert_eq!(document("\"서울 — 🕐\""), Some(text("서울 — 🕐")));
        // A lone or reversed surrogate is no character.
        assert_eq!(document(r#""\ud83d""#), None);
        assert_eq!(document(r#""\ude00\ud83d""#), None);
        assert_eq!(document(r#""\u+123""#), None);
        assert_eq!(document(r#""\x41""#), None);
        assert_eq!(
            document("\"tab\there\""),
            None,
            "control characters are escaped"
        );
    }

    #[test]
    fn refuses_what_is_not_json() {
        for bad in [
            "",
            " ",
            "{",
            "[1,]",
            "{\"a\":1,}",
            "{a:1}",
            "[1 2]",
            "01",
            "1.",
            ".5",
            "-",
            "1e",
            "+1",
            "tru",
            "nul",
            "\"open",
            "{\"a\" 1}",
            "[1]]",
            "1 2",
            "NaN",
            "// no\n1",
        ] {
            assert_eq!(document(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn nesting_is_bounded() {
        let nested = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        assert!(document(&nested(MAX_DEPTH)).is_some());
        assert_eq!(document(&nested(MAX_DEPTH + 1)), None);
        // Far past the bound: refused without deep recursion.
        assert_eq!(document(&nested(100_000)), None);
    }

    #[test]
    fn reads_what_serde_json_writes() {
        let written = serde_json::json!({
            "text": "line\nbreak \u{1} \"quoted\" \\ 한국어 \u{1F600}",
            "numbers": [0, -1, i64::MAX, u64::MAX],
            "nested": {"list": [[], {}], "flag": false, "nothing": null},
        })
        .to_string();
        let value = document(&written).unwrap();
        assert_eq!(
            value.get("text").and_then(Json::as_str),
            Some("line\nbreak \u{1} \"quoted\" \\ 한국어 \u{1F600}")
        );
        assert_eq!(
            value.get("numbers"),
            Some(&Json::Array(vec![
                Json::Number("0".into()),
                Json::Number("-1".into()),
                Json::Number(i64::MAX.to_string()),
                Json::Number(u64::MAX.to_string()),
            ]))
        );
    }
}
