//! The name index: every place name's search key, findable by a prefix of any of its
//! words, with the most populous matches found without visiting every match.
//!
//! Each word start of each key is an entry, and the entries are sorted by the key's text
//! from that word to its end ("new york city" gives "new york city", "york city" and
//! "city"). The entries whose text starts with a query are then one contiguous run,
//! found by binary search; "york" and "san fran" are both plain prefixes of an entry.
//! A one-letter query's run holds tens of thousands of entries, so the run is not
//! scanned whole: the entries are grouped in blocks that each remember their best
//! (lowest) population rank, and blocks are visited best first until no unvisited block
//! can beat the worst of the places found so far.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;
use std::ops::Range;

use super::gazetteer::Place;
use super::normalize::push_normalized;

/// Entries per block: small enough that a visited block costs little, large enough
/// that the block table stays tiny (4 bytes per 32 entries).
const BLOCK: usize = 32;

#[derive(Clone, Copy, Debug)]
struct Entry {
    /// Where the entry's text starts in `NameIndex::keys`, with `OWN_NAME` set for the
    /// place's own name (and its ASCII spelling).
    at: u32,
    /// The place's index in `Gazetteer::places`, which is its population rank.
    place: u32,
}

/// The flag bit of `Entry::at` (the key store stays far below 2 GiB).
const OWN_NAME: u32 = 1 << 31;

impl Entry {
    fn at(&self) -> usize {
        (self.at & !OWN_NAME) as usize
    }

    fn is_own_name(&self) -> bool {
        self.at & OWN_NAME != 0
    }
}

pub(super) struct NameIndex {
    /// Every name's key followed by a 0 byte, place after place in rank order, each
    /// place's names in `Place::names` order (so keys and names can be walked together).
    keys: Vec<u8>,
    entries: Vec<Entry>,
    /// The lowest place rank of each block of `BLOCK` entries.
    block_best: Vec<u32>,
}

/// The part of the index a query matches: entries whose text equals the query come
/// first (a prefix sorts before its extensions), then those it is a proper prefix of.
pub(super) struct Run {
    pub(super) equal: Range<usize>,
    pub(super) all: Range<usize>,
}

impl NameIndex {
    /// Indexes every name of `places` (in rank order) and records each place's key range.
    pub(super) fn build(places: &mut [Place]) -> NameIndex {
        // Sized up front from the data: grown by doubling instead, the discarded smaller
        // buffers would stay in the process as freed memory. A key is never longer than
        // its name, and a name has a word start per separator at most (non-ASCII
        // separators are rare enough to leave to the vector's own growth).
        let text_bytes: usize = places.iter().map(|place| place.line().len()).sum();
        let separators: usize = places
            .iter()
            .map(|place| {
                place
                    .line()
                    .bytes()
                    .filter(|b| b.is_ascii() && !b.is_ascii_alphanumeric())
                    .count()
            })
            .sum();
        let mut keys = Vec::with_capacity(text_bytes + 8);
        let mut entries = Vec::with_capacity(separators);
        let mut key = String::new();
        for (rank, place) in places.iter_mut().enumerate() {
            let first = keys.len() as u32;
            let own_names = place.own_name_count();
            for (index, name) in place.names().enumerate() {
                key.clear();
                push_normalized(name, &mut key);
                let at = keys.len();
                keys.extend_from_slice(key.as_bytes());
                keys.push(0);
                let own = if index < own_names { OWN_NAME } else { 0 };
                let word_starts = (!key.is_empty()).then_some(0).into_iter().chain(
                    key.bytes()
                        .enumerate()
                        .filter(|&(_, b)| b == b' ')
                        .map(|(i, _)| i + 1),
                );
                entries.extend(word_starts.map(|start| Entry {
                    at: (at + start) as u32 | own,
                    place: rank as u32,
                }));
            }
            place.keys = (first, keys.len() as u32);
        }
        // Padding, so that `leading_bytes` can read eight bytes from any text.
        keys.extend_from_slice(&[0; 8]);
        keys.shrink_to_fit();
        entries.shrink_to_fit();
        assert!(
            keys.len() < OWN_NAME as usize,
            "the name keys outgrew the entry format"
        );

        // Comparing the first eight bytes as one number settles most comparisons without
        // walking two keys byte by byte. Sorted in place: a copy with the numbers cached
        // would be faster still, but would double the index's peak memory.
        entries.sort_unstable_by(|a, b| {
            leading_bytes(&keys, a.at())
                .cmp(&leading_bytes(&keys, b.at()))
                .then_with(|| compare_texts(&keys, a.at(), b.at()))
                .then(a.place.cmp(&b.place))
        });
        let block_best = entries
            .chunks(BLOCK)
            .map(|block| block.iter().map(|e| e.place).min().unwrap_or(u32::MAX))
            .collect();
        NameIndex {
            keys,
            entries,
            block_best,
        }
    }

