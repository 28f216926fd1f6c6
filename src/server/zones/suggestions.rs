//! What an unknown zone name probably meant: the nearest zone names by edit distance.

use chrono_tz::TZ_VARIANTS;

/// How many suggestions an unknown zone gets.
const SUGGESTIONS: usize = 3;

/// The zone names nearest to `text`; see [`super::Zone::closest_names`].
pub(super) fn closest_zone_names(text: &str) -> Vec<&'static str> {
    let wanted = text.to_lowercase().replace(' ', "_");
    // With a region (`Asia/Seul`) the whole name is compared, so suggestions stay in the
    // region; a bare city (`Seul`, `new york`) is compared with the city part of each name.
    let by_city = !wanted.contains('/');
    let mut scored: Vec<(usize, &'static str)> = TZ_VARIANTS
        .iter()
        .map(|tz| {
            let name = tz.name();
            let lower = name.to_lowercase();
            let compared = if by_city {
                lower.rsplit('/').next().unwrap_or(&lower)
            } else {
                &lower
            };
            (edit_distance(&wanted, compared), name)
        })
        .collect();
    scored.sort();
    scored
        .into_iter()
        .take(SUGGESTIONS)
        .map(|(_, name)| name)
        .collect()
}

/// Levenshtein distance over characters, in one row of memory.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, a_char) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, b_char) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(a_char != *b_char);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::super::zone::{Zone, ZoneError};
    use super::*;

    #[test]
    fn unknown_names_suggest_the_closest_zones() {
        assert_eq!(Zone::parse("Asia/Seul"), Err(ZoneError::Unknown));
        let suggestions = Zone::closest_names("Asia/Seul");
        assert_eq!(suggestions[0], "Asia/Seoul");
        assert!(
            suggestions.iter().all(|name| name.starts_with("Asia/")),
            "{suggestions:?}"
        );
        assert_eq!(Zone::closest_names("Kolkatta")[0], "Asia/Kolkata");
        assert_eq!(Zone::closest_names("new york")[0], "America/New_York");
    }

    #[test]
    fn edit_distance_counts_single_character_edits() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("seoul", "seoul"), 0);
    }
}
