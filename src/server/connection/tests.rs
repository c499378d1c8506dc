//! Tests of `connection`, on an in-memory pipe with tokio's clock paused: each limit fires at its
//! own time and not before.

use super::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt, DuplexStream};

const LIMITS: Timeouts = Timeouts {
    head: Duration::from_secs(10),
    idle: Duration::from_secs(60),
    send: Duration::from_secs(30),
};

/// A guarded server end and the client's end of one connection.
fn connection() -> (Guarded<DuplexStream>, DuplexStream) {
    let (server, client) = tokio::io::duplex(1024);
    (Guarded::new(server, LIMITS), client)
}

/// Reads until the connection fails or ends: the error kind (`None` for an end) and when.
async fn read_until_closed(
    server: &mut Guarded<DuplexStream>,
) -> (Option<io::ErrorKind>, Duration) {
    let started = Instant::now();
    let mut buf = [0; 256];
    loop {
        match server.read(&mut buf).await {
            Ok(0) => return (None, started.elapsed()),
            Ok(_) => {}
            Err(error) => return (Some(error.kind()), started.elapsed()),
        }
    }
}

#[tokio::test(start_paused = true)]
async fn a_head_trickled_byte_by_byte_is_cut_off_at_the_head_limit() {
    let (mut server, mut client) = connection();
    let trickle = async move {
        for byte in b"GET / HTTP/1.1\r\nHost: a\r\nX-Slow: 1" {
            if client.write_all(&[*byte]).await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_secs(2)).await;
        }
        client
    };
    let ((kind, after), _client) = tokio::join!(read_until_closed(&mut server), trickle);
    assert_eq!(kind, Some(io::ErrorKind::TimedOut));
    assert!(
        after >= LIMITS.head && after < LIMITS.head + Duration::from_secs(2),
        "{after:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn a_connection_that_never_speaks_is_closed_at_the_head_limit() {
    let (mut server, _client) = connection();
    let (kind, after) = read_until_closed(&mut server).await;
    assert_eq!(kind, Some(io::ErrorKind::TimedOut));
    assert_eq!(after, LIMITS.head);
}

#[tokio::test(start_paused = true)]
async fn an_idle_keep_alive_connection_is_kept_for_the_idle_limit_not_the_head_limit() {
    let (mut server, mut client) = connection();
    client
        .write_all(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        .await
        .expect("write");
    let mut head = [0; 64];
    let read = server.read(&mut head).await.expect("the head arrives");
    assert!(head[..read].ends_with(b"\r\n\r\n"));
    server
        .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n")
        .await
        .expect("the response goes out");
    let (kind, after) = read_until_closed(&mut server).await;
    assert_eq!(kind, Some(io::ErrorKind::TimedOut));
    assert_eq!(after, LIMITS.idle);
}

#[tokio::test(start_paused = true)]
async fn the_next_request_on_a_kept_connection_gets_a_fresh_head_limit() {
    let (mut server, mut client) = connection();
    client
        .write_all(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        .await
        .expect("write");
    let mut buf = [0; 64];
    let read = server.read(&mut buf).await.expect("the head arrives");
    assert!(buf[..read].ends_with(b"\r\n\r\n"));
    server
        .write_all(b"HTTP/1.1 204 No Content\r\n\r\n")
        .await
        .expect("answer");
    let next = async move {
        // Most of the idle limit passes, then a second head starts and stalls.
        tokio::time::sleep(Duration::from_secs(50)).await;
        client.write_all(b"GET /again").await.expect("write");
        client
    };
    let ((kind, after), _client) = tokio::join!(read_until_closed(&mut server), next);
    assert_eq!(kind, Some(io::ErrorKind::TimedOut));
    assert_eq!(after, Duration::from_secs(50) + LIMITS.head);
}

#[tokio::test(start_paused = true)]
async fn a_client_that_stops_reading_is_dropped_at_the_send_limit() {
    let (mut server, _client) = connection();
    let started = Instant::now();
    let body = vec![b'x'; 1 << 20];
    let error = server
        .write_all(&body)
        .await
        .expect_err("the pipe fills and the client never reads");
    assert_eq!(error.kind(), io::ErrorKind::TimedOut);
    assert_eq!(started.elapsed(), LIMITS.send);
}

#[tokio::test(start_paused = true)]
async fn http2_traffic_is_bounded_by_the_idle_limit_only() {
    let (mut server, mut client) = connection();
    let talk = async move {
        client
            .write_all(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")
            .await
            .expect("preface");
        // Frames every 20 s for a minute and a half: longer than any head may take.
        for _ in 0..5 {
            tokio::time::sleep(Duration::from_secs(20)).await;
            client.write_all(&[0; 9]).await.expect("a frame");
        }
        client
    };
    let ((kind, after), _client) = tokio::join!(read_until_closed(&mut server), talk);
    assert_eq!(kind, Some(io::ErrorKind::TimedOut));
    assert_eq!(after, Duration::from_secs(100) + LIMITS.idle);
}
