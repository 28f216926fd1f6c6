//! `baseline`: a yardstick for the benchmark, not part of the app. It is the clock stream as
//! people would write it after axum's `examples/sse`: `Sse` with `KeepAlive::default()`, one
//! `tokio::time::interval` per connection, each event's JSON built with chrono-tz and serde
//! when it is sent, on tokio's default multi-thread runtime and the system allocator.
//! `loadgen suite --only baseline` holds targets 1 and 2's loads against it.
//!
//! `GET /api/clock/stream?city=Asia/Seoul&sec=S` sends worldclock's `UPDATE` events (ids
//! from 1): the first at once, then one on each wall-clock multiple of the interval, whose
//! `epochMs` is that multiple. Ticks missed under load are skipped
//! (`MissedTickBehavior::Skip`), not sent late in a burst (tokio's default).
//! `GET /healthz` answers `ok`. `baseline --port P` (default 3302).

use std::{
    collections::HashMap,
    convert::Infallible,
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use axum::{
    extract::Query,
    http::StatusCode,
    response::sse::{Event, KeepAlive, Sse},
    routing::get,
    Router,
};
use chrono::{DateTime, Offset, TimeZone, Utc};
use chrono_tz::{OffsetName, Tz};
use futures_util::{stream, Stream};
use serde::Serialize;
use tokio::time::{interval_at, Instant, MissedTickBehavior};

/// One `UPDATE` event's data, in worldclock's field order.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ClockUpdate {
    id: u64,
    zone: String,
    city: String,
    date_time: String,
    utc_offset: String,
    abbreviation: String,
    epoch_ms: i64,
}

fn now_epoch_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_millis() as i64)
}

fn update(tz: Tz, id: u64, epoch_ms: i64) -> ClockUpdate {
    let utc = DateTime::<Utc>::from_timestamp_millis(epoch_ms).unwrap_or_default();
    let local = tz.from_utc_datetime(&utc.naive_utc());
    let east = local.offset().fix().local_minus_utc();
    let sign = if east < 0 { '-' } else { '+' };
    let name = tz.name();
    ClockUpdate {
        id,
        zone: name.to_owned(),
        city: name.rsplit('/').next().unwrap_or(name).replace('_', " "),
        date_time: local.format("%Y-%m-%d %H:%M:%S").to_string(),
        utc_offset: format!(
            "{sign}{:02}:{:02}",
            east.abs() / 3600,
            east.abs() % 3600 / 60
        ),
        abbreviation: local.offset().abbreviation().unwrap_or_default().to_owned(),
        epoch_ms,
    }
}

async fn clock_stream(
    Query(query): Query<HashMap<String, String>>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, StatusCode> {
    let tz: Tz = query
        .get("city")
        .and_then(|city| city.parse().ok())
        .ok_or(StatusCode::BAD_REQUEST)?;
    let sec = query.get("sec").map_or(Ok(1.0), |sec| sec.parse::<f64>());
    let period = match sec.map_err(|_| StatusCode::BAD_REQUEST)? {
        sec if (0.1..=3600.0).contains(&sec) => (sec * 1000.0).round() as i64,
        _ => return Err(StatusCode::BAD_REQUEST),
    };
    // The interval starts at the next wall-clock multiple of the period.
    let now = now_epoch_ms();
    let first = (now.div_euclid(period) + 1) * period;
    let start = Instant::now() + Duration::from_millis((first - now) as u64);
    let mut ticker = interval_at(start, Duration::from_millis(period as u64));
    ticker.set_missed_tick_behavior(MissedTickBehavior::Skip);
    let events = stream::unfold((ticker, 1u64), move |(mut ticker, id)| async move {
        let epoch_ms = if id == 1 {
            now_epoch_ms()
        } else {
            let at = ticker.tick().await;
            first + at.duration_since(start).as_millis() as i64
        };
        let event = Event::default()
            .id(id.to_string())
            .event("UPDATE")
            .json_data(update(tz, id, epoch_ms))
            .expect("a clock update serializes");
        Some((Ok(event), (ticker, id + 1)))
    });
    Ok(Sse::new(events).keep_alive(KeepAlive::default()))
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let port: u16 = match args.iter().position(|arg| arg == "--port") {
        Some(at) => args
            .get(at + 1)
            .and_then(|port| port.parse().ok())
            .expect("--port P"),
        None => 3302,
    };
    let _ = rlimit::increase_nofile_limit(u64::MAX);
    let app = Router::new()
        .route("/api/clock/stream", get(clock_stream))
        .route("/healthz", get(|| async { "ok" }));
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .expect("the baseline's port");
    axum::serve(listener, app)
        .await
        .expect("the baseline serves");
}
