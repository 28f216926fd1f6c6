//! Every HTTP call the browser makes, in one place: the city finder, the snapshot of the
//! cities a URL names, naming, checking, cancelling and fetching reports, and the server's
//! clock. Streams are opened elsewhere (EventSource).

use gloo_net::http::Response;

use crate::model::{
    encode_component, report_path, CityMatch, ClockSnapshot, ErrorBody, FromJson, Language,
    Messages, Moment, ReportInfo, ReportRequest, ServerTime, Transition, LANGUAGE_PARAM,
    SERVER_TIME_PATH,
};

/// Tries of a report's result while the server answers `429` (too many computations).
const RESULT_TRIES: u32 = 4;

/// The request for `POST /api/reports` from the chosen zones (none: every zone) and the year
/// fields; a sentence in `words`' language when a year is not a whole number. The server
/// checks the rest.
pub fn report_request(
    zones: Vec<String>,
    from: &str,
    to: &str,
    words: &Messages,
) -> Result<ReportRequest, String> {
    let year = |label: &str, text: &str| {
        text.trim()
            .parse::<i32>()
            .map_err(|_| words.reports_bad_year(label))
    };
    Ok(ReportRequest {
        zones: (!zones.is_empty()).then_some(zones),
        from: year(words.reports_from, from)?,
        to: year(words.reports_to, to)?,
    })
}

/// Names a report: what the server says about it, or its sentence about what is wrong (the
/// server's own, in English as the contract has it; else one in `words`' language).
pub async fn start_report(request: &ReportRequest, words: &Messages) -> Result<ReportInfo, String> {
    let response = gloo_net::http::Request::post("/api/reports")
        .header("content-type", "application/json")
        .body(request.to_json())
        .map_err(|error| error.to_string())?
        .send()
        .await
        .map_err(|_| words.reports_unreachable.to_owned())?;
    if response.status() == 201 {
        read_json(response)
            .await
            .ok_or_else(|| words.reports_bad_answer.to_owned())
    } else {
        Err(error_sentence(response, words.reports_not_started).await)
    }
}

/// Whether the server still knows report `id`: `Err` with its sentence when it does not
/// (an id of another time-zone data version after an upgrade, say). A network failure is
/// not an answer, so it counts as known.
pub async fn check_report(id: &str, words: &Messages) -> Result<(), String> {
    let Ok(response) = gloo_net::http::Request::get(&report_path(id)).send().await else {
        return Ok(());
    };
    if response.ok() || response.status() >= 500 {
        Ok(())
    } else {
        Err(error_sentence(response, words.reports_unknown).await)
    }
}

/// Asks the server to stop computing a report.
pub async fn cancel_report(id: &str) {
    if let Ok(request) = gloo_net::http::Request::delete(&report_path(id)).build() {
        let _ = request.send().await;
    }
}

/// A finished report's rows, from its JSON result. The instance that answers may compute the
/// report first, or be busy (`429`): then it waits as long as `Retry-After` says and asks
/// again, a few times. Its own sentences are in `words`' language.
pub async fn report_rows(url: &str, words: &Messages) -> Result<Vec<Transition>, String> {
    for _ in 0..RESULT_TRIES {
        let response = gloo_net::http::Request::get(url)
            .send()
            .await
            .map_err(|_| words.reports_unreachable.to_owned())?;
        if response.status() == 429 {
            let seconds = response
                .headers()
                .get("retry-after")
                .and_then(|value| value.parse::<u32>().ok())
                .unwrap_or(2)
                .clamp(1, 30);
            sleep_ms(seconds * 1000).await;
            continue;
        }
        if !response.ok() {
            return Err(error_sentence(response, words.reports_not_loaded).await);
        }
        return read_json(response)
            .await
            .ok_or_else(|| words.reports_bad_result.to_owned());
    }
    Err(words.reports_busy.to_owned())
}

/// The server's sentence from an error answer, or `fallback`.
async fn error_sentence(response: Response, fallback: &str) -> String {
    read_json::<ErrorBody>(response)
        .await
        .map_or_else(|| fallback.to_owned(), |body| body.error)
}

/// Resolves after `millis` milliseconds.
pub(super) async fn sleep_ms(millis: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, millis as i32);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// The city finder's suggestions for `query`, labelled in `language`, from
/// `GET /api/cities`; `None` when the
/// server could not be asked or refused the query.
pub async fn search_cities(query: &str, language: Language) -> Option<Vec<CityMatch>> {
    let url = format!(
        "/api/cities?q={}&{LANGUAGE_PARAM}={}",
        encode_component(query),
        language.tag()
    );
    get_json(&url).await
}

/// The labels and clocks of the cities named `names` (slugs, GeoNames ids or zone names),
/// from `GET /api/snapshot`, labelled in `language`.
pub async fn snapshot(
    names: &[String],
    at: Option<Moment>,
    language: Language,
) -> Option<ClockSnapshot> {
    let mut url = format!(
        "/api/snapshot?cities={}&{LANGUAGE_PARAM}={}",
        encode_component(&names.join(",")),
        language.tag()
    );
    if let Some(at) = at {
        url.push_str(&format!("&at={at}"));
    }
    get_json(&url).await
}

/// A GET whose `200` answer is JSON of type `T`.
async fn get_json<T: FromJson>(url: &str) -> Option<T> {
    let response = gloo_net::http::Request::get(url).send().await.ok()?;
    if !response.ok() {
        return None;
    }
    read_json(response).await
}

/// An answer's body, read as JSON of type `T`.
async fn read_json<T: FromJson>(response: Response) -> Option<T> {
    T::from_json_text(&response.text().await.ok()?)
}

/// The server's clock, from `GET /api/time`. Never from a cache (the server says
/// `no-store`, and the request says it too): a stored time is a wrong time.
pub async fn server_time() -> Option<ServerTime> {
    let response = gloo_net::http::Request::get(SERVER_TIME_PATH)
        .cache(web_sys::RequestCache::NoStore)
        .send()
        .await
        .ok()?;
    if !response.ok() {
        return None;
    }
    read_json(response).await
}