    /// The entries whose text starts with `query` (a non-empty search key).
    pub(super) fn run(&self, query: &str) -> Run {
        let query = query.as_bytes();
        let lo = self
            .entries
            .partition_point(|e| self.compare_start(e.at(), query) == Ordering::Less);
        let hi = self
            .entries
            .partition_point(|e| self.compare_start(e.at(), query) != Ordering::Greater);
        let equal_len =
            self.entries[lo..hi].partition_point(|e| self.keys[e.at() + query.len()] == 0);
        Run {
            equal: lo..lo + equal_len,
            all: lo..hi,
        }
    }

    /// Places with a name equal to the query, best first, at most `limit`.
    pub(super) fn whole_name_places(&self, run: &Run, limit: usize) -> Vec<u32> {
        self.best_places(run.equal.clone(), limit, |entry| {
            self.starts_key(entry.at())
        })
    }

    /// Places whose own name has a word starting with the query, best first.
    pub(super) fn own_name_places(&self, run: &Run, limit: usize) -> Vec<u32> {
        self.best_places(run.all.clone(), limit, Entry::is_own_name)
    }

    /// Places with any name having a word starting with the query, best first.
    pub(super) fn any_name_places(&self, run: &Run, limit: usize) -> Vec<u32> {
        self.best_places(run.all.clone(), limit, |_| true)
    }

    /// The places of the entries in `range` that pass `keep`, best rank first, at most
    /// `limit` of them, each once.
    fn best_places(
        &self,
        range: Range<usize>,
        limit: usize,
        keep: impl Fn(&Entry) -> bool,
    ) -> Vec<u32> {
        let mut best = BestRanks::new(limit);
        if limit == 0 || range.is_empty() {
            return best.ranks;
        }
        let visit = |entries: &[Entry], best: &mut BestRanks| {
            for entry in entries {
                if keep(entry) {
                    best.offer(entry.place);
                }
            }
        };
        let first_block = range.start.div_ceil(BLOCK);
        let end_block = range.end / BLOCK;
        if first_block >= end_block {
            visit(&self.entries[range], &mut best);
            return best.ranks;
        }
        visit(&self.entries[range.start..first_block * BLOCK], &mut best);
        visit(&self.entries[end_block * BLOCK..range.end], &mut best);
        let mut blocks: BinaryHeap<Reverse<(u32, usize)>> = (first_block..end_block)
            .map(|block| Reverse((self.block_best[block], block)))
            .collect();
        while let Some(Reverse((block_best, block))) = blocks.pop() {
            // Ranks are unique per place, so a block whose best is no better than the
            // worst kept rank holds nothing new.
            if best.is_full() && block_best >= best.worst() {
                break;
            }
            visit(&self.entries[block * BLOCK..(block + 1) * BLOCK], &mut best);
        }
        best.ranks
    }

    /// Whether the text at `at` starts its name's key (so an equal entry is the whole
    /// name, not its last words).
    fn starts_key(&self, at: usize) -> bool {
        at == 0 || self.keys[at - 1] == 0
    }

