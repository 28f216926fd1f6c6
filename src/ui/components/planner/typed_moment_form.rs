//! "Plan this time": a person picks one of the cards' cities and types a date and a time
//! there, and every card follows.
//!
//! Without JavaScript it is a GET form to `/` carrying the page's cities and interval; the
//! server reads the typed time in the city's zone and answers with the planned page's
//! address. In the browser, a typed time the plan in hand covers is worked out from the
//! plan's offsets (the same rule as the server's: a skipped time moves forward by the gap,
//! a repeated one is the earlier instant) without asking anyone; any other goes the
//! server's way. The fields show the planned moment in the chosen city, or its date now
//! while live; a time typed that names no moment comes back with a notice saying why.

use std::collections::HashMap;

use leptos::prelude::*;

use crate::{
    model::{seconds_text, CityLabel, ClockUpdate, Moment, Plan, ShownCard, TypedTime},
    ui::{
        components::LanguageField, language::use_messages, location::use_location, shipped::shipped,
    },
};

/// The form's date and time fields for a reading: `2027-03-30` and `09:30`, the minutes
/// floored to the quarter hour the time field steps by (a value off its step would stop the
/// browser from sending the form).
fn fields_of(iso: &str) -> (String, String) {
    let date = iso.get(..10).unwrap_or_default().to_owned();
    let hour = iso.get(11..13).unwrap_or("09");
    let minute = iso
        .get(14..16)
        .and_then(|m| m.parse::<u32>().ok())
        .unwrap_or(0);
    (date, format!("{hour}:{:02}", minute / 15 * 15))
}

