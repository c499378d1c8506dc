//! The server's connections as a client on the open internet meets them: a head trickled byte by
//! byte is closed at the head limit and an idle keep-alive connection at the idle limit,
//! connections past the cap wait and are then answered, a stopping server answers an idle
//! connection's last request, a client that stops reading is dropped, HTTP/2 with prior knowledge gets the same page and headers, and a
//! socket passed by the service manager is served.

#![cfg(all(feature = "ssr", unix))]

mod binary;

use binary::{closed_after, get, read_response, site, spawn, start, wait_until_answering};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Sends `bytes` one every 200 ms until the server closes `stream`; how long that took.
fn trickle(stream: &mut TcpStream, bytes: &[u8]) -> Option<Duration> {
    let started = Instant::now();
    for byte in bytes {
        if stream.write_all(&[*byte]).is_err() {
            return Some(started.elapsed());
        }
        if closed_after(stream, Duration::from_millis(200)).is_some() {
            return Some(started.elapsed());
        }
    }
    None
}

const SLOW_HEAD: &[u8] = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: 12345678901234567890";

#[test]
fn a_trickled_head_is_closed_at_the_head_limit_though_bytes_keep_coming() {
    let dir = site("head_timeout_seconds = 2");
    let (_server, port) = start(dir.path());
    let mut slow = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    let closed = trickle(&mut slow, SLOW_HEAD).expect("the server closed the trickling connection");
    assert!(
        closed >= Duration::from_millis(1800) && closed < Duration::from_secs(6),
        "closed by the head limit (2 s): {closed:?}"
    );
}

#[test]
fn an_idle_kept_alive_connection_is_closed_at_the_idle_limit_not_the_head_limit() {
    let dir = site("head_timeout_seconds = 1\nidle_timeout_seconds = 3");
    let (_server, port) = start(dir.path());
    let mut idle = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    write!(idle, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").expect("request");
    assert!(read_response(&mut idle).starts_with("HTTP/1.1 200"));
    let closed = closed_after(&mut idle, Duration::from_secs(15)).expect("closed when idle");
    assert!(
        closed >= Duration::from_millis(2800) && closed < Duration::from_secs(8),
        "kept for the idle limit (3 s), past the head limit (1 s): {closed:?}"
    );
}

#[test]
fn a_second_head_trickled_after_a_response_gets_the_head_limit_from_its_first_byte() {
    let dir = site("head_timeout_seconds = 2\nidle_timeout_seconds = 30");
    let (_server, port) = start(dir.path());
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    write!(stream, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").expect("request");
    assert!(read_response(&mut stream).starts_with("HTTP/1.1 200"));
    std::thread::sleep(Duration::from_secs(1));
    let closed = trickle(&mut stream, SLOW_HEAD).expect("closed while trickling");
    assert!(
        closed >= Duration::from_millis(1800) && closed < Duration::from_secs(6),
        "the head limit (2 s), not the idle one (30 s): {closed:?}"
    );
}

#[test]
fn a_stopping_server_answers_an_idle_connections_last_request_then_closes_it() {
    let dir = site("");
    let (mut server, port) = start(dir.path());
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    let ask = |stream: &mut TcpStream| {
        write!(
            stream,
            "GET /posts/hello HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        )
        .expect("request");
        read_response(stream)
    };
    assert!(ask(&mut stream).starts_with("HTTP/1.1 200"));
    server.signal("TERM");
    // A client of a kept-alive connection sends its next request as the server stops: during a
    // restart it is answered, and told to reconnect (to the new server), rather than reset.
    std::thread::sleep(Duration::from_millis(200));
    let last = ask(&mut stream);
    assert!(last.starts_with("HTTP/1.1 200"), "{last}");
    assert!(
        last.to_ascii_lowercase()
            .contains("\r\nconnection: close\r\n"),
        "{last}"
    );
    assert!(
        closed_after(&mut stream, Duration::from_secs(5)).is_some(),
        "closed after the last answer"
    );
    assert_eq!(server.exited_within(Duration::from_secs(10)), Some(0));
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

/// Settings that let a post of [`write_big_post`]'s size load.
const BIG_POSTS: &str = "[content]\nmax_post_bytes = 40000000";

/// `posts/big.md`: 14 MB of paragraphs, ending "The end.".
fn write_big_post(dir: &std::path::Path) {
    let paragraph = "Plain words to make the page large, with *emphasis* and `code`. ".repeat(20);
    std::fs::write(
        dir.join("posts/big.md"),
        format!(
            "---\ntitle: Big\ndate: 2026-01-01\n---\n{}\nThe end.\n",
            vec![paragraph; 10_000].join("\n\n")
        ),
    )
    .expect("big post");
}

#[test]
fn a_client_that_stops_reading_a_response_is_dropped_at_the_send_limit() {
    use socket2::{Domain, Socket, Type};
    // Larger than the kernel's socket buffers can hold (up to 4 MiB each way on Linux).
    let dir = site(&format!("send_timeout_seconds = 2\n{BIG_POSTS}"));
    write_big_post(dir.path());
    let (_server, port) = start(dir.path());
    let socket = Socket::new(Domain::IPV4, Type::STREAM, None).expect("socket");
    socket.set_recv_buffer_size(4096).expect("small buffer");
    let addr: std::net::SocketAddr = ([127, 0, 0, 1], port).into();
    socket.connect(&addr.into()).expect("connect");
    let mut stream: TcpStream = socket.into();
    write!(
        stream,
        "GET /posts/big HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .expect("request");
    let mut start = [0; 1024];
    stream.read_exact(&mut start).expect("the answer begins");
    assert!(start.starts_with(b"HTTP/1.1 200"));
    // Reads nothing for twice the limit, then takes what is left.
    std::thread::sleep(Duration::from_secs(4));
    let mut rest = Vec::new();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let _ = stream.read_to_end(&mut rest);
    assert!(
        rest.len() < 10_000_000 && !String::from_utf8_lossy(&rest).contains("The end."),
        "dropped mid-response, after {} more bytes",
        rest.len()
    );
}

#[test]
fn while_the_posts_load_health_says_503_and_a_page_waits_for_them() {
    // One post of megabytes, rendered afresh (no render cache): the load takes a while.
    let dir = site(&format!("{BIG_POSTS}\ncache_dir = \"\""));
    write_big_post(dir.path());
    let port = binary::free_port();
    let _server = spawn(dir.path(), |command| {
        command.args(["--addr", &format!("127.0.0.1:{port}")]);
    });
    let deadline = Instant::now() + Duration::from_secs(60);
    let loading = loop {
        if let Some(answer) = get(port, "/healthz") {
            break answer;
        }
        assert!(Instant::now() < deadline, "the listener never answered");
        std::thread::sleep(Duration::from_millis(5));
    };
    assert!(loading.starts_with("HTTP/1.1 503"), "{loading}");
    assert!(
        loading.to_ascii_lowercase().contains("retry-after: 1"),
        "{loading}"
    );
    let page = get(port, "/posts/hello").expect("an answer once loaded");
    assert!(
        page.starts_with("HTTP/1.1 200"),
        "the page waited for the posts: {page}"
    );
    let health = get(port, "/healthz").expect("an answer");
    assert!(health.ends_with("ok 2 posts\n"), "{health}");
}
