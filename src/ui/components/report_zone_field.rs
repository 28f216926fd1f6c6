//! How the visitor chooses a report's zones: the same city finder as the clocks page, each
//! chosen city standing for its zone, listed with a button to take it out (none chosen:
//! every zone). The report page knows only the list of zones it writes.

use leptos::prelude::*;

use super::CityPicker;
use crate::model::{CityLabel, CityMatch, REPORT_MAX_ZONES};
use crate::ui::language::use_messages;

/// The zones field; `zones` holds the chosen zones, in order (empty: every zone).
#[component]
pub fn ReportZoneField(zones: RwSignal<Vec<String>>) -> impl IntoView {
    let words = use_messages();
    // One city per zone: the city the visitor picked for it.
    let chosen = RwSignal::new(Vec::<CityLabel>::new());
    let keys = Signal::derive(move || {
        chosen.with(|cities| cities.iter().map(|c| c.key.clone()).collect())
    });
    let on_add = Callback::new(move |found: CityMatch| {
        chosen.update(|cities| add_city(cities, found.city));
        zones.set(chosen.with_untracked(|cities| cities.iter().map(|c| c.zone.clone()).collect()));
    });
    let remove = move |zone: String| {
        chosen.update(|cities| cities.retain(|city| city.zone != zone));
        zones.set(chosen.with_untracked(|cities| cities.iter().map(|c| c.zone.clone()).collect()));
    };
    view! {
        <div class="report-form__field report-form__field--wide">
            <CityPicker label=words.reports_zones id="report-zones" chosen=keys capacity=REPORT_MAX_ZONES on_add />
            <ul class="report-zones" aria-label=words.reports_chosen>
                <For each=move || chosen.get() key=|city| city.zone.clone() let:city>
                    {
                        let zone = city.zone.clone();
                        let name = format!("{} · {}", city.short_name(), city.zone);
                        view! {
                            <li class="report-zones__zone">
                                <span>{name.clone()}</span>
                                <button type="button" class="icon-button" aria-label=words.reports_remove_zone(&name) on:click=move |_| remove(zone.clone())>
                                    <span aria-hidden="true">"×"</span>
                                </button>
                            </li>
                        }
                    }
                </For>
            </ul>
            <p class="report-zones__hint">
                {move || match chosen.with(Vec::len) {
                    0 => words.reports_no_zone.to_owned(),
                    1 => words.reports_one_zone.to_owned(),
                    count => words.reports_zone_count(count),
                }}
            </p>
        </div>
    }
}

/// Adds `city` unless a city of its zone is already chosen: a report is by zone.
fn add_city(cities: &mut Vec<CityLabel>, city: CityLabel) {
    if !cities.iter().any(|known| known.zone == city.zone) {
        cities.push(city);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_zone_is_chosen_once_whichever_city_stands_for_it() {
        let mut cities = Vec::new();
        add_city(&mut cities, CityLabel::of_zone("Asia/Kolkata"));
        add_city(&mut cities, CityLabel::of_zone("Europe/London"));
        let mut mumbai = CityLabel::of_zone("Asia/Kolkata");
        mumbai.key = "mumbai-in".into();
        add_city(&mut cities, mumbai);
        let zones: Vec<&str> = cities.iter().map(|city| city.zone.as_str()).collect();
        assert_eq!(zones, ["Asia/Kolkata", "Europe/London"]);
    }
}
