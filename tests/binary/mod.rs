//! What the tests that run the real `quire` binary share: a site in a temporary folder, the
//! server on a free port (stopped when the test ends, however it ends), and raw HTTP/1.1 over a
//! socket, so the tests see the bytes a client sees.

// Each test binary uses a part of this module.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A site of one post (`/posts/hello`) with `settings` as its `[server]` table.
pub fn site(settings: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("posts")).expect("posts folder");
    std::fs::write(
        dir.path().join("posts/hello.md"),
        "---\ntitle: Hello\ndate: 2026-01-01\n---\nText.\n",
    )
    .expect("post");
    std::fs::write(
        dir.path().join("Leptos.toml"),
        format!("[server]\n{settings}\n"),
    )
    .expect("settings");
    dir
}

/// A port nothing listens on now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// The server in `dir`, its command adjusted by `setup`.
pub fn spawn(dir: &Path, setup: impl FnOnce(&mut Command)) -> Server {
    let mut command = Command::new(env!("CARGO_BIN_EXE_quire"));
    command
        .current_dir(dir)
        .env("LEPTOS_OUTPUT_NAME", "quire")
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    setup(&mut command);
    Server(command.spawn().expect("the server starts"))
}

/// A running server; it is killed when the test ends, however it ends.
pub struct Server(pub Child);

impl Server {
    /// Sends the signal `name` (`TERM`, `HUP`) to the server.
    pub fn signal(&self, name: &str) {
        signal(&self.0, name);
    }

    /// Waits up to `longest` for the server to exit; its exit code, if it did.
    pub fn exited_within(&mut self, longest: Duration) -> Option<i32> {
        let deadline = Instant::now() + longest;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.0.try_wait() {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Sends the signal `name` (`TERM`, `HUP`) to `child`.
pub fn signal(child: &Child, name: &str) {
    let status = Command::new("kill")
        .args([&format!("-{name}"), &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success(), "kill -{name}");
}

/// The server in `dir` on a free port, answering plain HTTP.
pub fn start(dir: &Path) -> (Server, u16) {
    let port = free_port();
    let server = spawn(dir, |command| {
        command.args(["--addr", &format!("127.0.0.1:{port}")]);
    });
    wait_until_answering(port);
    (server, port)
}

/// Polls `/healthz` until it answers 200; panics after 30 s.
pub fn wait_until_answering(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if get(port, "/healthz").is_some_and(|r| r.starts_with("HTTP/1.1 200")) {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("the server never answered on port {port}");
}

/// The whole response to `GET path` on a new connection, or `None` if none came.
pub fn get(port: u16, path: &str) -> Option<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    Some(response)
}

/// The body of `GET path` on a new connection, or `None` while the server is not answering.
pub fn get_body(port: u16, path: &str) -> Option<String> {
    get(port, path)?
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_string())
}

/// How long until the server closes `stream` (reads return the end or an error), reading and
/// dropping anything it sends; `None` if it is still open after `longest`.
pub fn closed_after(stream: &mut TcpStream, longest: Duration) -> Option<Duration> {
    let started = Instant::now();
    stream
        .set_read_timeout(Some(Duration::from_millis(100)))
        .expect("timeout");
    let mut buf = [0; 4096];
    while started.elapsed() < longest {
        match stream.read(&mut buf) {
            Ok(0) => return Some(started.elapsed()),
            Ok(_) => {}
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(_) => return Some(started.elapsed()),
        }
    }
    None
}

/// Reads one whole response (its head, and a `Content-Length` or chunked body) from a kept-alive
/// connection.
pub fn read_response(stream: &mut TcpStream) -> String {
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let line = |stream: &mut TcpStream| {
        let mut bytes = Vec::new();
        let mut byte = [0; 1];
        while !bytes.ends_with(b"\r\n") {
            stream.read_exact(&mut byte).expect("a response");
            bytes.push(byte[0]);
        }
        String::from_utf8_lossy(&bytes).into_owned()
    };
    let mut head = String::new();
    loop {
        let next = line(stream);
        head.push_str(&next);
        if next == "\r\n" {
            break;
        }
    }
    let header = |wanted: &str| {
        head.lines().find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case(wanted)
                .then(|| value.trim().to_ascii_lowercase())
        })
    };
    let mut body = Vec::new();
    if header("transfer-encoding").as_deref() == Some("chunked") {
        loop {
            let size = usize::from_str_radix(line(stream).trim(), 16).expect("a chunk size");
            let mut chunk = vec![0; size + 2];
            stream.read_exact(&mut chunk).expect("a chunk");
            body.extend_from_slice(&chunk[..size]);
            if size == 0 {
                break;
            }
        }
    } else {
        let length = header("content-length")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        body.resize(length, 0);
        stream.read_exact(&mut body).expect("the body");
    }
    head + &String::from_utf8_lossy(&body)
}
