//! How a person edits their list of cards: each card's tools (move it left or right or by
//! dragging, make it home, remove it, rename it, set its working hours), the forms that
//! rename a card and set its hours (a WASM chunk of their own, `card_forms`), and the notice
//! for parts of the URL's cards that were left out. Every edit is a new URL; the move, home
//! and remove buttons are plain GET forms, so they work before (and without) the WASM.

mod card_forms;
mod card_tools;
mod dropped_parts_alert;
mod hours_form;
mod name_form;

pub use card_tools::{CardTools, ListEditor};
pub use dropped_parts_alert::DroppedPartsAlert;
