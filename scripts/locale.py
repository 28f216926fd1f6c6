#!/usr/bin/env python3
"""Builds the page's words in every language it speaks: src/model/locale/catalogue.rs,
from one messages file a language, locales/<tag>.toml, and CLDR's calendar data.

Each messages file is flat TOML: `key = "text"`, where `{name}` in a text is a
placeholder the page fills (a city, a count). Its name is the language's BCP 47 tag
(en.toml, ko.toml). An optional [cldr] table names the CLDR locale its dates are read
from (`locale = "en_GB"`; the tag by default) and may override any calendar word below
(`am = "AM"`), saying why in a comment.

What is generated, per language:
  - the `Language` enum (English first: the fallback, and the page's default), its tags
    and each language's name in itself (CLDR's display name of the tag in that language);
  - a `Messages` const: every message, as a `&'static str` field for a plain text, or a
    method taking one argument per placeholder (named after it) for a text with
    placeholders, so a wrong placeholder fails to compile, not in front of a visitor. A
    message missing in a language is filled from English and named in MISSING, which a
    unit test asserts empty. A key English does not have, or a placeholder English's text
    does not have, stops the script;
  - its `CalendarWords`: weekday and month names, wide and abbreviated, the 12-hour markers
    (the wide day periods: `오전`/`오후`), and the patterns of the page's dates and 12-hour
    times, turned into `{weekday}`-style templates the model fills. The patterns: the full
    date format (`EEEE, d MMMM y`), and the skeletons yMMMEd, MMMEd, hms, hm and h.

Babel 2.18's date_fields carry no relative-day names (only "in {0} days"), so "tomorrow"
and "yesterday" are messages like any other.

Source, from PyPI, pinned (the output depends on its exact CLDR data):
  babel==2.18.0   CLDR 47.

Run from the repository root with Python 3.11 (tomllib), no network:
  python3 -m venv /tmp/loc
  /tmp/loc/bin/pip install babel==2.18.0
  /tmp/loc/bin/python scripts/locale.py

Adding a language: write locales/<tag>.toml (copy en.toml and translate it), run the
script, and commit both. The output is deterministic: the same files and babel give
byte-identical Rust.
"""

import pathlib
import re
import sys
import tomllib

from babel import Locale

ROOT = pathlib.Path(__file__).resolve().parent.parent
LOCALES = ROOT / "locales"
OUTPUT = ROOT / "src" / "model" / "locale" / "catalogue.rs"
FALLBACK = "en"
KEY = re.compile(r"^[a-z][a-z0-9_]*$")
PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")

# CLDR pattern letters the page's templates know, and what each becomes.
PATTERN_FIELDS = {
    "EEEE": "{weekday}",
    "EEE": "{weekday_short}",
    "E": "{weekday_short}",
    "d": "{day}",
    "MMMM": "{month}",
    "MMM": "{month_short}",
    "y": "{year}",
    "a": "{period}",
    "h": "{hour}",
    "mm": "{minute}",
    "ss": "{second}",
}
# The calendar words: the field, and where CLDR has it.
PATTERNS = {
    "long_date": lambda locale: locale.date_formats["full"].pattern,
    "medium_date": lambda locale: locale.datetime_skeletons["yMMMEd"].pattern,
    "short_day": lambda locale: locale.datetime_skeletons["MMMEd"].pattern,
    "time_12h": lambda locale: locale.datetime_skeletons["hms"].pattern,
    "hour_minute_12h": lambda locale: locale.datetime_skeletons["hm"].pattern,
    "hour_12h": lambda locale: locale.datetime_skeletons["h"].pattern,
}


def fail(message):
    sys.exit(f"locale.py: {message}")


