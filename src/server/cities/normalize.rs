//! Search keys: text folded so that what people type finds what the data spells.
//!
//! Case and Latin (and Greek) accents fold away ("Malmö" is "malmo", "Straße" is
//! "strasse", "Łódź" is "lodz"); other scripts keep their letters, lower-cased
//! ("Москва" is "москва", "東京" stays "東京"). Apostrophes vanish ("Xi'an" is "xian");
//! every other run of punctuation or space becomes one space ("Winston-Salem" is
//! "winston salem"), so a key is words separated by single spaces. Hangul needs no
//! folding: the data spells it in syllables, as keyboards type it, and text typed or pasted
//! in decomposed jamo is composed into the same syllables (NFC's arithmetic for Hangul).
//! scripts/gazetteer.py folds the same way (same table, same rules) to drop alternate
//! names that add nothing.

use super::fold_table::FOLD;

/// The search key of `text`.
pub(super) fn normalize(text: &str) -> String {
    let mut key = String::with_capacity(text.len());
    push_normalized(text, &mut key);
    key
}

/// Appends the search key of `text` to `out` (which the caller may be reusing).
pub(super) fn push_normalized(text: &str, out: &mut String) {
    let start = out.len();
    let mut pending_space = false;
    let mut push = |c: char, out: &mut String| {
        if is_separator(c) {
            pending_space = true;
            return;
        }
        if !pending_space && is_hangul_jamo_follower(c) {
            let previous = out[start..].chars().next_back();
            if let Some(syllable) = previous.and_then(|p| compose_hangul(p, c)) {
                out.pop();
                out.push(syllable);
                return;
            }
        }
        if pending_space && out.len() > start {
            out.push(' ');
        }
        pending_space = false;
        out.push(c);
    };
    for c in text.chars() {
        // Most names are ASCII: one comparison each, no table.
        if c.is_ascii() {
            if !is_apostrophe(c) {
                push(c.to_ascii_lowercase(), out);
            }
            continue;
        }
        for lower in c.to_lowercase() {
            if is_apostrophe(lower) || is_combining_mark(lower) {
                continue;
            }
            match fold(lower) {
                Some(folded) => folded.chars().for_each(|f| push(f, out)),
                None => push(lower, out),
            }
        }
    }
}

/// The URL-safe ASCII words of a name's key joined by '-' ("São Paulo" is "sao-paulo"):
/// letters of other scripts are left out, so a name in them alone gives "".
pub(super) fn ascii_words(key: &str) -> String {
    let mut words = String::with_capacity(key.len());
    for word in key.split(' ') {
        let ascii: String = word.chars().filter(char::is_ascii_alphanumeric).collect();
        if ascii.is_empty() {
            continue;
        }
        if !words.is_empty() {
            words.push('-');
        }
        words.push_str(&ascii);
    }
    words
}

// Hangul: a syllable is a leading consonant, a vowel and an optional trailing consonant.
const SYLLABLE_BASE: u32 = 0xAC00;
const LEAD_BASE: u32 = 0x1100;
const VOWEL_BASE: u32 = 0x1161;
/// One before the first trailing consonant: a syllable's "no trailing consonant".
const TAIL_BASE: u32 = 0x11A7;
const LEADS: u32 = 19;
const VOWELS: u32 = 21;
const TAILS: u32 = 28;

/// A conjoining vowel or trailing consonant: what may join the letter before it.
fn is_hangul_jamo_follower(c: char) -> bool {
    (VOWEL_BASE..VOWEL_BASE + VOWELS).contains(&(c as u32))
        || (TAIL_BASE + 1..TAIL_BASE + TAILS).contains(&(c as u32))
}

/// The syllable a leading consonant and a vowel, or a syllable without a trailing
/// consonant and one, compose to.
fn compose_hangul(previous: char, c: char) -> Option<char> {
    let (p, c) = (previous as u32, c as u32);
    let composed = if (LEAD_BASE..LEAD_BASE + LEADS).contains(&p)
        && (VOWEL_BASE..VOWEL_BASE + VOWELS).contains(&c)
    {
        SYLLABLE_BASE + ((p - LEAD_BASE) * VOWELS + c - VOWEL_BASE) * TAILS
    } else if (SYLLABLE_BASE..SYLLABLE_BASE + LEADS * VOWELS * TAILS).contains(&p)
        && (p - SYLLABLE_BASE).is_multiple_of(TAILS)
        && (TAIL_BASE + 1..TAIL_BASE + TAILS).contains(&c)
    {
        p + c - TAIL_BASE
    } else {
        return None;
    };
    char::from_u32(composed)
}

fn fold(lower: char) -> Option<&'static str> {
    FOLD.binary_search_by_key(&lower, |&(letter, _)| letter)
        .ok()
        .map(|found| FOLD[found].1)
}

fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '`'
            | '´'
            | 'ʹ'
            | 'ʻ'
            | 'ʼ'
            | 'ʽ'
            | 'ʾ'
            | 'ʿ'
            | '‘'
            | '’'
            | '‛'
            | '′'
            | '·'
            | '׳'
            | '״'
            | '՚'
    )
}

/// Marks that only decorate a letter, dropped when typed separately (decomposed input).
fn is_combining_mark(c: char) -> bool {
    matches!(
        c,
        '\u{0300}'..='\u{036F}'
            | '\u{1AB0}'..='\u{1AFF}'
            | '\u{1DC0}'..='\u{1DFF}'
            | '\u{20D0}'..='\u{20FF}'
            | '\u{FE20}'..='\u{FE2F}'
    )
}

