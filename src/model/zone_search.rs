//! Type-ahead over the zone list: which zones match what the visitor has typed, best first.

use super::contract::ZoneSummary;

/// The zones whose city or zone name contains `query` (case-insensitive; a space matches an
/// underscore), leaving out those already `chosen`. Best first: city names that start with
/// the query, then zone names with a part that does, then the rest; ties by city name.
pub fn matching_zones(
    zones: &[ZoneSummary],
    query: &str,
    chosen: &[String],
    most: usize,
) -> Vec<ZoneSummary> {
    let query = query.trim().to_lowercase().replace(' ', "_");
    if query.is_empty() {
        return Vec::new();
    }
    let mut ranked: Vec<(u8, &ZoneSummary)> = zones
        .iter()
        .filter(|zone| {
            !chosen
                .iter()
                .any(|name| name.eq_ignore_ascii_case(&zone.zone))
        })
        .filter_map(|zone| {
            let city = zone.city.to_lowercase().replace(' ', "_");
            let name = zone.zone.to_lowercase();
            let rank = if city.starts_with(&query) {
                0
            } else if name.split('/').any(|part| part.starts_with(&query))
                || name.starts_with(&query)
            {
                1
            } else if city.contains(&query) || name.contains(&query) {
                2
            } else {
                return None;
            };
            Some((rank, zone))
        })
        .collect();
    ranked.sort_by(|(rank_a, a), (rank_b, b)| {
        rank_a
            .cmp(rank_b)
            .then_with(|| a.city.cmp(&b.city))
            .then_with(|| a.zone.cmp(&b.zone))
    });
    ranked
        .into_iter()
        .take(most)
        .map(|(_, zone)| zone.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zone(name: &str) -> ZoneSummary {
        ZoneSummary {
            zone: name.to_owned(),
            city: crate::model::city_of_zone(name),
            utc_offset: "+00:00".to_owned(),
            abbreviation: "X".to_owned(),
        }
    }

    fn names(found: Vec<ZoneSummary>) -> Vec<String> {
        found.into_iter().map(|zone| zone.zone).collect()
    }

    fn catalogue() -> Vec<ZoneSummary> {
        [
            "America/New_York",
            "Asia/Seoul",
            "Europe/London",
            "America/Argentina/Buenos_Aires",
            "Asia/Kolkata",
            "Asia/Calcutta",
            "Europe/Paris",
            "America/Sao_Paulo",
        ]
        .into_iter()
        .map(zone)
        .collect()
    }

    #[test]
    fn city_names_match_case_insensitively_and_rank_first() {
        assert_eq!(
            names(matching_zones(&catalogue(), "seo", &[], 8)),
            ["Asia/Seoul"]
        );
        assert_eq!(
            names(matching_zones(&catalogue(), "new york", &[], 8)),
            ["America/New_York"]
        );
        assert_eq!(
            names(matching_zones(&catalogue(), "BUENOS", &[], 8)),
            ["America/Argentina/Buenos_Aires"]
        );
    }

    #[test]
    fn zone_names_match_too() {
        let found = names(matching_zones(&catalogue(), "europe", &[], 8));
        assert_eq!(found, ["Europe/London", "Europe/Paris"]);
        let found = names(matching_zones(&catalogue(), "asia/k", &[], 8));
        assert_eq!(found, ["Asia/Kolkata"]);
    }

    #[test]
    fn prefix_matches_come_before_inner_matches() {
        // "pa": Paris starts with it; Sao Paulo has it inside.
        assert_eq!(
            names(matching_zones(&catalogue(), "pa", &[], 8)),
            ["Europe/Paris", "America/Sao_Paulo"]
        );
    }

    #[test]
    fn chosen_zones_are_left_out_and_the_list_is_capped() {
        let chosen = vec!["asia/seoul".to_owned()];
        assert!(matching_zones(&catalogue(), "seoul", &chosen, 8).is_empty());
        assert_eq!(matching_zones(&catalogue(), "a", &[], 3).len(), 3);
        assert!(matching_zones(&catalogue(), "  ", &[], 8).is_empty());
    }
}
