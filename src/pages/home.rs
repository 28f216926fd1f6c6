//! The home page: the current time in UTC, correct on first paint and ticking once hydrated.

use leptos::prelude::*;

use crate::clock_face::HourCycle;
use crate::components::{hour_cycle_toggle::HourCycleToggle, utc_clock::UtcClock};

/// The landing page.
#[component]
pub fn HomePage() -> impl IntoView {
    // Server and browser both start in 24-hour form so the hydrated tree matches the HTML.
    let (hour_cycle, set_hour_cycle) = signal(HourCycle::H24);

    view! {
        <header class="masthead">
            <h1 class="masthead__title">"worldclock"</h1>
            <p class="masthead__tagline">"The time around the world, live over Server-Sent Events."</p>
        </header>
        <main class="page">
            <section class="clock-card" aria-labelledby="utc-heading">
                <h2 id="utc-heading" class="clock-card__city">"Coordinated Universal Time"</h2>
                <p class="clock-card__zone">"UTC · +00:00"</p>
                <UtcClock hour_cycle />
                <HourCycleToggle hour_cycle set_hour_cycle />
            </section>
        </main>
    }
}
