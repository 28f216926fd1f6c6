//! The one way both streams (clocks and reports) answer: `200` with a `text/event-stream`
//! body and the headers every proxy on the way must see.

use axum::{
    body::Body,
    http::{header, HeaderName, HeaderValue},
    response::{IntoResponse, Response},
};

/// A `text/event-stream` response around `body`: not cached, and not buffered by nginx (or
/// the proxies that follow its `X-Accel-Buffering` header), so events pass on as they come.
pub fn event_stream_response(body: Body) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/event-stream"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
            (
                HeaderName::from_static("x-accel-buffering"),
                HeaderValue::from_static("no"),
            ),
        ],
        body,
    )
        .into_response()
}
