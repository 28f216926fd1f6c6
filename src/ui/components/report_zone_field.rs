//! How the visitor chooses a report's zones: today a text field of comma-separated zone
//! names (empty: every zone). The report page knows only the list it writes, so a richer
//! finder can take this component's place without touching the page.

use leptos::prelude::*;

use crate::model::REPORT_MAX_ZONES;

/// The zones field; `zones` holds the names typed, in order (empty: every zone).
#[component]
pub fn ReportZoneField(zones: RwSignal<Vec<String>>) -> impl IntoView {
    let text = RwSignal::new(zones.get_untracked().join(", "));
    let placeholder =
        format!("Europe/London, America/New_York (up to {REPORT_MAX_ZONES}; empty: every zone)");
    view! {
        <div class="report-form__field report-form__field--wide">
            <label for="report-zones">"Zones"</label>
            <input
                id="report-zones"
                type="text"
                placeholder=placeholder
                prop:value=text
                on:input=move |event| {
                    let typed = event_target_value(&event);
                    zones.set(zone_names(&typed));
                    text.set(typed);
                }
            />
        </div>
    }
}

/// The names in a comma-separated text, trimmed, empty ones left out.
fn zone_names(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_split_on_commas_and_trimmed() {
        assert_eq!(
            zone_names(" Europe/London,America/New_York , ,Asia/Kolkata,"),
            ["Europe/London", "America/New_York", "Asia/Kolkata"]
        );
        assert!(zone_names("  ").is_empty());
    }
}
