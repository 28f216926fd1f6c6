//! `loadgen floor`: the least a server can do to send clock streams, for comparison.
//!
//! It answers every connection with the same event-stream head and then, on each wall-clock
//! multiple of the interval, writes one prebuilt chunk (an `UPDATE` event shaped like the
//! real server's) to every socket with one `write` each, from one plain thread per core. No
//! HTTP parsing, no async runtime, no per-stream state: what it costs is what the kernel
//! charges for that many writes on this machine, measured by the same `loadgen hold`.
//! It is a yardstick, not a server: it ignores the request and serves no other path.

use std::{
    io::{ErrorKind, Read, Write},
    net::{TcpListener, TcpStream},
    sync::{Arc, Mutex},
    time::Duration,
};

use crate::{
    cli::FloorPlan,
    clock::{now_epoch_ms, Interval},
};

const HEAD: &[u8] = b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncache-control: no-cache\r\ntransfer-encoding: chunked\r\n\r\n";

/// Serves on `127.0.0.1:port` until killed, ticking on the same wall-clock multiples of
/// the interval as the server's tickers.
pub fn serve(plan: &FloorPlan) -> ! {
    let FloorPlan { port, interval } = *plan;
    let listener = TcpListener::bind(("127.0.0.1", port)).expect("the floor server's port");
    let writers = std::thread::available_parallelism().map_or(2, |cores| cores.get());
    let shares: Vec<Arc<Mutex<Vec<TcpStream>>>> = (0..writers).map(|_| Arc::default()).collect();
    for share in &shares {
        let share = Arc::clone(share);
        std::thread::spawn(move || tick_forever(&share, interval));
    }
    let mut next = 0;
    for socket in listener.incoming() {
        let Ok(mut socket) = socket else {
            std::thread::sleep(Duration::from_millis(10));
            continue;
        };
        if answer(&mut socket).is_ok() {
            shares[next % writers]
                .lock()
                .unwrap_or_else(|poison| poison.into_inner())
                .push(socket);
            next += 1;
        }
    }
    unreachable!("TcpListener::incoming never ends")
}

/// Reads the request head and writes the response head; the socket is then non-blocking.
fn answer(socket: &mut TcpStream) -> std::io::Result<()> {
    socket.set_nodelay(true)?;
    let mut request = Vec::new();
    let mut buffer = [0u8; 1024];
    while !request.windows(4).any(|window| window == b"\r\n\r\n") {
        let read = socket.read(&mut buffer)?;
        if read == 0 {
            return Err(ErrorKind::UnexpectedEof.into());
        }
        request.extend_from_slice(&buffer[..read]);
    }
    socket.write_all(HEAD)?;
    socket.set_nonblocking(true)
}

/// Writes each tick's chunk to every socket of `share`; drops sockets whose write fails.
fn tick_forever(share: &Mutex<Vec<TcpStream>>, interval: Interval) -> ! {
    let mut id = 0u64;
    loop {
        let now = now_epoch_ms();
        let boundary = interval.next_boundary_after(now);
        std::thread::sleep(Duration::from_millis((boundary - now) as u64));
        id += 1;
        let chunk = chunk(id, boundary);
        let mut sockets = share.lock().unwrap_or_else(|poison| poison.into_inner());
        sockets.retain_mut(|socket| match socket.write(&chunk) {
            Ok(_) => true,
            Err(error) => error.kind() == ErrorKind::WouldBlock,
        });
    }
}

/// One chunk of the chunked body: an `UPDATE` event the size of the real server's.
fn chunk(id: u64, epoch_ms: i64) -> Vec<u8> {
    let event = format!(
        "id: {id}\nevent: UPDATE\ndata: {{\"id\":{id},\"zone\":\"Asia/Seoul\",\"city\":\"Seoul\",\
         \"dateTime\":\"2026-11-21T21:00:00\",\"utcOffset\":\"+09:00\",\"abbreviation\":\"KST\",\
         \"epochMs\":{epoch_ms}}}\n\n"
    );
    let mut chunk = format!("{:x}\r\n", event.len()).into_bytes();
    chunk.extend_from_slice(event.as_bytes());
    chunk.extend_from_slice(b"\r\n");
    chunk
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chunk_frames_one_update_event() {
        let chunk = String::from_utf8(chunk(7, 1_795_248_239_000)).unwrap();
        let (size, rest) = chunk.split_once("\r\n").unwrap();
        let event = rest.strip_suffix("\r\n").unwrap();
        assert_eq!(usize::from_str_radix(size, 16).unwrap(), event.len());
        assert!(event.starts_with("id: 7\nevent: UPDATE\ndata: {\"id\":7,"));
        assert!(event.ends_with(",\"epochMs\":1795248239000}\n\n"));
    }
}
