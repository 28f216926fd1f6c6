//! The planner's API against the real server on a real port: the snapshot at a planned
//! moment (`GET /api/snapshot?…&at=…`), read back into the shared model and drawn with the
//! same functions the page uses, and the calendar file (`GET /api/plan.ics`). Bad input
//! gets the contract's 400 JSON naming the parameter.
#![cfg(feature = "ssr")]

mod common;

use std::time::Instant;

use common::{get, now_ms, TestServer};
use serde_json::Value;
use worldclock::model::{
    find_time, hour_strip, plan_range, working_count, ClockSnapshot, HourCycle, HourKind, Language,
    Moment, WorkingHours, MAX_CITIES,
};

async fn planned(server: &TestServer, query: &str) -> ClockSnapshot {
    let response = get(&server.url(&format!("/api/snapshot?{query}")), &[]).await;
    assert_eq!(response.status(), 200, "{query}");
    assert_eq!(response.headers()["content-type"], "application/json");
    response.json().await.unwrap()
}

async fn refused(server: &TestServer, path: &str) -> (String, String) {
    let response = get(&server.url(path), &[]).await;
    assert_eq!(response.status(), 400, "{path}");
    assert_eq!(response.headers()["content-type"], "application/json");
    let body: Value = response.json().await.unwrap();
    (
        body["param"].as_str().unwrap().to_owned(),
        body["error"].as_str().unwrap().to_owned(),
    )
}

#[tokio::test]
async fn a_snapshot_at_a_moment_carries_the_plan() {
    let server = TestServer::start().await;
    let snapshot = planned(
        &server,
        "cities=seoul-kr,london-gb,riyadh-sa,chennai-in,America/New_York&at=2027-03-14T15:00Z",
    )
    .await;
    let at = Moment::parse("2027-03-14T15:00Z").unwrap();
    let clocks: Vec<(&str, &str, &str)> = snapshot
        .clocks
        .iter()
        .map(|c| {
            (
                c.zone.as_str(),
                c.date_time.as_str(),
                c.abbreviation.as_str(),
            )
        })
        .collect();
    assert_eq!(
        clocks,
        [
            ("Asia/Seoul", "2027-03-15 00:00:00", "KST"),
            ("Europe/London", "2027-03-14 15:00:00", "GMT"),
            ("Asia/Riyadh", "2027-03-14 18:00:00", "+0300"),
            ("Asia/Kolkata", "2027-03-14 20:30:00", "IST"),
            ("America/New_York", "2027-03-14 11:00:00", "EDT"),
        ]
    );
    let plan = snapshot.plan.as_ref().expect("a plan");
    assert_eq!(plan.at, at);
    assert_eq!((plan.from_epoch_s, plan.until_epoch_s), plan_range(at));
    assert_eq!(plan.zones.len(), 5);
    // New York sprang forward at 07:00 UTC that day; London follows on the 28th.
    let new_york = plan.offsets("America/New_York").unwrap();
    let abbreviations: Vec<&str> = new_york
        .spans
        .iter()
        .map(|s| s.abbreviation.as_str())
        .collect();
    assert_eq!(abbreviations, ["EST", "EDT"]);
    let days: Vec<String> = plan
        .working_days
        .iter()
        .map(|city| format!("{} {}", city.key, city.days))
        .collect();
    assert_eq!(
        days,
        [
            "seoul-kr Mon–Fri",
            "london-gb Mon–Fri",
            "riyadh-sa Sun–Thu",
            "chennai-in Mon–Sat",
            "America/New_York Mon–Fri",
        ]
    );
}

