//! One card's tools: "Move Anna left" and "… right", "Make Anna home" (a toggle), "Remove
//! Anna", a handle to drag the card to another place (mouse or touch, pointer events), and
//! "Rename" and "Hours", which open the card's small forms.
//!
//! The move, home and remove buttons are submit buttons of one GET form to `/`, each
//! carrying the whole list as it would be after it (`cities`), with the interval and the
//! moment: without JavaScript a press loads that page. In the browser a press goes there
//! without a reload, the move is said in the page's live region ("Anna moved to position 2
//! of 6"), and the focus stays on the same button of the same card once the cards are in
//! their new order. A drop is one history entry, like a press.
//!
//! Every card has these tools, so they are kept lean in the WASM: one click handler for
//! the form, one function that draws every button, few reactive values and of few types.
//! The forms' own code is a chunk of its own, fetched on the first press of Rename or Hours:
//! the form appears, with the focus in it, once its code is there.

use leptos::prelude::*;

use super::card_forms::{card_form_view, load_card_forms, CardForm};
use crate::model::{
    cards_url_text, choices_of, edited, move_announcement, moved, renamed, with_hours, CardChoice,
    CardEdit, CardName, HoursChoice, Plan, ShownCard, WeekdaySet,
};
use crate::ui::{chunk::ready_now, components::LanguageField, language::use_messages};

/// The form a card has open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Open {
    /// The rename form.
    Name,
    /// The working hours form.
    Hours,
}

/// A drag of a card under way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Drag {
    /// The dragged card's identity.
    pub identity: String,
    /// The pointer that drags it.
    pointer: i32,
    /// The identity of the card under the pointer, where the card would land.
    pub over: Option<String>,
}

/// What every card's tools share: the list, the way to a new one, the page's live region,
/// the drag under way, the plan (for the countries' working days), and the page's other
/// fields, which the GET forms carry.
#[derive(Clone, Copy)]
pub struct ListEditor {
    /// The cards shown, in order.
    pub cards: Memo<Vec<ShownCard>>,
    /// Goes to the page of these cards (a new history entry).
    on_cards: Callback<Vec<CardChoice>>,
    /// What the page's polite live region says: the last edit.
    pub announcement: RwSignal<String>,
    /// The drag under way, if any.
    pub drag: RwSignal<Option<Drag>>,
    /// The plan in hand, whose working days are the hours form's default.
    plan: Memo<Option<Plan>>,
    /// The interval's field (`sec`).
    sec: Signal<String>,
    /// The planned moment's field (`at`), while one is planned.
    at: Signal<Option<String>>,
}

impl ListEditor {
    /// The editing of `cards`, going to new lists with `on_cards`; the hours form's default
    /// days come from `plan`; the forms carry `sec` and `at`.
    pub fn new(
        cards: Memo<Vec<ShownCard>>,
        on_cards: Callback<Vec<CardChoice>>,
        plan: Memo<Option<Plan>>,
        sec: Signal<String>,
        at: Signal<Option<String>>,
    ) -> ListEditor {
        ListEditor {
            cards,
            on_cards,
            announcement: RwSignal::new(String::new()),
            drag: RwSignal::new(None),
            plan,
            sec,
            at,
        }
    }

    /// Goes to `choices`, says `words`, and puts the focus on the element `focus` once the
    /// page shows them.
    fn apply(&self, choices: Vec<CardChoice>, words: String, focus: Option<String>) {
        self.on_cards.run(choices);
        self.announcement.set(words);
        if let Some(id) = focus {
            focus_later(id);
        }
    }

    /// The choices of the cards now, untracked (in an event handler).
    fn choices(&self) -> Vec<CardChoice> {
        self.cards.with_untracked(|cards| choices_of(cards))
    }
}

