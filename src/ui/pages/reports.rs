//! The transitions report page: choose zones and years, start a report, watch its progress
//! over an EventSource, cancel it, then sort the result and download it.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{model::Transition, ui::components::TransitionsTable};

/// Where a report is in its life, as the page shows it.
///
/// Only the browser moves it past `Idle`: the server renders the idle form.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReportState {
    /// Nothing started yet.
    Idle,
    /// Running: done of total, and the zone last finished.
    Running {
        id: String,
        done: u64,
        total: u64,
        zone: String,
    },
    /// Finished: the result and where to download it.
    Complete { id: String, rows: Vec<Transition> },
    /// Cancelled, failed or refused: why.
    Failed(String),
}

/// The page at `/reports`.
#[component]
pub fn ReportsPage() -> impl IntoView {
    let this_year = current_year();
    let zones = RwSignal::new(String::new());
    let from = RwSignal::new(this_year.to_string());
    let to = RwSignal::new((this_year + 4).to_string());
    let state = RwSignal::new(ReportState::Idle);
    let running = move || matches!(state.get(), ReportState::Running { .. });

    // The EventSource of the running report; replaced (and so closed) by the next one.
    #[cfg(feature = "hydrate")]
    let follower = StoredValue::new_local(None::<crate::browser::report_source::ReportSource>);

    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        #[cfg(feature = "hydrate")]
        {
            let request = crate::browser::api::report_request(
                &zones.get_untracked(),
                &from.get_untracked(),
                &to.get_untracked(),
            );
            leptos::task::spawn_local(async move {
                match crate::browser::api::start_report(request).await {
                    Ok((id, events)) => {
                        state.set(ReportState::Running {
                            id: id.clone(),
                            done: 0,
                            total: 0,
                            zone: String::new(),
                        });
                        let follow = follow_report(id, &events, state);
                        follower.set_value(follow);
                    }
                    Err(message) => state.set(ReportState::Failed(message)),
                }
            });
        }
    };
    let on_cancel = move |_| {
        #[cfg(feature = "hydrate")]
        if let ReportState::Running { id, .. } = state.get_untracked() {
            leptos::task::spawn_local(async move {
                crate::browser::api::cancel_report(&id).await;
            });
        }
    };

    view! {
        <Title text="When do the clocks change? · worldclock" />
        <header class="masthead">
            <div class="masthead__brand">
                <h1 class="masthead__title">"When do the clocks change?"</h1>
                <p class="masthead__tagline">
                    "Every UTC-offset change of the zones you pick, computed by the server, with progress streamed over Server-Sent Events. "
                    <a href="/">"Back to the clocks"</a>
                </p>
            </div>
        </header>
        <main class="page">
            <form class="report-form" on:submit=on_submit>
                <div class="report-form__field report-form__field--wide">
                    <label for="report-zones">"Zones"</label>
                    <input
                        id="report-zones"
                        type="text"
                        placeholder="Europe/London, America/New_York (empty: every zone)"
                        prop:value=zones
                        on:input=move |event| zones.set(event_target_value(&event))
                    />
                </div>
                <div class="report-form__field">
                    <label for="report-from">"From year"</label>
                    <input id="report-from" type="number" min="1900" max="2100" prop:value=from value=from.get_untracked() on:input=move |event| from.set(event_target_value(&event)) />
                </div>
                <div class="report-form__field">
                    <label for="report-to">"To year"</label>
                    <input id="report-to" type="number" min="1900" max="2100" prop:value=to value=to.get_untracked() on:input=move |event| to.set(event_target_value(&event)) />
                </div>
                <button type="submit" class="button button--primary" disabled=running>"Start report"</button>
                <noscript><p class="notice">"Reports need JavaScript: the page follows the server's progress events."</p></noscript>
            </form>
            {move || match state.get() {
                ReportState::Idle => ().into_any(),
                ReportState::Running { done, total, zone, .. } => view! {
                    <section class="report-progress" aria-label="Report progress">
                        <progress max=total.max(1).to_string() value=done.to_string() aria-label="Report progress"></progress>
                        <p role="status">{if total == 0 { "Starting…".to_owned() } else { format!("{done} of {total} zones ({zone})") }}</p>
                        <button type="button" class="button" on:click=on_cancel>"Cancel"</button>
                    </section>
                }.into_any(),
                ReportState::Complete { id, rows } => view! {
                    <section class="report-result" aria-label="Report result">
                        <p role="status">{format!("Complete: {} transitions.", rows.len())}</p>
                        <p class="report-result__downloads">
                            "Download: "
                            <a href=format!("/api/reports/{id}.csv") download="">"CSV"</a>
                            " · "
                            <a href=format!("/api/reports/{id}.json") download="">"JSON"</a>
                        </p>
                        <TransitionsTable rows />
                    </section>
                }.into_any(),
                ReportState::Failed(message) => view! {
                    <p role="alert" class="notice notice--warning">{message}</p>
                }.into_any(),
            }}
        </main>
    }
}

/// This year, by the clock of whichever side renders.
fn current_year() -> i64 {
    crate::model::CivilTime::from_epoch_ms(crate::model::now_epoch_ms()).year
}

/// Opens the report's event stream and writes what it says into `state`.
#[cfg(feature = "hydrate")]
fn follow_report(
    id: String,
    events: &str,
    state: RwSignal<ReportState>,
) -> Option<crate::browser::report_source::ReportSource> {
    use crate::browser::{
        api,
        report_source::{ReportCallbacks, ReportSource},
    };
    let progress_id = id.clone();
    ReportSource::open(
        events,
        ReportCallbacks {
            on_progress: Box::new(move |done, total, zone| {
                state.set(ReportState::Running {
                    id: progress_id.clone(),
                    done,
                    total,
                    zone,
                });
            }),
            on_complete: Box::new(move |url| {
                let id = id.clone();
                leptos::task::spawn_local(async move {
                    state.set(match api::report_rows(&url).await {
                        Some(rows) => ReportState::Complete { id, rows },
                        None => ReportState::Failed("the result could not be loaded".to_owned()),
                    });
                });
            }),
            on_failed: Box::new(move |message| {
                state.set(ReportState::Failed(format!(
                    "The report stopped: {message}."
                )));
            }),
        },
    )
}