#[tokio::test]
async fn the_page_draws_strips_and_finds_a_time_from_the_answer_alone() {
    let server = TestServer::start().await;
    // Friday 12 March 2027, 17:00 UTC: London has just stopped, New York works, Kolkata
    // sleeps, and New York springs forward on Sunday.
    let snapshot = planned(
        &server,
        "cities=london-gb,new-york-city-us,chennai-in&at=2027-03-12T17:00Z",
    )
    .await;
    let plan = snapshot.plan.as_ref().unwrap();
    let attendees = plan.standard_attendees(&snapshot.cities);
    assert_eq!(attendees.len(), 3);
    assert_eq!(working_count(&attendees, plan.at.epoch_s()), 1);
    let found = find_time(&attendees, plan.at).unwrap();
    // Chennai works Monday to Saturday, 03:30 to 11:30 UTC; London 09:00 to 17:00 UTC; New
    // York, on EDT from Sunday, 13:00 to 21:00 UTC. The three never meet; on Saturday only
    // Chennai works, so the earliest two are London and Chennai on Monday at 09:00 UTC.
    assert_eq!((found.working, found.everyone), (2, false));
    assert_eq!(found.moment.to_string(), "2027-03-15T09:00Z");
    // The found moment's strips are drawn from the same answer, no second request.
    let kolkata = plan.offsets("Asia/Kolkata").unwrap();
    let hours = plan.standard_hours(&snapshot.cities[2]).unwrap();
    let strip = hour_strip(kolkata, hours, found.moment).expect("covered");
    let moment_cell = strip.iter().find(|cell| cell.has_moment).unwrap();
    let english = &worldclock::model::Language::English.messages().calendar;
    assert_eq!(moment_cell.label(HourCycle::H24, english), "14:30");
    assert_eq!(moment_cell.kind, HourKind::Working);
    let new_york = plan.offsets("America/New_York").unwrap();
    let hours = plan.standard_hours(&snapshot.cities[1]).unwrap();
    let strip = hour_strip(new_york, hours, plan.at).unwrap();
    assert!(strip.iter().all(|cell| cell.change.is_none()));
    let sunday = Moment::parse("2027-03-14T07:00Z").unwrap();
    let strip = hour_strip(new_york, hours, sunday).unwrap();
    let changes: Vec<String> = strip
        .iter()
        .filter_map(|cell| Some(cell.change.as_ref()?.text()))
        .collect();
    assert_eq!(changes, ["EST → EDT, 1 h skipped"]);
}

#[tokio::test]
async fn without_at_the_snapshot_is_now_with_a_live_plan() {
    let server = TestServer::start().await;
    let response = get(&server.url("/api/snapshot?cities=london-gb"), &[]).await;
    let body: Value = response.json().await.unwrap();
    let epoch_ms = body["clocks"][0]["epochMs"].as_i64().unwrap();
    assert!((now_ms() - epoch_ms).abs() < 5_000, "the clocks are now");
    assert_eq!(body["plan"]["live"], true, "{body}");
    let at = Moment::parse(body["plan"]["at"].as_str().unwrap()).unwrap();
    assert_eq!(
        at.epoch_ms(),
        epoch_ms.div_euclid(1000) * 1000,
        "the plan is around now"
    );
    assert_eq!(body["plan"]["zones"][0]["zone"], "Europe/London");
}

#[tokio::test]
async fn at_accepts_any_offset_and_a_plus_typed_plainly() {
    let server = TestServer::start().await;
    for query in [
        "at=2027-03-14T16:00%2B01:00",
        "at=2027-03-14T16:00+01:00", // `+` decodes as a space; the parser reads it as `+`
        "at=2027-03-14T10:00:00-05:00",
        "at=2027-03-14T15:00:00.000Z",
    ] {
        let snapshot = planned(&server, &format!("cities=UTC&{query}")).await;
        assert_eq!(
            snapshot.plan.unwrap().at.to_string(),
            "2027-03-14T15:00Z",
            "{query}"
        );
    }
}

#[tokio::test]
async fn a_bad_at_is_refused_with_an_example() {
    let server = TestServer::start().await;
    for (at, says) in [
        ("tomorrow", "such as 2027-03-14T15:00Z"),
        ("2027-03-14T15:00", "must end in Z or an offset"),
        ("2027-02-30T15:00Z", "no real date"),
        ("1899-12-31T23:00Z", "1900 to 2100"),
        ("2101-01-01T00:00Z", "1900 to 2100"),
        ("", "at is empty"),
        ("%FF", "UTF-8"),
    ] {
        let (param, message) = refused(&server, &format!("/api/snapshot?cities=UTC&at={at}")).await;
        assert_eq!(param, "at", "{at}");
        assert!(message.contains(says), "{at}: {message}");
        assert!(message.len() < 200, "short: {message}");
    }
    assert_eq!(
        refused(
            &server,
            "/api/snapshot?at=2027-03-14T15:00Z&at=2027-03-14T16:00Z"
        )
        .await
        .0,
        "at"
    );
}

fn calendar_url(query: &str) -> String {
    format!("/api/plan.ics?{query}")
}

