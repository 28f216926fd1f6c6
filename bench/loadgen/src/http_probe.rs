//! Plain blocking HTTP/1.1 requests to a server under test: its `/healthz` status and the
//! values of its `/metrics`, asked outside the streams being measured, and a keep-alive
//! [`Connection`] that asks one request after another over the same socket (the city
//! finder's benchmark, cities.rs). One small response reader serves both.

use std::{
    io::{self, BufRead, BufReader, Write},
    net::{SocketAddr, TcpStream},
    time::Duration,
};

/// How long a request may wait for its answer.
const READ_TIMEOUT: Duration = Duration::from_secs(5);
/// The longest response head (status line and headers) the reader accepts.
const MAX_HEAD_BYTES: usize = 64 * 1024;

/// One value from the server's `/metrics`, over a plain blocking socket.
pub fn read_metric(server: SocketAddr, name: &str) -> Option<i64> {
    let body = http_get(server, "/metrics")?.body;
    String::from_utf8_lossy(&body)
        .lines()
        .find_map(|line| line.strip_prefix(&format!("{name} ")))
        .and_then(|value| value.trim().parse().ok())
}

/// The status code of a GET.
pub fn http_status(server: SocketAddr, path: &str) -> Option<u16> {
    Some(http_get(server, path)?.status)
}

/// The response to a GET on a connection of its own, closed after it.
fn http_get(server: SocketAddr, path: &str) -> Option<Response> {
    let stream = TcpStream::connect(server).ok()?;
    stream.set_read_timeout(Some(READ_TIMEOUT)).ok()?;
    let mut reader = BufReader::new(stream);
    write!(
        reader.get_mut(),
        "GET {path} HTTP/1.1\r\nHost: {server}\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    read_response(&mut reader).ok()
}

/// A response as read: its status, whether the server will close the connection after
/// it, and its body (decoded from chunks if it came in them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub closes: bool,
    pub body: Vec<u8>,
}

/// One keep-alive HTTP/1.1 connection: requests are written one at a time, each answer
/// read whole before the next request goes.
pub struct Connection {
    server: SocketAddr,
    reader: BufReader<TcpStream>,
    /// The request being sent, kept to reuse its allocation.
    request: Vec<u8>,
}

impl Connection {
    pub fn open(server: SocketAddr) -> io::Result<Connection> {
        let stream = TcpStream::connect(server)?;
        stream.set_read_timeout(Some(READ_TIMEOUT))?;
        // Each request is one write, and the next one waits for the answer: no Nagle delay.
        stream.set_nodelay(true)?;
        Ok(Connection {
            server,
            reader: BufReader::new(stream),
            request: Vec::with_capacity(256),
        })
    }

    /// A GET of `target` (path and query, already percent-encoded), written in one `write`,
    /// and its whole response.
    pub fn get(&mut self, target: &str) -> io::Result<Response> {
        self.request.clear();
        write!(
            self.request,
            "GET {target} HTTP/1.1\r\nHost: {}\r\nAccept: application/json\r\n\r\n",
            self.server
        )?;
        self.reader.get_mut().write_all(&self.request)?;
        read_response(&mut self.reader)
    }
}

/// Reads one HTTP/1.1 response from `reader`: the status line, the headers, and a body
/// of `Content-Length` bytes, or in chunks, or (neither given) up to the end of the stream.
/// What follows the body stays in `reader` for the next response.
pub fn read_response(reader: &mut impl BufRead) -> io::Result<Response> {
    let mut line = String::new();
    let mut head_bytes = 0;
    let mut next_line = |reader: &mut dyn BufRead, line: &mut String| -> io::Result<()> {
        line.clear();
        let read = reader.read_line(line)?;
        head_bytes += read;
        if read == 0 {
            return Err(invalid(
                "the connection closed before the response's head ended",
            ));
        }
        if head_bytes > MAX_HEAD_BYTES {
            return Err(invalid("the response's head is too long"));
        }
        Ok(())
    };

    next_line(reader, &mut line)?;
    let mut parts = line.trim_end().splitn(3, ' ');
    let version = parts.next().unwrap_or("");
    if !version.starts_with("HTTP/1.") {
        return Err(invalid(&format!("not an HTTP/1 status line: {line:?}")));
    }
    let status = parts
        .next()
        .and_then(|code| code.parse::<u16>().ok())
        .ok_or_else(|| invalid(&format!("no status code in {line:?}")))?;
    let mut closes = version == "HTTP/1.0";
    let mut content_length = None;
    let mut chunked = false;
    loop {
        next_line(reader, &mut line)?;
        let header = line.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            break;
        }
        let Some((name, value)) = header.split_once(':') else {
            return Err(invalid(&format!("not a header: {header:?}")));
        };
        let value = value.trim();
        if name.eq_ignore_ascii_case("content-length") {
            let length = value
                .parse::<usize>()
                .map_err(|_| invalid(&format!("a bad Content-Length: {value:?}")))?;
            content_length = Some(length);
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            chunked = value.to_ascii_lowercase().ends_with("chunked");
        } else if name.eq_ignore_ascii_case("connection") {
            closes = value.eq_ignore_ascii_case("close");
        }
    }

    let mut body = Vec::new();
    // A response with one of these statuses has no body, whatever its headers say.
    let bodiless = status / 100 == 1 || status == 204 || status == 304;
    match (bodiless, chunked, content_length) {
        (true, _, _) => {}
        (false, true, _) => read_chunks(reader, &mut body)?,
        (false, false, Some(length)) => {
            body.resize(length, 0);
            reader.read_exact(&mut body)?;
        }
        (false, false, None) => {
            reader.read_to_end(&mut body)?;
            closes = true;
        }
    }
    Ok(Response {
        status,
        closes,
        body,
    })
}

