//! One tick's events: each zone's `UPDATE` encoded once per tick, however many streams send it.

use std::sync::OnceLock;

use crate::server::zones::Zone;

/// One tick of one interval: its instant, and each zone's part of the `UPDATE` event,
/// encoded at most once however many streams send it.
#[derive(Debug)]
pub struct TickFrame {
    /// The tick's scheduled instant, UTC milliseconds.
    pub epoch_ms: i64,
    /// How many times the ticker had seen the wall clock step back when it made this frame.
    /// Within one era instants only rise, so a stream sends no instant twice; a frame of a
    /// new era is sent even when its instant is earlier than what the stream last sent.
    pub era: u32,
    /// Encoded event tails by zone, each filled on first use and read without a lock after
    /// that: thousands of streams on two cores read them at the same instant.
    encoded: ZoneTable,
}

/// Zones per group of [`ZoneTable`].
const GROUP: usize = 32;
/// Groups in a [`ZoneTable`]: enough for every zone.
const GROUPS: usize = Zone::COUNT.div_ceil(GROUP);

/// A slot per zone ([`Zone::slot`]), in groups allocated when a zone of theirs is first
/// used. Every ticker holds its latest frame, and a server can run a ticker per stream (each
/// stream its own interval), so a frame costs what its zones need: a few hundred bytes for
/// the groups' pointers and one group of 32 slots for a single city, not a slot for each of
/// the ~600 zones.
type ZoneTable = [OnceLock<Box<[OnceLock<Box<[u8]>>; GROUP]>>; GROUPS];

impl TickFrame {
    /// The frame for the instant `epoch_ms`, in the ticker's era `era`.
    pub fn new(epoch_ms: i64, era: u32) -> TickFrame {
        TickFrame {
            epoch_ms,
            era,
            encoded: std::array::from_fn(|_| OnceLock::new()),
        }
    }

    /// Appends the complete `UPDATE` events of `zones`, all with tick number `id`, to `out`.
    /// `out` grows once, by exactly what they take (so a chunk written into an empty vector
    /// becomes `Bytes` without a second allocation).
    pub fn write_updates(&self, out: &mut Vec<u8>, zones: &[Zone], id: u64) {
        let head = update_head_len(id);
        let needed = zones
            .iter()
            .map(|zone| head + self.kept_tail(*zone).len())
            .sum();
        out.reserve_exact(needed);
        for zone in zones {
            self.write_update(out, *zone, id);
        }
    }

    /// Appends the complete `UPDATE` event of `zone` with tick number `id` to `out`.
    fn write_update(&self, out: &mut Vec<u8>, zone: Zone, id: u64) {
        write_update_head(out, id);
        out.extend_from_slice(self.kept_tail(zone));
    }

    /// Everything of the event after `{"id":N,`, the same for every stream at this tick:
    /// encoded by the first stream that needs it.
    fn kept_tail(&self, zone: Zone) -> &[u8] {
        let slot = zone.slot();
        let group = self.encoded[slot / GROUP]
            .get_or_init(|| Box::new(std::array::from_fn(|_| OnceLock::new())));
        group[slot % GROUP].get_or_init(|| encode_update_tail(zone, self.epoch_ms))
    }
}

/// The fixed text around the id in [`write_update_head`].
const ID_LINE: &[u8] = b"id: ";
const ID_FIELD: &[u8] = b"\nevent: UPDATE\ndata: {\"id\":";

/// `id: N\nevent: UPDATE\ndata: {"id":N,`: the per-stream start of an `UPDATE` event.
fn write_update_head(out: &mut Vec<u8>, id: u64) {
    let mut digits = DigitBuffer::new();
    let id_text = digits.format(id);
    out.extend_from_slice(ID_LINE);
    out.extend_from_slice(id_text);
    out.extend_from_slice(ID_FIELD);
    out.extend_from_slice(id_text);
    out.push(b',');
}

/// How many bytes [`write_update_head`] writes for `id`.
fn update_head_len(id: u64) -> usize {
    let digits = id.checked_ilog10().map_or(1, |log| log as usize + 1);
    ID_LINE.len() + ID_FIELD.len() + 2 * digits + 1
}

/// The JSON of the update with id 0, cut after `{"id":0,`, plus the blank line that ends
/// the event. serde_json escapes every control character, so the data is one line.
fn encode_update_tail(zone: Zone, epoch_ms: i64) -> Box<[u8]> {
    let json = serde_json::to_string(&zone.clock_update(0, epoch_ms))
        .expect("a ClockUpdate always serialises");
    let tail = json
        .strip_prefix("{\"id\":0,")
        .expect("id is the first field of a ClockUpdate");
    let mut bytes = Vec::with_capacity(tail.len() + 2);
    bytes.extend_from_slice(tail.as_bytes());
    bytes.extend_from_slice(b"\n\n");
    bytes.into_boxed_slice()
}