    /// Which of a place's names (its index in `Place::names` order) matches `query`
    /// best: a whole match over a word prefix, then the place's own name over others,
    /// then the shortest (the closest to what was typed).
    pub(super) fn best_name(&self, place: &Place, query: &str) -> Option<usize> {
        let keys = &self.keys[place.keys.0 as usize..place.keys.1 as usize];
        let own_names = place.own_name_count();
        let query = query.as_bytes();
        let scores = keys
            .split(|&b| b == 0)
            .enumerate()
            .filter_map(|(index, key)| {
                let matches =
                    !key.is_empty() && (key.starts_with(query) || word_starts_with(key, query));
                matches.then_some(((key != query, index >= own_names, key.len()), index))
            });
        scores.min().map(|(_, index)| index)
    }

    /// Compares the entry text at `at`, cut to the query's length, with the query.
    fn compare_start(&self, at: usize, query: &[u8]) -> Ordering {
        let text = &self.keys[at..];
        for (i, &q) in query.iter().enumerate() {
            let b = text[i];
            if b != q {
                // The key's 0 terminator sorts below every byte of a query.
                return b.cmp(&q);
            }
        }
        Ordering::Equal
    }
}

fn word_starts_with(key: &[u8], query: &[u8]) -> bool {
    key.iter()
        .enumerate()
        .filter(|&(_, &b)| b == b' ')
        .any(|(i, _)| key[i + 1..].starts_with(query))
}

/// The eight bytes from `at` as a big-endian number. Bytes past the text's terminator
/// belong to the next key, which cannot misorder two texts: they differ, or one ends,
/// before the terminator; texts that are equal fall through to `compare_texts`.
fn leading_bytes(keys: &[u8], at: usize) -> u64 {
    let mut lead = [0u8; 8];
    lead.copy_from_slice(&keys[at..at + 8]);
    u64::from_be_bytes(lead)
}

/// Orders two 0-terminated texts of `keys`; a text sorts before its extensions.
fn compare_texts(keys: &[u8], a: usize, b: usize) -> Ordering {
    for (&x, &y) in keys[a..].iter().zip(&keys[b..]) {
        if x != y {
            return x.cmp(&y);
        }
        if x == 0 {
            return Ordering::Equal;
        }
    }
    Ordering::Equal
}

/// The best (lowest) distinct ranks offered, at most `limit`, kept sorted.
struct BestRanks {
    ranks: Vec<u32>,
    limit: usize,
}

impl BestRanks {
    fn new(limit: usize) -> BestRanks {
        BestRanks {
            ranks: Vec::with_capacity(limit + 1),
            limit,
        }
    }

    fn is_full(&self) -> bool {
        self.ranks.len() >= self.limit
    }

    fn worst(&self) -> u32 {
        self.ranks.last().copied().unwrap_or(u32::MAX)
    }

    fn offer(&mut self, rank: u32) {
        if self.is_full() && rank >= self.worst() {
            return;
        }
        if let Err(at) = self.ranks.binary_search(&rank) {
            self.ranks.insert(at, rank);
            self.ranks.truncate(self.limit);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn best_ranks_keeps_the_lowest_distinct() {
        let mut best = BestRanks::new(3);
        for rank in [9, 4, 4, 7, 1, 8, 4, 2] {
            best.offer(rank);
        }
        assert_eq!(best.ranks, vec![1, 2, 4]);
    }

    #[test]
    fn texts_order_a_prefix_before_its_extensions() {
        let keys = b"york\0york city\0yo\0\0\0\0\0\0\0\0";
        assert_eq!(compare_texts(keys, 0, 5), Ordering::Less);
        assert_eq!(compare_texts(keys, 15, 0), Ordering::Less);
        assert_eq!(compare_texts(keys, 0, 0), Ordering::Equal);
        assert!(leading_bytes(keys, 15) < leading_bytes(keys, 0));
        assert!(leading_bytes(keys, 0) < leading_bytes(keys, 5));
    }

    #[test]
    fn a_word_start_anywhere_matches() {
        assert!(word_starts_with(b"new york city", b"york"));
        assert!(word_starts_with(b"new york city", b"york c"));
        assert!(!word_starts_with(b"new york city", b"ork"));
        assert!(!word_starts_with(b"new york city", b"new"));
    }
}