def template_of(pattern, where):
    """A CLDR date pattern as a template: letters runs become {fields}, quoted text and
    everything else stays as written."""
    out, index = [], 0
    while index < len(pattern):
        char = pattern[index]
        if char == "'":
            end = pattern.find("'", index + 1)
            if end < 0:
                fail(f"{where}: unclosed quote in {pattern!r}")
            out.append(pattern[index + 1 : end] or "'")
            index = end + 1
        elif char.isascii() and char.isalpha():
            end = index
            while end < len(pattern) and pattern[end] == char:
                end += 1
            run = pattern[index:end]
            if run not in PATTERN_FIELDS:
                fail(f"{where}: pattern letters {run!r} in {pattern!r} are not supported")
            out.append(PATTERN_FIELDS[run])
            index = end
        elif char in "{}":
            fail(f"{where}: a brace in {pattern!r} would read as a placeholder")
        else:
            out.append(char)
            index += 1
    return "".join(out)


def calendar_words(tag, overrides):
    locale_name = overrides.pop("locale", tag)
    locale = Locale.parse(locale_name)
    # babel counts weekdays from 0 = Monday; the page from 0 = Sunday.
    sunday_first = [6, 0, 1, 2, 3, 4, 5]
    periods = locale.day_periods["format"]["wide"]
    words = {
        "weekdays": [locale.days["format"]["wide"][day] for day in sunday_first],
        "weekdays_short": [locale.days["format"]["abbreviated"][day] for day in sunday_first],
        "months": [locale.months["format"]["wide"][month] for month in range(1, 13)],
        "months_short": [locale.months["format"]["abbreviated"][month] for month in range(1, 13)],
        "am": periods["am"],
        "pm": periods["pm"],
    }
    for field, read in PATTERNS.items():
        words[field] = template_of(read(locale), f"{tag} {field}")
    for field, value in overrides.items():
        if field not in words:
            fail(f"{tag}.toml [cldr]: no calendar word {field!r}")
        if type(value) is not type(words[field]):
            fail(f"{tag}.toml [cldr]: {field} must be like {words[field]!r}")
        words[field] = value
    return words


def rust_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def variant_of(tag):
    name = Locale.parse(tag).get_display_name("en")
    variant = re.sub(r"[^A-Za-z]", "", name.title())
    if not variant:
        fail(f"no English name for {tag}")
    return variant


def read_languages():
    files = sorted(LOCALES.glob("*.toml"), key=lambda path: (path.stem != FALLBACK, path.stem))
    if not files or files[0].stem != FALLBACK:
        fail(f"locales/{FALLBACK}.toml is missing")
    languages = []
    for path in files:
        with path.open("rb") as file:
            data = tomllib.load(file)
        cldr = data.pop("cldr", {})
        for key, text in data.items():
            if not KEY.match(key) or not isinstance(text, str):
                fail(f"{path.name}: {key!r} must be a snake_case key with a text")
        languages.append((path.stem, data, calendar_words(path.stem, dict(cldr))))
    return languages


def placeholders(text):
    names = []
    for name in PLACEHOLDER.findall(text):
        if name not in names:
            names.append(name)
    return names


def positional(text, names):
    return PLACEHOLDER.sub(lambda match: "{" + str(names.index(match.group(1))) + "}", text)