/// Whether `c` separates words. ASCII punctuation and Unicode spaces do; outside ASCII
/// only the punctuation listed here does, and everything else is a letter, digit or
/// mark of some script (a Devanagari vowel sign must not split a word).
fn is_separator(c: char) -> bool {
    if c.is_ascii() {
        return !c.is_ascii_alphanumeric();
    }
    c.is_whitespace()
        || matches!(
            c,
            '\u{00A1}'..='\u{00BF}'
                | '\u{00D7}'
                | '\u{00F7}'
                | '\u{055B}'..='\u{055F}'
                | '\u{0589}'
                | '\u{05BE}'
                | '\u{05C0}'
                | '\u{05C3}'
                | '\u{05C6}'
                | '\u{060C}'
                | '\u{061B}'
                | '\u{061F}'
                | '\u{06D4}'
                | '\u{0964}'..='\u{0965}'
                | '\u{0E5A}'..='\u{0E5B}'
                | '\u{104A}'..='\u{104B}'
                | '\u{10FB}'
                | '\u{1361}'..='\u{1368}'
                | '\u{2000}'..='\u{206F}'
                | '\u{2212}'
                | '\u{2E00}'..='\u{2E7F}'
                | '\u{3000}'..='\u{3004}'
                | '\u{3008}'..='\u{3020}'
                | '\u{3030}'
                | '\u{303D}'
                | '\u{30A0}'
                | '\u{30FB}'
                | '\u{FE10}'..='\u{FE19}'
                | '\u{FE30}'..='\u{FE4F}'
                | '\u{FE50}'..='\u{FE6B}'
                | '\u{FF61}'..='\u{FF65}'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_and_latin_accents() {
        assert_eq!(normalize("Bogotá"), "bogota");
        assert_eq!(normalize("MALMÖ"), "malmo");
        assert_eq!(normalize("São Paulo"), "sao paulo");
        assert_eq!(normalize("Straße"), "strasse");
        assert_eq!(normalize("Tromsø"), "tromso");
        assert_eq!(normalize("Łódź"), "lodz");
        assert_eq!(normalize("İstanbul"), "istanbul");
        assert_eq!(normalize("Hà Nội"), "ha noi");
        assert_eq!(normalize("Gəncə"), "gence");
        assert_eq!(normalize("Ærøskøbing"), "aeroskobing");
    }

    #[test]
    fn decomposed_input_folds_like_precomposed() {
        assert_eq!(normalize("Bogota\u{0301}"), normalize("Bogotá"));
    }

    #[test]
    fn other_scripts_keep_their_letters_lower_cased() {
        assert_eq!(normalize("Москва"), "москва");
        assert_eq!(normalize("МОСКВА"), "москва");
        assert_eq!(normalize("東京都"), "東京都");
        assert_eq!(normalize("मुंबई"), "मुंबई");
        assert_eq!(normalize("Αθήνα"), "αθηνα");
        assert_eq!(normalize("Орёл"), "орел");
    }

    #[test]
    fn punctuation_and_spaces_collapse_to_one_space() {
        assert_eq!(normalize("Winston-Salem"), "winston salem");
        assert_eq!(normalize("  St. Louis  "), "st louis");
        assert_eq!(normalize("Frankfurt (Oder)"), "frankfurt oder");
        assert_eq!(
            normalize("Ho Chi Minh City — HCMC"),
            "ho chi minh city hcmc"
        );
        assert_eq!(normalize("ニューヨーク・シティ"), "ニューヨーク シティ");
        assert_eq!(normalize("?!"), "");
    }

    #[test]
    fn apostrophes_join_rather_than_split() {
        assert_eq!(normalize("Xi'an"), "xian");
        assert_eq!(normalize("N’Djamena"), "ndjamena");
        assert_eq!(normalize("ʻEwa Beach"), "ewa beach");
    }

    #[test]
    fn hangul_is_kept_and_decomposed_jamo_compose_to_its_syllables() {
        assert_eq!(normalize("서울특별시"), "서울특별시");
        assert_eq!(normalize("뉴욕 시"), "뉴욕 시");
        // "뉴욕" as NFD writes it: five conjoining jamo.
        let decomposed = "\u{1102}\u{1172}\u{110B}\u{116D}\u{11A8}";
        assert_eq!(normalize(decomposed), "뉴욕");
        assert_eq!(
            normalize("\u{1109}\u{1165}\u{110B}\u{116E}\u{11AF}"),
            "서울"
        );
        // A trailing consonant joins only a syllable that has none.
        assert_eq!(normalize("욕\u{11A8}"), "욕\u{11A8}");
        // Jamo after a space start a new word; a lone vowel stays.
        assert_eq!(normalize("뉴 \u{1172}"), "뉴 \u{1172}");
    }

    #[test]
    fn full_width_latin_is_ascii() {
        assert_eq!(normalize("ＴＯＫＹＯ"), "tokyo");
    }

    #[test]
    fn ascii_words_make_url_slugs() {
        assert_eq!(ascii_words(&normalize("São Paulo")), "sao-paulo");
        assert_eq!(ascii_words(&normalize("Xi’an")), "xian");
        assert_eq!(ascii_words(&normalize("東京")), "");
    }

    #[test]
    fn the_fold_table_is_sorted_and_folds_to_its_own_fixed_points() {
        assert!(FOLD.windows(2).all(|pair| pair[0].0 < pair[1].0));
        for &(_, folded) in FOLD {
            assert!(folded.chars().all(|c| fold(c).is_none()), "{folded}");
        }
    }
}
