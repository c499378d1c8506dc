//! The command line, run as a program on temporary folders.

#![cfg(feature = "ssr")]

use std::path::Path;
use std::process::{Command, Output};

fn quire(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(args)
        .current_dir(dir)
        .env_remove("QUIRE_CONFIG")
        .env_remove("QUIRE_POSTS_DIR")
        .env("RUST_LOG", "warn")
        .output()
        .expect("the quire binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn fixtures() -> String {
    format!("{}/tests/fixtures/site", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn check_lists_every_problem_and_exits_with_failure() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = quire(&["check", "--posts", &fixtures()], dir.path());
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(
        text.contains("broken.md: title: expected a non-empty string, found the number 42"),
        "{text}"
    );
    assert!(text.contains("broken.md: pubDate:"), "{text}");
    assert!(text.contains("broken.md: image.alt: missing"), "{text}");
    assert!(text.contains("checked 4 posts"), "{text}");
}

#[test]
fn check_speaks_json_for_machines() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = quire(
        &["check", "--posts", &fixtures(), "--format", "json"],
        dir.path(),
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    assert_eq!(report["posts"], 4);
    assert!(report["files"][0]["file"]
        .as_str()
        .is_some_and(|f| f.ends_with("broken.md")));
    assert_eq!(report["files"][0]["problems"][0]["field"], "title");
}

#[test]
fn check_passes_a_clean_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("posts")).expect("posts folder");
    std::fs::write(dir.path().join("posts/a.md"), "---\ntitle: A\n---\nText.\n").expect("write");
    let output = quire(&["check"], dir.path());
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(stdout(&output).contains("checked 1 posts in posts: no problems"));
}

#[test]
fn new_writes_a_valid_post_and_refuses_to_overwrite_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("posts")).expect("posts folder");
    let output = quire(
        &["new", "My First Post", "--tags", "rust,web dev", "--draft"],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(0));
    let text = std::fs::read_to_string(dir.path().join("posts/my-first-post.md")).expect("created");
    assert!(
        text.contains("title: \"My First Post\"") && text.contains("draft: true"),
        "{text}"
    );
    assert!(text.contains("tags: [\"rust\", \"web dev\"]"), "{text}");
    assert_eq!(
        quire(&["check"], dir.path()).status.code(),
        Some(0),
        "the new post is valid"
    );

    let again = quire(&["new", "My First Post"], dir.path());
    assert_eq!(again.status.code(), Some(1));
    let error = String::from_utf8_lossy(&again.stderr);
    assert!(error.contains("already exists"), "{error}");
    assert!(!error.contains("panicked"), "{error}");
}

#[test]
fn a_bad_settings_file_is_one_plain_error_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("Leptos.toml"), "[site]\ntitel = \"typo\"\n").expect("write");
    let output = quire(&["check"], dir.path());
    assert_eq!(output.status.code(), Some(1));
    let error = String::from_utf8_lossy(&output.stderr);
    assert!(
        error.starts_with("quire: Leptos.toml: unknown field `titel`"),
        "{error}"
    );
    assert_eq!(error.trim_end().lines().count(), 1, "{error}");
}

#[test]
fn every_subcommand_has_help() {
    let dir = tempfile::tempdir().expect("temp dir");
    for args in [
        &["--help"][..],
        &["serve", "--help"],
        &["check", "--help"],
        &["new", "--help"],
        &["export", "--help"],
    ] {
        let output = quire(args, dir.path());
        assert_eq!(output.status.code(), Some(0), "{args:?}");
        assert!(stdout(&output).contains("Usage: quire"), "{args:?}");
    }
}
