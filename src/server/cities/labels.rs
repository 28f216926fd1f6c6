//! A city as the page labels it, in the page's language: a place's name and country in
//! that language where the gazetteer has them (the region stays in English: no source
//! of Korean region names is pinned), a bare zone by the name of the city its id names;
//! English for anything else. The key is the same in every language, so a URL is too.

use super::gazetteer::{Gazetteer, Place};
use crate::model::{CityLabel, Language};

/// A place as the page labels it in `language`.
pub fn place_label(place: &Place, language: Language) -> CityLabel {
    CityLabel {
        key: place.slug(),
        name: place.name_in(language).to_owned(),
        region: place.region().map(str::to_owned),
        country: Some(place.country_name_in(language).to_owned()),
        zone: place.zone().name().to_owned(),
    }
}

/// A zone with no place (`Asia/Seoul`, `Etc/GMT+5` named bare) as the page labels it in
/// `language`: its city part, in the language where the gazetteer names that city.
pub fn zone_label(zone: &str, language: Language) -> CityLabel {
    let mut label = CityLabel::of_zone(zone);
    if let Some(city) = Gazetteer::load().zone_city_in(zone, language) {
        label.name = city.to_owned();
    }
    label
}

/// The language a request's `lang` parameter names: English when it is absent or names a
/// language the page does not speak (never an error: a link from a newer page still works).
pub fn requested_language(lang: Option<&String>) -> Language {
    lang.and_then(|tag| Language::from_tag(tag))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEOUL: u32 = 1_835_848;
    const NEW_YORK: u32 = 5_128_581;

    fn place(id: u32) -> &'static Place {
        Gazetteer::load().by_id(id).expect("a place of the data")
    }

    #[test]
    fn a_place_is_named_in_the_language_with_the_same_key() {
        let korean = place_label(place(SEOUL), Language::Korean);
        let english = place_label(place(SEOUL), Language::English);
        assert_eq!(
            (korean.name.as_str(), korean.country.as_deref()),
            ("서울", Some("대한민국"))
        );
        assert_eq!(
            (english.name.as_str(), english.country.as_deref()),
            ("Seoul", Some("South Korea"))
        );
        assert_eq!(korean.key, english.key);
        assert_eq!(korean.zone, english.zone);
        assert_eq!(korean.region, english.region);
        let new_york = place_label(place(NEW_YORK), Language::Korean);
        assert_eq!(new_york.full_name(), "뉴욕, New York, 미국");
    }

    #[test]
    fn a_place_without_a_korean_name_keeps_its_geonames_name() {
        // GeoNames gives Shenzhen two Hangul names (선전, 심천), neither clearly the closer
        // to "Shenzhen": no certain one.
        let shenzhen = place_label(place(1_795_565), Language::Korean);
        assert_eq!(shenzhen.name, "Shenzhen");
        assert_eq!(shenzhen.country.as_deref(), Some("중국"));
    }

    #[test]
    fn a_bare_zone_takes_cldrs_exemplar_city() {
        assert_eq!(zone_label("Asia/Seoul", Language::Korean).name, "서울");
        // A zone reads as the place its id names (CLDR's key for it is Asia/Calcutta).
        assert_eq!(zone_label("Asia/Kolkata", Language::Korean).name, "콜카타");
        assert_eq!(zone_label("Asia/Calcutta", Language::Korean).name, "콜카타");
        assert_eq!(zone_label("Asia/Seoul", Language::English).name, "Seoul");
        // No exemplar city: the zone's own city part.
        assert_eq!(zone_label("Etc/GMT+5", Language::Korean).name, "GMT+5");
        assert_eq!(zone_label("UTC", Language::Korean).name, "UTC");
        // CLDR's key is an older name (Asia/Saigon): its 사이공 is not used for the new one.
        assert_eq!(
            zone_label("Asia/Ho_Chi_Minh", Language::Korean).name,
            "Ho Chi Minh"
        );
        let zone = zone_label("Asia/Seoul", Language::Korean);
        assert_eq!((zone.key.as_str(), zone.country), ("Asia/Seoul", None));
    }

    #[test]
    fn an_absent_or_unknown_language_is_english() {
        let text = |tag: &str| Some(tag.to_owned());
        assert_eq!(requested_language(text("ko").as_ref()), Language::Korean);
        assert_eq!(requested_language(text("ko-KR").as_ref()), Language::Korean);
        assert_eq!(requested_language(text("fr").as_ref()), Language::English);
        assert_eq!(requested_language(text("").as_ref()), Language::English);
        assert_eq!(requested_language(None), Language::English);
    }
}