/// A chunked body, appended to `body`, and the trailer after it.
fn read_chunks(reader: &mut impl BufRead, body: &mut Vec<u8>) -> io::Result<()> {
    let mut line = String::new();
    loop {
        line.clear();
        reader.read_line(&mut line)?;
        let size = line.trim_end().split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size, 16)
            .map_err(|_| invalid(&format!("a bad chunk size: {line:?}")))?;
        if size == 0 {
            break;
        }
        let start = body.len();
        body.resize(start + size, 0);
        reader.read_exact(&mut body[start..])?;
        let mut end = [0; 2];
        reader.read_exact(&mut end)?;
        if end != *b"\r\n" {
            return Err(invalid("a chunk does not end with CRLF"));
        }
    }
    // The trailer: header lines up to an empty one.
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 || line.trim_end().is_empty() {
            return Ok(());
        }
    }
}

fn invalid(message: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;

    fn read_all(bytes: &[u8]) -> (Vec<io::Result<Response>>, usize) {
        let mut reader = BufReader::new(bytes);
        let mut responses = Vec::new();
        loop {
            let response = read_response(&mut reader);
            let failed = response.is_err();
            responses.push(response);
            if failed || reader.fill_buf().unwrap().is_empty() {
                break;
            }
        }
        let left = reader.fill_buf().unwrap().len();
        (responses, left)
    }

    #[test]
    fn keep_alive_responses_are_read_one_after_another() {
        // 25 bytes: "ö" is two.
        let canned = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 25\r\n\
                      date: Tue, 24 Nov 2026 10:00:00 GMT\r\n\r\n[{\"city\":\"Malmö\",\"n\":1}]\
                      HTTP/1.1 400 Bad Request\r\nContent-Length: 2\r\n\r\n{}";
        let (responses, left) = read_all(canned.as_bytes());
        let responses: Vec<Response> = responses.into_iter().map(Result::unwrap).collect();
        assert_eq!(
            responses,
            [
                Response {
                    status: 200,
                    closes: false,
                    body: "[{\"city\":\"Malmö\",\"n\":1}]".into(),
                },
                Response {
                    status: 400,
                    closes: false,
                    body: b"{}".to_vec(),
                },
            ]
        );
        assert_eq!(left, 0);
    }

    #[test]
    fn chunked_and_closing_bodies_are_read_too() {
        let canned = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\
                      3\r\n[1,\r\na;ext=1\r\n2,3,4,5,6]\r\n0\r\n\r\n\
                      HTTP/1.1 204 No Content\r\n\r\n\
                      HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nto the end";
        let (responses, _) = read_all(canned.as_bytes());
        let responses: Vec<Response> = responses.into_iter().map(Result::unwrap).collect();
        assert_eq!(responses[0].body, b"[1,2,3,4,5,6]");
        assert!(!responses[0].closes);
        assert_eq!((responses[1].status, responses[1].body.len()), (204, 0));
        assert_eq!(responses[2].body, b"to the end");
        assert!(responses[2].closes);
    }

    #[test]
    fn a_broken_response_is_an_error() {
        for canned in [
            "",
            "SSH-2.0-OpenSSH\r\n\r\n",
            "HTTP/1.1 OK\r\n\r\n",
            "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: ten\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort",
            "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        ] {
            let mut reader = BufReader::new(canned.as_bytes());
            assert!(read_response(&mut reader).is_err(), "{canned:?}");
        }
    }

    #[test]
    fn a_connection_asks_twice_over_one_socket() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        let server = std::thread::spawn(move || {
            let (socket, _) = listener.accept().unwrap();
            let mut reader = BufReader::new(socket);
            let mut targets = Vec::new();
            for _ in 0..2 {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                targets.push(line.split(' ').nth(1).unwrap().to_owned());
                while line != "\r\n" {
                    line.clear();
                    reader.read_line(&mut line).unwrap();
                }
                let body = format!("[\"{}\"]", targets.last().unwrap());
                write!(
                    reader.get_mut(),
                    "HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n{body}",
                    body.len()
                )
                .unwrap();
            }
            targets
        });
        let mut connection = Connection::open(address).unwrap();
        assert_eq!(connection.get("/a?q=1").unwrap().body, b"[\"/a?q=1\"]");
        assert_eq!(connection.get("/b").unwrap().body, b"[\"/b\"]");
        assert_eq!(server.join().unwrap(), ["/a?q=1", "/b"]);
    }
}
