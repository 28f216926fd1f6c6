//! The clocks keep time when the wall clock steps: the real server on a real port, its wall
//! clock a test clock that runs in real time and that the test steps under live streams,
//! back and forward, small and large, the way an NTP step, a VM restore or `date -s` does.
#![cfg(feature = "ssr")]

mod common;

use std::time::Duration;

use common::{events, get, next_event, now_ms, TestServer};
use futures_util::{Stream, StreamExt};
use worldclock::{
    model::ClockUpdate,
    server::{ServeOptions, Settings, TokioClock, WallClock},
};

const SECOND: Duration = Duration::from_secs(1);

/// A server whose wall clock is `clock`.
async fn server_on(clock: &TokioClock) -> TestServer {
    let settings = Settings::default();
    let options = ServeOptions {
        clock: WallClock::FollowsTokio(clock.clone()),
        ..ServeOptions::for_settings(&settings)
    };
    TestServer::with_options(settings, options).await
}

/// The next tick, and the server's wall clock when it arrived.
async fn tick(
    stream: &mut (impl Stream<Item = eventsource_stream::Event> + Unpin),
    clock: &TokioClock,
    within: Duration,
) -> (ClockUpdate, i64) {
    let event = next_event(stream, within).await;
    assert_eq!(event.event, "UPDATE", "{event:?}");
    let update: ClockUpdate = serde_json::from_str(&event.data).unwrap();
    (update, clock.now_ms())
}

/// Steps the clock by `step_ms` under a live stream at `sec=0.5` and checks what follows:
/// the next tick at the next multiple of 500 ms of the new time, sent when the clock reads
/// it, within one interval of the step (plus the ticker's look again, 250 ms, and slack for
/// a busy machine), then ticks every 500 ms; ids consecutive throughout.
async fn step_under_a_live_stream(step_ms: i64) {
    let clock = TokioClock::starting_at(now_ms());
    let server = server_on(&clock).await;
    let mut stream = events(
        get(
            &server.url("/api/clock/stream?city=Asia/Seoul&sec=0.5"),
            &[],
        )
        .await,
    );
    let mut ids = Vec::new();
    for _ in 0..3 {
        ids.push(tick(&mut stream, &clock, SECOND).await.0.id);
    }
    clock.step_ms(step_ms);
    let stepped_at = clock.now_ms();
    let stepped = std::time::Instant::now();
    let (first, arrived_at) = tick(&mut stream, &clock, 2 * SECOND).await;
    let waited = stepped.elapsed();
    ids.push(first.id);
    let next_multiple = (stepped_at.div_euclid(500) + 1) * 500;
    assert_eq!(first.epoch_ms % 500, 0, "step {step_ms}: {first:?}");
    assert!(
        first.epoch_ms == next_multiple || first.epoch_ms == next_multiple + 500,
        "step {step_ms}: the next tick is the next multiple of the new time ({next_multiple}), \
         or the one after when the step was noticed just past it: {first:?}"
    );
    assert!(
        (0..150).contains(&(arrived_at - first.epoch_ms)),
        "step {step_ms}: sent when the clock reads it, not {} ms off",
        arrived_at - first.epoch_ms
    );
    assert!(
        waited < Duration::from_millis(500 + 250 + 400),
        "step {step_ms}: the next tick took {waited:?}"
    );
    let mut previous = first.epoch_ms;
    for _ in 0..3 {
        let (update, _) = tick(&mut stream, &clock, SECOND).await;
        assert_eq!(
            update.epoch_ms - previous,
            500,
            "step {step_ms}: {update:?}"
        );
        previous = update.epoch_ms;
        ids.push(update.id);
    }
    let expected: Vec<u64> = (1..=ids.len() as u64).collect();
    assert_eq!(ids, expected, "step {step_ms}: ids consecutive");
}

#[tokio::test]
async fn a_step_back_of_a_minute_does_not_freeze_the_stream() {
    step_under_a_live_stream(-60_000).await;
}

#[tokio::test]
async fn a_step_forward_of_an_hour_does_not_freeze_the_stream_nor_replay_it() {
    step_under_a_live_stream(3_600_000).await;
}

#[tokio::test]
async fn small_steps_either_way_keep_the_stream_on_the_wall_clock() {
    step_under_a_live_stream(-300).await;
    step_under_a_live_stream(300).await;
}

#[tokio::test]
async fn a_day_back_then_put_right_keeps_ticking_every_interval() {
    let clock = TokioClock::starting_at(now_ms());
    let server = server_on(&clock).await;
    let mut stream = events(get(&server.url("/api/clock/stream?city=UTC&sec=1"), &[]).await);
    let mut ids = vec![tick(&mut stream, &clock, SECOND).await.0.id];
    clock.step_ms(-86_400_000);
    let (back, _) = tick(&mut stream, &clock, 2 * SECOND).await;
    assert!(back.epoch_ms < now_ms() - 86_000_000, "{back:?}");
    ids.push(back.id);
    // The operator puts the clock right: the clocks follow at once, a day forward.
    clock.step_ms(86_400_000);
    let (right, _) = tick(&mut stream, &clock, 2 * SECOND).await;
    assert!((right.epoch_ms - now_ms()).abs() < 1_500, "{right:?}");
    ids.push(right.id);
    assert_eq!(ids, [1, 2, 3]);
}

#[tokio::test]
async fn streams_of_every_interval_end_at_once_on_shutdown_after_steps() {
    let clock = TokioClock::starting_at(now_ms());
    let mut server = server_on(&clock).await;
    let mut streams = Vec::new();
    for sec in ["0.5", "60", "3600"] {
        let mut stream = events(
            get(
                &server.url(&format!("/api/clock/stream?city=UTC&sec={sec}")),
                &[],
            )
            .await,
        );
        next_event(&mut stream, SECOND).await;
        streams.push(stream);
    }
    clock.step_ms(-3_600_000);
    tokio::time::sleep(Duration::from_millis(300)).await;
    clock.step_ms(7_200_000);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let task = server.shut_down();
    for mut stream in streams {
        let ended =
            tokio::time::timeout(SECOND, async { while stream.next().await.is_some() {} }).await;
        assert!(ended.is_ok(), "a stream was still open 1 s after shutdown");
    }
    tokio::time::timeout(Duration::from_secs(5), task)
        .await
        .expect("server exits within 5 s")
        .unwrap();
}
