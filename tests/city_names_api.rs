//! City and country names in the page's language against the real server on a real port:
//! `GET /api/cities` finds a place by its Korean or English name whatever `lang` says, and
//! labels its suggestions in `lang`; `GET /api/snapshot` labels a page's cities in `lang`
//! with the same keys as in English; an absent or unknown `lang` is English, never an error.
#![cfg(feature = "ssr")]

mod common;

use common::{get, TestServer};
use worldclock::model::{CityMatch, ClockSnapshot};

/// `text` percent-encoded as a browser sends it in a query.
fn encoded(text: &str) -> String {
    text.bytes().map(|byte| format!("%{byte:02X}")).collect()
}

async fn search(server: &TestServer, query: &str) -> Vec<CityMatch> {
    let response = get(&server.url(&format!("/api/cities?{query}")), &[]).await;
    assert_eq!(response.status(), 200, "{query}");
    response.json().await.unwrap()
}

async fn snapshot(server: &TestServer, query: &str) -> ClockSnapshot {
    let response = get(&server.url(&format!("/api/snapshot?{query}")), &[]).await;
    assert_eq!(response.status(), 200, "{query}");
    response.json().await.unwrap()
}

#[tokio::test]
async fn a_korean_name_finds_the_city_in_either_language() {
    let server = TestServer::start().await;
    let query = format!("q={}", encoded("뉴욕"));
    let english = search(&server, &query).await;
    assert_eq!(english[0].city.key, "new-york-city-us");
    assert_eq!(english[0].city.name, "New York City");
    assert_eq!(english[0].city.country.as_deref(), Some("United States"));
    // The label does not say 뉴욕, so the suggestion says which name was found.
    assert_eq!(english[0].matched.as_deref(), Some("뉴욕"));

    let korean = search(&server, &format!("{query}&lang=ko")).await;
    assert_eq!(korean[0].city.key, "new-york-city-us");
    assert_eq!(korean[0].city.name, "뉴욕");
    assert_eq!(korean[0].city.country.as_deref(), Some("미국"));
    assert_eq!(korean[0].matched, None, "the label already says 뉴욕");
}

#[tokio::test]
async fn an_english_name_is_labelled_in_the_language_asked_for() {
    let server = TestServer::start().await;
    let seoul = &search(&server, "q=seoul&lang=ko").await[0];
    assert_eq!(seoul.city.key, "seoul-kr");
    assert_eq!(seoul.city.name, "서울");
    assert_eq!(seoul.city.country.as_deref(), Some("대한민국"));
    assert_eq!(seoul.city.zone, "Asia/Seoul");
    assert_eq!(
        search(&server, &format!("q={}&lang=ko", encoded("서울"))).await[0]
            .city
            .key,
        "seoul-kr"
    );
    // A prefix in Hangul suggests the largest places first.
    let prefix = search(&server, &format!("q={}&lang=ko&limit=5", encoded("뉴"))).await;
    assert_eq!(prefix[0].city.name, "뉴욕");
    assert!(prefix.iter().all(|found| found.city.name.starts_with('뉴')));
}

#[tokio::test]
async fn a_snapshot_labels_cities_in_the_language_with_the_same_keys() {
    let server = TestServer::start().await;
    let korean = snapshot(
        &server,
        "cities=seoul-kr,Asia/Tokyo,beijing-cn,shenzhen-cn&lang=ko",
    )
    .await;
    let labels: Vec<String> = korean.cities.iter().map(|c| c.short_name()).collect();
    assert_eq!(
        labels,
        ["서울, 대한민국", "도쿄", "베이징, 중국", "Shenzhen, 중국"]
    );
    let english = snapshot(&server, "cities=seoul-kr,Asia/Tokyo,beijing-cn,shenzhen-cn").await;
    let labels: Vec<String> = english.cities.iter().map(|c| c.short_name()).collect();
    assert_eq!(
        labels,
        [
            "Seoul, South Korea",
            "Tokyo",
            "Beijing, China",
            "Shenzhen, China"
        ]
    );
    let keys = |snapshot: &ClockSnapshot| -> Vec<String> {
        snapshot.cities.iter().map(|c| c.key.clone()).collect()
    };
    assert_eq!(keys(&korean), keys(&english));
    // At a planned moment too.
    let planned = snapshot(&server, "cities=seoul-kr&at=2027-03-14T15:00Z&lang=ko-KR").await;
    assert_eq!(planned.cities[0].name, "서울");
}

#[tokio::test]
async fn an_absent_or_unknown_language_is_english_never_an_error() {
    let server = TestServer::start().await;
    for lang in ["", "&lang=", "&lang=fr", "&lang=en", "&lang=xx-KO"] {
        let found = search(&server, &format!("q=seoul{lang}")).await;
        assert_eq!(found[0].city.name, "Seoul", "{lang}");
        let shown = snapshot(&server, &format!("cities=seoul-kr{lang}")).await;
        assert_eq!(shown.cities[0].name, "Seoul", "{lang}");
    }
}
