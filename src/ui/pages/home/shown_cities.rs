//! Which cards the page shows: the URL's choice (or the defaults with the visitor's own
//! zone), each card's key resolved by the server into a labelled city — at first paint, and
//! later through `GET /api/snapshot`, asked once a key however many cards show it — and the
//! ways to change them, each a new URL carrying every card's whole entry (name, hours,
//! home), so a view is shareable, survives reload, and back and forward restore it. With
//! `at=` the snapshot is the one at the planned moment, and the cards' clocks are its clocks.

use std::collections::HashMap;

use leptos::prelude::*;

use crate::{
    model::{
        cards_url_text, choices_of, distinct_keys, distinct_zones, now_epoch_ms, shown_cards,
        CardChoice, CityLabel, CityMatch, ClockSnapshot, ClockUpdate, Language, Moment,
        MomentError, Plan, Selection, ShownCard, Transition, LONGEST_ZONE_NAME, MAX_CITIES,
    },
    ui::{
        hooks::Visitor,
        language::{use_language, use_url_language},
        location::use_location,
        shipped::shipped,
    },
};

/// The shown cards and interval, and what changes them.
#[derive(Clone)]
pub struct ShownCities {
    /// The cards shown, in order (home first), each once.
    pub cards: Memo<Vec<ShownCard>>,
    /// Their distinct zones, in order: what the one stream carries.
    pub zones: Memo<Vec<String>>,
    /// Keys in the URL that are neither places nor zones.
    pub unknown: Signal<Vec<String>>,
    /// Parts of the URL's cards that were left out (a bad name, bad hours), each said in a
    /// sentence.
    pub dropped: Signal<Vec<String>>,
    /// The refresh interval, in milliseconds.
    pub interval_ms: Signal<u64>,
    /// The planned moment, or `None` for the live clocks.
    pub at: Signal<Option<Moment>>,
    /// An `at` in the URL that names no moment, and why.
    pub bad_at: Signal<Option<(String, MomentError)>>,
    /// The clocks at the planned moment, one per zone, once the snapshot for it is here.
    pub planned_clocks: Memo<Option<Vec<ClockUpdate>>>,
    /// What the page plans with (offsets, working days), once the snapshot for the planned
    /// moment is here.
    pub plan: Memo<Option<Plan>>,
    /// What the hour strips are drawn from: the planned moment's plan, or while live the
    /// plan around now the latest snapshot carried.
    pub strip_plan: Memo<Option<Plan>>,
    /// The page's URL with the same cards and interval at a moment.
    pub url_at: Callback<Moment, String>,
    /// The page's URL with the same cards and interval, live: where "Now" goes.
    pub now_url: Signal<String>,
    /// The server's clocks at request time, shipped with the page for hydration.
    pub rendered: ClockSnapshot,
    /// A clock per zone to show until the stream's first tick: the latest snapshot's, or
    /// one made from a picked city's offset.
    pub first_clocks: Signal<HashMap<String, ClockUpdate>>,
    /// Each zone's next clock change, as the snapshots said.
    pub next_changes: Signal<HashMap<String, Transition>>,
    /// The `cities` form field: every shown card's whole entry, comma-separated.
    pub cards_field: Signal<String>,
    /// Adds a city as a plain card.
    pub on_add: Callback<CityMatch>,
    /// Goes to the page of these cards, with the same interval and moment (a new history
    /// entry): every edit of the list ends here.
    pub on_cards: Callback<Vec<CardChoice>>,
    /// Changes the interval.
    pub on_interval: Callback<u64>,
    /// Goes to this URL of the page (a new history entry).
    pub on_go: Callback<String>,
    /// Goes to this URL of the page in place of the current history entry.
    pub on_replace: Callback<String>,
}

