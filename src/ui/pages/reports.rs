//! The transitions report page: choose zones and years, name a report, watch its progress
//! over an EventSource, cancel it, then sort the result and download it.
//!
//! Every request of the page may reach a different instance behind the balancer; each
//! answers from the report's id, so the page needs no sticky routing.

use leptos::prelude::*;

use crate::{
    model::{Language, Messages, Transition, REPORT_FIRST_YEAR, REPORT_LAST_YEAR},
    ui::{
        components::{LanguageSwitch, ReportZoneField, TransitionsTable},
        language::{use_messages, use_url_language},
    },
};

/// Where a report is in its life, as the page shows it.
///
/// Only the browser moves it past `Idle`: the server renders the idle form.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReportState {
    /// Nothing started yet.
    Idle,
    /// Running: done of total, the zone last done, and the try of a fresh stream if the
    /// last one could not be had.
    Running {
        id: String,
        done: u32,
        total: u32,
        zone: String,
        reopen: Option<u32>,
    },
    /// Finished: the result and where to download it.
    Complete {
        csv: String,
        json: String,
        rows: Vec<Transition>,
    },
    /// Cancelled, failed or refused: why.
    Failed(String),
}

/// The page at `/reports`.
#[component]
pub fn ReportsPage() -> impl IntoView {
    let this_year = current_year();
    let zones = RwSignal::new(Vec::<String>::new());
    let from = RwSignal::new(this_year.to_string());
    let to = RwSignal::new((this_year + 4).to_string());
    let state = RwSignal::new(ReportState::Idle);
    let running = move || matches!(state.get(), ReportState::Running { .. });
    let words = use_messages();
    let home_href = Language::page_url("/", use_url_language());

    // The stream of the running report; replaced (and so closed) by the next one.
    #[cfg(feature = "hydrate")]
    let follower = StoredValue::new_local(None::<crate::browser::report_source::ReportSource>);

    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        #[cfg(feature = "hydrate")]
        {
            use crate::browser::api;
            let request = match api::report_request(
                zones.get_untracked(),
                &from.get_untracked(),
                &to.get_untracked(),
                words,
            ) {
                Ok(request) => request,
                Err(message) => return state.set(ReportState::Failed(message)),
            };
            leptos::task::spawn_local(async move {
                match api::start_report(&request, words).await {
                    Ok(report) => {
                        state.set(ReportState::Running {
                            id: report.id.clone(),
                            done: 0,
                            total: report.total,
                            zone: String::new(),
                            reopen: None,
                        });
                        follower.set_value(Some(follow_report(report, state, words)));
                    }
                    Err(message) => state.set(ReportState::Failed(message)),
                }
            });
        }
    };
    let on_cancel = move |_| {
        #[cfg(feature = "hydrate")]
        if let ReportState::Running { id, .. } = state.get_untracked() {
            // Closing the stream stops the computation wherever it runs (nobody follows it
            // any more); DELETE stops it at once on the instance that gets it, if there.
            follower.set_value(None);
            state.set(ReportState::Failed(words.reports_cancelled.to_owned()));
            leptos::task::spawn_local(async move {
                crate::browser::api::cancel_report(&id).await;
            });
        }
    };

    view! {
        <header class="masthead">
            <div class="masthead__brand">
                <h1 class="masthead__title">{words.reports_title}</h1>
                <p class="masthead__tagline">
                    {words.reports_tagline}
                    <a href=home_href>{words.reports_back}</a>
                </p>
            </div>
            <div class="masthead__controls">
                <LanguageSwitch label=words.language_switch />
            </div>
        </header>
        <main class="page">
            <form class="report-form" on:submit=on_submit>
                <ReportZoneField zones />
                <div class="report-form__field">
                    <label for="report-from">{words.reports_from}</label>
                    <input id="report-from" type="number" min=REPORT_FIRST_YEAR max=REPORT_LAST_YEAR prop:value=from value=from.get_untracked() on:input=move |event| from.set(event_target_value(&event)) />
                </div>
                <div class="report-form__field">
                    <label for="report-to">{words.reports_to}</label>
                    <input id="report-to" type="number" min=REPORT_FIRST_YEAR max=REPORT_LAST_YEAR prop:value=to value=to.get_untracked() on:input=move |event| to.set(event_target_value(&event)) />
                </div>
                <button type="submit" class="button button--primary" disabled=running>{words.reports_start}</button>
                <noscript><p class="notice">{words.reports_needs_js}</p></noscript>
            </form>
            {move || match state.get() {
                ReportState::Idle => ().into_any(),
                ReportState::Running { done, total, zone, reopen, .. } => view! {
                    <section class="report-progress" aria-label=words.reports_progress>
                        <progress max=total.max(1).to_string() value=done.to_string() aria-label=words.reports_progress></progress>
                        <p role="status">{progress_text(done, total, &zone, reopen, words)}</p>
                        <button type="button" class="button" on:click=on_cancel>{words.reports_cancel}</button>
                    </section>
                }.into_any(),
                ReportState::Complete { csv, json, rows } => view! {
                    <section class="report-result" aria-label=words.reports_result>
                        <p role="status">{words.reports_complete(rows.len())}</p>
                        <p class="report-result__downloads">
                            {words.reports_download}
                            <a href=csv download="">"CSV"</a>
                            " · "
                            <a href=json download="">"JSON"</a>
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

/// What the status line says while a report runs.
fn progress_text(
    done: u32,
    total: u32,
    zone: &str,
    reopen: Option<u32>,
    words: &Messages,
) -> String {
    if let Some(attempt) = reopen {
        return words.reports_retrying(attempt);
    }
    if done == 0 {
        words.reports_starting.to_owned()
    } else {
        words.reports_done_of(done, total, zone)
    }
}

/// This year, by the clock of whichever side renders.
fn current_year() -> i64 {
    crate::model::CivilTime::from_epoch_ms(crate::model::now_epoch_ms()).year
}

/// Opens the report's stream and writes what it says into `state`.
#[cfg(feature = "hydrate")]
fn follow_report(
    report: crate::model::ReportInfo,
    state: RwSignal<ReportState>,
    words: &'static Messages,
) -> crate::browser::report_source::ReportSource {
    use crate::browser::{
        api,
        report_source::{ReportCallbacks, ReportSource},
    };
    use crate::model::ReportEvent;
    let id = report.id.clone();
    let reopen_id = report.id.clone();
    ReportSource::open(
        report,
        ReportCallbacks {
            words,
            on_event: Box::new(move |event| match event {
                ReportEvent::Progress(progress) => state.set(ReportState::Running {
                    id: id.clone(),
                    done: progress.done,
                    total: progress.total,
                    zone: progress.zone,
                    reopen: None,
                }),
                ReportEvent::Complete(complete) => {
                    leptos::task::spawn_local(async move {
                        state.set(match api::report_rows(&complete.json, words).await {
                            Ok(rows) => ReportState::Complete {
                                csv: complete.csv,
                                json: complete.json,
                                rows,
                            },
                            Err(message) => {
                                ReportState::Failed(words.reports_complete_but(message))
                            }
                        });
                    });
                }
                // The server's reason stays in its own (English) words, in the page's.
                ReportEvent::Failed(failed) => {
                    state.set(ReportState::Failed(words.reports_stopped(failed.error)))
                }
            }),
            on_reopen: Box::new(move |attempt| {
                state.update(|state| {
                    if let ReportState::Running { reopen, .. } = state {
                        *reopen = Some(attempt);
                    } else {
                        *state = ReportState::Running {
                            id: reopen_id.clone(),
                            done: 0,
                            total: 0,
                            zone: String::new(),
                            reopen: Some(attempt),
                        };
                    }
                });
            }),
        },
    )
}
