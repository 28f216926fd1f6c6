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

use leptos::prelude::*;

use super::{hours_form::HoursForm, name_form::NameForm};
use crate::model::{
    cards_url_text, choices_of, move_announcement, moved, moved_by, renamed, with_home, with_hours,
    without, CardChoice, CardName, HoursChoice, ShownCard, WeekdaySet,
};

/// A control of a card that keeps the focus across the edit it makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Control {
    /// "Move … left".
    Left,
    /// "Move … right".
    Right,
    /// "Make … home".
    Home,
    /// "Rename".
    Rename,
    /// "Hours".
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
/// where the focus goes once an edit is shown, the drag under way, and the page's other
/// fields, which the GET forms carry.
#[derive(Clone, Copy)]
pub struct ListEditor {
    /// The cards shown, in order.
    pub cards: Memo<Vec<ShownCard>>,
    /// Goes to the page of these cards (a new history entry).
    on_cards: Callback<Vec<CardChoice>>,
    /// What the page's polite live region says: the last edit.
    pub announcement: RwSignal<String>,
    /// The card (by identity) and control to focus once the page shows an edit.
    focus: RwSignal<Option<(String, Control)>>,
    /// The drag under way, if any.
    pub drag: RwSignal<Option<Drag>>,
    /// The interval's field (`sec`).
    sec: Signal<String>,
    /// The planned moment's field (`at`), while one is planned.
    at: Signal<Option<String>>,
}

impl ListEditor {
    /// The editing of `cards`, going to new lists with `on_cards`; the forms carry `sec`
    /// and `at`.
    pub fn new(
        cards: Memo<Vec<ShownCard>>,
        on_cards: Callback<Vec<CardChoice>>,
        sec: Signal<String>,
        at: Signal<Option<String>>,
    ) -> ListEditor {
        ListEditor {
            cards,
            on_cards,
            announcement: RwSignal::new(String::new()),
            focus: RwSignal::new(None),
            drag: RwSignal::new(None),
            sec,
            at,
        }
    }

    /// Goes to `choices`, says `words`, and asks for the focus on `focus` once shown.
    fn apply(&self, choices: Vec<CardChoice>, words: String, focus: Option<(String, Control)>) {
        self.on_cards.run(choices);
        self.announcement.set(words);
        if focus.is_some() {
            self.focus.set(focus);
        }
    }
}

