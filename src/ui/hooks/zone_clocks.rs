//! The latest tick of each zone, one signal per zone: a tick of one zone wakes the cards of
//! that zone and nothing else (a single map in one signal woke every card at every event).

use std::collections::HashMap;

use leptos::prelude::*;

use crate::model::ClockUpdate;

/// The zones' latest ticks, each in its own signal.
#[derive(Clone, Copy)]
pub struct ZoneClocks {
    /// A slot per zone ever shown on this page, kept for the page's life: a card made
    /// before its zone's first tick must hear that tick. Zones come from the server's own
    /// list, so there are at most as many slots as the time-zone database has zones. The map
    /// itself is not reactive: only the slots are.
    slots: StoredValue<HashMap<String, ArcRwSignal<Option<ClockUpdate>>>>,
}

impl ZoneClocks {
    /// Slots holding the `first` clocks (the server's, at first paint).
    pub fn new(first: &[ClockUpdate]) -> Self {
        let slots = first
            .iter()
            .map(|clock| (clock.zone.clone(), ArcRwSignal::new(Some(clock.clone()))))
            .collect();
        ZoneClocks {
            slots: StoredValue::new(slots),
        }
    }

    /// The latest tick of `zone`, `None` until one has come.
    pub fn of(&self, zone: &str) -> ArcReadSignal<Option<ClockUpdate>> {
        self.slot(zone).read_only()
    }

    /// Records a tick: only readers of its zone hear of it.
    pub fn record(&self, update: ClockUpdate) {
        self.slot(&update.zone).set(Some(update));
    }

    fn slot(&self, zone: &str) -> ArcRwSignal<Option<ClockUpdate>> {
        if let Some(slot) = self.slots.with_value(|slots| slots.get(zone).cloned()) {
            return slot;
        }
        let slot = ArcRwSignal::new(None);
        self.slots.update_value(|slots| {
            slots.insert(zone.to_owned(), slot.clone());
        });
        slot
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{
        atomic::{AtomicUsize, Ordering},
        Arc,
    };

    use super::*;

    /// Tick `id` of `zone` (the wall time is immaterial here).
    fn tick(zone: &str, id: u64) -> ClockUpdate {
        ClockUpdate {
            id,
            zone: zone.into(),
            city: zone.into(),
            date_time: "2026-11-21 17:03:58".into(),
            utc_offset: "+09:00".into(),
            abbreviation: "KST".into(),
            epoch_ms: 1_795_248_238_000 + id as i64 * 1000,
        }
    }

    #[test]
    fn a_card_taken_before_its_zones_first_tick_hears_it() {
        let owner = Owner::new();
        owner.set();
        let clocks = ZoneClocks::new(&[tick("Asia/Seoul", 7)]);
        let london_clock = clocks.of("Europe/London");
        assert_eq!(
            clocks.of("Asia/Seoul").get_untracked(),
            Some(tick("Asia/Seoul", 7))
        );
        assert_eq!(london_clock.get_untracked(), None);
        clocks.record(tick("Europe/London", 8));
        assert_eq!(london_clock.get_untracked(), Some(tick("Europe/London", 8)));
    }

    #[test]
    fn a_tick_wakes_the_readers_of_its_zone_only() {
        let owner = Owner::new();
        owner.set();
        let clocks = ZoneClocks::new(&[tick("Asia/Seoul", 7)]);
        let runs = Arc::new(AtomicUsize::new(0));
        let seoul_reader = Memo::new({
            let runs = Arc::clone(&runs);
            let seoul_clock = clocks.of("Asia/Seoul");
            move |_| {
                runs.fetch_add(1, Ordering::Relaxed);
                seoul_clock.with(|clock| clock.as_ref().map(|clock| clock.id))
            }
        });
        assert_eq!(seoul_reader.get_untracked(), Some(7));
        clocks.record(tick("Europe/London", 8));
        assert_eq!(seoul_reader.get_untracked(), Some(7));
        assert_eq!(
            runs.load(Ordering::Relaxed),
            1,
            "London's tick left Seoul alone"
        );
        clocks.record(tick("Asia/Seoul", 8));
        assert_eq!(seoul_reader.get_untracked(), Some(8));
        assert_eq!(runs.load(Ordering::Relaxed), 2);
    }
}
