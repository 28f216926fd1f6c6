//! `GET /healthz`: tells load balancers and tests that the server accepts requests.

/// `200 ok`, as plain text.
pub async fn healthz() -> &'static str {
    "ok"
}
