//! Tests of `tls`: reading certificates and keys, and keeping the one in force when a renewal is
//! unreadable.

use super::*;

/// A fresh self-signed certificate for `name`: (certificate PEM, key PEM).
fn self_signed(name: &str) -> (String, String) {
    let made = rcgen::generate_simple_self_signed(vec![name.to_string()]).expect("certificate");
    (made.cert.pem(), made.signing_key.serialize_pem())
}

fn serial_of(certificates: &Certificates) -> Vec<u8> {
    certificates
        .current
        .read()
        .expect("lock")
        .end_entity_cert()
        .expect("a certificate")
        .to_vec()
}

#[test]
fn a_certificate_and_its_key_are_read_from_pem() {
    let (cert, key) = self_signed("blog.example");
    let parsed = parse(cert.as_bytes(), "cert.pem", key.as_bytes(), "key.pem").expect("valid");
    assert_eq!(parsed.cert.len(), 1);
}

#[test]
fn bad_files_are_named_with_what_was_expected() {
    let (cert, key) = self_signed("blog.example");
    let (_, other_key) = self_signed("other.example");
    let error = |cert: &str, key: &str| {
        parse(cert.as_bytes(), "cert.pem", key.as_bytes(), "key.pem")
            .expect_err("refused")
            .to_string()
    };
    let no_chain = error("not a certificate", &key);
    assert!(
        no_chain.starts_with("cert.pem: tls_cert: expected a PEM certificate chain"),
        "{no_chain}"
    );
    let no_key = error(&cert, "nothing here");
    assert!(
        no_key.starts_with("key.pem: tls_key: expected a PEM private key"),
        "{no_key}"
    );
    let mismatch = error(&cert, &other_key);
    assert!(
        mismatch.starts_with("key.pem: tls_key: cannot serve it with the certificate in cert.pem"),
        "{mismatch}"
    );
}

#[test]
fn a_renewal_replaces_the_certificate_and_a_broken_one_keeps_the_old() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (cert_path, key_path) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    let write = |(cert, key): &(String, String)| {
        std::fs::write(&cert_path, cert).expect("cert");
        std::fs::write(&key_path, key).expect("key");
    };
    write(&self_signed("first.example"));
    let certificates = Certificates::load(&cert_path, &key_path).expect("loads");
    let first = serial_of(&certificates);

    write(&self_signed("second.example"));
    certificates.reload().expect("renewal read");
    let second = serial_of(&certificates);
    assert_ne!(first, second, "new handshakes get the renewed certificate");

    // Half a renewal: a new certificate beside the old key.
    std::fs::write(&cert_path, self_signed("third.example").0).expect("cert");
    assert!(certificates.reload().is_err());
    assert_eq!(
        serial_of(&certificates),
        second,
        "a broken renewal keeps the one in force"
    );
}
