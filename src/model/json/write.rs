//! The writer: objects of strings, whole numbers, booleans and lists of strings, which is
//! all the page writes (a report's request, a note to other tabs, a kept estimate).

use std::fmt::Write;

/// `text` as a JSON string: quoted, with `"`, `\` and control characters escaped.
pub fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    push_string(&mut out, text);
    out
}

fn push_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c < ' ' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A JSON object written member by member, in order.
pub struct JsonObject {
    text: String,
}

impl Default for JsonObject {
    fn default() -> Self {
        Self::new()
    }
}

impl JsonObject {
    pub fn new() -> Self {
        JsonObject {
            text: String::from("{"),
        }
    }

    fn key(&mut self, key: &str) {
        if self.text.len() > 1 {
            self.text.push(',');
        }
        push_string(&mut self.text, key);
        self.text.push(':');
    }

    pub fn string(mut self, key: &str, value: &str) -> Self {
        self.key(key);
        push_string(&mut self.text, value);
        self
    }

    pub fn integer(mut self, key: &str, value: impl Into<i64>) -> Self {
        self.key(key);
        let _ = write!(self.text, "{}", value.into());
        self
    }

    pub fn boolean(mut self, key: &str, value: bool) -> Self {
        self.key(key);
        self.text.push_str(if value { "true" } else { "false" });
        self
    }

    pub fn strings(mut self, key: &str, values: &[String]) -> Self {
        self.key(key);
        self.text.push('[');
        for (index, value) in values.iter().enumerate() {
            if index > 0 {
                self.text.push(',');
            }
            push_string(&mut self.text, value);
        }
        self.text.push(']');
        self
    }

    pub fn finish(mut self) -> String {
        self.text.push('}');
        self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_json_reads_what_it_writes() {
        let awkward = "quote \" backslash \\ newline \n bell \u{7} 한국어 \u{1F600}";
        let text = JsonObject::new()
            .string("text", awkward)
            .integer("small", -5_i32)
            .integer("large", i64::MAX)
            .boolean("yes", true)
            .strings("list", &["a".to_owned(), awkward.to_owned()])
            .strings("none", &[])
            .finish();
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&text).unwrap(),
            serde_json::json!({
                "text": awkward,
                "small": -5,
                "large": i64::MAX,
                "yes": true,
                "list": ["a", awkward],
                "none": [],
            })
        );
        assert_eq!(JsonObject::new().finish(), "{}");
        assert_eq!(json_string("\u{1f}"), "\"\\u001f\"");
    }
}
