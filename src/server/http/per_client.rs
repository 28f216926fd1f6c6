//! The per-client cap on concurrent streams: who a client is (its peer address, as the
//! accept loop saw it), and how many streams each client holds.
//!
//! A [`ClientSlot`] is a client's place under its cap, held for as long as a stream is open;
//! dropping it gives the place back, and a client's entry disappears with its last stream,
//! so the table holds only clients with a stream open: bounded by the global cap.

use std::{
    collections::HashMap,
    net::IpAddr,
    sync::{Arc, Mutex},
};

use axum::{extract::FromRequestParts, http::request::Parts};

/// Who a request comes from, for the per-client cap: the peer address of its connection.
///
/// An IPv4 address counts alone; an IPv6 address counts by its /64 network, because one
/// host may use any number of addresses of its /64 (privacy addresses) and a /64 is what a
/// site or household gets, like one NAT address in IPv4. Kept in 8 bytes, because every
/// connection carries one: the /64 of an IPv6 peer, or an IPv4 address put in
/// `ffff:ffff::/32` (part of the multicast block, which is never a TCP peer, so the two
/// kinds never collide). IPv4-mapped IPv6 addresses count as the IPv4 address they carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Client(u64);

/// Where IPv4 addresses go among the 64-bit keys (see [`Client`]).
const IPV4_KEYS: u64 = 0xffff_ffff_0000_0000;

impl Client {
    /// Requests that reached the router without the accept loop (none in the server) all
    /// count as this one client.
    const UNKNOWN: Client = Client(IPV4_KEYS);

    /// The client at peer address `address`.
    pub fn of(address: IpAddr) -> Client {
        match address.to_canonical() {
            IpAddr::V4(v4) => Client(IPV4_KEYS | u64::from(u32::from(v4))),
            IpAddr::V6(v6) => Client((u128::from(v6) >> 64) as u64),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Client {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<Client>()
            .copied()
            .unwrap_or(Client::UNKNOWN))
    }
}

/// How many streams each client holds, against the per-client cap.
pub struct StreamsPerClient {
    cap: u32,
    held: Mutex<HashMap<Client, u32>>,
}

impl StreamsPerClient {
    /// A table allowing each client `cap` streams at once.
    pub fn new(cap: usize) -> StreamsPerClient {
        StreamsPerClient {
            cap: u32::try_from(cap).unwrap_or(u32::MAX).max(1),
            held: Mutex::new(HashMap::new()),
        }
    }

    /// The cap in force.
    pub fn cap(&self) -> usize {
        self.cap as usize
    }

    /// How many clients hold a stream now.
    pub fn clients(&self) -> usize {
        self.held.lock().unwrap_or_else(|p| p.into_inner()).len()
    }

    /// Takes a place for `client` if it holds fewer than the cap.
    pub fn acquire(self: &Arc<Self>, client: Client) -> Option<ClientSlot> {
        let mut held = self.held.lock().unwrap_or_else(|p| p.into_inner());
        let count = held.entry(client).or_insert(0);
        if *count >= self.cap {
            return None;
        }
        *count += 1;
        Some(ClientSlot {
            table: Arc::clone(self),
            client,
        })
    }
}

/// A client's place under its cap, held for as long as a stream is open.
pub struct ClientSlot {
    table: Arc<StreamsPerClient>,
    client: Client,
}

impl Drop for ClientSlot {
    fn drop(&mut self) {
        let mut held = self.table.held.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(count) = held.get_mut(&self.client) {
            *count -= 1;
            if *count == 0 {
                held.remove(&self.client);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(address: &str) -> Client {
        Client::of(address.parse().unwrap())
    }

    #[test]
    fn each_client_gets_the_cap_and_entries_go_with_the_last_stream() {
        let table = Arc::new(StreamsPerClient::new(2));
        let office = client("203.0.113.7");
        let first = table.acquire(office).unwrap();
        let second = table.acquire(office).unwrap();
        assert!(table.acquire(office).is_none(), "the third is over the cap");
        let other = table.acquire(client("198.51.100.1")).unwrap();
        assert_eq!(table.clients(), 2);
        drop(first);
        let third = table.acquire(office).unwrap();
        drop((second, third, other));
        assert_eq!(table.clients(), 0, "no entry outlives its client's streams");
    }

    #[test]
    fn a_refusal_leaves_no_entry_behind() {
        let table = Arc::new(StreamsPerClient::new(1));
        let held = table.acquire(client("203.0.113.7")).unwrap();
        assert!(table.acquire(client("203.0.113.7")).is_none());
        drop(held);
        assert_eq!(table.clients(), 0);
    }

    #[test]
    fn ipv6_counts_by_its_64_and_mapped_ipv4_as_ipv4() {
        assert_eq!(client("2001:db8:1:2::1"), client("2001:db8:1:2:aaaa::9"));
        assert_ne!(client("2001:db8:1:2::1"), client("2001:db8:1:3::1"));
        assert_eq!(client("::ffff:203.0.113.7"), client("203.0.113.7"));
        assert_ne!(client("203.0.113.7"), client("203.0.113.8"));
        // IPv4 keys sit where no IPv6 peer can be.
        assert_ne!(client("0.0.0.0"), client("::"));
        assert_ne!(client("203.0.113.7"), client("2001:db8::1"));
    }
}
