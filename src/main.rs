//! The worldclock server binary: everything lives in the library's `server` module.

/// jemalloc, for the reason given beside the dependency in Cargo.toml.
#[cfg(feature = "ssr")]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() {
    std::process::exit(worldclock::server::run().await);
}

#[cfg(not(feature = "ssr"))]
fn main() {
    // The binary is only built with the `ssr` feature; the `hydrate` build is the library.
}
