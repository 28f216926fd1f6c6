//! Starting a transitions report, following its events, cancelling it (browser only).

use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::{closure::Closure, JsCast};
use web_sys::{EventSource, MessageEvent};

use crate::{contract::Transition, pages::reports::ReportState};

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
pub async fn start(body: String) -> Result<(String, String), String> {
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
pub async fn cancel(id: &str) {
    if let Ok(request) = gloo_net::http::Request::delete(&format!("/api/reports/{id}")).build() {
        let _ = request.send().await;
    }
}

/// The EventSource following one report; closed when dropped.
pub struct ReportFollower {
    source: EventSource,
    _listeners: Vec<Closure<dyn FnMut(web_sys::Event)>>,
}

impl Drop for ReportFollower {
    fn drop(&mut self) {
        self.source.close();
    }
}

impl ReportFollower {
    /// Opens `events` and writes what it says into `state`.
    pub fn open(id: &str, events: &str, state: RwSignal<ReportState>) -> Option<ReportFollower> {
        let source = Rc::new(EventSource::new(events).ok()?);
        let id = id.to_owned();
        let data = |event: &web_sys::Event| {
            event
                .dyn_ref::<MessageEvent>()
                .and_then(|message| message.data().as_string())
                .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
        };
        let progress = {
            let id = id.clone();
            Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
                if let Some(json) = data(&event) {
                    state.set(ReportState::Running {
                        id: id.clone(),
                        done: json["done"].as_u64().unwrap_or(0),
                        total: json["total"].as_u64().unwrap_or(0),
                        zone: json["zone"].as_str().unwrap_or_default().to_owned(),
                    });
                }
            })
        };
        let complete = {
            let (id, source) = (id.clone(), Rc::clone(&source));
            Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
                source.close();
                let Some(json) = data(&event) else { return };
                let url = json["json"].as_str().unwrap_or_default().to_owned();
                let id = id.clone();
                leptos::task::spawn_local(async move {
                    let rows = match gloo_net::http::Request::get(&url).send().await {
                        Ok(response) => response.json::<Vec<Transition>>().await.ok(),
                        Err(_) => None,
                    };
                    state.set(match rows {
                        Some(rows) => ReportState::Complete { id, rows },
                        None => ReportState::Failed("the result could not be loaded".to_owned()),
                    });
                });
            })
        };
        let failed = {
            let source = Rc::clone(&source);
            Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
                source.close();
                let message = data(&event)
                    .and_then(|json| json["error"].as_str().map(str::to_owned))
                    .unwrap_or_else(|| "the report failed".to_owned());
                state.set(ReportState::Failed(format!(
                    "The report stopped: {message}."
                )));
            })
        };
        for (name, listener) in [
            ("progress", &progress),
            ("complete", &complete),
            ("failed", &failed),
        ] {
            let _ =
                source.add_event_listener_with_callback(name, listener.as_ref().unchecked_ref());
        }
        Some(ReportFollower {
            source: (*source).clone(),
            _listeners: vec![progress, complete, failed],
        })
    }
}
