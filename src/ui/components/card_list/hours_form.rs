//! The small inline form that sets a card's working hours: a start and an end on the
//! 15-minute grid (an end before the start runs over midnight) and the days as seven
//! checkboxes, opening on the card's hours or the planner's default (09:00–17:00 on the
//! country's working days). Save, Reset (back to the default) and Cancel; Escape cancels.
//! Hours that are no hours (start equal to end, no day) are refused beside the fields.

use leptos::prelude::*;

use crate::model::{HoursChoice, WeekdaySet, WorkingHours, PLAN_STEP_MINUTES};

/// The days in the order the form lists them, Monday first, with their labels.
const DAYS: [(u8, &str); 7] = [
    (1, "Mon"),
    (2, "Tue"),
    (3, "Wed"),
    (4, "Thu"),
    (5, "Fri"),
    (6, "Sat"),
    (0, "Sun"),
];

/// What the form saves: the person's hours, or `None` for the default.
fn choice_of(
    start: u16,
    end: u16,
    days: WeekdaySet,
    country_days: WeekdaySet,
) -> Result<Option<HoursChoice>, String> {
    if days.is_empty() {
        return Err("pick at least one working day".to_owned());
    }
    WorkingHours::new(start, end, days).map_err(|error| error.to_string())?;
    // The country's days are kept as "the country's": the URL stays short, and says so.
    let days = (days != country_days).then_some(days);
    let standard = start == WorkingHours::STANDARD_START
        && end == WorkingHours::STANDARD_END
        && days.is_none();
    Ok((!standard).then_some(HoursChoice { start, end, days }))
}

/// `days` with `day` in or out.
fn toggled(days: WeekdaySet, day: u8, on: bool) -> WeekdaySet {
    if on {
        days.with(day)
    } else {
        days.complement().with(day).complement()
    }
}

/// The hours form of one card; its first field takes the focus when it opens.
#[component]
pub fn HoursForm(
    /// A base for the form's element ids, unique on the page (the card's heading id).
    id_base: String,
    /// How the page names the card (`Anna`), for the form's legend.
    title: String,
    /// The hours the person set, if any.
    hours: Option<HoursChoice>,
    /// The card's country's working days: the default, and what "the country's" means.
    country_days: WeekdaySet,
    /// Called with the new hours (`None`: the default).
    on_save: Callback<Option<HoursChoice>>,
    /// Called when the person leaves the form unchanged.
    on_cancel: Callback<()>,
) -> impl IntoView {
    let (first_start, first_end, first_days) = match hours {
        Some(hours) => (hours.start, hours.end, hours.days.unwrap_or(country_days)),
        None => (
            WorkingHours::STANDARD_START,
            WorkingHours::STANDARD_END,
            country_days,
        ),
    };
    let start = RwSignal::new(first_start);
    let end = RwSignal::new(first_end);
    let days = RwSignal::new(first_days);
    let error = RwSignal::new(None::<String>);
    let first_field = NodeRef::<leptos::html::Select>::new();
    Effect::new(move |_| {
        if let Some(field) = first_field.get() {
            let _ = field.focus();
        }
    });
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let (start, end, days) = (
            start.get_untracked(),
            end.get_untracked(),
            days.get_untracked(),
        );
        match choice_of(start, end, days, country_days) {
            Ok(choice) => on_save.run(choice),
            Err(refused) => error.set(Some(format!("Not saved: {refused}."))),
        }
    };
    let error_id = format!("{id_base}-hours-error");
    let invalid = move || error.with(Option::is_some).to_string();
    let end_field = NodeRef::<leptos::html::Select>::new();
    let select_described_by = error_id.clone();
    let time_select = move |id: String,
                            label: &'static str,
                            value: RwSignal<u16>,
                            node: NodeRef<leptos::html::Select>| {
        let first = value.get_untracked();
        let options = (0..1440u16)
            .step_by(PLAN_STEP_MINUTES as usize)
            .map(|minutes| {
                let text = format!("{:02}:{:02}", minutes / 60, minutes % 60);
                view! { <option value=minutes.to_string() selected=minutes == first>{text}</option> }
            })
            .collect_view();
        view! {
            <span class="card-form__field">
                <label for=id.clone()>{label}</label>
                <select
                id=id
                node_ref=node
                aria-invalid=invalid
                aria-describedby=select_described_by.clone()
                on:change=move |event| {
                    if let Ok(minutes) = event_target_value(&event).parse() {
                        value.set(minutes);
                        error.set(None);
                    }
                }
            >
                {options}
            </select>
            </span>
        }
    };
    let checkboxes = DAYS
        .iter()
        .map(|&(day, label)| {
            view! {
                <label class="card-form__day">
                    <input
                        type="checkbox"
                        checked=first_days.contains(u32::from(day))
                        aria-invalid=invalid
                        aria-describedby=error_id.clone()
                        on:change=move |event| {
                            days.update(|days| *days = toggled(*days, day, event_target_checked(&event)));
                            error.set(None);
                        }
                    />
                    {label}
                </label>
            }
        })
        .collect_view();
    view! {
        <form
            class="card-form card-form--hours"
            on:submit=on_submit
            on:keydown=move |event| {
                if event.key() == "Escape" {
                    event.prevent_default();
                    on_cancel.run(());
                }
            }
        >
            <fieldset class="card-form__group">
                <legend>{format!("Working hours for {title}")}</legend>
                {time_select(format!("{id_base}-start"), "Start", start, first_field)}
                {time_select(format!("{id_base}-end"), "End", end, end_field)}
                <fieldset class="card-form__days">
                    <legend>"Days"</legend>
                    {checkboxes}
                </fieldset>
                <p class="card-form__hint">"An end before the start runs past midnight."</p>
                <p class="card-form__error" id=error_id.clone()>{move || error.get()}</p>
                <div class="card-form__actions">
                    <button type="submit" class="button">"Save"</button>
                    <button type="button" class="button" on:click=move |_| on_save.run(None)>"Reset"</button>
                    <button type="button" class="button" on:click=move |_| on_cancel.run(())>"Cancel"</button>
                </div>
            </fieldset>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WEEK: WeekdaySet = WeekdaySet::MONDAY_TO_FRIDAY;

    #[test]
    fn the_default_saves_as_no_hours_and_the_countrys_days_as_none() {
        assert_eq!(choice_of(540, 1020, WEEK, WEEK), Ok(None));
        assert_eq!(
            choice_of(480, 960, WEEK, WEEK),
            Ok(Some(HoursChoice {
                start: 480,
                end: 960,
                days: None
            }))
        );
        let four = toggled(WEEK, 5, false);
        assert_eq!(four.to_string(), "Mon–Thu");
        assert_eq!(
            choice_of(540, 1020, four, WEEK),
            Ok(Some(HoursChoice {
                start: 540,
                end: 1020,
                days: Some(four)
            }))
        );
    }

    #[test]
    fn hours_that_are_no_hours_are_refused_in_words() {
        assert_eq!(
            choice_of(540, 540, WEEK, WEEK),
            Err("working hours must end at another time than they start".to_owned())
        );
        assert_eq!(
            choice_of(540, 1020, WeekdaySet::default(), WEEK),
            Err("pick at least one working day".to_owned())
        );
        assert_eq!(toggled(WeekdaySet::default(), 0, true).to_string(), "Sun");
    }
}
