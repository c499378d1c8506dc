//! Tests of `connection`, on an in-memory pipe with tokio's clock paused.

use super::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::time::Instant;

const SEND: Duration = Duration::from_secs(30);

#[tokio::test(start_paused = true)]
async fn a_client_that_stops_reading_is_dropped_at_the_send_limit() {
    let (server, _client) = tokio::io::duplex(1024);
    let mut server = SendLimit::new(server, SEND);
    let started = Instant::now();
    let error = server
        .write_all(&vec![b'x'; 1 << 20])
        .await
        .expect_err("the pipe fills and the client never reads");
    assert_eq!(error.kind(), io::ErrorKind::TimedOut);
    assert_eq!(started.elapsed(), SEND);
}

#[tokio::test(start_paused = true)]
async fn a_slow_reader_that_keeps_reading_gets_the_whole_response() {
    let (server, mut client) = tokio::io::duplex(1024);
    let mut server = SendLimit::new(server, SEND);
    let reader = async move {
        let mut got = Vec::new();
        let mut buf = [0; 1024];
        loop {
            // Each read comes well within the limit, though the whole takes far longer.
            tokio::time::sleep(Duration::from_secs(10)).await;
            match client.read(&mut buf).await.expect("read") {
                0 => return got.len(),
                n => got.extend_from_slice(&buf[..n]),
            }
        }
    };
    let writer = async move {
        server
            .write_all(&[b'x'; 8 * 1024])
            .await
            .expect("sent whole");
        server.shutdown().await.expect("closed");
    };
    let (read, ()) = tokio::join!(reader, writer);
    assert_eq!(read, 8 * 1024);
}
