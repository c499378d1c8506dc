//! HTTPS as a client meets it, against the real binary with a self-signed certificate made by the
//! test: HTTP/2 and HTTP/1.1 by ALPN with the same headers, HSTS, compression and ETags, certificates renewed without
//! dropping connections (on a file change, and on SIGHUP), plain HTTP redirected with 308, and a
//! key that does not match refused at startup with the file named.

#![cfg(all(feature = "ssr", unix))]

mod binary;

use binary::{free_port, get, site, spawn, Server};
use http_body_util::BodyExt as _;
use rustls::pki_types::{CertificateDer, ServerName};
use std::path::Path;
use std::process::Stdio;
use std::sync::Arc;
use std::time::{Duration, Instant};

const NAME: &str = "blog.test";

/// Writes a fresh certificate for [`NAME`] and its key as `cert` and `key`; returns the
/// certificate, for the client to trust.
fn write_certificate(cert: &Path, key: &Path) -> CertificateDer<'static> {
    let made = rcgen::generate_simple_self_signed(vec![NAME.to_string()]).expect("certificate");
    std::fs::write(cert, made.cert.pem()).expect("cert");
    std::fs::write(key, made.signing_key.serialize_pem()).expect("key");
    made.cert.der().clone()
}

/// The HTTPS server of `dir` (whose `Leptos.toml` names the files) on a free port.
fn start_https(dir: &Path) -> (Server, u16) {
    let port = free_port();
    let server = spawn(dir, |command| {
        command.args(["--addr", &format!("127.0.0.1:{port}")]);
    });
    (server, port)
}

/// One TLS connection that trusts `trusted` and offers `alpn`.
struct Client {
    protocol: Option<Vec<u8>>,
    peer: Vec<u8>,
    sender: Sender,
}

enum Sender {
    Http1(hyper::client::conn::http1::SendRequest<http_body_util::Empty<axum::body::Bytes>>),
    Http2(hyper::client::conn::http2::SendRequest<http_body_util::Empty<axum::body::Bytes>>),
}

struct Answer {
    status: http::StatusCode,
    version: http::Version,
    headers: http::HeaderMap,
    body: String,
}

