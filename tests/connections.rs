//! The server's connections as a client on the open internet meets them: a head trickled byte by
//! byte and an idle keep-alive connection are closed at the head limit, connections past the cap
//! wait and are then answered, HTTP/2 with prior knowledge gets the same page and headers, and a
//! socket passed by the service manager is served.

#![cfg(all(feature = "ssr", unix))]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A site of one post with `settings` as its `[server]` table.
fn site(settings: &str) -> tempfile::TempDir {
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

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// The server in `dir`, its command adjusted by `setup`.
fn spawn(dir: &Path, setup: impl FnOnce(&mut Command)) -> Server {
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

/// Stops the server when the test ends, however it ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The server in `dir` on a free port, answering.
fn start(dir: &Path) -> (Server, u16) {
    let port = free_port();
    let server = spawn(dir, |command| {
        command.args(["--addr", &format!("127.0.0.1:{port}")]);
    });
    wait_until_answering(port);
    (server, port)
}

fn wait_until_answering(port: u16) {
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
fn get(port: u16, path: &str) -> Option<String> {
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

/// How long until the server closes `stream` (reads return the end or an error), reading and
/// dropping anything it sends; `None` if it is still open after `longest`.
fn closed_after(stream: &mut TcpStream, longest: Duration) -> Option<Duration> {
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

#[test]
fn a_trickled_head_and_an_idle_kept_alive_connection_are_closed_at_the_head_limit() {
    let dir = site("head_timeout_seconds = 2");
    let (_server, port) = start(dir.path());

    // One byte every 200 ms never completes a head: the connection goes after two seconds.
    let mut slow = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    let started = Instant::now();
    let mut closed = None;
    for byte in b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: 1234567890" {
        if slow.write_all(&[*byte]).is_err() {
            closed = Some(started.elapsed());
            break;
        }
        if let Some(after) = closed_after(&mut slow, Duration::from_millis(200)) {
            closed = Some(started.elapsed().max(after));
            break;
        }
    }
    let closed = closed.expect("the server closed the trickling connection");
    assert!(
        closed >= Duration::from_millis(1800) && closed < Duration::from_secs(8),
        "closed by the head limit (2 s), though bytes kept coming: {closed:?}"
    );

    // A kept-alive connection that asks nothing more goes at the same limit.
    let mut idle = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    write!(idle, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").expect("request");
    let mut answer = [0; 12];
    idle.read_exact(&mut answer).expect("an answer");
    assert_eq!(&answer, b"HTTP/1.1 200");
    let closed = closed_after(&mut idle, Duration::from_secs(15)).expect("closed when idle");
    assert!(
        closed >= Duration::from_millis(1800) && closed < Duration::from_secs(10),
        "closed by the head limit (2 s): {closed:?}"
    );
}

#[test]
fn connections_past_the_cap_wait_in_the_backlog_and_are_answered_once_one_closes() {
    let dir = site("max_connections = 2\nhead_timeout_seconds = 30");
    let (_server, port) = start(dir.path());
    let first = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    let second = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    // Both held, silent: the third connection is made by the kernel but not served.
    std::thread::sleep(Duration::from_millis(300));
    let mut third = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    write!(
        third,
        "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .expect("request");
    third
        .set_read_timeout(Some(Duration::from_millis(700)))
        .expect("timeout");
    let mut buf = [0; 12];
    assert!(
        third.read(&mut buf).is_err(),
        "no answer while two connections are open"
    );
    drop(first);
    third
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    third
        .read_exact(&mut buf)
        .expect("answered once a connection closed");
    assert_eq!(&buf, b"HTTP/1.1 200");
    drop(second);
}

#[test]
fn http2_with_prior_knowledge_gets_the_same_page_and_headers() {
    let dir = site("");
    let (_server, port) = start(dir.path());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let (status, version, headers, body) = runtime.block_on(async {
        use http_body_util::BodyExt;
        let tcp = tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .expect("connect");
        let (mut sender, connection) = hyper::client::conn::http2::handshake(
            hyper_util::rt::TokioExecutor::new(),
            hyper_util::rt::TokioIo::new(tcp),
        )
        .await
        .expect("an HTTP/2 connection without TLS");
        tokio::spawn(connection);
        let request = http::Request::get(format!("http://127.0.0.1:{port}/posts/hello"))
            .header("accept-encoding", "identity")
            .body(http_body_util::Empty::<axum::body::Bytes>::new())
            .expect("request");
        let response = sender.send_request(request).await.expect("a response");
        let (parts, body) = response.into_parts();
        let body = body.collect().await.expect("body").to_bytes();
        (parts.status, parts.version, parts.headers, body)
    });
    assert_eq!(status, http::StatusCode::OK);
    assert_eq!(version, http::Version::HTTP_2);
    let body = String::from_utf8_lossy(&body);
    assert!(body.contains("<h1>Hello"), "{body}");
    for name in ["content-security-policy", "x-content-type-options", "etag"] {
        assert!(
            headers.contains_key(name),
            "{name} over HTTP/2 too: {headers:?}"
        );
    }
    let over_http1 = get(port, "/posts/hello").expect("an HTTP/1.1 answer");
    let (_, http1_body) = over_http1.split_once("\r\n\r\n").expect("a body");
    assert!(
        http1_body.contains(&*body),
        "the same page over both protocols"
    );
}

#[test]
fn a_socket_passed_by_the_service_manager_is_served_instead_of_binding() {
    use std::os::fd::AsRawFd as _;
    use std::os::unix::process::CommandExt as _;
    let dir = site("");
    let listener = TcpListener::bind("127.0.0.1:0").expect("the manager's socket");
    let port = listener.local_addr().expect("address").port();
    let fd = listener.as_raw_fd();
    let _server = spawn(dir.path(), |command| {
        // LISTEN_PID must name the server itself: a shell learns its own pid, then becomes it.
        let binary = command.get_program().to_os_string();
        *command = Command::new("sh");
        command
            .arg("-c")
            .arg("export LISTEN_PID=$$ LISTEN_FDS=1; exec \"$0\" --addr 127.0.0.1:9 \"$@\"")
            .arg(binary)
            .current_dir(dir.path())
            .env("LEPTOS_OUTPUT_NAME", "quire")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        // SAFETY: dup2 is async-signal-safe; it gives the child the socket as descriptor 3
        // (without close-on-exec), as systemd does.
        unsafe {
            command.pre_exec(move || {
                // dup2 onto itself would keep close-on-exec; clear it instead.
                let passed = if fd == 3 {
                    libc::fcntl(3, libc::F_SETFD, 0)
                } else {
                    libc::dup2(fd, 3)
                };
                if passed == -1 {
                    Err(std::io::Error::last_os_error())
                } else {
                    Ok(())
                }
            });
        }
    });
    // The server was told to bind port 9, which it may not: it answers on the passed socket.
    wait_until_answering(port);
    let page = get(port, "/posts/hello").expect("an answer");
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
}
