//! A card's two forms (rename, working hours) as a WASM chunk of their own: they appear only
//! after a click on Rename or Hours, so their code, and what only they use (the reasons a
//! name or hours are refused, the quarter-hour options), is fetched on the first such click
//! rather than by every visitor (wasm-split, as `make site` runs it).

use leptos::{prelude::*, wasm_split::SplitLoaderError};

use super::{hours_form::HoursForm, name_form::NameForm};
use crate::model::{CardName, HoursChoice, WeekdaySet};

/// A form to open, with what it opens on.
pub enum CardForm {
    /// The rename form.
    Name {
        /// A base for the form's element ids, unique on the page (the card's heading id).
        id_base: String,
        /// The card's city (`Berlin, Germany`), which the field's label names.
        place: String,
        /// The card's name now, if it has one.
        name: Option<String>,
        /// Called with the new name (`None`: the city's own).
        on_save: Callback<Option<CardName>>,
    },
    /// The working hours form.
    Hours {
        /// A base for the form's element ids, unique on the page (the card's heading id).
        id_base: String,
        /// How the page names the card (`Anna`), for the form's legend.
        title: String,
        /// The hours the person set, if any.
        hours: Option<HoursChoice>,
        /// The card's country's working days: the default.
        country_days: WeekdaySet,
        /// Called with the new hours (`None`: the default).
        on_save: Callback<Option<HoursChoice>>,
    },
}

/// The view of `form`. In the browser, awaiting it loads the forms' chunk (once; a failed
/// load is an error, and the next call tries again), so the page calls it once
/// [`load_card_forms`] has; on the server it is ready at once.
///
/// `wasm_split` itself rather than Leptos' `#[lazy]`: `fallible` makes a chunk that does not
/// load an error the card can tell, where `#[lazy]` would panic and stop the whole page.
#[leptos::wasm_split::wasm_split(
    worldclock_card_forms,
    wasm_split_path = ::leptos::wasm_split,
    preload(load_card_forms),
    fallible
)]
pub fn card_form_view(form: CardForm) -> Result<AnyView, SplitLoaderError> {
    Ok(match form {
        CardForm::Name {
            id_base,
            place,
            name,
            on_save,
        } => view! { <NameForm id_base place name on_save /> }.into_any(),
        CardForm::Hours {
            id_base,
            title,
            hours,
            country_days,
            on_save,
        } => view! { <HoursForm id_base title hours country_days on_save /> }.into_any(),
    })
}
