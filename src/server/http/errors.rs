//! What can go wrong with a request, and the HTTP response each fault becomes.
//!
//! Bad input is the client's to fix: a status and a sentence that says what to change.
//! Internal faults are logged in full and answered generically, so nothing leaks.

use axum::{
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Json,
};

use crate::model::ErrorBody;

/// A request the server will not serve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// A query parameter (or the query itself) is malformed or out of range: `400`.
    BadParameter {
        /// The parameter at fault, as the client spelled it (`city`, `sec`, …).
        param: String,
        /// A sentence saying what is wrong and what would be right.
        message: String,
    },
    /// The concurrent-stream cap is reached: `503` with `Retry-After`.
    TooManyStreams {
        /// The cap in force.
        cap: usize,
        /// Seconds after which a retry is worth trying.
        retry_after_secs: u64,
    },
    /// This client already holds as many streams as one client may: `429` with
    /// `Retry-After`.
    TooManyStreamsFromClient {
        /// Streams one client may hold at once.
        cap: usize,
        /// Seconds after which a retry is worth trying.
        retry_after_secs: u64,
    },
    /// The request body did not arrive in time: `408`.
    BodyTooSlow {
        /// How long the body may take.
        limit: std::time::Duration,
    },
    /// The request body is larger than the server reads: `413`.
    BodyTooLarge {
        /// Bytes the server reads at most.
        limit_bytes: usize,
    },
    /// No such thing at this address (an unknown report id, say): `404`.
    NotFound(String),
    /// The thing cannot be had as things stand (a report cancelled before it was complete):
    /// `409`.
    NotReady(String),
    /// Too many jobs are running: `429` with `Retry-After`.
    TooManyJobs {
        /// Jobs allowed at once.
        cap: usize,
        /// Seconds after which a retry is worth trying.
        retry_after_secs: u64,
    },
    /// The thing existed but cannot be had here any more (a report id of another
    /// time-zone data version): `410`.
    Gone(String),
    /// The body is not of the one type accepted: `415`.
    UnsupportedMediaType(String),
    /// The body is longer than accepted: `413`.
    PayloadTooLarge(String),
    /// The report-stream cap is reached: `503` with `Retry-After`.
    TooManyReportStreams {
        /// The cap in force.
        cap: usize,
        /// Seconds after which a retry is worth trying.
        retry_after_secs: u64,
    },
    /// The server cannot answer now (it is shutting down): `503`.
    Unavailable(String),
    /// A fault of the server's own: `500`, logged, never detailed to the client.
    Internal(String),
}

impl ApiError {
    /// A `400` for `param` with `message`.
    pub fn bad(param: impl Into<String>, message: impl Into<String>) -> ApiError {
        ApiError::BadParameter {
            param: param.into(),
            message: message.into(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            ApiError::BadParameter { param, message } => (
                StatusCode::BAD_REQUEST,
                Json(ErrorBody {
                    error: message,
                    param: Some(param),
                }),
            )
                .into_response(),
            ApiError::TooManyStreams {
                cap,
                retry_after_secs,
            } => busy(
                StatusCode::SERVICE_UNAVAILABLE,
                format!("the server is already streaming to {cap} clients, its limit; try again in {retry_after_secs} s"),
                retry_after_secs,
            ),
            ApiError::TooManyStreamsFromClient {
                cap,
                retry_after_secs,
            } => busy(
                StatusCode::TOO_MANY_REQUESTS,
                format!(
                    "your address already holds {cap} {}, the most one client may; close one or try again in {retry_after_secs} s",
                    if cap == 1 { "stream" } else { "streams" }
                ),
                retry_after_secs,
            ),
            ApiError::BodyTooSlow { limit } => sentence(
                StatusCode::REQUEST_TIMEOUT,
                format!("the request body did not arrive within {limit:?}; send it whole and at once"),
            ),
            ApiError::BodyTooLarge { limit_bytes } => sentence(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("the request body is larger than {} KiB, the most the server reads", limit_bytes / 1024),
            ),
            ApiError::NotFound(message) => sentence(StatusCode::NOT_FOUND, message),
            ApiError::NotReady(message) => sentence(StatusCode::CONFLICT, message),
            ApiError::TooManyJobs {
                cap,
                retry_after_secs,
            } => busy(
                StatusCode::TOO_MANY_REQUESTS,
                format!("{cap} reports are being computed already, the most at once; try again in {retry_after_secs} s"),
                retry_after_secs,
            ),
            ApiError::Gone(message) => sentence(StatusCode::GONE, message),
            ApiError::UnsupportedMediaType(message) => {
                sentence(StatusCode::UNSUPPORTED_MEDIA_TYPE, message)
            }
            ApiError::PayloadTooLarge(message) => sentence(StatusCode::PAYLOAD_TOO_LARGE, message),
            ApiError::TooManyReportStreams {
                cap,
                retry_after_secs,
            } => busy(
                StatusCode::SERVICE_UNAVAILABLE,
                format!("the server is already streaming {cap} reports, its limit; try again in {retry_after_secs} s"),
                retry_after_secs,
            ),
            ApiError::Unavailable(message) => sentence(StatusCode::SERVICE_UNAVAILABLE, message),
            ApiError::Internal(detail) => {
                tracing::error!(%detail, "internal error");
                sentence(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "the server hit an internal error; it has been logged".to_owned(),
                )
            }
        }
    }
}

/// A full server's answer: the sentence, and `Retry-After` saying when to come back.
fn busy(status: StatusCode, message: String, retry_after_secs: u64) -> Response {
    let mut response = sentence(status, message);
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
    response
}

/// A status with the contract's JSON error body and no parameter.
fn sentence(status: StatusCode, message: String) -> Response {
    let body = ErrorBody {
        error: message,
        param: None,
    };
    (status, Json(body)).into_response()
}