/// The tools of one card.
#[component]
pub fn CardTools(
    /// The card.
    card: ShownCard,
    /// The list's editing, shared by every card.
    editor: ListEditor,
) -> impl IntoView {
    let messages = use_messages();
    let title = card.title();
    let base = card.heading_id();
    let place = card.city.short_name();
    let key = card.city.key.clone();
    let name = card.choice.name.as_ref().map(|name| name.to_string());
    let identity = StoredValue::new(card.identity());
    let title_now = StoredValue::new(title.clone());
    let base_now = StoredValue::new(base.clone());
    let id_of = move |tool: &str| base_now.with_value(|base| format!("{base}-{tool}"));

    // The list after each button, for the GET form: unchanged where the edit is not
    // possible (the button then says it is disabled).
    let after = move |edit: CardEdit| {
        editor.cards.with(|cards| {
            let choices = choices_of(cards);
            identity.with_value(|identity| edited(&choices, identity, edit))
        })
    };
    let value = move |edit: CardEdit| {
        Signal::derive(move || {
            after(edit).map_or_else(
                || {
                    editor
                        .cards
                        .with(|cards| cards_url_text(&choices_of(cards)))
                },
                |after| cards_url_text(&after),
            )
        })
    };
    let disabled = move |edit: CardEdit| Signal::derive(move || after(edit).is_none().to_string());
    let is_home = move || {
        editor.cards.with(|cards| {
            identity.with_value(|identity| {
                cards
                    .iter()
                    .any(|card| card.choice.home && card.identity() == *identity)
            })
        })
    };

    let act = move |edit: CardEdit| {
        let choices = editor.choices();
        let Some(after) = identity.with_value(|identity| edited(&choices, identity, edit)) else {
            return;
        };
        let landed = identity
            .with_value(|identity| after.iter().position(|card| card.identity() == *identity));
        let words = title_now.with_value(|title| match (edit, landed) {
            (CardEdit::Remove, _) => messages.card_removed(title),
            (CardEdit::ToggleHome, Some(0)) if after[0].home => messages.card_is_home(title),
            (CardEdit::ToggleHome, _) => messages.card_not_home(title),
            (_, landed) => move_announcement(title, landed.unwrap_or(0), after.len(), messages),
        });
        let focus = match edit {
            CardEdit::Left => Some(id_of("left")),
            CardEdit::Right => Some(id_of("right")),
            CardEdit::ToggleHome => Some(id_of("home")),
            CardEdit::Remove => None,
        };
        editor.apply(after, words, focus);
    };

    // Dragging: the handle holds the pointer from its press to its release; the card under
    // the pointer is where the dragged card lands.
    let mine = move |event: &leptos::ev::PointerEvent| {
        editor.drag.with_untracked(|drag| {
            drag.as_ref().is_some_and(|d| {
                d.pointer == event.pointer_id() && identity.with_value(|id| d.identity == *id)
            })
        })
    };
    let on_pointerdown = move |event: leptos::ev::PointerEvent| {
        if !event.is_primary() || event.button() != 0 || untrack(is_home) {
            return;
        }
        event.prevent_default();
        hold_pointer(&event);
        editor.drag.set(Some(Drag {
            identity: identity.get_value(),
            pointer: event.pointer_id(),
            over: None,
        }));
    };
    let on_pointermove = move |event: leptos::ev::PointerEvent| {
        if !mine(&event) {
            return;
        }
        let over = card_under(event.client_x(), event.client_y());
        if editor
            .drag
            .with_untracked(|drag| drag.as_ref().map(|d| d.over != over))
            == Some(true)
        {
            editor.drag.update(|drag| {
                if let Some(drag) = drag {
                    drag.over = over;
                }
            });
        }
    };
    let on_pointerup = move |event: leptos::ev::PointerEvent| {
        if !mine(&event) {
            return;
        }
        let over = editor.drag.get_untracked().and_then(|drag| drag.over);
        editor.drag.set(None);
        let choices = editor.choices();
        let place_of = |id: &str| choices.iter().position(|card| card.identity() == id);
        let from = identity.with_value(|id| place_of(id));
        let (Some(from), Some(to)) = (from, over.as_deref().and_then(place_of)) else {
            return;
        };
        let Some(after) = moved(&choices, from, to) else {
            return;
        };
        let landed = after.iter().position(|card| *card == choices[from]);
        let words = title_now.with_value(|title| {
            move_announcement(title, landed.unwrap_or(from), choices.len(), messages)
        });
        editor.apply(after, words, None);
    };
    let on_pointercancel = move |event: leptos::ev::PointerEvent| {
        if mine(&event) {
            editor.drag.set(None);
        }
    };

    let open = RwSignal::new(None::<Open>);
    // The form asked for while the forms' code loads: a second press waits with the first
    // (one load, one form), and a press of the other button changes which form opens.
    let asked = StoredValue::new(None::<Open>);
    let toggle = move |form: Open| {
        if open.get_untracked() == Some(form) {
            open.set(None);
            return;
        }
        let loading = asked.get_value().is_some();
        asked.set_value(Some(form));
        if loading {
            return;
        }
        // Loaded already, the chunk is ready at the next turn of the page's tasks.
        leptos::task::spawn_local(async move {
            let loaded = load_card_forms().await;
            // The card may have gone meanwhile (its list edited in another way).
            let Some(Some(form)) = asked.try_get_value() else {
                return;
            };
            asked.set_value(None);
            match loaded {
                Ok(()) => {
                    open.set(Some(form));
                    focus_later(id_of(if form == Open::Name { "name" } else { "start" }));
                }
                Err(_) => editor
                    .announcement
                    .set("The form did not load; press again to retry".to_owned()),
            }
        });
    };
    let expanded = move |form: Open| Signal::derive(move || (open.get() == Some(form)).to_string());
    let close = move |tool: &'static str| {
        open.set(None);
        focus_later(id_of(tool));
    };
    // The open form closed unchanged, the focus back on the button that opened it.
    let cancel = move || {
        if let Some(form) = open.get_untracked() {
            close(if form == Open::Name {
                "rename"
            } else {
                "hours"
            });
        }
    };
    let card = StoredValue::new(card);
    let on_name = Callback::new(move |name: Option<CardName>| {
        let choices = editor.choices();
        let Some(index) =
            identity.with_value(|id| choices.iter().position(|c| c.identity() == *id))
        else {
            return;
        };
        let after = renamed(&choices, index, name.clone());
        if after == choices {
            close("rename");
            return;
        }
        open.set(None);
        // A new name is a new card: the focus goes to the renamed card's button.
        let (focus, words) = card.with_value(|card| {
            let renamed = ShownCard {
                choice: CardChoice {
                    name,
                    ..card.choice.clone()
                },
                city: card.city.clone(),
            };
            let words = messages.card_renamed(card.title(), renamed.title());
            (format!("{}-rename", renamed.heading_id()), words)
        });
        editor.apply(after, words, Some(focus));
    });
    let on_hours = Callback::new(move |hours: Option<HoursChoice>| {
        let choices = editor.choices();
        let Some(index) =
            identity.with_value(|id| choices.iter().position(|c| c.identity() == *id))
        else {
            return;
        };
        if choices[index].hours == hours {
            close("hours");
            return;
        }
        open.set(None);
        let words = title_now.with_value(|title| match hours {
            Some(_) => messages.hours_saved(title),
            None => messages.hours_reset(title),
        });
        editor.apply(
            with_hours(&choices, index, hours),
            words,
            Some(id_of("hours")),
        );
    });
    let on_click = move |event: leptos::ev::MouseEvent| {
        let Some(tool) = clicked_tool(&event) else {
            return;
        };
        event.prevent_default();
        match tool.as_str() {
            "left" => act(CardEdit::Left),
            "right" => act(CardEdit::Right),
            "home" => act(CardEdit::ToggleHome),
            "remove" => act(CardEdit::Remove),
            "rename" => toggle(Open::Name),
            "hours" => toggle(Open::Hours),
            "cancel" => cancel(),
            "reset" => on_hours.run(None),
            _ => {}
        }
    };
    // Escape leaves an open form as Cancel does.
    let on_keydown = move |event: leptos::ev::KeyboardEvent| {
        if event.key() == "Escape" && open.get_untracked().is_some() {
            event.prevent_default();
            cancel();
        }
    };
    let country_days = move || {
        editor
            .plan
            .with_untracked(|plan| plan.as_ref()?.working_days(&key))
            .unwrap_or(WeekdaySet::MONDAY_TO_FRIDAY)
    };
    let hours_now = move || {
        let choices = editor.choices();
        identity.with_value(|id| choices.iter().find(|c| c.identity() == *id)?.hours)
    };
    // The open form, drawn by the forms' chunk, which is loaded before `open` is set.
    let form = {
        let base = base.clone();
        move || {
            let form = match open.get()? {
                Open::Name => CardForm::Name {
                    id_base: base.clone(),
                    place: place.clone(),
                    name: name.clone(),
                    on_save: on_name,
                },
                Open::Hours => CardForm::Hours {
                    id_base: base.clone(),
                    title: title_now.get_value(),
                    hours: hours_now(),
                    country_days: country_days(),
                    on_save: on_hours,
                },
            };
            ready_now(card_form_view(form))?.ok()
        }
    };
    let button =
        |tool: &'static str, text: &'static str, class: &'static str, label: String| Tool {
            id: format!("{base}-{tool}"),
            tool,
            submit: true,
            class,
            label,
            text,
            icon: text.chars().count() == 1,
            value: None,
            disabled: None,
            pressed: None,
            expanded: None,
        };

    view! {
        // One click handler for every button of the card, its forms' included (each says
        // which it is in `data-tool`), and one for Escape.
        <div class="card-tools" on:click=on_click on:keydown=on_keydown>
        <form class="card-tools__row" method="get" action="/">
            <input type="hidden" name="sec" prop:value=editor.sec value=editor.sec />
            {move || editor.at.get().map(|at| view! { <input type="hidden" name="at" value=at /> })}
            <LanguageField />
            <span
                class="card-tools__handle needs-js"
                class:card-tools__handle--off=is_home
                aria-hidden="true"
                title=messages.drag_to_move
                on:pointerdown=on_pointerdown
                on:pointermove=on_pointermove
                on:pointerup=on_pointerup
                on:pointercancel=on_pointercancel
            >
                "⠿"
            </span>
            {tool_button(Tool {
                value: Some(value(CardEdit::Left)),
                disabled: Some(disabled(CardEdit::Left)),
                ..button("left", "←", "icon-button", messages.move_left(&title))
            })}
            {tool_button(Tool {
                value: Some(value(CardEdit::Right)),
                disabled: Some(disabled(CardEdit::Right)),
                ..button("right", "→", "icon-button", messages.move_right(&title))
            })}
            {tool_button(Tool {
                value: Some(value(CardEdit::ToggleHome)),
                pressed: Some(Signal::derive(move || is_home().to_string())),
                ..button("home", messages.home, "button card-tools__home", messages.make_home(&title))
            })}
            {tool_button(Tool {
                submit: false,
                expanded: Some(expanded(Open::Name)),
                ..button("rename", messages.rename, "button needs-js", messages.rename_card(&title))
            })}
            {tool_button(Tool {
                submit: false,
                expanded: Some(expanded(Open::Hours)),
                ..button("hours", messages.hours_button, "button needs-js", messages.working_hours_for(&title))
            })}
            {tool_button(Tool {
                value: Some(value(CardEdit::Remove)),
                ..button("remove", "×", "icon-button city-card__remove", messages.remove_card(&title))
            })}
        </form>
        {form}
        </div>
    }
}

