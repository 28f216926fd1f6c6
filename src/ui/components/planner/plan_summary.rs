//! What the page says about a planned moment as a whole: how many cities are inside their
//! working hours then (each card's own, or the planner's default), "Find a time" (a link to the next moment when most or all are,
//! computed when the page is rendered, so it works without JavaScript), and "Add to
//! calendar" (a GET form to the server's `/api/plan.ics`, with the event's length, and the
//! page's language when its URL names one: the file is written in the page's language).

use leptos::prelude::*;

use crate::ui::{components::LanguageField, language::use_messages};

use crate::model::{
    cards_url_text, choices_of, find_time, working_count, Messages, Moment, Plan, ShownCard,
};

/// The event lengths "Add to calendar" offers, in minutes, and the one chosen first.
const LENGTHS: [(u32, &str); 8] = [
    (15, "15 min"),
    (30, "30 min"),
    (60, "1 h"),
    (90, "1 h 30 min"),
    (120, "2 h"),
    (180, "3 h"),
    (240, "4 h"),
    (480, "8 h"),
];
const DEFAULT_LENGTH: u32 = 60;

/// The working count, "Find a time" and "Add to calendar"; nothing while live.
#[component]
pub fn PlanSummary(
    /// The shown cards.
    cards: Memo<Vec<ShownCard>>,
    /// The plan, once the snapshot for the planned moment is here.
    plan: Memo<Option<Plan>>,
    /// The page's URL at a moment.
    url_at: Callback<Moment, String>,
    /// Goes to a URL of this page in the browser, without a reload.
    on_go: Callback<String>,
) -> impl IntoView {
    let words = use_messages();
    move || {
        plan.with(|plan| {
            let plan = plan.as_ref()?;
            cards.with(|cards| summary(plan, cards, url_at, on_go, words))
        })
    }
}

/// `Tue 30 Mar 09:00 in London, United Kingdom` (`… for Anna`): `moment` on `card`'s clock
/// (the first card's, home's when there is one, as the slider says it), or in UTC where the
/// plan cannot say.
fn moment_text(plan: &Plan, card: Option<&ShownCard>, moment: Moment, words: &Messages) -> String {
    let local = card.and_then(|card| {
        let reading = plan.offsets(&card.city.zone)?.local_at(moment.epoch_s())?;
        Some((reading.civil, card.clock_phrase(words)))
    });
    match local {
        Some((local, phrase)) => words.moment_in(
            local.day_text(&words.calendar),
            format!("{:02}:{:02}", local.hour, local.minute),
            phrase,
        ),
        None => {
            let utc = moment.utc();
            words.moment_utc(
                utc.day_text(&words.calendar),
                format!("{:02}:{:02}", utc.hour, utc.minute),
            )
        }
    }
}

fn summary(
    plan: &Plan,
    cards: &[ShownCard],
    url_at: Callback<Moment, String>,
    on_go: Callback<String>,
    words: &'static Messages,
) -> Option<impl IntoView> {
    let attendees = plan.attendees(cards);
    if attendees.is_empty() {
        return None;
    }
    let total = attendees.len();
    let working = working_count(&attendees, plan.at.epoch_s());
    let count = if total == 1 {
        words.working_count_one(working, total)
    } else {
        words.working_count_many(working, total)
    };
    let found = find_time(&attendees, plan.at);
    let find = found.map(|found| {
        let href = url_at.run(found.moment);
        let when = moment_text(plan, cards.first(), found.moment, words);
        let note = if found.everyone {
            words.everyone_from(when)
        } else if total == 1 {
            words.best_time_one(total, found.working, when)
        } else {
            words.best_time_many(total, found.working, when)
        };
        let link = href.clone();
        view! {
            <p class="plan-summary__find">
                <a
                    class="button"
                    href=href
                    on:click=move |event| {
                        event.prevent_default();
                        on_go.run(link.clone());
                    }
                >
                    {words.find_time}
                </a>
                " "
                <span>{note}</span>
            </p>
        }
    });
    // The cards' whole entries: the calendar file names each card as the page does.
    let keys = cards_url_text(&choices_of(cards));
    let options = LENGTHS
        .iter()
        .map(|&(minutes, text)| {
            view! { <option value=minutes.to_string() selected=minutes == DEFAULT_LENGTH>{text}</option> }
        })
        .collect_view();
    Some(view! {
        <section class="plan-summary" aria-label=words.planning>
            <p class="plan-summary__count" aria-live="polite">{count}</p>
            {find}
            // A plain GET form: the server's endpoint answers with the file to download.
            <form class="plan-summary__calendar" method="get" action="/api/plan.ics">
                <input type="hidden" name="cities" value=keys />
                <input type="hidden" name="at" value=plan.at.to_string() />
                // The cookie and `Accept-Language` go with the form's request by themselves;
                // a language only the URL names goes in the form.
                <LanguageField />
                <label for="plan-length">{words.length}</label>
                <select id="plan-length" name="minutes">{options}</select>
                <button type="submit" class="button">{words.add_to_calendar}</button>
            </form>
        </section>
    })
}