#[tokio::test]
async fn the_calendar_file_is_one_event_with_each_city_s_time() {
    let server = TestServer::start().await;
    let before_s = now_ms() / 1000;
    let response = get(
        &server.url(&calendar_url(
            "cities=seoul-kr,london-gb,new-york-city-us&at=2027-03-14T15:00Z&minutes=90",
        )),
        &[],
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "text/calendar; charset=utf-8"
    );
    assert_eq!(
        response.headers()["content-disposition"],
        "attachment; filename=\"worldclock-20270314T150000Z.ics\""
    );
    let text = response.text().await.unwrap();
    assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"));
    assert!(text.ends_with("END:VEVENT\r\nEND:VCALENDAR\r\n"));
    assert!(!text.replace("\r\n", "").contains('\n'), "CRLF only");
    assert!(text.split("\r\n").all(|line| line.len() <= 75));
    assert_eq!(text.matches("BEGIN:VEVENT").count(), 1);
    let unfolded = text.replace("\r\n ", "");
    let line = |name: &str| -> String {
        unfolded
            .split("\r\n")
            .find_map(|line| line.strip_prefix(&format!("{name}:")))
            .unwrap_or_else(|| panic!("no {name} in {unfolded}"))
            .to_owned()
    };
    assert_eq!(line("DTSTART"), "20270314T150000Z");
    assert_eq!(line("DTEND"), "20270314T163000Z");
    assert_eq!(
        line("SUMMARY;LANGUAGE=en"),
        "worldclock: Seoul\\, London\\, New York City"
    );
    assert_eq!(
        line("DESCRIPTION;LANGUAGE=en"),
        "Seoul\\, South Korea: Mon 15 Mar 00:00 KST\\n\
         London\\, United Kingdom: Sun 14 Mar 15:00 GMT\\n\
         New York City\\, United States: Sun 14 Mar 11:00 EDT"
    );
    let stamp = line("DTSTAMP");
    assert_eq!(stamp.len(), 16, "{stamp}");
    let stamp_s = Moment::parse(&format!(
        "{}-{}-{}T{}:{}:{}Z",
        &stamp[0..4],
        &stamp[4..6],
        &stamp[6..8],
        &stamp[9..11],
        &stamp[11..13],
        &stamp[13..15]
    ))
    .unwrap()
    .epoch_s();
    assert!(
        (before_s - 1..=now_ms() / 1000 + 1).contains(&stamp_s),
        "{stamp}"
    );
}

/// The calendar file for `query`, asked with `headers`: its title and description lines,
/// unfolded, with their properties' parameters, and the response's `Vary`.
async fn calendar_words(
    server: &TestServer,
    query: &str,
    headers: &[(&str, &str)],
) -> (String, String, String) {
    let response = get(&server.url(&calendar_url(query)), headers).await;
    assert_eq!(response.status(), 200, "{query}");
    let vary = response
        .headers()
        .get_all("vary")
        .iter()
        .map(|value| value.to_str().unwrap().to_owned())
        .collect::<Vec<_>>()
        .join(", ");
    let unfolded = response.text().await.unwrap().replace("\r\n ", "");
    let line = |name: &str| -> String {
        unfolded
            .split("\r\n")
            .find(|line| line.starts_with(name))
            .unwrap_or_else(|| panic!("no {name} in {unfolded}"))
            .to_owned()
    };
    (line("SUMMARY"), line("DESCRIPTION"), vary)
}

