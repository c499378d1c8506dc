//! Tests of `phase`, with tokio's clock paused.

use super::*;
use std::time::Duration;

const LIMITS: Timeouts = Timeouts {
    head: Duration::from_secs(10),
    idle: Duration::from_secs(60),
    send: Duration::from_secs(30),
};

/// When `phases` expires from now, and in which phase; `None` within `longest`.
async fn expires(phases: &Phases, longest: Duration) -> Option<(Phase, Duration)> {
    let started = Instant::now();
    tokio::time::timeout(longest, phases.expired(LIMITS))
        .await
        .ok()
        .map(|phase| (phase, started.elapsed()))
}

#[tokio::test(start_paused = true)]
async fn a_new_connection_has_the_head_limit_to_send_a_head() {
    let phases = Phases::new();
    assert_eq!(phases.phase(), Phase::Head);
    // Bytes of a head do not restart its clock: a trickle is still cut at the limit.
    phases.bytes_read();
    assert_eq!(
        expires(&phases, Duration::from_secs(100)).await,
        Some((Phase::Head, LIMITS.head))
    );
}

#[tokio::test(start_paused = true)]
async fn after_a_response_the_connection_may_idle_for_the_idle_limit() {
    let phases = Phases::new();
    phases.request_started();
    phases.request_finished();
    assert_eq!(phases.phase(), Phase::Idle);
    assert_eq!(
        expires(&phases, Duration::from_secs(100)).await,
        Some((Phase::Idle, LIMITS.idle))
    );
}

#[tokio::test(start_paused = true)]
async fn the_first_byte_after_a_response_starts_the_head_clock() {
    let phases = Phases::new();
    phases.request_started();
    phases.request_finished();
    tokio::time::sleep(Duration::from_secs(50)).await;
    phases.bytes_read();
    assert_eq!(phases.phase(), Phase::Head);
    assert_eq!(
        expires(&phases, Duration::from_secs(100)).await,
        Some((Phase::Head, LIMITS.head)),
        "a trickled second head gets the head limit from its first byte"
    );
}

#[tokio::test(start_paused = true)]
async fn a_busy_connection_never_expires_and_idles_only_when_every_request_is_done() {
    let phases = Phases::new();
    phases.request_started();
    phases.request_started();
    assert_eq!(expires(&phases, Duration::from_secs(600)).await, None);
    phases.request_finished();
    assert_eq!(
        phases.phase(),
        Phase::Busy,
        "one HTTP/2 stream is still open"
    );
    phases.request_finished();
    assert_eq!(phases.phase(), Phase::Idle);
}

#[tokio::test(start_paused = true)]
async fn a_phase_change_while_waiting_moves_the_deadline() {
    let phases = Phases::new();
    let watcher = {
        let phases = Arc::clone(&phases);
        tokio::spawn(async move { expires(&phases, Duration::from_secs(1000)).await })
    };
    tokio::time::sleep(Duration::from_secs(5)).await;
    phases.request_started();
    tokio::time::sleep(Duration::from_secs(100)).await;
    phases.request_finished();
    let (phase, after) = watcher.await.expect("task").expect("expires");
    assert_eq!(phase, Phase::Idle);
    assert_eq!(after, Duration::from_secs(105) + LIMITS.idle);
}

#[tokio::test(start_paused = true)]
async fn quiet_for_waits_out_requests_in_flight_and_then_the_quiet_time() {
    let phases = Phases::new();
    phases.request_started();
    let waiter = {
        let phases = Arc::clone(&phases);
        tokio::spawn(async move {
            let started = Instant::now();
            phases.quiet_for(Duration::from_secs(1)).await;
            started.elapsed()
        })
    };
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert!(!waiter.is_finished(), "a request is in flight");
    phases.request_finished();
    let waited = waiter.await.expect("resolves");
    assert!(
        waited >= Duration::from_secs(4) && waited < Duration::from_millis(4100),
        "one quiet second after the response: {waited:?}"
    );
}

#[tokio::test]
async fn reads_of_an_idle_socket_start_a_head_and_writes_do_not() {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let phases = Phases::new();
    phases.request_started();
    phases.request_finished();
    let (server, mut client) = tokio::io::duplex(64);
    let mut server = Tracked::new(server, Arc::clone(&phases));
    server.write_all(b"response").await.expect("write");
    assert_eq!(phases.phase(), Phase::Idle);
    client.write_all(b"G").await.expect("client writes");
    let mut byte = [0; 1];
    server.read_exact(&mut byte).await.expect("read");
    assert_eq!(phases.phase(), Phase::Head);
}

#[tokio::test(start_paused = true)]
async fn a_head_begun_while_the_watchdog_waits_out_an_idle_connection_keeps_the_head_limit() {
    let phases = Phases::new();
    phases.request_started();
    phases.request_finished();
    let watcher = {
        let phases = Arc::clone(&phases);
        tokio::spawn(async move { expires(&phases, Duration::from_secs(1000)).await })
    };
    // The watchdog has seen the connection idle (a deadline 60 s away) when a head begins.
    tokio::time::sleep(Duration::from_secs(1)).await;
    phases.bytes_read();
    let (phase, after) = watcher.await.expect("task").expect("expires");
    assert_eq!(phase, Phase::Head);
    assert_eq!(
        after,
        Duration::from_secs(1) + LIMITS.head,
        "the head limit counts from the head's first byte, not from the idle deadline"
    );
}
