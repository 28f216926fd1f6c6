//! The keyboard slider that moves the planned moment (the WAI-ARIA slider pattern): arrows
//! by 15 minutes, Page Up / Page Down by an hour, Home / End to the strip's ends. The URL
//! follows: the first move after the slider takes focus adds a history entry, the rest of
//! the run replace it, so the back button leaves the run in one step.
//!
//! It needs the WASM, so the server's page hides it until the page is hydrated (the strips'
//! links and the typed time do the same work without JavaScript).

use leptos::prelude::*;

use crate::ui::language::use_messages;

use crate::model::{strip_columns, Moment, Plan, ShownCard};

const QUARTER_S: i64 = 900;
const HOUR_S: i64 = 3600;

/// The slider; nothing while live.
#[component]
pub fn MomentSlider(
    /// The shown cards: the first one's (home's, when there is one) local time names the
    /// moment, under the card's name when it has one.
    cards: Memo<Vec<ShownCard>>,
    /// The plan, once the snapshot for the planned moment is here.
    plan: Memo<Option<Plan>>,
    /// The page's URL at a moment.
    url_at: Callback<Moment, String>,
    /// Goes to a URL of this page with a new history entry.
    on_go: Callback<String>,
    /// Goes to a URL of this page in place of the current entry.
    on_replace: Callback<String>,
) -> impl IntoView {
    let words = use_messages();
    let in_run = StoredValue::new(false);
    let value = Memo::new(move |_| {
        plan.with(|plan| {
            let plan = plan.as_ref()?;
            let at = plan.at;
            let mut columns = strip_columns(at);
            let min = columns.next()?;
            let max = columns.last().unwrap_or(min) + HOUR_S - QUARTER_S;
            let text = cards.with(|cards| {
                let card = cards.first()?;
                let local = plan.offsets(&card.city.zone)?.local_at(at.epoch_s())?.civil;
                Some(words.slider_text(
                    local.day_text(&words.calendar),
                    format!("{:02}:{:02}", local.hour, local.minute),
                    card.clock_phrase(words),
                ))
            });
            Some((
                at.epoch_s(),
                min,
                max,
                text.unwrap_or_else(|| at.to_string()),
            ))
        })
    });
    let on_keydown = move |event: leptos::ev::KeyboardEvent| {
        let Some((now, min, max, _)) = value.get_untracked() else {
            return;
        };
        let target = match event.key().as_str() {
            "ArrowRight" | "ArrowUp" => now + QUARTER_S,
            "ArrowLeft" | "ArrowDown" => now - QUARTER_S,
            "PageUp" => now + HOUR_S,
            "PageDown" => now - HOUR_S,
            "Home" => min,
            "End" => max,
            _ => return,
        };
        event.prevent_default();
        let Ok(moment) = Moment::from_epoch_s(target) else {
            return;
        };
        let url = url_at.run(moment);
        if in_run.get_value() {
            on_replace.run(url);
        } else {
            in_run.set_value(true);
            on_go.run(url);
        }
    };
    // One element for as long as a moment is planned, its attributes following the value:
    // rebuilt at each move, it would lose the keyboard focus.
    let part = move |pick: fn(&(i64, i64, i64, String)) -> String| {
        move || value.with(|value| value.as_ref().map(pick))
    };
    view! {
        <Show when=move || value.with(Option::is_some)>
            <div class="slider needs-js">
                <div
                    class="slider__thumb"
                    role="slider"
                    tabindex="0"
                    aria-label=words.planned_moment
                    aria-describedby="slider-hint"
                    aria-valuemin=part(|value| value.1.to_string())
                    aria-valuemax=part(|value| value.2.to_string())
                    aria-valuenow=part(|value| value.0.to_string())
                    aria-valuetext=part(|value| value.3.clone())
                    on:keydown=on_keydown
                    on:focus=move |_| in_run.set_value(false)
                >
                    {part(|value| value.3.clone())}
                </div>
                <p class="slider__hint" id="slider-hint">
                    {words.slider_hint}
                </p>
            </div>
        </Show>
    }
}
