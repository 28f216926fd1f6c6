//! Calling code that wasm-split cut off the bundle into a WASM chunk of its own (Leptos'
//! `#[lazy]`, or `wasm_split` itself): once the chunk is loaded, the call is ready at once.

use std::{
    future::Future,
    pin::pin,
    task::{Context, Poll, Waker},
};

/// The output of `future` if it is ready when first polled: a lazy function whose chunk
/// is loaded (or any function on the server) returns at once.
pub fn ready_now<T>(future: impl Future<Output = T>) -> Option<T> {
    match pin!(future).poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(output) => Some(output),
        Poll::Pending => None,
    }
}