/// The shown cards of this page.
pub fn use_shown_cities(visitor: Visitor) -> ShownCities {
    let location = use_location();
    let url_language = use_url_language();
    let language = use_language();
    let messages = language.messages();
    let selection = Memo::new(move |_| {
        let url = location.url();
        Selection::from_query(
            url.param("cities").as_deref(),
            url.param("sec").as_deref(),
            url.param("at").as_deref(),
        )
    });
    let interval_ms = Signal::derive(move || selection.with(|selection| selection.interval_ms));
    let at = Memo::new(move |_| selection.with(|selection| selection.at));
    let wanted = Memo::new(move |_| {
        selection.with(|selection| selection.cards_to_show(visitor.zone.get().as_deref()))
    });
    // What the server is asked: each key once, however many cards show it. Names, hours,
    // home and order never reach it (nor the stream).
    let wanted_keys = Memo::new(move |_| wanted.with(|wanted| distinct_keys(wanted)));
    let rendered = shipped(move || {
        server_snapshot(&wanted_keys.get_untracked(), at.get_untracked(), language)
    });
    let resolved = RwSignal::new(rendered.clone());
    // Every name a snapshot resolved, as asked (`1275339`, `asia/seoul`) and as the city's
    // own key, with its city.
    let labels = StoredValue::new(Vec::<(String, CityLabel)>::new());
    let first_clocks = RwSignal::new(HashMap::<String, ClockUpdate>::new());
    let next_changes = RwSignal::new(HashMap::<String, Transition>::new());
    let learn = move |snapshot: &ClockSnapshot| {
        labels.update_value(|labels| {
            for (name, city) in resolved_names(snapshot) {
                remember_label(labels, name, city);
            }
        });
        // A planned snapshot's clocks are not now: they never stand in for a live tick.
        if planned_at(snapshot).is_none() {
            first_clocks.update(|clocks| {
                clocks.extend(snapshot.clocks.iter().map(|c| (c.zone.clone(), c.clone())))
            });
        }
        next_changes.update(|changes| {
            changes.extend(
                snapshot
                    .next_changes
                    .iter()
                    .map(|c| (c.zone.clone(), c.clone())),
            )
        });
    };
    learn(&rendered);
    // Keys the last snapshot was not made for are asked of the server; meanwhile the cards
    // already known (picked, or seen before) are shown. A move, a rename or a removal asks
    // nothing: the snapshot in hand covers the keys.
    Effect::new(move |_| {
        let wanted = wanted_keys.get();
        let at = at.get();
        let (covered, planned) = resolved
            .with_untracked(|resolved| (covers(&resolved.asked, &wanted), planned_at(resolved)));
        if covered && planned == at {
            return;
        }
        // A moment the plan already covers is worked out here, without the server.
        let moved = at
            .filter(|_| covered)
            .and_then(|at| resolved.with_untracked(|resolved| resolved.moved_to(at)));
        if let Some(moved) = moved {
            resolved.set(moved);
            return;
        }
        fetch_snapshot(
            wanted,
            at,
            language,
            Callback::new(move |snapshot: ClockSnapshot| {
                learn(&snapshot);
                resolved.set(snapshot);
            }),
        );
    });
    let is_current = move || {
        resolved.with(|resolved| wanted_keys.with(|wanted| covers(&resolved.asked, wanted)))
    };
    let planned_clocks = Memo::new(move |_| {
        at.get()?;
        resolved.with(|resolved| planned_at(resolved).map(|_| resolved.clocks.clone()))
    });
    let cards = Memo::new(move |_| {
        // A new snapshot may have taught the labels more.
        resolved.track();
        wanted.with(|wanted| {
            labels.with_value(|labels| shown_cards(wanted, |key| label_of(labels, key)))
        })
    });
    let zones = Memo::new(move |_| {
        cards.with(|cards| {
            let cities: Vec<CityLabel> = cards.iter().map(|card| card.city.clone()).collect();
            distinct_zones(&cities)
        })
    });
    let unknown = Signal::derive(move || {
        if !is_current() {
            return Vec::new();
        }
        resolved.with(|resolved| {
            wanted_keys.with(|wanted| {
                let asked_now = |name: &str| {
                    wanted
                        .iter()
                        .any(|key| key.chars().take(LONGEST_ZONE_NAME).eq(name.chars()))
                };
                resolved
                    .unknown
                    .iter()
                    .filter(|name| asked_now(name.as_str()))
                    .cloned()
                    .collect()
            })
        })
    });
    let go_cards = move |choices: Vec<CardChoice>, interval: u64| {
        location.navigate(&Selection::planned_url(
            Some(&choices),
            interval,
            at.get_untracked(),
            url_language,
        ));
    };
    // The cards as the page's URLs carry them; `None` while the defaults are shown, so the
    // URL keeps meaning "the defaults" (and follows the visitor's zone).
    let explicit_choices = move || {
        let explicit = selection.with(|selection| selection.cities.is_some());
        explicit.then(|| cards.with(|cards| choices_of(cards)))
    };
    let now_url = Signal::derive(move || {
        Selection::planned_url(
            explicit_choices().as_deref(),
            interval_ms.get(),
            None,
            url_language,
        )
    });
    let url_at = Callback::new(move |at: Moment| {
        Selection::planned_url(
            explicit_choices().as_deref(),
            interval_ms.get_untracked(),
            Some(at),
            url_language,
        )
    });
    // While a moment is planned, the plan in hand until the next arrives (or is worked
    // out): as the moment moves, what shows it (the slider, which keeps the focus) stays.
    let plan = Memo::new(move |_| {
        at.get()?;
        resolved.with(|resolved| resolved.plan.clone().filter(|plan| !plan.live))
    });
    let strip_plan = Memo::new(move |_| match at.get() {
        Some(_) => plan.get(),
        None => resolved.with(|resolved| resolved.plan.clone().filter(|plan| plan.live)),
    });
    ShownCities {
        cards,
        zones,
        unknown,
        dropped: Signal::derive(move || {
            selection.with(|selection| {
                selection
                    .dropped
                    .iter()
                    .map(|part| part.sentence(messages))
                    .collect()
            })
        }),
        interval_ms,
        at: at.into(),
        bad_at: Signal::derive(move || selection.with(|selection| selection.bad_at.clone())),
        planned_clocks,
        plan,
        strip_plan,
        url_at,
        now_url,
        rendered,
        first_clocks: first_clocks.into(),
        next_changes: next_changes.into(),
        cards_field: Signal::derive(move || cards.with(|cards| cards_url_text(&choices_of(cards)))),
        on_add: Callback::new(move |found: CityMatch| {
            labels.update_value(|labels| {
                remember_label(labels, found.city.key.clone(), found.city.clone())
            });
            first_clocks.update(|clocks| {
                clocks
                    .entry(found.city.zone.clone())
                    .or_insert_with(|| first_clock(&found));
            });
            let mut choices = cards.with_untracked(|cards| choices_of(cards));
            choices.push(CardChoice::plain(found.city.key));
            go_cards(choices, interval_ms.get_untracked());
        }),
        on_cards: Callback::new(move |choices: Vec<CardChoice>| {
            go_cards(choices, interval_ms.get_untracked())
        }),
        on_interval: Callback::new(move |interval: u64| {
            // The default cities stay the default (and follow the visitor's zone).
            let choices = explicit_choices_untracked(selection, cards);
            location.navigate(&Selection::planned_url(
                choices.as_deref(),
                interval,
                at.get_untracked(),
                url_language,
            ));
        }),
        on_go: Callback::new(move |url: String| location.navigate(&url)),
        on_replace: Callback::new(move |url: String| location.replace(&url)),
    }
}

