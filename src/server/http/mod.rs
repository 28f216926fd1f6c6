//! HTTP plumbing shared by every feature: accepting connections, typed errors, reading query
//! strings and `Last-Event-ID`, the SSE encoder and event-stream responses, metrics, health,
//! the open-files limit and when to shut down.

mod accept;
mod errors;
mod event_stream;
mod health;
mod last_event_id;
mod metrics;
mod open_files;
mod query_string;
mod shutdown;
pub mod sse;

pub use accept::serve_connections;
pub use errors::ApiError;
pub use event_stream::event_stream_response;
pub use health::healthz;
pub use last_event_id::LastEventId;
pub use metrics::{metrics, Metrics, StreamSlot};
pub use open_files::{raise_to_hard_limit, stream_cap};
pub use query_string::{decode_query, quote};
pub use shutdown::signal as shutdown_signal;
