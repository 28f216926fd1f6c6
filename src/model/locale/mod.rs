//! The page's words in each language: the messages and calendar words `scripts/locale.py`
//! generates into `catalogue.rs` from `locales/*.toml` and CLDR, and how a message's
//! placeholders are filled. Every language's words are in the bundle: two languages' are a
//! few kilobytes, less than fetching them would cost.

// Generated: the script's output is kept as it writes it.
#[rustfmt::skip]
mod catalogue;

use std::fmt::Display;

pub use catalogue::{Language, Messages};

/// A language's names of days and months, its 12-hour markers, and the patterns of the
/// page's dates and times: templates of `{weekday}`, `{weekday_short}`, `{day}`, `{month}`,
/// `{month_short}`, `{year}`, `{hour}` (1 to 12), `{minute}`, `{second}` (two digits) and
/// `{period}` (the 12-hour marker), filled by `CivilTime`.
#[derive(Debug)]
pub struct CalendarWords {
    /// Sunday first: `Sunday`, `일요일`.
    pub weekdays: [&'static str; 7],
    /// Sunday first: `Sun`, `일`.
    pub weekdays_short: [&'static str; 7],
    /// January first: `January`, `1월`.
    pub months: [&'static str; 12],
    /// January first: `Jan`, `1월`.
    pub months_short: [&'static str; 12],
    /// Before noon: `AM`, `오전`.
    pub am: &'static str,
    /// From noon: `PM`, `오후`.
    pub pm: &'static str,
    /// A card's date: `Saturday, 21 November 2026`, `2026년 11월 21일 토요일`.
    pub long_date: &'static str,
    /// A date with its year: `Sun, 25 Oct 2026`.
    pub medium_date: &'static str,
    /// A day without its year: `Mon 15 Mar`, `3월 15일 (월)`.
    pub short_day: &'static str,
    /// A 12-hour time: `5:03:58 PM`, `오후 5:03:58`.
    pub time_12h: &'static str,
    /// A 12-hour hour and minute: `8:30 AM`.
    pub hour_minute_12h: &'static str,
    /// A 12-hour hour: `8 AM`, `오전 8시`.
    pub hour_12h: &'static str,
}

/// A template with its positional placeholders (`{0}`, `{1}`, as the generator numbers a
/// message's named ones) filled from `arguments`. A placeholder with no argument stays as
/// written, which the tests catch.
fn fill(template: &str, arguments: &[&dyn Display]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let argument = after
            .find('}')
            .and_then(|close| Some((after[..close].parse::<usize>().ok()?, close)))
            .and_then(|(index, close)| Some((arguments.get(index)?, close)));
        match argument {
            Some((argument, close)) => {
                out.push_str(&argument.to_string());
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_exists_in_every_language() {
        assert_eq!(catalogue::MISSING, &[] as &[(&str, &str)]);
    }

    #[test]
    fn every_template_takes_exactly_its_placeholders() {
        for language in Language::ALL {
            for (key, template, count) in language.messages().templates() {
                let arguments: Vec<String> = (0..count).map(|index| format!("<{index}>")).collect();
                let shown: Vec<&dyn Display> =
                    arguments.iter().map(|text| text as &dyn Display).collect();
                let filled = fill(template, &shown);
                for argument in &arguments {
                    assert!(
                        filled.contains(argument.as_str()),
                        "{language:?} {key}: {filled}"
                    );
                }
                assert!(!filled.contains('{'), "{language:?} {key}: {filled}");
            }
        }
    }

    #[test]
    fn placeholders_are_filled_in_the_languages_order() {
        assert_eq!(fill("{1} then {0}", &[&"a", &2]), "2 then a");
        assert_eq!(fill("{2} stays", &[&"a"]), "{2} stays");
        assert_eq!(fill("no {braces", &[]), "no {braces");
    }

    #[test]
    fn each_language_has_its_own_calendar_words() {
        let english = &Language::English.messages().calendar;
        let korean = &Language::Korean.messages().calendar;
        assert_eq!(english.weekdays[6], "Saturday");
        assert_eq!(korean.weekdays[6], "토요일");
        assert_eq!(english.months_short[10], "Nov");
        assert_eq!(korean.months[10], "11월");
        assert_eq!((english.am, english.pm), ("AM", "PM"));
        assert_eq!((korean.am, korean.pm), ("오전", "오후"));
    }
}
