//! `GET /healthz`: tells load balancers and tests that the server accepts requests, and
//! operators whether the server's clock is synchronised.

use super::kernel_clock;

/// `200`, as plain text: `ok` on the first line (what health checks match), then the
/// system clock's state as the kernel says it now. An unsynchronised clock does not make the
/// instance unhealthy: taking every instance of a fleet out of rotation because their time
/// daemon stopped would turn wrong clocks into no clocks.
pub async fn healthz() -> String {
    format!("ok\n{}\n", kernel_clock::read().describe())
}
