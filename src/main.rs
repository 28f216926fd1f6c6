//! The worldclock server binary: everything lives in the library's `server` module.

/// jemalloc, for the reason given beside the dependency in Cargo.toml (the tests' build
/// leaves it out: see the `jemalloc` feature).
#[cfg(feature = "jemalloc")]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's settings: a background thread returns freed pages to the system within about a
/// second of a burst (1,000 clients leaving, say), even when the server then goes quiet.
#[cfg(feature = "jemalloc")]
#[allow(non_upper_case_globals)]
#[export_name = "_rjem_malloc_conf"]
pub static malloc_conf: &[u8] = b"background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:1000\0";

#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() {
    std::process::exit(worldclock::server::run().await);
}

#[cfg(not(feature = "ssr"))]
fn main() {
    // The binary is only built with the `ssr` feature; the `hydrate` build is the library.
}