impl Client {
    async fn connect(port: u16, trusted: &[CertificateDer<'static>], alpn: &[&[u8]]) -> Self {
        Self::try_connect(port, trusted, alpn)
            .await
            .expect("a TLS handshake with the trusted certificate")
    }

    /// `None` when the handshake fails (the server's certificate is not among `trusted`).
    async fn try_connect(
        port: u16,
        trusted: &[CertificateDer<'static>],
        alpn: &[&[u8]],
    ) -> Option<Self> {
        let mut roots = rustls::RootCertStore::empty();
        for cert in trusted {
            roots.add(cert.clone()).expect("a trust anchor");
        }
        let mut config = rustls::ClientConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .expect("protocols")
        .with_root_certificates(roots)
        .with_no_client_auth();
        config.alpn_protocols = alpn.iter().map(|p| p.to_vec()).collect();
        let tcp = tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .expect("connect");
        let tls = tokio_rustls::TlsConnector::from(Arc::new(config))
            .connect(ServerName::try_from(NAME).expect("name"), tcp)
            .await
            .ok()?;
        let (_, session) = tls.get_ref();
        let protocol = session.alpn_protocol().map(<[u8]>::to_vec);
        let peer = session
            .peer_certificates()
            .and_then(|chain| chain.first())
            .expect("a certificate")
            .to_vec();
        let io = hyper_util::rt::TokioIo::new(tls);
        let sender = if protocol.as_deref() == Some(b"h2") {
            let (sender, connection) =
                hyper::client::conn::http2::handshake(hyper_util::rt::TokioExecutor::new(), io)
                    .await
                    .expect("HTTP/2");
            tokio::spawn(connection);
            Sender::Http2(sender)
        } else {
            let (sender, connection) = hyper::client::conn::http1::handshake(io)
                .await
                .expect("HTTP/1.1");
            tokio::spawn(connection);
            Sender::Http1(sender)
        };
        Some(Client {
            protocol,
            peer,
            sender,
        })
    }

    async fn get(&mut self, port: u16, path: &str) -> Answer {
        self.get_with(port, path, &[]).await
    }

    async fn get_with(&mut self, port: u16, path: &str, headers: &[(&str, &str)]) -> Answer {
        let mut request = http::Request::get(format!("https://{NAME}:{port}{path}"));
        // HTTP/2 carries the host in the address (:authority); HTTP/1.1 needs the header.
        if matches!(self.sender, Sender::Http1(_)) {
            request = request.header("host", format!("{NAME}:{port}"));
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request = request.body(http_body_util::Empty::new()).expect("request");
        let response = match &mut self.sender {
            Sender::Http1(sender) => sender.send_request(request).await,
            Sender::Http2(sender) => sender.send_request(request).await,
        }
        .expect("a response");
        let (parts, body) = response.into_parts();
        let body = body.collect().await.expect("body").to_bytes();
        Answer {
            status: parts.status,
            version: parts.version,
            headers: parts.headers,
            body: String::from_utf8_lossy(&body).into_owned(),
        }
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

/// Connects until the server answers `/healthz` over TLS (it starts in the background).
async fn connect_when_ready(port: u16, trusted: &[CertificateDer<'static>]) -> Client {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            let mut client = Client::connect(port, trusted, &[b"http/1.1"]).await;
            if client.get(port, "/healthz").await.status == http::StatusCode::OK {
                return client;
            }
        }
        assert!(Instant::now() < deadline, "no HTTPS answer on port {port}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Connects until the certificate served is `wanted`; panics after 15 s.
async fn wait_for_certificate(port: u16, wanted: &CertificateDer<'static>) {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        // Trusting only the new certificate, a handshake with the old one fails: "not yet".
        if let Some(client) =
            Client::try_connect(port, std::slice::from_ref(wanted), &[b"h2"]).await
        {
            assert_eq!(client.peer, wanted.to_vec());
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the renewed certificate never came"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[test]
fn https_speaks_http2_and_http11_by_alpn_with_the_same_page_and_headers() {
    let dir = site("tls_cert = \"cert.pem\"\ntls_key = \"key.pem\"");
    let cert = write_certificate(&dir.path().join("cert.pem"), &dir.path().join("key.pem"));
    let (_server, port) = start_https(dir.path());
    runtime().block_on(async {
        connect_when_ready(port, std::slice::from_ref(&cert)).await;
        let mut pages = Vec::new();
        for (alpn, version) in [
            (&b"h2"[..], http::Version::HTTP_2),
            (&b"http/1.1"[..], http::Version::HTTP_11),
        ] {
            let mut client = Client::connect(port, std::slice::from_ref(&cert), &[alpn]).await;
            assert_eq!(client.protocol.as_deref(), Some(alpn));
            let page = client.get(port, "/posts/hello").await;
            assert_eq!(page.status, http::StatusCode::OK);
            assert_eq!(page.version, version);
            assert!(page.body.contains("<h1>Hello"), "{}", page.body);
            assert_eq!(
                page.headers["strict-transport-security"], "max-age=31536000",
                "HSTS over {version:?}"
            );
            for name in ["content-security-policy", "x-content-type-options", "etag"] {
                assert!(page.headers.contains_key(name), "{name} over {version:?}");
            }
            let etag = page.headers["etag"].to_str().expect("ascii").to_string();
            let compressed = client
                .get_with(port, "/posts/hello", &[("accept-encoding", "br")])
                .await;
            assert_eq!(
                compressed.headers["content-encoding"], "br",
                "over {version:?}"
            );
            let revisit = client
                .get_with(port, "/posts/hello", &[("if-none-match", &etag)])
                .await;
            assert_eq!(
                revisit.status,
                http::StatusCode::NOT_MODIFIED,
                "over {version:?}"
            );
            pages.push(page.body);
        }
        assert_eq!(pages[0], pages[1], "the same page over both protocols");
    });
}

#[test]
fn a_renewed_certificate_reaches_new_connections_and_open_ones_keep_working() {
    // certbot's layout: live/ holds links into archive/, and a renewal moves the links.
    let dir = site("tls_cert = \"live/cert.pem\"\ntls_key = \"live/key.pem\"");
    let (archive, live) = (dir.path().join("archive"), dir.path().join("live"));
    std::fs::create_dir(&archive).expect("archive");
    std::fs::create_dir(&live).expect("live");
    let first = write_certificate(&archive.join("cert1.pem"), &archive.join("key1.pem"));
    let link = |n: u32| {
        for (name, target) in [
            ("cert", format!("cert{n}.pem")),
            ("key", format!("key{n}.pem")),
        ] {
            let temporary = live.join(format!("{name}.pem.new"));
            std::os::unix::fs::symlink(Path::new("../archive").join(target), &temporary)
                .expect("link");
            std::fs::rename(&temporary, live.join(format!("{name}.pem"))).expect("swap");
        }
    };
    link(1);
    let (_server, port) = start_https(dir.path());
    runtime().block_on(async {
        let mut open = connect_when_ready(port, std::slice::from_ref(&first)).await;
        assert_eq!(open.peer, first.to_vec());

        let second = write_certificate(&archive.join("cert2.pem"), &archive.join("key2.pem"));
        link(2);
        wait_for_certificate(port, &second).await;

        let again = open.get(port, "/posts/hello").await;
        assert_eq!(
            again.status,
            http::StatusCode::OK,
            "the connection made before the renewal is still served"
        );
    });
}

#[test]
fn sighup_reloads_a_certificate_rewritten_in_place() {
    let dir = site("tls_cert = \"live/cert.pem\"\ntls_key = \"live/key.pem\"");
    let (archive, live) = (dir.path().join("archive"), dir.path().join("live"));
    std::fs::create_dir(&archive).expect("archive");
    std::fs::create_dir(&live).expect("live");
    let (cert_file, key_file) = (archive.join("cert.pem"), archive.join("key.pem"));
    let first = write_certificate(&cert_file, &key_file);
    for name in ["cert.pem", "key.pem"] {
        std::os::unix::fs::symlink(Path::new("../archive").join(name), live.join(name))
            .expect("link");
    }
    let (server, port) = start_https(dir.path());
    runtime().block_on(async {
        connect_when_ready(port, std::slice::from_ref(&first)).await;
        // The links do not change, so no watcher sees this renewal: only SIGHUP can pick it up.
        let second = write_certificate(&cert_file, &key_file);
        tokio::time::sleep(Duration::from_millis(1500)).await;
        let before = Client::connect(port, std::slice::from_ref(&first), &[b"h2"]).await;
        assert_eq!(before.peer, first.to_vec(), "still the first until told");
        server.signal("HUP");
        wait_for_certificate(port, &second).await;
    });
}

#[test]
fn plain_http_is_redirected_to_the_same_address_over_https() {
    let plain = free_port();
    let dir = site(&format!(
        "tls_cert = \"cert.pem\"\ntls_key = \"key.pem\"\nredirect_http = \"127.0.0.1:{plain}\""
    ));
    let cert = write_certificate(&dir.path().join("cert.pem"), &dir.path().join("key.pem"));
    let (_server, port) = start_https(dir.path());
    runtime().block_on(connect_when_ready(port, std::slice::from_ref(&cert)));
    let answer = get(plain, "/posts/hello?tag=rust").expect("a plain-HTTP answer");
    assert!(answer.starts_with("HTTP/1.1 308"), "{answer}");
    assert!(
        answer.to_ascii_lowercase().contains(&format!(
            "\r\nlocation: https://127.0.0.1:{port}/posts/hello?tag=rust\r\n"
        )),
        "{answer}"
    );
    assert!(
        !answer
            .to_ascii_lowercase()
            .contains("strict-transport-security"),
        "HSTS is for HTTPS answers only: {answer}"
    );
}

#[test]
fn a_key_that_does_not_match_the_certificate_stops_the_server_naming_the_file() {
    let dir = site("tls_cert = \"cert.pem\"\ntls_key = \"other-key.pem\"");
    write_certificate(&dir.path().join("cert.pem"), &dir.path().join("key.pem"));
    write_certificate(
        &dir.path().join("other.pem"),
        &dir.path().join("other-key.pem"),
    );
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_quire"))
        .current_dir(dir.path())
        .args(["--addr", &format!("127.0.0.1:{}", free_port())])
        .env("LEPTOS_OUTPUT_NAME", "quire")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("other-key.pem: tls_key: cannot serve it with the certificate in cert.pem"),
        "{stderr}"
    );
}
