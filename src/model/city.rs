//! The cities a person picks: a place of the gazetteer or a bare zone, as the page labels
//! it, and a type-ahead suggestion of one. Server and browser share these types: the server
//! writes them (`GET /api/cities`, the snapshot), the page reads them.

use super::json::{FromJson, Json};
use serde::{Deserialize, Serialize};

/// One city on the page, as its card and the URL name it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CityLabel {
    /// The city's name in the URL: a slug for a place (`chennai-in`, or
    /// `portland-us-5746545` where name and country alone are shared), the IANA name for
    /// a bare zone (`Etc/GMT+5`). Stable across releases of the same data.
    pub key: String,
    /// The city's own name (`Chennai`), or a bare zone's city part (`Kolkata`, `UTC`).
    pub name: String,
    /// The first-level region (`Tamil Nadu`), where known.
    pub region: Option<String>,
    /// The country's name (`India`); none for a bare zone.
    pub country: Option<String>,
    /// The IANA zone whose time the city keeps (`Asia/Kolkata`).
    pub zone: String,
}

impl CityLabel {
    /// The label of a bare zone: its city part, no region or country.
    pub fn of_zone(zone: &str) -> CityLabel {
        CityLabel {
            key: zone.to_owned(),
            name: super::city_of_zone(zone),
            region: None,
            country: None,
            zone: zone.to_owned(),
        }
    }

    /// `Chennai, Tamil Nadu, India`; a bare zone's name alone.
    pub fn full_name(&self) -> String {
        let mut parts = vec![self.name.as_str()];
        parts.extend(self.region.as_deref().filter(|region| *region != self.name));
        parts.extend(self.country.as_deref());
        parts.join(", ")
    }

    /// What a card's heading says: `Chennai, India`; a bare zone's name alone.
    pub fn short_name(&self) -> String {
        match &self.country {
            Some(country) => format!("{}, {country}", self.name),
            None => self.name.clone(),
        }
    }
}

/// One suggestion of the city finder (`GET /api/cities?q=…`), best first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CityMatch {
    /// The city. Nested rather than flattened: serde's `flatten` would buffer every answer
    /// through a map and cost the WASM bundle kilobytes.
    pub city: CityLabel,
    /// Which name the query found, when it is not the city's own (`Madras` for Chennai,
    /// `Japan`, `PST`, `UTC+09:00`).
    pub matched: Option<String>,
    /// The zone's offset from UTC now (`+05:30`).
    pub utc_offset: String,
    /// The zone's abbreviation now (`IST`).
    pub abbreviation: String,
    /// The city's wall time now, `HH:MM`.
    pub local_time: String,
}

impl FromJson for CityLabel {
    fn from_json(value: &Json) -> Option<Self> {
        Some(CityLabel {
            key: value.field("key")?,
            name: value.field("name")?,
            region: value.optional("region")?,
            country: value.optional("country")?,
            zone: value.field("zone")?,
        })
    }
}

impl FromJson for CityMatch {
    fn from_json(value: &Json) -> Option<Self> {
        Some(CityMatch {
            city: value.field("city")?,
            matched: value.optional("matched")?,
            utc_offset: value.field("utcOffset")?,
            abbreviation: value.field("abbreviation")?,
            local_time: value.field("localTime")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chennai() -> CityLabel {
        CityLabel {
            key: "chennai-in".into(),
            name: "Chennai".into(),
            region: Some("Tamil Nadu".into()),
            country: Some("India".into()),
            zone: "Asia/Kolkata".into(),
        }
    }

    #[test]
    fn a_place_is_named_with_its_region_and_country() {
        assert_eq!(chennai().full_name(), "Chennai, Tamil Nadu, India");
        assert_eq!(chennai().short_name(), "Chennai, India");
    }

    #[test]
    fn a_region_named_like_its_city_is_not_repeated() {
        let tokyo = CityLabel {
            key: "tokyo-jp".into(),
            name: "Tokyo".into(),
            region: Some("Tokyo".into()),
            country: Some("Japan".into()),
            zone: "Asia/Tokyo".into(),
        };
        assert_eq!(tokyo.full_name(), "Tokyo, Japan");
    }

    #[test]
    fn a_bare_zone_is_its_city_part() {
        let zone = CityLabel::of_zone("America/Argentina/Buenos_Aires");
        assert_eq!(zone.name, "Buenos Aires");
        assert_eq!(zone.full_name(), "Buenos Aires");
        assert_eq!(CityLabel::of_zone("Etc/GMT+5").short_name(), "GMT+5");
    }

    #[test]
    fn a_match_serialises_in_camel_case_with_its_city_nested() {
        let found = CityMatch {
            city: chennai(),
            matched: Some("Madras".into()),
            utc_offset: "+05:30".into(),
            abbreviation: "IST".into(),
            local_time: "15:04".into(),
        };
        let json = serde_json::to_value(&found).unwrap();
        assert_eq!(json["city"]["key"], "chennai-in");
        assert_eq!(json["matched"], "Madras");
        assert_eq!(json["utcOffset"], "+05:30");
        assert_eq!(json["localTime"], "15:04");
        assert_eq!(
            CityMatch::from_json_text(&json.to_string()).as_ref(),
            Some(&found),
            "the page reads what the server writes"
        );
        let bare = CityMatch {
            city: CityLabel::of_zone("Etc/GMT+5"),
            matched: None,
            ..found.clone()
        };
        let text = serde_json::to_string(&bare).unwrap();
        assert!(text.contains(r#""region":null"#));
        assert_eq!(CityMatch::from_json_text(&text), Some(bare));
        assert_eq!(serde_json::from_value::<CityMatch>(json).unwrap(), found);
    }
}
