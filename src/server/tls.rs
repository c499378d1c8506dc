//! HTTPS: rustls with HTTP/2 and HTTP/1.1 offered by ALPN, and the certificate in force read from
//! `[server] tls_cert` and `tls_key`.
//!
//! The certificate is read again on SIGHUP and when either file changes (certbot and similar
//! renew by replacing files or the links to them), without dropping a connection: handshakes that
//! follow use the new one, open connections keep theirs. A renewal that cannot be read (a key
//! that does not match, a file written half) is logged and the old certificate stays.

use crate::error::Error;
use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::{ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;
use std::path::{Path, PathBuf};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::Duration;

/// The certificate being served and where it comes from.
#[derive(Debug)]
pub struct Certificates {
    cert: PathBuf,
    key: PathBuf,
    current: RwLock<Arc<CertifiedKey>>,
}

impl Certificates {
    /// Reads the certificate chain at `cert` and its key at `key`; every error names the file.
    pub fn load(cert: &Path, key: &Path) -> Result<Arc<Self>, Error> {
        let current = read(cert, key)?;
        Ok(Arc::new(Certificates {
            cert: cert.to_path_buf(),
            key: key.to_path_buf(),
            current: RwLock::new(Arc::new(current)),
        }))
    }

    /// Reads the files again; on success, new handshakes use what they hold. On failure the
    /// certificate in force stays and the error says why.
    pub fn reload(&self) -> Result<(), Error> {
        let fresh = Arc::new(read(&self.cert, &self.key)?);
        *self.current.write().unwrap_or_else(PoisonError::into_inner) = fresh;
        Ok(())
    }

    /// [`Certificates::reload`], logged.
    pub fn reload_and_log(&self, why: &str) {
        match self.reload() {
            Ok(()) => tracing::info!(
                "{why}: reloaded the TLS certificate {}",
                self.cert.display()
            ),
            Err(error) => {
                tracing::error!("{why}: keeping the TLS certificate in force: {error}")
            }
        }
    }

    /// The two files, for the watcher.
    fn files(&self) -> [&Path; 2] {
        [&self.cert, &self.key]
    }
}

impl ResolvesServerCert for Certificates {
    fn resolve(&self, _hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        Some(Arc::clone(
            &self.current.read().unwrap_or_else(PoisonError::into_inner),
        ))
    }
}

/// Parses a certificate chain and a private key from PEM text, checking that they belong
/// together. `cert_file` and `key_file` name them in errors.
pub fn parse(
    cert_pem: &[u8],
    cert_file: &str,
    key_pem: &[u8],
    key_file: &str,
) -> Result<CertifiedKey, Error> {
    let certificate_error = |file: &str, message: String| Error::Certificate {
        file: file.to_string(),
        message,
    };
    let chain = CertificateDer::pem_slice_iter(cert_pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| certificate_error(cert_file, format!("tls_cert: unreadable PEM ({e})")))?;
    if chain.is_empty() {
        return Err(certificate_error(
            cert_file,
            "tls_cert: expected a PEM certificate chain (\"-----BEGIN CERTIFICATE-----\"), found none"
                .into(),
        ));
    }
    let key = PrivateKeyDer::from_pem_slice(key_pem).map_err(|e| {
        certificate_error(
            key_file,
            format!("tls_key: expected a PEM private key (PKCS#8, PKCS#1 or SEC1): {e}"),
        )
    })?;
    CertifiedKey::from_der(chain, key, &provider()).map_err(|e| {
        certificate_error(
            key_file,
            format!("tls_key: cannot serve it with the certificate in {cert_file}: {e}"),
        )
    })
}

fn read(cert: &Path, key: &Path) -> Result<CertifiedKey, Error> {
    let text = |path: &Path| std::fs::read(path).map_err(|e| Error::io(path, e));
    parse(
        &text(cert)?,
        &cert.display().to_string(),
        &text(key)?,
        &key.display().to_string(),
    )
}

fn provider() -> rustls::crypto::CryptoProvider {
    rustls::crypto::ring::default_provider()
}

/// The TLS side of the listener: rustls' safe defaults (TLS 1.2 and 1.3), `h2` then `http/1.1`
/// offered by ALPN, and the certificate from `certificates` at each handshake.
pub fn acceptor(certificates: Arc<Certificates>) -> Result<tokio_rustls::TlsAcceptor, Error> {
    let mut config = rustls::ServerConfig::builder_with_provider(Arc::new(provider()))
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::Usage(format!("TLS: {e}")))?
        .with_no_client_auth()
        .with_cert_resolver(certificates);
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(tokio_rustls::TlsAcceptor::from(Arc::new(config)))
}

/// Changes closer together than this are one renewal (a certificate and its key are written one
/// after the other).
const SETTLE: Duration = Duration::from_millis(300);

/// Reloads `certificates` when their files change, until the returned watcher is dropped; `None`
/// (logged) when the files' folders cannot be watched, and SIGHUP still reloads.
pub fn watch(certificates: Arc<Certificates>) -> Option<notify::RecommendedWatcher> {
    use notify::Watcher as _;
    let (changes, received) = std::sync::mpsc::channel::<()>();
    // The folders, not the files: a renewal often replaces the file or the link to it.
    let names: Vec<_> = certificates
        .files()
        .iter()
        .filter_map(|path| path.file_name().map(|name| name.to_os_string()))
        .collect();
    let handler = move |result: notify::Result<notify::Event>| match result {
        Ok(event)
            if crate::content::watch::is_content_change(&event.kind)
                && event.paths.iter().any(|path| {
                    path.file_name()
                        .is_some_and(|name| names.iter().any(|n| n == name))
                }) =>
        {
            let _ = changes.send(());
        }
        Ok(_) => {}
        Err(error) => tracing::warn!("watching the TLS files: {error}"),
    };
    let mut watcher = notify::recommended_watcher(handler)
        .map_err(|e| tracing::warn!("cannot watch the TLS files: {e}; SIGHUP reloads them"))
        .ok()?;
    for file in certificates.files() {
        let folder = match file.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        if let Err(e) = watcher.watch(folder, notify::RecursiveMode::NonRecursive) {
            tracing::warn!(
                "cannot watch {}: {e}; SIGHUP reloads the TLS files",
                folder.display()
            );
            return None;
        }
    }
    std::thread::Builder::new()
        .name("quire-tls-reload".into())
        .spawn(move || {
            while received.recv().is_ok() {
                // Let the rest of the renewal land, then read it once.
                while received.recv_timeout(SETTLE).is_ok() {}
                certificates.reload_and_log("the TLS files changed");
            }
        })
        .map_err(|e| tracing::warn!("cannot start the TLS reload thread: {e}"))
        .ok()?;
    Some(watcher)
}

#[cfg(test)]
mod tests;
