//! The line that says a moment is planned, so nobody takes the cards for live clocks, with
//! "Now" to go back to them.

use leptos::prelude::*;

use crate::ui::language::use_messages;

use crate::model::Moment;

/// "Planned: Sun 14 Mar 2027, 15:00 UTC" and a "Now" link; nothing while live.
#[component]
pub fn PlannedBanner(
    /// The planned moment, if any.
    at: Signal<Option<Moment>>,
    /// The same page, live: "Now"'s link (it works without JavaScript).
    now_url: Signal<String>,
    /// Goes to a URL of this page in the browser, without a reload.
    on_go: Callback<String>,
) -> impl IntoView {
    let words = use_messages();
    move || {
        at.get().map(|at| {
            let utc = at.utc();
            let when = words.utc_time(
                utc.short_date_text(&words.calendar),
                format!("{:02}:{:02}", utc.hour, utc.minute),
            );
            view! {
                <section class="planned" aria-label=words.planned_moment>
                    <p class="planned__moment">
                        <strong class="planned__marker">{words.planned}</strong>
                        " "
                        <time datetime=at.to_string()>{when}</time>
                        {words.planned_note}
                    </p>
                    <a
                        class="button planned__now"
                        href=move || now_url.get()
                        on:click=move |event| {
                            event.prevent_default();
                            on_go.run(now_url.get_untracked());
                        }
                    >
                        {words.now}
                    </a>
                </section>
            }
        })
    }
}
