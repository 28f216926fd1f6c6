//! The results this instance keeps: bounded in bytes, the least recently used out first.
//!
//! A cached result is only a shortcut: any instance can compute any report again from its
//! id, so forgetting one costs time, never correctness.

use std::{
    collections::{BTreeMap, HashMap},
    sync::Arc,
};

use super::compute::RenderedReport;

/// What an entry costs beyond its result's bytes: its key twice, the maps' slots, the `Arc`.
const ENTRY_OVERHEAD: usize = 160;

/// Rendered results by report id.
pub struct ResultCache {
    /// Bytes the entries may take together.
    budget: usize,
    /// Bytes they take now.
    used: usize,
    /// The result of each id, and when it was last used.
    entries: HashMap<String, (Arc<RenderedReport>, u64)>,
    /// Ids by when they were last used, oldest first.
    by_use: BTreeMap<u64, String>,
    /// Counts uses, so that "when" is a number that only grows.
    uses: u64,
}

impl ResultCache {
    /// An empty cache holding at most `budget` bytes.
    pub fn new(budget: usize) -> ResultCache {
        ResultCache {
            budget,
            used: 0,
            entries: HashMap::new(),
            by_use: BTreeMap::new(),
            uses: 0,
        }
    }

    /// The result of `id`, marked as just used.
    pub fn get(&mut self, id: &str) -> Option<Arc<RenderedReport>> {
        self.uses += 1;
        let (result, last_use) = self.entries.get_mut(id)?;
        self.by_use.remove(last_use);
        *last_use = self.uses;
        self.by_use.insert(self.uses, id.to_owned());
        Some(Arc::clone(result))
    }

    /// Keeps `result` under `id`, dropping the least recently used entries to make room. A
    /// result larger than the whole budget is not kept.
    pub fn insert(&mut self, id: &str, result: Arc<RenderedReport>) {
        let cost = cost(id, &result);
        if cost > self.budget {
            tracing::info!(report = %id, bytes = cost, budget = self.budget, "report result too large to keep");
            return;
        }
        self.remove(id);
        while self.used + cost > self.budget {
            let Some((_, oldest)) = self.by_use.pop_first() else {
                break;
            };
            if let Some((evicted, _)) = self.entries.remove(&oldest) {
                self.used -= self::cost(&oldest, &evicted);
            }
        }
        self.uses += 1;
        self.by_use.insert(self.uses, id.to_owned());
        self.entries.insert(id.to_owned(), (result, self.uses));
        self.used += cost;
    }

    /// Bytes held now.
    pub fn used(&self) -> usize {
        self.used
    }

    fn remove(&mut self, id: &str) {
        if let Some((result, last_use)) = self.entries.remove(id) {
            self.by_use.remove(&last_use);
            self.used -= cost(id, &result);
        }
    }
}

fn cost(id: &str, result: &RenderedReport) -> usize {
    result.size() + 2 * id.len() + ENTRY_OVERHEAD
}

#[cfg(test)]
mod tests {
    use bytes::Bytes;

    use super::*;

    fn result(bytes: usize) -> Arc<RenderedReport> {
        Arc::new(RenderedReport {
            transitions: 0,
            csv: Bytes::from(vec![b'x'; bytes]),
            json: Bytes::new(),
        })
    }

    /// A budget for `entries` results of 1,000 bytes under ids of one letter.
    fn budget(entries: usize) -> usize {
        entries * (1_000 + 2 + ENTRY_OVERHEAD)
    }

    #[test]
    fn the_least_recently_used_goes_first() {
        let mut cache = ResultCache::new(budget(2));
        cache.insert("a", result(1_000));
        cache.insert("b", result(1_000));
        assert!(cache.get("a").is_some()); // now b is the oldest
        cache.insert("c", result(1_000));
        assert!(cache.get("b").is_none());
        assert!(cache.get("a").is_some());
        assert!(cache.get("c").is_some());
        assert_eq!(cache.used(), budget(2));
    }

    #[test]
    fn the_bytes_held_never_pass_the_budget() {
        let mut cache = ResultCache::new(budget(3));
        for round in 0..50 {
            let id = format!("{}", (b'a' + round % 26) as char);
            cache.insert(&id, result(200 + 37 * round as usize % 900));
            assert!(cache.used() <= budget(3), "{} after {round}", cache.used());
        }
    }

    #[test]
    fn a_result_larger_than_the_budget_is_not_kept_and_evicts_nothing() {
        let mut cache = ResultCache::new(budget(1));
        cache.insert("a", result(1_000));
        cache.insert("b", result(5_000));
        assert!(cache.get("b").is_none());
        assert!(cache.get("a").is_some());
    }

    #[test]
    fn keeping_an_id_again_replaces_it() {
        let mut cache = ResultCache::new(budget(2));
        cache.insert("a", result(1_000));
        cache.insert("a", result(1_000));
        assert_eq!(cache.used(), budget(1));
    }
}
