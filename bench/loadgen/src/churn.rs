//! `loadgen churn`: streams opened and closed at a steady rate, each read to its first tick,
//! and whether the server is back to no streams and its memory afterwards.

use std::{
    net::{Ipv4Addr, SocketAddr, SocketAddrV4},
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc,
    },
    time::Duration,
};

use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpSocket,
};

use crate::{cli::ChurnPlan, http_probe::read_metric, process::server_rss_kb, worker::find};

/// What a churn did and what it left behind; printed with `{:#?}`.
#[derive(Debug, Clone)]
pub struct ChurnReport {
    pub rate: u64,
    pub seconds: u64,
    pub attempted: u64,
    pub opened: u64,
    pub failed: u64,
    pub active_after: i64,
    pub rss_start_kb: u64,
    pub rss_peak_kb: u64,
    pub rss_after_kb: u64,
}

/// Opens and closes the plan's rate of streams a second for its seconds, each reading its
/// first event before closing; then reads `sse_streams_active` and RSS.
pub fn churn(plan: &ChurnPlan) -> ChurnReport {
    let ChurnPlan {
        server,
        pid,
        rate,
        seconds,
    } = *plan;
    let rss_start_kb = server_rss_kb(pid);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("a runtime");
    let opened = Arc::new(AtomicU64::new(0));
    let failed = Arc::new(AtomicU64::new(0));
    let mut rss_peak_kb = rss_start_kb;
    let attempted = rate * seconds;
    runtime.block_on(async {
        let mut ticker = tokio::time::interval(Duration::from_micros(1_000_000 / rate.max(1)));
        let mut tasks = tokio::task::JoinSet::new();
        for index in 0..attempted {
            ticker.tick().await;
            let local = Ipv4Addr::new(127, 0, 0, 2 + (index % 8) as u8);
            let (opened, failed) = (Arc::clone(&opened), Arc::clone(&failed));
            tasks.spawn(async move {
                let attempt = open_to_first_tick(server, local);
                match tokio::time::timeout(Duration::from_secs(5), attempt).await {
                    Ok(Ok(())) => opened.fetch_add(1, Ordering::Relaxed),
                    _ => failed.fetch_add(1, Ordering::Relaxed),
                };
            });
            if index % rate == 0 {
                rss_peak_kb = rss_peak_kb.max(server_rss_kb(pid));
            }
            while let Some(_done) = tasks.try_join_next() {}
        }
        while tasks.join_next().await.is_some() {}
    });
    // Closed connections are noticed within a tick; give the server two, then a few more
    // seconds for its allocator to hand freed pages back.
    std::thread::sleep(Duration::from_secs(2));
    let active_after = read_metric(server, "sse_streams_active").unwrap_or(-1);
    std::thread::sleep(Duration::from_secs(3));
    ChurnReport {
        rate,
        seconds,
        attempted,
        opened: opened.load(Ordering::Relaxed),
        failed: failed.load(Ordering::Relaxed),
        active_after,
        rss_start_kb,
        rss_peak_kb,
        rss_after_kb: server_rss_kb(pid),
    }
}

/// One stream from `local`: opened, read until its first tick, then closed (dropped).
async fn open_to_first_tick(server: SocketAddr, local: Ipv4Addr) -> std::io::Result<()> {
    let socket = TcpSocket::new_v4()?;
    socket.bind(SocketAddr::V4(SocketAddrV4::new(local, 0)))?;
    let mut stream = socket.connect(server).await?;
    stream
        .write_all(
            format!("GET /api/clock/stream?city=UTC&sec=1 HTTP/1.1\r\nHost: {server}\r\n\r\n")
                .as_bytes(),
        )
        .await?;
    let mut buffer = [0u8; 2048];
    let mut seen = Vec::new();
    while find(&seen, b"\"epochMs\"").is_none() {
        let read = stream.read(&mut buffer).await?;
        if read == 0 {
            return Err(std::io::Error::other("closed before the first tick"));
        }
        seen.extend_from_slice(&buffer[..read]);
    }
    Ok(())
}