#[tokio::test]
async fn the_calendar_file_speaks_the_language_a_page_would() {
    let server = TestServer::start().await;
    let query = "cities=seoul-kr~민아,london-gb&at=2027-03-14T15:00Z";
    let korean_summary = "SUMMARY;LANGUAGE=ko:worldclock 일정: 민아\\, 런던";
    let korean_description =
        "DESCRIPTION;LANGUAGE=ko:민아(서울\\, 대한민국): 3월 15일 (월) 00:00 KST\\n\
                              런던\\, 영국: 3월 14일 (일) 15:00 GMT";
    // A Korean browser's request, as the form on its page sends it.
    let korean_browser = [("accept-language", "ko-KR,ko;q=0.9,en;q=0.8")];
    let (summary, description, vary) = calendar_words(&server, query, &korean_browser).await;
    assert_eq!(summary, korean_summary);
    assert_eq!(description, korean_description);
    assert!(
        vary.contains("Accept-Language") && vary.contains("Cookie"),
        "{vary}"
    );
    // The cookie of a visitor who switched to Korean, over the browser's English.
    let switched = [("accept-language", "en-US"), ("cookie", "lang=ko")];
    let (summary, _, _) = calendar_words(&server, query, &switched).await;
    assert_eq!(summary, korean_summary);
    // The URL's `lang` over both.
    let english_cookie = [("accept-language", "en-US"), ("cookie", "lang=en")];
    let (summary, description, _) =
        calendar_words(&server, &format!("{query}&lang=ko"), &english_cookie).await;
    assert_eq!(summary, korean_summary);
    assert_eq!(description, korean_description);
    let (summary, description, _) =
        calendar_words(&server, &format!("{query}&lang=en-GB"), &korean_browser).await;
    assert_eq!(summary, "SUMMARY;LANGUAGE=en:worldclock: 민아\\, London");
    assert!(
        description.starts_with(
            "DESCRIPTION;LANGUAGE=en:민아 (Seoul\\, South Korea): Mon 15 Mar 00:00 KST"
        ),
        "{description}"
    );
    // A language the page does not speak is passed over; `lang` twice is refused.
    let (summary, _, _) =
        calendar_words(&server, &format!("{query}&lang=fr"), &korean_browser).await;
    assert_eq!(summary, korean_summary);
    let (param, _) = refused(&server, &calendar_url(&format!("{query}&lang=ko&lang=en"))).await;
    assert_eq!(param, "lang");
}

#[tokio::test]
async fn the_korean_page_s_calendar_form_gives_a_korean_event() {
    let server = TestServer::start().await;
    // A page in Korean only by its URL: no cookie, an English browser.
    let page = get(
        &server.url("/?cities=seoul-kr,london-gb&at=2027-03-14T15:00Z&lang=ko"),
        &[("accept-language", "en-US")],
    )
    .await
    .text()
    .await
    .unwrap();
    let class = page
        .find("class=\"plan-summary__calendar\"")
        .expect("the calendar form");
    let start = page[..class].rfind("<form").unwrap();
    let form = &page[start..start + page[start..].find("</form>").unwrap()];
    assert!(form.contains("action=\"/api/plan.ics\""), "{form}");
    // The form's hidden fields and its length, as the browser sends them.
    let mut fields: Vec<String> = form
        .split("<input type=\"hidden\" ")
        .skip(1)
        .map(|input| {
            let attribute = |name: &str| {
                let from = input.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
                input[from..from + input[from..].find('"').unwrap()].to_owned()
            };
            format!("{}={}", attribute("name"), attribute("value"))
        })
        .collect();
    assert!(fields.contains(&"lang=ko".to_owned()), "{fields:?}");
    fields.push("minutes=60".to_owned());
    let (summary, _, _) =
        calendar_words(&server, &fields.join("&"), &[("accept-language", "en-US")]).await;
    assert_eq!(summary, "SUMMARY;LANGUAGE=ko:worldclock 일정: 서울\\, 런던");
}

#[tokio::test]
async fn any_instance_gives_the_same_uid() {
    let (one, two) = (TestServer::start().await, TestServer::start().await);
    let query = calendar_url("cities=seoul-kr,london-gb&at=2027-03-15T00:00%2B09:00");
    let uid = |text: String| {
        text.split("\r\n")
            .find_map(|line| line.strip_prefix("UID:"))
            .unwrap()
            .to_owned()
    };
    let first = uid(get(&one.url(&query), &[]).await.text().await.unwrap());
    let second = uid(get(&two.url(&query), &[]).await.text().await.unwrap());
    assert_eq!(first, second);
    assert!(first.starts_with("20270314T150000Z-60m-"), "{first}");
}

