//! Values the server works out while it renders a page (the first snapshot, the remembered
//! zone, a typed time's problem), shipped in the page so hydration starts from the tree the
//! server rendered: written with serde on the server, read with the model's own JSON reader
//! in the browser, so the bundle carries no serde.

use codee::{Decoder, Encoder};
use leptos::server::SharedValue;
use serde::Serialize;

use crate::model::FromJson;

/// The value `initial` works out on the server; in the browser, during hydration, the value
/// the server shipped (or `initial`'s, where the page carries none).
pub fn shipped<T>(initial: impl FnOnce() -> T) -> T
where
    T: Serialize + FromJson + 'static,
{
    SharedValue::<T, ShippedJson>::new_with_encoding(initial).into_inner()
}

/// JSON: serde writes it, [`FromJson`] reads it.
struct ShippedJson;

impl<T: Serialize> Encoder<T> for ShippedJson {
    type Error = serde_json::Error;
    type Encoded = String;

    fn encode(value: &T) -> Result<String, serde_json::Error> {
        serde_json::to_string(value)
    }
}

impl<T: FromJson> Decoder<T> for ShippedJson {
    type Error = NotShipped;
    type Encoded = str;

    fn decode(text: &str) -> Result<T, NotShipped> {
        T::from_json_text(text).ok_or(NotShipped)
    }
}

/// The page's shipped text is not the value's JSON.
#[derive(Debug)]
struct NotShipped;