/// The cards for the page's URLs, read without tracking (in an event handler).
fn explicit_choices_untracked(
    selection: Memo<Selection>,
    cards: Memo<Vec<ShownCard>>,
) -> Option<Vec<CardChoice>> {
    let explicit = selection.with_untracked(|selection| selection.cities.is_some());
    explicit.then(|| cards.with_untracked(|cards| choices_of(cards)))
}

/// Whether a snapshot asked with `asked` resolved every key of `wanted` (in any case).
fn covers(asked: &[String], wanted: &[String]) -> bool {
    wanted
        .iter()
        .all(|key| asked.iter().any(|name| name.eq_ignore_ascii_case(key)))
}

/// The moment a snapshot was made for, if it was made for one (not for now).
fn planned_at(snapshot: &ClockSnapshot) -> Option<Moment> {
    snapshot
        .plan
        .as_ref()
        .filter(|plan| !plan.live)
        .map(|plan| plan.at)
}

/// Remembers that `name` stands for `city`; a page sees a few dozen names at most, so a
/// list serves (and keeps the bundle smaller than a map of another type would).
fn remember_label(labels: &mut Vec<(String, CityLabel)>, name: String, city: CityLabel) {
    labels.retain(|(known, _)| !known.eq_ignore_ascii_case(&name));
    labels.push((name, city));
}

/// The city `key` stands for (in any case: zone names may be written so), if known.
fn label_of(labels: &[(String, CityLabel)], key: &str) -> Option<CityLabel> {
    let key = key.trim();
    labels
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(key))
        .map(|(_, city)| city.clone())
}