/// A stack buffer that formats an integer without allocating (`u64::MAX` has 20 digits).
struct DigitBuffer([u8; 20]);

impl DigitBuffer {
    fn new() -> DigitBuffer {
        DigitBuffer([0; 20])
    }

    fn format(&mut self, mut number: u64) -> &[u8] {
        let mut at = self.0.len();
        loop {
            at -= 1;
            self.0[at] = b'0' + (number % 10) as u8;
            number /= 10;
            if number == 0 {
                break;
            }
        }
        &self.0[at..]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const START: i64 = 1_795_248_238_250; // 2026-11-21T08:03:58.250Z

    #[test]
    fn an_encoded_update_is_the_contract_event() {
        let frame = TickFrame::new(1_795_248_238_000, 0);
        let mut out = Vec::new();
        frame.write_update(&mut out, Zone::parse("Asia/Seoul").unwrap(), 7);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "id: 7\nevent: UPDATE\ndata: {\"id\":7,\"zone\":\"Asia/Seoul\",\"city\":\"Seoul\",\
             \"dateTime\":\"2026-11-21 17:03:58\",\"utcOffset\":\"+09:00\",\"abbreviation\":\"KST\",\
             \"epochMs\":1795248238000}\n\n"
        );
    }

    #[test]
    fn the_fast_encoding_matches_the_general_encoder() {
        use crate::server::http::sse::{write_event, Event, FieldValue};
        let frame = TickFrame::new(START, 0);
        for (zone, id) in [
            ("Europe/London", 1),
            ("America/St_Johns", 18_446_744_073_709_551_615u64),
        ] {
            let zone = Zone::parse(zone).unwrap();
            let mut fast = Vec::new();
            frame.write_update(&mut fast, zone, id);
            let data = serde_json::to_string(&zone.clock_update(id, START)).unwrap();
            let mut general = Vec::new();
            write_event(
                &mut general,
                &Event {
                    id: Some(&FieldValue::new(id.to_string()).unwrap()),
                    event: Some(&FieldValue::new("UPDATE").unwrap()),
                    data: &data,
                },
            );
            assert_eq!(
                String::from_utf8(fast).unwrap(),
                String::from_utf8(general).unwrap()
            );
        }
    }

    #[test]
    fn every_zone_keeps_its_own_event_in_the_table() {
        let frame = TickFrame::new(START, 0);
        let first: Vec<Vec<u8>> = Zone::every()
            .iter()
            .map(|zone| {
                let mut out = Vec::new();
                frame.write_update(&mut out, *zone, 3);
                let text = String::from_utf8(out.clone()).unwrap();
                assert!(
                    text.contains(&format!("\"zone\":\"{}\"", zone.name())),
                    "{text}"
                );
                out
            })
            .collect();
        // Written again, each comes from its own slot, unchanged.
        for (zone, first) in Zone::every().iter().zip(&first) {
            let mut again = Vec::new();
            frame.write_update(&mut again, *zone, 3);
            assert_eq!(&again, first, "{}", zone.name());
        }
    }

    #[test]
    fn a_frame_costs_what_its_zones_need() {
        // A ticker per stream is possible (each stream its own interval), and each keeps its
        // latest frame: a frame must not cost a slot for every zone there is.
        assert!(std::mem::size_of::<TickFrame>() <= 512);
        let frame = TickFrame::new(START, 0);
        frame.write_updates(&mut Vec::new(), &[Zone::parse("Asia/Seoul").unwrap()], 1);
        let groups = frame.encoded.iter().filter(|group| group.get().is_some());
        assert_eq!(groups.count(), 1, "one city, one group of {GROUP} slots");
    }

    #[test]
    fn a_chunk_grows_once_to_exactly_its_length() {
        let frame = TickFrame::new(START, 0);
        let zones = [Zone::parse("Europe/London").unwrap(); 3];
        for id in [1, 10, 123_456_789, u64::MAX] {
            let mut out = Vec::new();
            frame.write_updates(&mut out, &zones, id);
            assert_eq!(out.capacity(), out.len(), "id {id}");
        }
    }

    #[test]
    fn digits_format_without_allocating() {
        let mut buffer = DigitBuffer::new();
        assert_eq!(buffer.format(0), b"0");
        assert_eq!(buffer.format(7), b"7");
        assert_eq!(buffer.format(u64::MAX), b"18446744073709551615");
    }
}
