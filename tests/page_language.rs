//! The language of a page, against a real server: chosen from the URL's `lang`, the `lang`
//! cookie and `Accept-Language` in that order, written into `<html lang>`, remembered in a
//! cookie when the URL names it, and kept by every URL the page makes.
#![cfg(feature = "ssr")]

mod common;

use common::{get, TestServer};
use reqwest::{header, Response};

/// The page at `path` asked with these headers: its `Vary`, `Set-Cookie` and HTML.
async fn page(server: &TestServer, path: &str, headers: &[(&str, &str)]) -> Response {
    get(&server.url(path), headers).await
}

fn header_values(response: &Response, name: header::HeaderName) -> Vec<String> {
    response
        .headers()
        .get_all(name)
        .iter()
        .map(|value| value.to_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn accept_language_picks_the_page_language_and_the_url_and_cookie_beat_it() {
    let server = TestServer::start().await;

    let korean = page(
        &server,
        "/",
        &[("accept-language", "ko-KR,ko;q=0.9,en;q=0.8")],
    )
    .await;
    let vary = header_values(&korean, header::VARY)
        .join(",")
        .to_lowercase();
    assert!(vary.contains("accept-language"), "{vary}");
    assert!(vary.contains("cookie"), "{vary}");
    assert!(
        header_values(&korean, header::SET_COOKIE).is_empty(),
        "nothing to remember without `lang` in the URL"
    );
    let html = korean.text().await.unwrap();
    assert!(html.contains("<html lang=\"ko\""), "{html}");
    // The page's own words are Korean; the default cards' dates too.
    for words in ["도시 추가", "새로 고침 간격", "스트림 검사기", "요일"] {
        assert!(html.contains(words), "{words}: {html}");
    }
    assert!(!html.contains("Add city"), "{html}");

    let english = page(&server, "/?lang=en", &[("accept-language", "ko-KR,ko")]).await;
    assert_eq!(
        header_values(&english, header::SET_COOKIE),
        ["lang=en; Path=/; Max-Age=31536000; SameSite=Lax"]
    );
    let html = english.text().await.unwrap();
    assert!(html.contains("<html lang=\"en\""), "{html}");
    assert!(html.contains("Add city"), "{html}");

    let remembered = page(
        &server,
        "/reports",
        &[
            ("accept-language", "en-US,en"),
            ("cookie", "zone=UTC; lang=ko"),
        ],
    )
    .await;
    assert!(header_values(&remembered, header::SET_COOKIE).is_empty());
    let html = remembered.text().await.unwrap();
    assert!(html.contains("<html lang=\"ko\""), "{html}");
    assert!(
        html.contains("<title>시계는 언제 바뀌나요? · worldclock</title>"),
        "{html}"
    );

    // A language the page does not speak is neither used nor remembered.
    let unknown = page(&server, "/?lang=xx", &[("accept-language", "ko")]).await;
    assert!(header_values(&unknown, header::SET_COOKIE).is_empty());
    assert!(unknown.text().await.unwrap().contains("<html lang=\"ko\""));
}

#[tokio::test]
async fn a_language_in_the_url_is_kept_by_the_pages_links_and_forms() {
    let server = TestServer::start().await;
    let html = page(&server, "/?cities=Asia/Seoul&sec=2&lang=ko", &[])
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("<html lang=\"ko\""), "{html}");
    assert!(html.contains("href=\"/reports?lang=ko\""), "{html}");
    assert!(
        html.contains("<input type=\"hidden\" name=\"lang\" value=\"ko\""),
        "the forms carry the language: {html}"
    );
    // The switch: the same page in each language, each named in itself.
    assert!(
        html.contains(
            "href=\"/?cities=Asia/Seoul&amp;sec=2&amp;lang=en\" lang=\"en\" hreflang=\"en\""
        ),
        "{html}"
    );
    assert!(html.contains(">한국어<"), "{html}");

    // Without `lang` in the URL, the links name none (the cookie keeps choosing).
    let html = page(&server, "/", &[("cookie", "lang=ko")])
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("href=\"/reports\""), "{html}");
    assert!(!html.contains("name=\"lang\""), "{html}");
}

#[tokio::test]
async fn the_planners_typed_time_keeps_the_language() {
    let server = TestServer::start().await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let response = client
        .get(server.url("/?cities=seoul-kr&sec=1&in=seoul-kr&date=2027-03-30&time=09%3A00&lang=ko"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), reqwest::StatusCode::SEE_OTHER);
    assert_eq!(
        response.headers()[header::LOCATION],
        "/?cities=seoul-kr&sec=1&at=2027-03-30T00:00Z&lang=ko"
    );
    assert_eq!(
        header_values(&response, header::SET_COOKIE),
        ["lang=ko; Path=/; Max-Age=31536000; SameSite=Lax"]
    );
}
