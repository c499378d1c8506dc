//! The server as a process: it reloads posts on SIGHUP and stops cleanly on SIGTERM.

#![cfg(all(feature = "ssr", unix))]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// The body of `GET path`, or `None` while the server is not answering.
fn get(port: u16, path: &str) -> Option<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    response
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_string())
}

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

fn signal(child: &Child, name: &str) {
    let status = Command::new("kill")
        .args([&format!("-{name}"), &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success(), "kill -{name}");
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
