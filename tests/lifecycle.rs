//! The server as a process: it reloads posts on SIGHUP and stops cleanly on SIGTERM.

#![cfg(all(feature = "ssr", unix))]

mod binary;

use binary::{free_port, get_body as get, signal};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Polls until `check` holds; the bound only limits how long a broken server is waited for.
fn eventually(mut check: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if check() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

fn write_post(dir: &Path, slug: &str) {
    std::fs::write(
        dir.join(format!("posts/{slug}.md")),
        format!("---\ntitle: {slug}\ndate: 2026-01-01\n---\nText.\n"),
    )
    .expect("write post");
}

#[test]
fn sighup_reloads_the_posts_and_sigterm_stops_with_success() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("posts")).expect("posts folder");
    // Watching is off, so only the signal can make the new post appear.
    std::fs::write(dir.path().join("Leptos.toml"), "[content]\nwatch = false\n").expect("settings");
    write_post(dir.path(), "first");
    let port = free_port();
    let mut server = Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(["--addr", &format!("127.0.0.1:{port}")])
        .current_dir(dir.path())
        .env("LEPTOS_OUTPUT_NAME", "quire")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the server starts");

    assert!(eventually(
        || get(port, "/healthz").as_deref() == Some("ok 1 posts\n")
    ));
    write_post(dir.path(), "second");
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(
        get(port, "/healthz").as_deref(),
        Some("ok 1 posts\n"),
        "no watcher, no reload"
    );

    signal(&server, "HUP");
    assert!(eventually(
        || get(port, "/healthz").as_deref() == Some("ok 2 posts\n")
    ));

    signal(&server, "TERM");
    let mut status = None;
    assert!(eventually(|| {
        status = server.try_wait().ok().flatten();
        status.is_some()
    }));
    assert_eq!(status.and_then(|s| s.code()), Some(0));
}

#[test]
fn startup_prints_one_summary_line_naming_the_skipped_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("posts")).expect("posts folder");
    write_post(dir.path(), "good");
    std::fs::write(
        dir.path().join("posts/broken.md"),
        "---\ntitle: 42\n---\nText.\n",
    )
    .expect("broken post");
    let port = free_port();
    let mut server = Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(["--addr", &format!("127.0.0.1:{port}")])
        .current_dir(dir.path())
        .env("LEPTOS_OUTPUT_NAME", "quire")
        .env("RUST_LOG", "info")
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the server starts");
    let stderr = server.stderr.take().expect("piped stderr");
    let (lines, received) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            if lines.send(line).is_err() {
                break;
            }
        }
    });
    let summary = std::iter::from_fn(|| received.recv_timeout(Duration::from_secs(20)).ok())
        .find(|line| line.contains("loaded "));
    signal(&server, "TERM");
    let _ = server.wait();
    let summary = summary.expect("a summary line on stderr");
    assert!(
        summary.contains("loaded 1 post from posts in ")
            && summary.contains(" ms; skipped 1 file: posts/broken.md (title)"),
        "{summary}"
    );
}

/// Starts the server in `dir` on `port` with `RUST_LOG=log`, stderr piped.
fn start(dir: &Path, port: u16, log: &str) -> Child {
    Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(["--addr", &format!("127.0.0.1:{port}")])
        .current_dir(dir)
        .env("LEPTOS_OUTPUT_NAME", "quire")
        .env("RUST_LOG", log)
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the server starts")
}

/// A site whose one post renders to a page of several megabytes, stopped with `drain_seconds`.
fn big_post_site(drain_seconds: u64) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("posts")).expect("posts folder");
    std::fs::write(
        dir.path().join("Leptos.toml"),
        format!("[server]\ndrain_seconds = {drain_seconds}\n"),
    )
    .expect("settings");
    let paragraph = "A long paragraph of plain words to make the page large. ".repeat(20);
    let body = vec![paragraph; 2_500].join("\n\n");
    std::fs::write(
        dir.path().join("posts/big.md"),
        format!("---\ntitle: Big\ndate: 2026-01-01\n---\n{body}\nThe end.\n"),
    )
    .expect("big post");
    dir
}