def generate(languages):
    english = languages[0][1]
    keys = list(english)
    arguments = {key: placeholders(english[key]) for key in keys}
    missing = []
    lines = [
        "//! The page's words in every language it speaks, and the languages themselves.",
        "//!",
        "//! Generated by `scripts/locale.py` from `locales/*.toml` and CLDR (babel 2.18.0):",
        "//! do not edit; change a messages file and run the script (see its docstring).",
        "",
        "use std::fmt::Display;",
        "",
        "use super::{fill, CalendarWords};",
        "",
        "/// A language the page is written in. English is the fallback: a message missing in",
        "/// another language is shown in English.",
        "#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]",
        "pub enum Language {",
    ]
    for index, (tag, _, _) in enumerate(languages):
        if index == 0:
            lines.append("    #[default]")
        lines.append(f"    {variant_of(tag)},")
    lines += ["}", "", "impl Language {", "    /// Every language, English first.",
              f"    pub const ALL: [Language; {len(languages)}] = ["]
    lines += [f"        Language::{variant_of(tag)}," for tag, _, _ in languages]
    lines += ["    ];", "",
              "    /// The BCP 47 tag, as `<html lang>`, the URL and the cookie write it: `en`, `ko`.",
              "    pub fn tag(self) -> &'static str {", "        match self {"]
    lines += [f"            Language::{variant_of(tag)} => {rust_string(tag)}," for tag, _, _ in languages]
    lines += ["        }", "    }", "",
              "    /// The language's name in itself, as a switch offers it: `English`, `한국어`.",
              "    pub fn own_name(self) -> &'static str {", "        match self {"]
    for tag, _, _ in languages:
        name = Locale.parse(tag).get_display_name(tag)
        lines.append(f"            Language::{variant_of(tag)} => {rust_string(name[0].upper() + name[1:])},")
    lines += ["        }", "    }", "",
              "    /// The page's words in this language.",
              "    pub const fn messages(self) -> &'static Messages {", "        match self {"]
    lines += [f"            Language::{variant_of(tag)} => &{tag.upper()}," for tag, _, _ in languages]
    lines += ["        }", "    }", "}", "",
              "/// Every word of the page in one language.",
              "pub struct Messages {",
              "    /// Weekday and month names, 12-hour markers, and the patterns of dates and times.",
              "    pub calendar: CalendarWords,"]
    for key in keys:
        doc = english[key].replace("\n", " ")
        if arguments[key]:
            lines.append(f"    /// Template of [`Messages::{key}`]: {doc}")
            lines.append(f"    {key}: &'static str,")
        else:
            lines.append(f"    /// {doc}")
            lines.append(f"    pub {key}: &'static str,")
    lines += ["}", "", "impl Messages {"]
    for key in keys:
        if not arguments[key]:
            continue
        params = ", ".join(f"{name}: impl Display" for name in arguments[key])
        args = ", ".join(f"&{name}" for name in arguments[key])
        lines += [f"    /// {english[key]}",
                  f"    pub fn {key}(&self, {params}) -> String {{",
                  f"        fill(self.{key}, &[{args}])",
                  "    }", ""]
    lines += ["    /// Every template with placeholders and how many it takes, for the tests.",
              "    #[cfg(test)]",
              "    pub fn templates(&self) -> Vec<(&'static str, &'static str, usize)> {",
              "        vec!["]
    for key in keys:
        if arguments[key]:
            lines.append(f"            ({rust_string(key)}, self.{key}, {len(arguments[key])}),")
    lines += ["        ]", "    }", "}", ""]
    for tag, messages, words in languages:
        extra = [key for key in messages if key not in english]
        if extra:
            fail(f"{tag}.toml: keys English does not have: {', '.join(extra)}")
        lines.append(f"/// The page in {Locale.parse(tag).get_display_name('en')}.")
        lines.append(f"pub const {tag.upper()}: Messages = Messages {{")
        lines.append("    calendar: CalendarWords {")
        for field, value in words.items():
            if isinstance(value, list):
                items = ", ".join(rust_string(item) for item in value)
                lines.append(f"        {field}: [{items}],")
            else:
                lines.append(f"        {field}: {rust_string(value)},")
        lines.append("    },")
        for key in keys:
            text = messages.get(key)
            if text is None:
                missing.append((tag, key))
                text = english[key]
            if sorted(placeholders(text)) != sorted(arguments[key]):
                fail(f"{tag}.toml: {key} has placeholders {placeholders(text)}, English {arguments[key]}")
            lines.append(f"    {key}: {rust_string(positional(text, arguments[key]))},")
        lines += ["};", ""]
    lines += ["/// Messages a language lacks, shown in English: (tag, key). Kept empty by a test.",
              "#[cfg(test)]",
              "pub const MISSING: &[(&str, &str)] = &["]
    lines += [f"    ({rust_string(tag)}, {rust_string(key)})," for tag, key in missing]
    lines += ["];", ""]
    return "\n".join(lines)


def main():
    OUTPUT.write_text(generate(read_languages()), encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
