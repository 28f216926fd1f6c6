//! The city finder (`GET /api/cities`) and the snapshot of a page's cities
//! (`GET /api/snapshot`) against the real server on a real port: what a person types finds
//! what they mean, and bad input gets the contract's 400 JSON naming the parameter.
#![cfg(feature = "ssr")]

mod common;

use common::{get, TestServer};
use serde_json::Value;
use worldclock::model::{CityMatch, ClockSnapshot};

async fn search(server: &TestServer, query: &str) -> Vec<CityMatch> {
    let response = get(&server.url(&format!("/api/cities?{query}")), &[]).await;
    assert_eq!(response.status(), 200, "{query}");
    assert_eq!(response.headers()["content-type"], "application/json");
    response.json().await.unwrap()
}

async fn refused(server: &TestServer, query: &str) -> (String, String) {
    let response = get(&server.url(&format!("/api/cities?{query}")), &[]).await;
    assert_eq!(response.status(), 400, "{query}");
    let body: Value = response.json().await.unwrap();
    (
        body["param"].as_str().unwrap().to_owned(),
        body["error"].as_str().unwrap().to_owned(),
    )
}

#[tokio::test]
async fn a_former_name_finds_the_city_with_its_region_country_and_time() {
    let server = TestServer::start().await;
    let found = search(&server, "q=Madras").await;
    let chennai = &found[0];
    assert_eq!(chennai.city.key, "chennai-in");
    assert_eq!(chennai.city.name, "Chennai");
    assert_eq!(chennai.city.region.as_deref(), Some("Tamil Nadu"));
    assert_eq!(chennai.city.country.as_deref(), Some("India"));
    assert_eq!(chennai.city.zone, "Asia/Kolkata");
    assert_eq!(chennai.matched.as_deref(), Some("Madras"));
    assert_eq!(chennai.utc_offset, "+05:30");
    assert_eq!(chennai.local_time.len(), 5, "{:?}", chennai.local_time);
}

#[tokio::test]
async fn native_scripts_accents_and_countries_are_understood() {
    let server = TestServer::start().await;
    // 東京 and Москва, percent-encoded as a browser sends them.
    assert_eq!(
        search(&server, "q=%E6%9D%B1%E4%BA%AC").await[0].city.key,
        "tokyo-jp"
    );
    assert_eq!(
        search(&server, "q=%D0%9C%D0%BE%D1%81%D0%BA%D0%B2%D0%B0").await[0]
            .city
            .key,
        "moscow-ru"
    );
    assert_eq!(search(&server, "q=bogota").await[0].city.name, "Bogotá");
    let japan = search(&server, "q=Japan&limit=3").await;
    assert_eq!(japan.len(), 3);
    assert!(japan
        .iter()
        .all(|found| found.city.country.as_deref() == Some("Japan")));
}

#[tokio::test]
async fn zones_without_a_city_are_found_by_their_name() {
    let server = TestServer::start().await;
    let found = search(&server, "q=Etc/GMT%2B5").await;
    assert_eq!(found[0].city.key, "Etc/GMT+5");
    assert_eq!(found[0].city.country, None);
    assert_eq!(found[0].utc_offset, "-05:00");
}

#[tokio::test]
async fn the_limit_is_honoured_and_bounded() {
    let server = TestServer::start().await;
    assert_eq!(search(&server, "q=san").await.len(), 8, "the default limit");
    assert_eq!(search(&server, "q=san&limit=50").await.len(), 50);
    assert_eq!(refused(&server, "q=san&limit=51").await.0, "limit");
    assert_eq!(refused(&server, "q=san&limit=0").await.0, "limit");
    assert_eq!(refused(&server, "q=san&limit=lots").await.0, "limit");
}

#[tokio::test]
async fn bad_queries_are_refused_with_a_sentence() {
    let server = TestServer::start().await;
    let (param, message) = refused(&server, "").await;
    assert_eq!(param, "q");
    assert!(message.contains("q is missing"), "{message}");
    assert!(refused(&server, "q=").await.1.contains("empty"));
    assert!(refused(&server, "q=%20%20").await.1.contains("empty"));
    assert!(refused(&server, "q=!!!")
        .await
        .1
        .contains("no letters or digits"));
    let long = "a".repeat(101);
    let (_, message) = refused(&server, &format!("q={long}")).await;
    assert!(message.contains("longer than 100"), "{message}");
    assert!(message.len() < 200, "short: {message}");
    assert!(refused(&server, "q=%FF%FE").await.1.contains("UTF-8"));
    assert_eq!(refused(&server, "q=a&q=b").await.0, "q");
}

#[tokio::test]
async fn a_snapshot_labels_each_city_and_shares_zones() {
    let server = TestServer::start().await;
    let response = get(
        &server.url("/api/snapshot?cities=chennai-in,mumbai-in,Asia/Seoul,Atlantis"),
        &[],
    )
    .await;
    assert_eq!(response.status(), 200);
    let snapshot: ClockSnapshot = response.json().await.unwrap();
    let labels: Vec<String> = snapshot.cities.iter().map(|c| c.short_name()).collect();
    assert_eq!(labels, ["Chennai, India", "Mumbai, India", "Seoul"]);
    let zones: Vec<&str> = snapshot.clocks.iter().map(|c| c.zone.as_str()).collect();
    assert_eq!(zones, ["Asia/Kolkata", "Asia/Seoul"]);
    assert_eq!(snapshot.unknown, ["Atlantis"]);
}
