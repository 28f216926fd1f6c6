//! HTTP plumbing shared by every feature: accepting connections and closing them at
//! shutdown, time and size limits on requests, the security headers of every response,
//! typed errors, reading query strings and `Last-Event-ID`, the SSE encoder and event-stream
//! responses, metrics, the per-client cap, health, the system clock's synchronisation as
//! the kernel reports it, the open-files limit and when to shut down.

mod accept;
mod body_deadline;
mod drain;
mod errors;
mod event_stream;
mod health;
mod kernel_clock;
mod last_event_id;
mod metrics;
mod open_files;
mod per_client;
mod query_string;
mod security_headers;
mod shutdown;
pub mod sse;

pub use accept::{serve_connections, Timeouts};
pub use body_deadline::MAX_BODY_BYTES;
pub use errors::ApiError;
pub use event_stream::event_stream_response;
pub use health::healthz;
pub use kernel_clock::watch as watch_kernel_clock;
pub use last_event_id::LastEventId;
pub use metrics::{metrics, Metrics, StreamSlot};
pub use open_files::{raise_to_hard_limit, stream_cap};
pub use per_client::{Client, ClientSlot, StreamsPerClient};
pub use query_string::{decode_query, quote};
pub use security_headers::provide_request_nonce;
pub use shutdown::signal as shutdown_signal;