/// What each name a snapshot was asked for stands for: every city under its own key, and
/// the names that are not its key (a GeoNames id, a zone written with a space for `+`)
/// under the name, read in the server's order: each name asked is unknown (the next of
/// `unknown`), a city seen before (a name it already answered), or the next city.
fn resolved_names(snapshot: &ClockSnapshot) -> Vec<(String, CityLabel)> {
    let mut names: Vec<(String, CityLabel)> = snapshot
        .cities
        .iter()
        .map(|city| (city.key.clone(), city.clone()))
        .collect();
    let mut unknown = snapshot.unknown.iter().peekable();
    let mut next = 0;
    for name in snapshot.asked.iter().take(MAX_CITIES) {
        let name = name.trim();
        let shortened = || name.chars().take(LONGEST_ZONE_NAME);
        if unknown
            .peek()
            .is_some_and(|unknown| shortened().eq(unknown.trim().chars()))
        {
            unknown.next();
            continue;
        }
        if let Some(index) = snapshot
            .cities
            .iter()
            .position(|city| city.key.eq_ignore_ascii_case(name))
        {
            next = next.max(index + 1);
            continue;
        }
        if let Some(city) = snapshot.cities.get(next) {
            names.push((name.to_owned(), city.clone()));
            next += 1;
        }
    }
    names
}

/// A picked city's clock now, from the offset its suggestion carried.
fn first_clock(found: &CityMatch) -> ClockUpdate {
    ClockUpdate {
        id: 0,
        zone: found.city.zone.clone(),
        city: found.city.name.clone(),
        date_time: String::new(),
        utc_offset: found.utc_offset.clone(),
        abbreviation: found.abbreviation.clone(),
        epoch_ms: now_epoch_ms().div_euclid(1000) * 1000,
    }
}

/// Asks the server for the snapshot of `names` (in the browser; nothing on the server).
fn fetch_snapshot(
    names: Vec<String>,
    at: Option<Moment>,
    language: Language,
    on_answer: Callback<ClockSnapshot>,
) {
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async move {
        if let Some(snapshot) = crate::browser::api::snapshot(&names, at, language).await {
            on_answer.run(snapshot);
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (names, at, language, on_answer);
}

/// The server's snapshot of `names` now; in the browser (a client-side visit to this page
/// that the server did not render) an empty one, filled by `/api/snapshot`.
fn server_snapshot(names: &[String], at: Option<Moment>, language: Language) -> ClockSnapshot {
    #[cfg(feature = "ssr")]
    {
        // Labelled in the page's language, as `/api/snapshot` labels them for the `lang` the
        // page sends: the first paint and the hydrated page name the cities alike.
        match at {
            Some(at) => crate::server::planned_snapshot(names, at, language),
            None => crate::server::snapshot(names, now_epoch_ms(), language),
        }
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = (names, at, language);
        ClockSnapshot::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn city(key: &str, zone: &str) -> CityLabel {
        CityLabel {
            key: key.into(),
            name: key.into(),
            region: None,
            country: Some("India".into()),
            zone: zone.into(),
        }
    }

    #[test]
    fn every_name_asked_finds_its_city_ids_and_cases_included() {
        let mumbai = city("mumbai-in", "Asia/Kolkata");
        let chennai = city("chennai-in", "Asia/Kolkata");
        let snapshot = ClockSnapshot {
            asked: [
                "1275339",
                "Atlantis",
                "asia/seoul",
                "mumbai-in",
                "chennai-in",
            ]
            .map(String::from)
            .to_vec(),
            cities: vec![
                mumbai.clone(),
                CityLabel::of_zone("Asia/Seoul"),
                chennai.clone(),
            ],
            unknown: vec!["Atlantis".into()],
            ..Default::default()
        };
        let mut labels = Vec::new();
        for (name, city) in resolved_names(&snapshot) {
            remember_label(&mut labels, name, city);
        }
        assert_eq!(label_of(&labels, "1275339"), Some(mumbai.clone()));
        assert_eq!(label_of(&labels, "MUMBAI-IN"), Some(mumbai));
        assert_eq!(
            label_of(&labels, "Asia/Seoul"),
            Some(CityLabel::of_zone("Asia/Seoul"))
        );
        assert_eq!(label_of(&labels, "chennai-in"), Some(chennai));
        assert_eq!(label_of(&labels, "Atlantis"), None);
    }

    #[test]
    fn a_snapshot_covers_the_keys_it_was_asked_in_any_order_or_case() {
        let asked = ["berlin-de", "Asia/Seoul"].map(String::from);
        assert!(covers(&asked, &["asia/seoul".to_owned()]));
        assert!(covers(
            &asked,
            &["Asia/Seoul".to_owned(), "berlin-de".to_owned()]
        ));
        assert!(!covers(&asked, &["london-gb".to_owned()]));
    }
}