/// One of a card's buttons, as [`tool_button`] draws it.
struct Tool {
    /// Its id (the card's heading id and the tool), where the focus is put back.
    id: String,
    /// Which tool it is (`data-tool`), read by the form's one click handler.
    tool: &'static str,
    /// A submit button of the GET form (with the list after it as `cities`), or a plain
    /// button that needs the script.
    submit: bool,
    /// Its classes.
    class: &'static str,
    /// Its accessible name (`Move Anna left`).
    label: String,
    /// What it shows.
    text: &'static str,
    /// Whether what it shows is a symbol that its label says in words.
    icon: bool,
    /// The list after it, for the GET form.
    value: Option<Signal<String>>,
    /// `aria-disabled`, where it may not apply.
    disabled: Option<Signal<String>>,
    /// `aria-pressed`, for a toggle.
    pressed: Option<Signal<String>>,
    /// `aria-expanded`, for a button that opens a form.
    expanded: Option<Signal<String>>,
}

/// A card's button. One function draws all six, so the bundle holds the code of one kind of
/// button rather than six (every distinct view is compiled on its own).
fn tool_button(tool: Tool) -> impl IntoView {
    view! {
        <button
            type=if tool.submit { "submit" } else { "button" }
            id=tool.id
            class=tool.class
            name=tool.submit.then_some("cities")
            value=tool.value
            aria-label=tool.label
            aria-disabled=tool.disabled
            aria-pressed=tool.pressed
            aria-expanded=tool.expanded
            data-tool=tool.tool
        >
            <span aria-hidden=tool.icon.then_some("true")>{tool.text}</span>
        </button>
    }
}

