//! Names in the languages other than English: the gazetteer's names field, read for a
//! language. The field holds a name per language as `<tag>:<name>`, '|'-separated
//! (`ko:서울`); scripts/gazetteer.py writes it where the name is certain, and a language
//! without one there falls back to the English (GeoNames) name.

use crate::model::Language;

/// The name for `language` in a names field; `None` for English (the record's own name is
/// the English one) and for a language the field has no name in.
pub(super) fn name_in(field: &'static str, language: Language) -> Option<&'static str> {
    if language == Language::English {
        return None;
    }
    entries(field).find_map(|(tag, name)| (tag == language.tag()).then_some(name))
}

/// Every name of a names field, in the field's order (for the search index).
pub(super) fn names(field: &'static str) -> impl Iterator<Item = &'static str> + Clone {
    entries(field).map(|(_, name)| name)
}

fn entries(field: &'static str) -> impl Iterator<Item = (&'static str, &'static str)> + Clone {
    field
        .split('|')
        .filter_map(|entry| entry.split_once(':'))
        .filter(|(_, name)| !name.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_language_finds_its_name_and_english_none() {
        assert_eq!(name_in("ko:서울", Language::Korean), Some("서울"));
        assert_eq!(name_in("ko:서울", Language::English), None);
        assert_eq!(name_in("", Language::Korean), None);
        assert_eq!(name_in("xx:Soul|ko:서울", Language::Korean), Some("서울"));
        assert_eq!(name_in("xx:Soul", Language::Korean), None);
    }

    #[test]
    fn every_name_is_listed_for_the_index() {
        assert_eq!(
            names("xx:Soul|ko:서울").collect::<Vec<_>>(),
            ["Soul", "서울"]
        );
        assert_eq!(names("").count(), 0);
        assert_eq!(names("ko:").count(), 0);
    }
}
