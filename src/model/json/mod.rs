//! JSON without serde, for the page's bundle: the server's answers and events, the values
//! the server ships with the page, and what tabs and later visits keep, read into the
//! model's own types and written back. The server writes the same JSON with serde; every
//! type's tests read what serde wrote, so both sides keep one contract.
//!
//! serde's derived readers and serde_json's parser were a tenth of the page's WASM, for
//! JSON of strings, whole numbers, booleans, arrays and objects: this reader is a few
//! hundred lines, and it keeps numbers as written, so no float parser ships either.

mod parse;
mod value;
mod write;

pub use value::{FromJson, Json};
pub use write::{json_string, JsonObject};