#[tokio::test]
async fn bad_calendar_requests_name_the_parameter() {
    let server = TestServer::start().await;
    let (param, message) = refused(&server, &calendar_url("cities=seoul-kr")).await;
    assert_eq!(param, "at");
    assert!(message.contains("at is missing"), "{message}");
    let (param, _) = refused(&server, &calendar_url("cities=seoul-kr&at=soon")).await;
    assert_eq!(param, "at");
    let (param, message) = refused(&server, &calendar_url("at=2027-03-14T15:00Z")).await;
    assert_eq!(param, "cities");
    assert!(message.contains("cities is missing"), "{message}");
    let (param, message) = refused(
        &server,
        &calendar_url("cities=seoul-kr,Atlantis&at=2027-03-14T15:00Z"),
    )
    .await;
    assert_eq!(param, "cities");
    assert!(message.contains("\"Atlantis\""), "{message}");
    let too_many = vec!["UTC"; MAX_CITIES + 1].join(",");
    let (param, _) = refused(
        &server,
        &calendar_url(&format!("cities={too_many}&at=2027-03-14T15:00Z")),
    )
    .await;
    assert_eq!(param, "cities");
    for minutes in ["0", "10", "1455", "lots"] {
        let (param, message) = refused(
            &server,
            &calendar_url(&format!(
                "cities=UTC&at=2027-03-14T15:00Z&minutes={minutes}"
            )),
        )
        .await;
        assert_eq!(param, "minutes");
        assert!(message.contains("from 15 to 1440"), "{message}");
    }
}

/// What a plan costs: the snapshot of 24 cities in 24 zones at a moment (the server's work
/// per request), and the page's work over it (every strip, a working count, find a time).
/// Printed with `--nocapture`; the bounds are far above what it takes, to catch a blunder
/// (a search that is quadratic, say), not to time the machine.
#[test]
fn a_plan_for_the_most_cities_is_cheap() {
    let zones = [
        "America/Los_Angeles",
        "America/New_York",
        "America/Santiago",
        "America/St_Johns",
        "America/Sao_Paulo",
        "Europe/London",
        "Europe/Berlin",
        "Africa/Cairo",
        "Asia/Riyadh",
        "Asia/Tehran",
        "Asia/Kolkata",
        "Asia/Kathmandu",
        "Asia/Dhaka",
        "Asia/Bangkok",
        "Asia/Shanghai",
        "Asia/Tokyo",
        "Australia/Adelaide",
        "Australia/Sydney",
        "Australia/Lord_Howe",
        "Pacific/Auckland",
        "Pacific/Chatham",
        "Pacific/Kiritimati",
        "Pacific/Pago_Pago",
        "Pacific/Honolulu",
    ];
    assert_eq!(zones.len(), MAX_CITIES);
    let names: Vec<String> = zones.iter().map(|zone| zone.to_string()).collect();
    let at = Moment::parse("2027-03-26T12:00Z").unwrap();
    let rounds = 20;

    // The first call loads the gazetteer, as the server does before it listens.
    worldclock::server::snapshot(&names, at.epoch_ms(), Language::English);
    // The snapshot without a plan, for comparison: resolving the names, the clocks and each
    // zone's next change.
    let started = Instant::now();
    for _ in 0..rounds {
        worldclock::server::snapshot(&names, at.epoch_ms(), Language::English);
    }
    let plain_us = started.elapsed().as_micros() / rounds;
    let started = Instant::now();
    let mut snapshot = ClockSnapshot::default();
    for _ in 0..rounds {
        snapshot = worldclock::server::planned_snapshot(&names, at, Language::English);
    }
    let snapshot_us = started.elapsed().as_micros() / rounds;
    let plan = snapshot.plan.as_ref().unwrap();
    assert_eq!(plan.zones.len(), MAX_CITIES);

    let attendees = plan.standard_attendees(&snapshot.cities);
    let started = Instant::now();
    let mut found = None;
    for _ in 0..rounds {
        found = find_time(&attendees, at);
    }
    let find_us = started.elapsed().as_micros() / rounds;
    assert!(found.is_some());

    let started = Instant::now();
    for _ in 0..rounds {
        for (city, attendee) in snapshot.cities.iter().zip(&attendees) {
            let hours: WorkingHours = plan.standard_hours(city).unwrap();
            assert!(hour_strip(attendee.offsets, hours, at).is_some());
        }
        assert!(working_count(&attendees, at.epoch_s()) <= MAX_CITIES);
    }
    let strips_us = started.elapsed().as_micros() / rounds;

    let json_bytes = serde_json::to_vec(&snapshot).unwrap().len();
    println!(
        "24 cities: snapshot {plain_us} µs, planned snapshot {snapshot_us} µs \
         ({json_bytes} bytes of JSON), find a time {find_us} µs, 24 strips and a count \
         {strips_us} µs"
    );
    assert!(snapshot_us < 200_000, "{snapshot_us} µs");
    assert!(find_us < 200_000, "{find_us} µs");
    assert!(strips_us < 50_000, "{strips_us} µs");
}
