//! The small inline form that sets a card's working hours: a start and an end on the
//! 15-minute grid (an end before the start runs over midnight) and the days as seven
//! checkboxes, opening on the card's hours or the planner's default (09:00–17:00 on the
//! country's working days). Save, Reset (back to the default) and Cancel (Reset, Cancel and
//! Escape are the card's tools' to handle, as every button of a card is).
//! Hours that are no hours (start equal to end, no day) are refused beside the fields.

use leptos::prelude::*;

use crate::{
    model::{HoursChoice, Messages, WeekdaySet, WorkingHours, PLAN_STEP_MINUTES},
    ui::language::use_messages,
};

/// The days in the order the form lists them, Monday first (0 is Sunday); each is labelled
/// with its short name in the page's language.
const DAYS: [u8; 7] = [1, 2, 3, 4, 5, 6, 0];

/// The 96 quarter hours of a day as `<option>`s, `first` selected. Written as markup (it
/// holds digits and colons only, never a person's text) rather than as 96 views: the same
/// page, less code in the WASM.
fn quarter_hour_options(first: u16) -> String {
    (0..1440u16)
        .step_by(PLAN_STEP_MINUTES as usize)
        .map(|minutes| {
            let selected = if minutes == first { " selected" } else { "" };
            format!(
                "<option value=\"{minutes}\"{selected}>{:02}:{:02}</option>",
                minutes / 60,
                minutes % 60
            )
        })
        .collect()
}

/// What the form saves: the person's hours, or `None` for the default.
fn choice_of(
    start: u16,
    end: u16,
    days: WeekdaySet,
    country_days: WeekdaySet,
    words: &Messages,
) -> Result<Option<HoursChoice>, String> {
    if days.is_empty() {
        return Err(words.hours_no_day.to_owned());
    }
    WorkingHours::new(start, end, days).map_err(|error| error.sentence(words).to_owned())?;
    // The country's days are kept as "the country's": the URL stays short, and says so.
    let days = (days != country_days).then_some(days);
    let standard = start == WorkingHours::STANDARD_START
        && end == WorkingHours::STANDARD_END
        && days.is_none();
    Ok((!standard).then_some(HoursChoice { start, end, days }))
}

/// The hours form of one card (whoever opens it gives its first field, `{id_base}-start`,
/// the focus). The fields are read when it is sent.
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
) -> impl IntoView {
    let words = use_messages();
    let (first_start, first_end, first_days) = match hours {
        Some(hours) => (hours.start, hours.end, hours.days.unwrap_or(country_days)),
        None => (
            WorkingHours::STANDARD_START,
            WorkingHours::STANDARD_END,
            country_days,
        ),
    };
    let error = RwSignal::new(None::<String>);
    let start_field = NodeRef::<leptos::html::Select>::new();
    let end_field = NodeRef::<leptos::html::Select>::new();
    let day_fields = DAYS.map(|_| NodeRef::<leptos::html::Input>::new());
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let minutes = |field: NodeRef<leptos::html::Select>| {
            field
                .get_untracked()
                .and_then(|field| field.value().parse::<u16>().ok())
        };
        let (Some(start), Some(end)) = (minutes(start_field), minutes(end_field)) else {
            return;
        };
        let days = DAYS
            .iter()
            .zip(day_fields)
            .filter(|(_, field)| field.get_untracked().is_some_and(|field| field.checked()))
            .fold(WeekdaySet::default(), |days, (&day, _)| days.with(day));
        match choice_of(start, end, days, country_days, words) {
            Ok(choice) => on_save.run(choice),
            Err(refused) => error.set(Some(words.not_saved(refused))),
        }
    };
    let error_id = format!("{id_base}-hours-error");
    let invalid = move || error.with(Option::is_some).to_string();
    let time_select =
        |id: String, label: &'static str, first: u16, node: NodeRef<leptos::html::Select>| {
            view! {
                <label class="card-form__field">
                    {label}
                    <select
                        id=id
                        node_ref=node
                        aria-invalid=invalid
                        aria-describedby=error_id.clone()
                        inner_html=quarter_hour_options(first)
                    />
                </label>
            }
        };
    let checkboxes = DAYS
        .iter()
        .zip(day_fields)
        .map(|(&day, node)| {
            let label = words.calendar.weekdays_short[usize::from(day)];
            view! {
                <label class="card-form__day">
                    <input
                        type="checkbox"
                        checked=first_days.contains(u32::from(day))
                        node_ref=node
                        aria-invalid=invalid
                        aria-describedby=error_id.clone()
                    />
                    {label}
                </label>
            }
        })
        .collect_view();
    view! {
        <form class="card-form card-form--hours" on:submit=on_submit>
            <fieldset class="card-form__group">
                <legend>{words.working_hours_for(&title)}</legend>
                {time_select(format!("{id_base}-start"), words.hours_start, first_start, start_field)}
                {time_select(format!("{id_base}-end"), words.hours_end, first_end, end_field)}
                <fieldset class="card-form__days">
                    <legend>{words.hours_days}</legend>
                    {checkboxes}
                </fieldset>
                // The hint and, after refused hours, why: the fields' description.
                <p class="card-form__hint" id=error_id.clone()>
                    {words.hours_hint}
                    <strong class="card-form__error">{move || error.get()}</strong>
                </p>
                <button type="submit" class="button">{words.save}</button>
                <button type="button" class="button" data-tool="reset">{words.reset}</button>
                <button type="button" class="button" data-tool="cancel">{words.cancel}</button>
            </fieldset>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WEEK: WeekdaySet = WeekdaySet::MONDAY_TO_FRIDAY;
    const EN: &Messages = crate::model::Language::English.messages();

    #[test]
    fn the_default_saves_as_no_hours_and_the_countrys_days_as_none() {
        assert_eq!(choice_of(540, 1020, WEEK, WEEK, EN), Ok(None));
        assert_eq!(
            choice_of(480, 960, WEEK, WEEK, EN),
            Ok(Some(HoursChoice {
                start: 480,
                end: 960,
                days: None
            }))
        );
        let four = WeekdaySet::from_range(1, 4);
        assert_eq!(four.to_string(), "Mon–Thu");
        assert_eq!(
            choice_of(540, 1020, four, WEEK, EN),
            Ok(Some(HoursChoice {
                start: 540,
                end: 1020,
                days: Some(four)
            }))
        );
    }

    #[test]
    fn the_options_are_the_quarter_hours_of_a_day() {
        let options = quarter_hour_options(540);
        assert_eq!(options.matches("<option").count(), 96);
        assert!(options.starts_with("<option value=\"0\">00:00</option>"));
        assert!(options.contains("<option value=\"540\" selected>09:00</option>"));
        assert!(options.ends_with("<option value=\"1425\">23:45</option>"));
    }

    #[test]
    fn hours_that_are_no_hours_are_refused_in_words() {
        assert_eq!(
            choice_of(540, 540, WEEK, WEEK, EN),
            Err("working hours must end at another time than they start".to_owned())
        );
        assert_eq!(
            choice_of(540, 1020, WeekdaySet::default(), WEEK, EN),
            Err("pick at least one working day".to_owned())
        );
        let korean = crate::model::Language::Korean.messages();
        assert_eq!(
            choice_of(540, 540, WEEK, WEEK, korean),
            Err("근무 시간은 시작과 다른 시각에 끝나야 합니다".to_owned())
        );
    }
}
