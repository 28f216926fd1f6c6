//! The name a person gives a card ("Anna", "Berlin office", "엄마"): plain text of at most
//! 40 characters in any script, checked once where it enters (the URL, the page's field)
//! and then only ever rendered as text.

use super::locale::Messages;
use std::fmt;

/// The most characters (Unicode scalar values) a name may have.
pub const MAX_NAME_CHARS: usize = 40;

/// A card's name: trimmed, 1 to [`MAX_NAME_CHARS`] characters, none of them a control
/// character or one that cannot be shown.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CardName(String);

/// Why a text cannot be a card's name; `Display` says so in words a person understands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CardNameError {
    /// Nothing but spaces.
    Empty,
    /// More than [`MAX_NAME_CHARS`] characters.
    TooLong { chars: usize },
    /// A control character (a line break, a tab, an escape …).
    Control,
    /// A character no font shows: private use, a non-character, a direction override or a
    /// replacement for bytes that were not text.
    Unshowable,
}

impl CardName {
    /// Checks `text` as a name, trimmed of spaces around it.
    pub fn parse(text: &str) -> Result<CardName, CardNameError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(CardNameError::Empty);
        }
        let chars = text.chars().count();
        if chars > MAX_NAME_CHARS {
            return Err(CardNameError::TooLong { chars });
        }
        if text.chars().any(char::is_control) {
            return Err(CardNameError::Control);
        }
        if text.chars().any(is_unshowable) {
            return Err(CardNameError::Unshowable);
        }
        Ok(CardName(text.to_owned()))
    }

    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CardName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl CardNameError {
    /// Why, in the page's language ([`fmt::Display`] is the English sentence).
    pub fn sentence(&self, words: &Messages) -> String {
        match self {
            CardNameError::Empty => words.name_empty.to_owned(),
            CardNameError::TooLong { chars } => words.name_too_long(MAX_NAME_CHARS, chars),
            CardNameError::Control => words.name_control.to_owned(),
            CardNameError::Unshowable => words.name_unshowable.to_owned(),
        }
    }
}

impl fmt::Display for CardNameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CardNameError::Empty => f.write_str("a name needs at least one letter"),
            CardNameError::TooLong { chars } => write!(
                f,
                "a name has at most {MAX_NAME_CHARS} characters, and this one has {chars}"
            ),
            CardNameError::Control => {
                f.write_str("a name cannot hold a line break, a tab or another control character")
            }
            CardNameError::Unshowable => {
                f.write_str("a name cannot hold characters that no font shows")
            }
        }
    }
}

impl std::error::Error for CardNameError {}

/// What cannot be shown as a name's text: private-use characters, non-characters, the
/// replacement character (bytes that were not UTF-8), and the directional embeddings,
/// overrides and isolates, which would reorder the text around the name. Joiners stay
/// (emoji sequences and several scripts need them).
fn is_unshowable(c: char) -> bool {
    let code = u32::from(c);
    matches!(code,
        0xE000..=0xF8FF | 0xF0000..=0x10FFFF
        | 0xFDD0..=0xFDEF
        | 0xFFFD
        | 0x202A..=0x202E | 0x2066..=0x2069)
        || code & 0xFFFE == 0xFFFE
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_any_script_are_kept_trimmed() {
        for name in [
            "Anna",
            "Berlin office",
            "엄마",
            "東京チーム",
            "Zoë 👩‍💻",
            "مكتب دبي",
        ] {
            assert_eq!(
                CardName::parse(&format!("  {name} ")).unwrap().as_str(),
                name
            );
        }
    }

    #[test]
    fn markup_is_only_text() {
        let name = CardName::parse("<img src=x onerror=alert(1)>").unwrap();
        assert_eq!(name.to_string(), "<img src=x onerror=alert(1)>");
    }

    #[test]
    fn forty_characters_are_the_most_whatever_their_bytes() {
        assert!(CardName::parse(&"한".repeat(40)).is_ok());
        assert_eq!(
            CardName::parse(&"a".repeat(41)),
            Err(CardNameError::TooLong { chars: 41 })
        );
        assert_eq!(
            CardNameError::TooLong { chars: 41 }.to_string(),
            "a name has at most 40 characters, and this one has 41"
        );
    }

    #[test]
    fn control_and_unshowable_characters_are_refused() {
        assert_eq!(CardName::parse("   "), Err(CardNameError::Empty));
        for text in ["An\nna", "An\tna", "A\u{1b}[31m", "A\u{7f}"] {
            assert_eq!(
                CardName::parse(text),
                Err(CardNameError::Control),
                "{text:?}"
            );
        }
        for text in [
            "A\u{e000}",
            "A\u{fffd}",
            "A\u{202e}nna",
            "A\u{2066}",
            "A\u{fffe}",
            "A\u{10ffff}",
        ] {
            assert_eq!(
                CardName::parse(text),
                Err(CardNameError::Unshowable),
                "{text:?}"
            );
        }
    }
}