/// A connection that has asked for the big post and read only the start of the answer: with a
/// small receive buffer, the rest stays in flight on the server until the client reads on.
fn slow_reader(port: u16) -> TcpStream {
    use socket2::{Domain, Socket, Type};
    let socket = Socket::new(Domain::IPV4, Type::STREAM, None).expect("socket");
    socket.set_recv_buffer_size(4096).expect("small buffer");
    let addr: std::net::SocketAddr = ([127, 0, 0, 1], port).into();
    socket.connect(&addr.into()).expect("connect");
    let mut stream: TcpStream = socket.into();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    write!(
        stream,
        "GET /posts/big HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .expect("request");
    let mut start = [0_u8; 1024];
    stream.read_exact(&mut start).expect("the answer begins");
    assert!(start.starts_with(b"HTTP/1.1 200"), "{:?}", &start[..20]);
    stream
}

fn wait_for_exit(server: &mut Child) -> Option<i32> {
    let mut status = None;
    eventually(|| {
        status = server.try_wait().ok().flatten();
        status.is_some()
    });
    status.and_then(|s| s.code())
}

#[test]
fn sigterm_lets_a_request_in_flight_finish_then_exits_0() {
    let dir = big_post_site(60);
    let port = free_port();
    let mut server = start(dir.path(), port, "warn");
    assert!(eventually(
        || get(port, "/healthz").as_deref() == Some("ok 1 posts\n")
    ));
    let mut reader = slow_reader(port);

    signal(&server, "TERM");
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        server.try_wait().expect("status").is_none(),
        "the server waits for the reader"
    );
    assert!(
        TcpStream::connect(("127.0.0.1", port)).is_err() || get(port, "/healthz").is_none(),
        "no new requests are taken while stopping"
    );
    let mut rest = Vec::new();
    reader.read_to_end(&mut rest).expect("the rest of the page");
    let rest = String::from_utf8_lossy(&rest);
    assert!(rest.len() > 2_000_000, "{} bytes", rest.len());
    assert!(
        rest.trim_end().ends_with("</html>"),
        "the page arrived whole"
    );
    assert!(rest.contains("The end."));
    assert_eq!(wait_for_exit(&mut server), Some(0));
}

#[test]
fn a_request_that_never_completes_holds_the_stop_only_for_drain_seconds() {
    let dir = big_post_site(1);
    let port = free_port();
    let mut server = start(dir.path(), port, "warn");
    assert!(eventually(
        || get(port, "/healthz").as_deref() == Some("ok 1 posts\n")
    ));
    // Never read on: without the drain bound the server would wait for this reader forever.
    let _stuck = slow_reader(port);
    signal(&server, "TERM");
    assert_eq!(wait_for_exit(&mut server), Some(0));
    let mut stderr = String::new();
    server
        .stderr
        .take()
        .expect("piped stderr")
        .read_to_string(&mut stderr)
        .expect("stderr");
    assert!(
        stderr.contains("requests still in flight after 1 s"),
        "{stderr}"
    );
}

#[test]
fn debug_logging_writes_one_line_per_request() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("posts")).expect("posts folder");
    write_post(dir.path(), "only");
    let port = free_port();
    let mut server = start(dir.path(), port, "quire=debug");
    assert!(eventually(
        || get(port, "/healthz").as_deref() == Some("ok 1 posts\n")
    ));
    assert!(get(port, "/posts/only").is_some());
    assert!(get(port, "/posts/missing?x=1").is_some());
    signal(&server, "TERM");
    assert_eq!(wait_for_exit(&mut server), Some(0));
    let mut stderr = String::new();
    server
        .stderr
        .take()
        .expect("piped stderr")
        .read_to_string(&mut stderr)
        .expect("stderr");
    let lines: Vec<&str> = stderr.lines().collect();
    for expected in ["GET /posts/only 200 ", "GET /posts/missing?x=1 404 "] {
        assert_eq!(
            lines.iter().filter(|l| l.contains(expected)).count(),
            1,
            "one line for {expected:?} in {stderr}"
        );
    }
}
