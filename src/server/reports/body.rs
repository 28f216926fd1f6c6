//! The body of `POST /api/reports`, read at the edge: `application/json` only (`415`
//! otherwise, so a plain form or `text/plain` post from another site cannot start reports
//! without the CORS preflight a JSON post needs), at most [`MAX_BODY_BYTES`] (`413`), and
//! JSON of the shape of [`ReportRequest`] (`400` naming the body).

use axum::{
    body::Bytes,
    extract::{
        rejection::{BytesRejection, FailedToBufferBody},
        FromRequest, Request,
    },
    http::header,
};

use crate::model::ReportRequest;
pub use crate::server::http::MAX_BODY_BYTES;
use crate::server::http::{quote, ApiError};

/// A report request as the client sent it, before its values are checked.
pub struct ReportBody(pub ReportRequest);

impl<S: Send + Sync> FromRequest<S> for ReportBody {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let content_type = request
            .headers()
            .get(header::CONTENT_TYPE)
            .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned());
        let is_json = content_type.as_deref().is_some_and(|value| {
            let essence = value.split(';').next().unwrap_or_default().trim();
            essence.eq_ignore_ascii_case("application/json")
        });
        if !is_json {
            let sent = content_type.map_or("none".to_owned(), |value| quote(&value));
            return Err(ApiError::UnsupportedMediaType(format!(
                "the body must be JSON sent with Content-Type: application/json, not {sent}"
            )));
        }
        // The route's DefaultBodyLimit is MAX_BODY_BYTES; the Bytes extractor keeps to it.
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| match rejection {
                BytesRejection::FailedToBufferBody(FailedToBufferBody::LengthLimitError(_)) => {
                    ApiError::PayloadTooLarge(format!(
                        "the body must be at most {} KiB; list at most 100 zones, or leave zones out for every zone",
                        MAX_BODY_BYTES / 1024
                    ))
                }
                other => ApiError::bad("body", format!("the body could not be read: {other}")),
            })?;
        serde_json::from_slice(&bytes).map(ReportBody).map_err(|error| {
            ApiError::bad(
                "body",
                format!(
                    "the body must be JSON such as {{\"zones\": [\"Europe/London\"], \"from\": 2026, \"to\": 2030}}: {error}"
                ),
            )
        })
    }
}