/// Puts the focus on the element with `id` at the next frame, once the page shows what
/// changed (an element moved to its new place has lost the focus).
fn focus_later(id: String) {
    #[cfg(feature = "hydrate")]
    request_animation_frame(move || {
        use wasm_bindgen::JsCast;
        let element = document().get_element_by_id(&id);
        if let Some(element) = element.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = element.focus();
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

/// The `data-tool` of the button a click landed on, if it landed on one.
fn clicked_tool(event: &leptos::ev::MouseEvent) -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        let target = event_target::<web_sys::Element>(event);
        target
            .closest("[data-tool]")
            .ok()??
            .get_attribute("data-tool")
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = event;
        None
    }
}

/// Keeps the pointer's events on the handle until it is released.
fn hold_pointer(event: &leptos::ev::PointerEvent) {
    #[cfg(feature = "hydrate")]
    {
        let handle = event_target::<web_sys::Element>(event);
        let _ = handle.set_pointer_capture(event.pointer_id());
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = event;
}

/// The identity of the card under the point (`x`, `y`) of the viewport, if any.
fn card_under(x: i32, y: i32) -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        let element = document().element_from_point(x as f32, y as f32)?;
        element
            .closest("[data-card]")
            .ok()??
            .get_attribute("data-card")
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (x, y);
        None
    }
}
