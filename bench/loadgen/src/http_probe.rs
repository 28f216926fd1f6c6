//! Plain blocking HTTP/1.1 requests to a server under test: its `/healthz` status and the
//! values of its `/metrics`, asked outside the streams being measured.

use std::{
    io::{Read, Write},
    net::SocketAddr,
    time::Duration,
};

/// One value from the server's `/metrics`, over a plain blocking socket.
pub fn read_metric(server: SocketAddr, name: &str) -> Option<i64> {
    let body = http_get(server, "/metrics")?;
    body.lines()
        .find_map(|line| line.strip_prefix(&format!("{name} ")))
        .and_then(|value| value.trim().parse().ok())
}

/// The status code of a GET.
pub fn http_status(server: SocketAddr, path: &str) -> Option<u16> {
    http_get(server, path)?.split(' ').nth(1)?.parse().ok()
}

/// The whole response to a GET, head and body, once the server closes the connection.
fn http_get(server: SocketAddr, path: &str) -> Option<String> {
    let mut stream = std::net::TcpStream::connect(server).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {server}\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut text = String::new();
    stream.read_to_string(&mut text).ok()?;
    Some(text)
}