/// The tools of one card.
#[component]
pub fn CardTools(
    /// The card.
    card: ShownCard,
    /// The list's editing, shared by every card.
    editor: ListEditor,
    /// The card's country's working days: the hours form's default.
    country_days: Signal<WeekdaySet>,
) -> impl IntoView {
    let title = card.title();
    let id_base = card.heading_id();
    let place = card.city.short_name();
    let name = card
        .choice
        .name
        .as_ref()
        .map(|name| name.as_str().to_owned());
    let card = StoredValue::new(card);
    let identity = move || card.with_value(ShownCard::identity);
    let title_now = StoredValue::new(title.clone());
    let position = Memo::new(move |_| {
        let identity = identity();
        editor
            .cards
            .with(|cards| cards.iter().position(|c| c.identity() == identity))
    });
    let list = move || editor.cards.with_untracked(|cards| choices_of(cards));
    let is_home = Memo::new(move |_| {
        let position = position.get();
        editor.cards.with(|cards| {
            position
                .and_then(|p| cards.get(p))
                .is_some_and(|c| c.choice.home)
        })
    });
    // The list after each button, for the GET form: unchanged where the move is not
    // possible (the button then says it is disabled).
    let after = move |edit: fn(&[CardChoice], usize) -> Option<Vec<CardChoice>>| {
        move || {
            let position = position.get()?;
            editor.cards.with(|cards| {
                let choices = choices_of(cards);
                let edited = edit(&choices, position);
                Some((edited.is_some(), cards_url_text(&edited.unwrap_or(choices))))
            })
        }
    };
    let left = Memo::new(move |_| after(|c, p| moved_by(c, p, -1))());
    let right = Memo::new(move |_| after(|c, p| moved_by(c, p, 1))());
    let home = Memo::new(move |_| after(|c, p| Some(with_home(c, p, !c[p].home)))());
    let remove = Memo::new(move |_| after(|c, p| Some(without(c, p)))());
    let value = |list: Memo<Option<(bool, String)>>| {
        move || {
            list.with(|list| {
                list.as_ref()
                    .map(|(_, text)| text.clone())
                    .unwrap_or_default()
            })
        }
    };
    let disabled = |list: Memo<Option<(bool, String)>>| {
        move || {
            (!list.with(|list| list.as_ref().is_some_and(|(possible, _)| *possible))).to_string()
        }
    };

    let left_button = NodeRef::<leptos::html::Button>::new();
    let right_button = NodeRef::<leptos::html::Button>::new();
    let home_button = NodeRef::<leptos::html::Button>::new();
    let rename_button = NodeRef::<leptos::html::Button>::new();
    let hours_button = NodeRef::<leptos::html::Button>::new();
    let button_of = move |control: Control| match control {
        Control::Left => left_button,
        Control::Right => right_button,
        Control::Home => home_button,
        Control::Rename => rename_button,
        Control::Hours => hours_button,
    };
    // Once the page shows an edit of this card, its control takes the focus back: after the
    // next frame, when the cards are in their new order (moving an element drops its focus).
    Effect::new(move |_| {
        let identity = identity();
        let control = editor.focus.with(|focus| {
            focus
                .as_ref()
                .filter(|(id, _)| *id == identity)
                .map(|(_, control)| *control)
        });
        if let Some(control) = control {
            editor.focus.set(None);
            let button = button_of(control);
            request_animation_frame(move || {
                if let Some(button) = button.get_untracked() {
                    let _ = button.focus();
                }
            });
        }
    });

    let step = move |control: Control| {
        let Some(position) = position.get_untracked() else {
            return;
        };
        let choices = list();
        let step = if control == Control::Left { -1 } else { 1 };
        if let Some(moved) = moved_by(&choices, position, step) {
            let to = position.saturating_add_signed(step);
            let words = title_now.with_value(|title| move_announcement(title, to, choices.len()));
            editor.apply(moved, words, Some((identity(), control)));
        }
    };
    let toggle_home = move || {
        let Some(position) = position.get_untracked() else {
            return;
        };
        let choices = list();
        let home = !choices[position].home;
        let words = title_now.with_value(|title| {
            if home {
                format!("{title} is home: the other cards are compared with it")
            } else {
                format!("{title} is no longer home")
            }
        });
        editor.apply(
            with_home(&choices, position, home),
            words,
            Some((identity(), Control::Home)),
        );
    };
    let remove_card = move || {
        if let Some(position) = position.get_untracked() {
            let words = title_now.with_value(|title| format!("{title} removed"));
            editor.apply(without(&list(), position), words, None);
        }
    };

    // Dragging: the handle holds the pointer from its press to its release; the card under
    // the pointer is where the dragged card lands.
    let mine = move |event: &leptos::ev::PointerEvent| {
        let identity = identity();
        editor.drag.with_untracked(|drag| {
            drag.as_ref()
                .is_some_and(|d| d.pointer == event.pointer_id() && d.identity == identity)
        })
    };
    let on_pointerdown = move |event: leptos::ev::PointerEvent| {
        if !event.is_primary() || event.button() != 0 || is_home.get_untracked() {
            return;
        }
        event.prevent_default();
        hold_pointer(&event);
        editor.drag.set(Some(Drag {
            identity: identity(),
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
        let (Some(from), Some(over)) = (position.get_untracked(), over) else {
            return;
        };
        let to = editor
            .cards
            .with_untracked(|cards| cards.iter().position(|c| c.identity() == over));
        let choices = list();
        let Some(moved) = to.and_then(|to| moved(&choices, from, to)) else {
            return;
        };
        let landed = moved
            .iter()
            .position(|c| *c == choices[from])
            .unwrap_or(from);
        let words = title_now.with_value(|title| move_announcement(title, landed, choices.len()));
        editor.apply(moved, words, None);
    };
    let on_pointercancel = move |event: leptos::ev::PointerEvent| {
        if mine(&event) {
            editor.drag.set(None);
        }
    };

    let open = RwSignal::new(None::<Control>);
    let toggle = move |control: Control| {
        open.update(|open| {
            *open = if *open == Some(control) {
                None
            } else {
                Some(control)
            }
        })
    };
    let expanded = move |control: Control| move || (open.get() == Some(control)).to_string();
    let close = move |control: Control| {
        open.set(None);
        if let Some(button) = button_of(control).get_untracked() {
            let _ = button.focus();
        }
    };
    let on_name = Callback::new(move |name: Option<CardName>| {
        let Some(position) = position.get_untracked() else {
            return;
        };
        let choices = list();
        let renamed = renamed(&choices, position, name.clone());
        if renamed == choices {
            close(Control::Rename);
            return;
        }
        open.set(None);
        // A new name is a new card: the focus goes to the renamed card's button.
        let (identity, words) = card.with_value(|card| {
            let renamed = ShownCard {
                choice: CardChoice {
                    name,
                    ..card.choice.clone()
                },
                city: card.city.clone(),
            };
            let words = format!("{} is now called {}", card.title(), renamed.title());
            (renamed.identity(), words)
        });
        editor.apply(renamed, words, Some((identity, Control::Rename)));
    });
    let on_hours = Callback::new(move |hours: Option<HoursChoice>| {
        let Some(position) = position.get_untracked() else {
            return;
        };
        let choices = list();
        if choices[position].hours == hours {
            close(Control::Hours);
            return;
        }
        open.set(None);
        let words = title_now.with_value(|title| match hours {
            Some(_) => format!("Working hours for {title} saved"),
            None => format!("Working hours for {title} back to the default"),
        });
        editor.apply(
            with_hours(&choices, position, hours),
            words,
            Some((identity(), Control::Hours)),
        );
    });
    let form = move || {
        let control = open.get()?;
        let id_base = id_base.clone();
        Some(if control == Control::Rename {
            view! {
                <NameForm
                    id_base
                    place=place.clone()
                    name=name.clone()
                    on_save=on_name
                    on_cancel=Callback::new(move |()| close(Control::Rename))
                />
            }
            .into_any()
        } else {
            let hours = position.get_untracked().and_then(|p| {
                editor
                    .cards
                    .with_untracked(|cards| cards.get(p)?.choice.hours)
            });
            view! {
                <HoursForm
                    id_base
                    title=title_now.get_value()
                    hours
                    country_days=country_days.get_untracked()
                    on_save=on_hours
                    on_cancel=Callback::new(move |()| close(Control::Hours))
                />
            }
            .into_any()
        })
    };

    view! {
        <form class="card-tools" method="get" action="/">
            <input type="hidden" name="sec" prop:value=editor.sec value=editor.sec />
            {move || editor.at.get().map(|at| view! { <input type="hidden" name="at" value=at /> })}
            <span
                class="card-tools__handle needs-js"
                class:card-tools__handle--off=move || is_home.get()
                aria-hidden="true"
                title="Drag to move"
                on:pointerdown=on_pointerdown
                on:pointermove=on_pointermove
                on:pointerup=on_pointerup
                on:pointercancel=on_pointercancel
            >
                "⠿"
            </span>
            <button
                type="submit"
                class="icon-button"
                name="cities"
                value=value(left)
                aria-label=format!("Move {title} left")
                aria-disabled=disabled(left)
                node_ref=left_button
                on:click=move |event| {
                    event.prevent_default();
                    step(Control::Left);
                }
            >
                <span aria-hidden="true">"←"</span>
            </button>
            <button
                type="submit"
                class="icon-button"
                name="cities"
                value=value(right)
                aria-label=format!("Move {title} right")
                aria-disabled=disabled(right)
                node_ref=right_button
                on:click=move |event| {
                    event.prevent_default();
                    step(Control::Right);
                }
            >
                <span aria-hidden="true">"→"</span>
            </button>
            <button
                type="submit"
                class="button card-tools__home"
                name="cities"
                value=value(home)
                aria-label=format!("Make {title} home")
                aria-pressed=move || is_home.get().to_string()
                node_ref=home_button
                on:click=move |event| {
                    event.prevent_default();
                    toggle_home();
                }
            >
                "Home"
            </button>
            <button
                type="button"
                class="button needs-js"
                aria-label=format!("Rename {title}")
                aria-expanded=expanded(Control::Rename)
                node_ref=rename_button
                on:click=move |_| toggle(Control::Rename)
            >
                "Rename"
            </button>
            <button
                type="button"
                class="button needs-js"
                aria-label=format!("Working hours for {title}")
                aria-expanded=expanded(Control::Hours)
                node_ref=hours_button
                on:click=move |_| toggle(Control::Hours)
            >
                "Hours"
            </button>
            <button
                type="submit"
                class="icon-button city-card__remove"
                name="cities"
                value=value(remove)
                aria-label=format!("Remove {title}")
                on:click=move |event| {
                    event.prevent_default();
                    remove_card();
                }
            >
                <span aria-hidden="true">"×"</span>
            </button>
        </form>
        {form}
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
