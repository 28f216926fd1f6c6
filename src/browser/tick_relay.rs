//! A tick of the shared stream on the tabs' channel. The stream sends a tick as one event per
//! zone, all with the tick's id and instant; the holder, which parses each event once, packs
//! them into one message with what a listener filters on beside the raw events:
//!
//! ```text
//! [token, id, epochMs, type, zone₁, data₁, zone₂, data₂, …]
//! ```
//!
//! so a listening tab gets one message a tick rather than one an event, skips a tick off its
//! interval by one number, matches zones as JS strings (no copy into the WASM), and parses
//! only the events it shows. `token` names the holding that relayed it: a listener hears only
//! the holder it follows, never a stale one (a frozen holder thawed after another took over).
//! An `END` event goes alone, with an empty zone and no instant.

use js_sys::Array;
use wasm_bindgen::JsValue;

use super::clock_source::WireEvent;
use crate::model::{ClockUpdate, UPDATE_EVENT};

const TOKEN: u32 = 0;
const ID: u32 = 1;
const EPOCH_MS: u32 = 2;
const TYPE: u32 = 3;
/// Where the (zone, data) pairs start.
const EVENTS: u32 = 4;

/// The holder's tick being packed.
#[derive(Default)]
pub struct TickPacker {
    /// The message so far, and the id of its tick.
    pending: Option<(Array, String)>,
}

impl TickPacker {
    /// Adds an event of the stream of `zones` zones (an update parsed into `update`), and
    /// hands `post` each message it completes: a tick once it has an event for every zone,
    /// the tick before when a later one starts (a tick cut short by a dropped connection),
    /// and an event that is no tick at once.
    pub fn add(
        &mut self,
        token: u32,
        event: &WireEvent,
        update: Option<&ClockUpdate>,
        zones: usize,
        post: &mut dyn FnMut(&Array),
    ) {
        if self.pending.as_ref().is_some_and(|(_, id)| *id != event.id) {
            self.flush(post);
        }
        let Some(update) = update else {
            self.flush(post);
            let message = header(token, &event.id, f64::NAN, event.event);
            message.push(&JsValue::from_str(""));
            message.push(&JsValue::from_str(&event.data));
            post(&message);
            return;
        };
        let (message, _) = self.pending.get_or_insert_with(|| {
            (
                header(token, &event.id, update.epoch_ms as f64, UPDATE_EVENT),
                event.id.clone(),
            )
        });
        message.push(&JsValue::from_str(&update.zone));
        message.push(&JsValue::from_str(&event.data));
        if message.length() >= EVENTS + 2 * zones as u32 {
            self.flush(post);
        }
    }

    /// Posts the tick packed so far, if any.
    pub fn flush(&mut self, post: &mut dyn FnMut(&Array)) {
        if let Some((message, _)) = self.pending.take() {
            post(&message);
        }
    }
}

fn header(token: u32, id: &str, epoch_ms: f64, event: &str) -> Array {
    let message = Array::new();
    message.push(&JsValue::from_f64(f64::from(token)));
    message.push(&JsValue::from_str(id));
    message.push(&JsValue::from_f64(epoch_ms));
    message.push(&JsValue::from_str(event));
    message
}

/// A relayed tick as a listener reads it: only what it asks for leaves JavaScript.
pub struct RelayedTick<'a> {
    message: &'a Array,
}

impl<'a> RelayedTick<'a> {
    /// The relayed tick in a channel message, if it is one (notices are strings).
    pub fn read(message: &'a JsValue) -> Option<RelayedTick<'a>> {
        use wasm_bindgen::JsCast;
        message
            .dyn_ref::<Array>()
            .map(|message| RelayedTick { message })
    }

    /// Whether holding `token` relayed it.
    pub fn is_from(&self, token: u32) -> bool {
        self.message.get(TOKEN).as_f64() == Some(f64::from(token))
    }

    /// The tick's id, as the stream sent it.
    pub fn id(&self) -> String {
        self.message.get(ID).as_string().unwrap_or_default()
    }

    /// The tick's instant, for an update.
    pub fn epoch_ms(&self) -> Option<i64> {
        self.message
            .get(EPOCH_MS)
            .as_f64()
            .filter(|epoch_ms| epoch_ms.is_finite())
            .map(|epoch_ms| epoch_ms as i64)
    }

    /// The events' type.
    pub fn event_type(&self) -> String {
        self.message.get(TYPE).as_string().unwrap_or_default()
    }

    /// How many events it carries.
    pub fn events(&self) -> u32 {
        self.message.length().saturating_sub(EVENTS) / 2
    }

    /// The zone of event `index`, as a JS string.
    pub fn zone(&self, index: u32) -> JsValue {
        self.message.get(EVENTS + 2 * index)
    }

    /// The raw data of event `index`, as the JS string it is.
    pub fn raw_data(&self, index: u32) -> JsValue {
        self.message.get(EVENTS + 2 * index + 1)
    }

    /// The raw data of event `index`.
    pub fn data(&self, index: u32) -> String {
        self.message
            .get(EVENTS + 2 * index + 1)
            .as_string()
            .unwrap_or_default()
    }
}
