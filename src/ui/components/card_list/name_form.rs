//! The small inline form that names a card: a text field (at most 40 characters), Save and
//! Cancel (Cancel and Escape are the card's tools' to handle, as every button of a card is). A name that cannot be one is refused with the reason beside the
//! field; an empty field gives the card its city's name again.

use leptos::prelude::*;

use crate::{
    model::{CardName, CardNameError, MAX_NAME_CHARS},
    ui::language::use_messages,
};

/// The rename form of one card (whoever opens it gives its field, `{id_base}-name`, the
/// focus).
#[component]
pub fn NameForm(
    /// A base for the form's element ids, unique on the page (the card's heading id).
    id_base: String,
    /// The card's city (`Berlin, Germany`), which the field's label names.
    place: String,
    /// The card's name now, if it has one.
    name: Option<String>,
    /// Called with the new name (`None`: the city's own).
    on_save: Callback<Option<CardName>>,
) -> impl IntoView {
    let words = use_messages();
    let error = RwSignal::new(None::<String>);
    let field = NodeRef::<leptos::html::Input>::new();
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some(field) = field.get_untracked() else {
            return;
        };
        match CardName::parse(&field.value()) {
            Ok(name) => on_save.run(Some(name)),
            Err(CardNameError::Empty) => on_save.run(None),
            Err(refused) => error.set(Some(words.not_saved(refused.sentence(words)))),
        }
    };
    let field_id = format!("{id_base}-name");
    let hint_id = format!("{id_base}-name-hint");
    view! {
        <form class="card-form" on:submit=on_submit>
            <label for=field_id.clone()>{words.name_for(&place)}</label>
            <input
                id=field_id
                type="text"
                maxlength=MAX_NAME_CHARS.to_string()
                autocomplete="off"
                value=name
                node_ref=field
                aria-invalid=move || error.with(Option::is_some).to_string()
                aria-describedby=hint_id.clone()
            />
            // The hint and, after a refused name, why: the field's description.
            <p class="card-form__hint" id=hint_id>
                {words.name_hint(MAX_NAME_CHARS)}
                <strong class="card-form__error">{move || error.get()}</strong>
            </p>
            <button type="submit" class="button">{words.save}</button>
            <button type="button" class="button" data-tool="cancel">{words.cancel}</button>
        </form>
    }
}
