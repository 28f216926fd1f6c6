//! Every HTTP call the browser makes, in one place: the city finder, the snapshot of the
//! cities a URL names, and starting, cancelling and fetching reports. Streams are opened elsewhere (EventSource).

use crate::model::{encode_component, CityMatch, ClockSnapshot, Transition};

/// The JSON body for `POST /api/reports` from the form's fields.
pub fn report_request(zones: &str, from: &str, to: &str) -> String {
    let names: Vec<String> = zones
        .split(',')
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(str::to_owned)
        .collect();
    let year = |text: &str| {
        text.trim()
            .parse::<i64>()
            .map_or(serde_json::Value::String(text.to_owned()), Into::into)
    };
    let mut body = serde_json::json!({ "from": year(from), "to": year(to) });
    if !names.is_empty() {
        body["zones"] = names.into();
    }
    body.to_string()
}

/// Starts a report; its id and events URL, or the server's sentence about what is wrong.
pub async fn start_report(body: String) -> Result<(String, String), String> {
    let request = gloo_net::http::Request::post("/api/reports")
        .header("content-type", "application/json")
        .body(body)
        .map_err(|error| error.to_string())?;
    let response = request
        .send()
        .await
        .map_err(|_| "the server could not be reached".to_owned())?;
    let json: serde_json::Value = response
        .json()
        .await
        .map_err(|_| "the server's answer was not JSON".to_owned())?;
    if response.status() == 202 {
        let field = |name: &str| json[name].as_str().unwrap_or_default().to_owned();
        Ok((field("id"), field("events")))
    } else {
        Err(json["error"]
            .as_str()
            .unwrap_or("the report could not start")
            .to_owned())
    }
}

/// Asks the server to cancel a report.
pub async fn cancel_report(id: &str) {
    if let Ok(request) = gloo_net::http::Request::delete(&format!("/api/reports/{id}")).build() {
        let _ = request.send().await;
    }
}

/// A finished report's rows, from its JSON result.
pub async fn report_rows(url: &str) -> Option<Vec<Transition>> {
    get_json(url).await
}

/// The city finder's suggestions for `query`, from `GET /api/cities`; `None` when the
/// server could not be asked or refused the query.
pub async fn search_cities(query: &str) -> Option<Vec<CityMatch>> {
    let url = format!("/api/cities?q={}", encode_component(query));
    get_json(&url).await
}

/// The labels and clocks of the cities named `names` (slugs or zone names), from
/// `GET /api/snapshot`.
pub async fn snapshot(names: &[String]) -> Option<ClockSnapshot> {
    let url = format!(
        "/api/snapshot?cities={}",
        encode_component(&names.join(","))
    );
    get_json(&url).await
}

/// A GET whose `200` answer is JSON of type `T`.
async fn get_json<T: serde::de::DeserializeOwned>(url: &str) -> Option<T> {
    let response = gloo_net::http::Request::get(url).send().await.ok()?;
    if !response.ok() {
        return None;
    }
    response.json().await.ok()
}
