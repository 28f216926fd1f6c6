//! Request bodies are read whole before a handler runs, within a time and a size: a client
//! that sends its body slowly (or not at all) gets `408`, one that sends too much gets
//! `413`, and either way the connection is freed instead of holding a handler open.
//!
//! hyper's header timeout bounds the request head; nothing in hyper bounds the body. A
//! request without a body (every `GET`, every stream) passes straight through.

use std::time::Duration;

use axum::{
    body::{Body, HttpBody},
    extract::{Request, State},
    http::header,
    middleware::Next,
    response::{IntoResponse, Response},
};
use futures_util::StreamExt;

use super::errors::ApiError;

/// The largest request body the server reads. The largest body of this API is a report
/// request naming every zone, about 12 KB.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Middleware: reads the request body whole within `limit` (counted from when the handler's
/// turn comes, which is as soon as the head is read), then runs the handler on it.
pub async fn read_body_in_time(
    State(limit): State<Duration>,
    request: Request,
    next: Next,
) -> Response {
    if request.body().is_end_stream() {
        return next.run(request).await;
    }
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|text| text.parse::<u64>().ok());
    if declared.is_some_and(|length| length > MAX_BODY_BYTES as u64) {
        return too_large();
    }
    let (parts, body) = request.into_parts();
    match tokio::time::timeout(limit, read_whole(body)).await {
        Ok(Ok(bytes)) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Ok(Err(BodyFault::TooLarge)) => too_large(),
        Ok(Err(BodyFault::Broken)) => ApiError::bad(
            "body",
            "the request body could not be read: the connection broke while it was being sent",
        )
        .into_response(),
        Err(_elapsed) => ApiError::BodyTooSlow { limit }.into_response(),
    }
}

fn too_large() -> Response {
    ApiError::BodyTooLarge {
        limit_bytes: MAX_BODY_BYTES,
    }
    .into_response()
}

/// Why a body could not be read.
enum BodyFault {
    TooLarge,
    Broken,
}

/// The whole body, up to [`MAX_BODY_BYTES`].
async fn read_whole(body: Body) -> Result<Vec<u8>, BodyFault> {
    let mut data = body.into_data_stream();
    let mut bytes = Vec::new();
    while let Some(chunk) = data.next().await {
        let chunk = chunk.map_err(|_| BodyFault::Broken)?;
        if bytes.len() + chunk.len() > MAX_BODY_BYTES {
            return Err(BodyFault::TooLarge);
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_naming_every_zone_fits() {
        let names: Vec<String> = chrono_tz::TZ_VARIANTS
            .iter()
            .map(|tz| tz.name().to_owned())
            .collect();
        let body = serde_json::json!({"zones": names, "from": 1900, "to": 1949}).to_string();
        assert!(body.len() * 3 < MAX_BODY_BYTES, "{} bytes", body.len());
    }
}