/// The form; it works before and without the WASM.
#[component]
pub fn TypedMomentForm(
    /// The shown cards: a time may be typed for the city of any of them.
    cards: Memo<Vec<ShownCard>>,
    /// The plan, while a moment is planned and its snapshot is here.
    plan: Memo<Option<Plan>>,
    /// Each zone's clock from the latest snapshot: the date now, while live.
    clocks: Signal<HashMap<String, ClockUpdate>>,
    /// The `cities` field: the shown cards' whole entries, comma-separated.
    cards_field: Signal<String>,
    /// The refresh interval, in milliseconds: the `sec` field.
    interval_ms: Signal<u64>,
    /// The page's URL at a moment.
    url_at: Callback<Moment, String>,
    /// Goes to a URL of this page with a new history entry.
    on_go: Callback<String>,
) -> impl IntoView {
    let words = use_messages();
    let location = use_location();
    // Each city once, under the first of its cards' titles (`Anna` for a card so named).
    let cities = Memo::new(move |_| {
        cards.with(|cards| {
            let mut cities: Vec<(CityLabel, String)> = Vec::new();
            for card in cards {
                if !cities.iter().any(|(city, _)| city.key == card.city.key) {
                    cities.push((card.city.clone(), card.title()));
                }
            }
            cities
        })
    });
    // The server's word on typed fields it could not plan (its redirect took the rest), shipped
    // with the page so hydration shows the same notice.
    let problem = shipped(move || server_problem(&location.url().query));
    let typed_in_url = Memo::new(move |_| {
        let url = location.url();
        ["in", "date", "time"]
            .iter()
            .any(|field| url.param(field).is_some())
    });
    let chosen = RwSignal::new(None::<String>);
    let city = Memo::new(move |_| {
        cities.with(|cities| {
            chosen
                .with(|key| {
                    key.as_ref()
                        .and_then(|key| cities.iter().find(|(c, _)| c.key == *key))
                })
                .or_else(|| cities.first())
                .map(|(city, _)| city.clone())
        })
    });
    let fields = Memo::new(move |_| {
        let city = city.get()?;
        let planned = plan.with(|plan| {
            let plan = plan.as_ref()?;
            let reading = plan.offsets(&city.zone)?.local_at(plan.at.epoch_s())?;
            Some(fields_of(&reading.civil.iso_text()))
        });
        planned.or_else(|| {
            clocks.with(|clocks| {
                clocks
                    .get(&city.zone)
                    .filter(|clock| clock.date_time.len() >= 16)
                    .map(|clock| fields_of(&clock.date_time))
            })
        })
    });
    let date = move || fields.with(|f| f.as_ref().map(|f| f.0.clone()).unwrap_or_default());
    let time = move || fields.with(|f| f.as_ref().map(|f| f.1.clone()).unwrap_or_default());
    let city_key =
        move || city.with(|city| city.as_ref().map(|c| c.key.clone()).unwrap_or_default());
    let city_field = NodeRef::<leptos::html::Select>::new();
    let date_field = NodeRef::<leptos::html::Input>::new();
    let time_field = NodeRef::<leptos::html::Input>::new();
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        let (Some(city), Some(date), Some(time)) = (
            city_field.get_untracked(),
            date_field.get_untracked(),
            time_field.get_untracked(),
        ) else {
            return;
        };
        let typed = TypedTime::parse(
            Some(&city.value()),
            Some(&date.value()),
            Some(&time.value()),
        );
        let moment = typed.ok().and_then(|typed| {
            let zone = cities.with_untracked(|cities| {
                cities
                    .iter()
                    .find(|(c, _)| c.key == typed.city)
                    .map(|(c, _)| c.zone.clone())
            })?;
            plan.with_untracked(|plan| {
                let plan = plan.as_ref()?;
                let instant = plan.offsets(&zone)?.utc_of_local(typed.wall_s)?;
                let moment = Moment::from_epoch_s(instant).ok()?;
                plan.covers_strip(moment).then_some(moment)
            })
        });
        // Anything the plan in hand cannot place is sent as the form: the server reads it.
        if let Some(moment) = moment {
            event.prevent_default();
            on_go.run(url_at.run(moment));
        }
    };
    let options = move || {
        let selected = city_key();
        cities.with(|cities| {
            cities
                .iter()
                .map(|(city, title)| {
                    view! {
                        <option value=city.key.clone() selected=city.key == selected>
                            {title.clone()}
                        </option>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <Show when=move || cities.with(|cities| !cities.is_empty())>
            <form class="typed" method="get" action="/" on:submit=on_submit>
                <fieldset class="typed__fields">
                    <legend>{words.typed_legend}</legend>
                    <input type="hidden" name="cities" prop:value=cards_field value=cards_field />
                    <LanguageField />
                    <input
                        type="hidden"
                        name="sec"
                        prop:value=move || seconds_text(interval_ms.get())
                        value=move || seconds_text(interval_ms.get())
                    />
                    <span class="typed__field">
                        <label for="typed-in">{words.typed_city}</label>
                        <select
                            id="typed-in"
                            name="in"
                            node_ref=city_field
                            prop:value=city_key
                            on:change=move |event| chosen.set(Some(event_target_value(&event)))
                        >
                            {options}
                        </select>
                    </span>
                    <span class="typed__field">
                        <label for="typed-date">{words.typed_date}</label>
                        <input
                            id="typed-date"
                            type="date"
                            name="date"
                            required
                            min="1900-01-01"
                            max="2100-12-31"
                            node_ref=date_field
                            prop:value=date
                            value=date
                        />
                    </span>
                    <span class="typed__field">
                        <label for="typed-time">{words.typed_time}</label>
                        <input
                            id="typed-time"
                            type="time"
                            name="time"
                            step="900"
                            required
                            aria-describedby="typed-hint"
                            node_ref=time_field
                            prop:value=time
                            value=time
                        />
                    </span>
                    <button type="submit" class="button">{words.plan_this_time}</button>
                    <p class="typed__hint" id="typed-hint">
                        {words.typed_hint}
                    </p>
                </fieldset>
            </form>
        </Show>
        {move || {
            let problem = problem.clone().filter(|_| typed_in_url.get())?;
            Some(view! {
                <p role="alert" class="notice notice--warning">
                    {words.typed_not_planned(problem)}
                </p>
            })
        }}
    }
}

/// What the server said of the URL's typed fields; nothing in the browser (where every
/// typed time it cannot place leaves the page for the server's answer).
fn server_problem(query: &str) -> Option<String> {
    #[cfg(feature = "ssr")]
    {
        crate::server::typed_moment_problem(query, crate::ui::language::use_language())
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = query;
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_floor_to_the_quarter_hour() {
        assert_eq!(
            fields_of("2027-03-30T09:37:12"),
            ("2027-03-30".to_owned(), "09:30".to_owned())
        );
        assert_eq!(
            fields_of("2027-03-30 23:59:59"),
            ("2027-03-30".to_owned(), "23:45".to_owned())
        );
    }
}
