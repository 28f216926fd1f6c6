//! Following a transitions report over its `EventSource` (browser only): what the events say
//! goes to the page through callbacks, so this module knows nothing of the page.

use std::rc::Rc;

use wasm_bindgen::{closure::Closure, JsCast};
use web_sys::{EventSource, MessageEvent};

/// What the page does with a report's events.
pub struct ReportCallbacks {
    /// Progress: zones done, zones in all, the zone last finished.
    pub on_progress: Box<dyn Fn(u64, u64, String)>,
    /// Complete: where the result's JSON is.
    pub on_complete: Box<dyn Fn(String)>,
    /// Failed or cancelled: the server's sentence.
    pub on_failed: Box<dyn Fn(String)>,
}

/// The EventSource following one report; closed when dropped.
pub struct ReportSource {
    source: EventSource,
    _listeners: Vec<Closure<dyn FnMut(web_sys::Event)>>,
}

impl Drop for ReportSource {
    fn drop(&mut self) {
        self.source.close();
    }
}

impl ReportSource {
    /// Opens `events` and hands what it says to `callbacks`.
    pub fn open(events: &str, callbacks: ReportCallbacks) -> Option<ReportSource> {
        let source = Rc::new(EventSource::new(events).ok()?);
        let callbacks = Rc::new(callbacks);
        let data = |event: &web_sys::Event| {
            event
                .dyn_ref::<MessageEvent>()
                .and_then(|message| message.data().as_string())
                .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
        };
        let progress = {
            let callbacks = Rc::clone(&callbacks);
            Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
                if let Some(json) = data(&event) {
                    (callbacks.on_progress)(
                        json["done"].as_u64().unwrap_or(0),
                        json["total"].as_u64().unwrap_or(0),
                        json["zone"].as_str().unwrap_or_default().to_owned(),
                    );
                }
            })
        };
        let complete = {
            let (callbacks, source) = (Rc::clone(&callbacks), Rc::clone(&source));
            Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
                source.close();
                let Some(json) = data(&event) else { return };
                (callbacks.on_complete)(json["json"].as_str().unwrap_or_default().to_owned());
            })
        };
        let failed = {
            let (callbacks, source) = (Rc::clone(&callbacks), Rc::clone(&source));
            Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
                source.close();
                let message = data(&event)
                    .and_then(|json| json["error"].as_str().map(str::to_owned))
                    .unwrap_or_else(|| "the report failed".to_owned());
                (callbacks.on_failed)(message);
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
        Some(ReportSource {
            source: (*source).clone(),
            _listeners: vec![progress, complete, failed],
        })
    }
}
