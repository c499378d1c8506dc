//! `quire export`: the binary writes the fixture site to a temporary folder, and the folder holds
//! everything a static host needs to serve it, with no link left dangling.

#![cfg(feature = "ssr")]

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output};

/// A working folder with a stand-in for the built site root (the real bundle is built by
/// cargo-leptos; the export only copies it).
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let site = dir.path().join("site");
    std::fs::create_dir_all(site.join("pkg")).expect("pkg folder");
    std::fs::create_dir_all(site.join("images")).expect("images folder");
    for (file, body) in [
        ("pkg/quire.js", "export default function init() {}"),
        // cargo-leptos builds name it quire.wasm, plain cargo builds link quire_bg.wasm.
        ("pkg/quire.wasm", "\0asm"),
        ("pkg/quire_bg.wasm", "\0asm"),
        ("pkg/quire.css", "body {}"),
        ("favicon.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
        (
            "images/cover.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        ),
    ] {
        std::fs::write(site.join(file), body).expect("site file");
    }
    dir
}

fn export(dir: &Path, out: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(["export", out, "--posts"])
        .arg(format!(
            "{}/tests/fixtures/site",
            env!("CARGO_MANIFEST_DIR")
        ))
        .current_dir(dir)
        .env_remove("QUIRE_CONFIG")
        .env_remove("QUIRE_POSTS_DIR")
        .env("QUIRE_DRAFTS", "0")
        .env("LEPTOS_OUTPUT_NAME", "quire")
        .env("LEPTOS_SITE_ROOT", "site")
        .env("LEPTOS_SITE_PKG_DIR", "pkg")
        .env("RUST_LOG", "error")
        .output()
        .expect("the quire binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Every file under `root`, as `/`-separated paths relative to it.
fn files(root: &Path) -> BTreeSet<String> {
    fn walk(root: &Path, dir: &Path, found: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).expect("readable folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(root, &path, found);
            } else {
                let relative = path.strip_prefix(root).expect("inside root");
                found.insert(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let mut found = BTreeSet::new();
    walk(root, root, &mut found);
    found
}

/// The values of every `href="/..."` and `src="/..."` attribute in `html`.
fn local_links(html: &str) -> Vec<String> {
    let mut links = Vec::new();
    for attribute in ["href=\"/", "src=\"/"] {
        let mut rest = html;
        while let Some(at) = rest.find(attribute) {
            let value = &rest[at + attribute.len() - 1..];
            let end = value.find('"').unwrap_or(value.len());
            links.push(value[..end].replace("&amp;", "&"));
            rest = &value[end..];
        }
    }
    links
}

/// The exported file a static host answers `link` with: the query string and fragment are
/// ignored, the path is percent-decoded, and a folder means its `index.html`.
fn file_for_link(link: &str) -> String {
    let path = link.split(['?', '#']).next().unwrap_or_default();
    let path = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .expect("UTF-8 link")
        .trim_start_matches('/')
        .to_string();
    let last = path.rsplit('/').next().unwrap_or_default();
    if path.is_empty() {
        "index.html".to_string()
    } else if last.contains('.') {
        path
    } else {
        format!("{path}/index.html")
    }
}

#[test]
fn export_writes_every_page_document_and_asset() {
    let dir = workspace();
    let output = export(dir.path(), "out");
    assert!(output.status.success(), "{}", text(&output.stderr));
    let summary = text(&output.stdout);
    assert!(
        summary.starts_with("exported 13 pages (") && summary.contains(" files, "),
        "{summary}"
    );

    let written = files(&dir.path().join("out"));
    for expected in [
        ".quire-export",
        "index.html",
        "404.html",
        "posts/first-steps/index.html",
        "posts/web-notes/index.html",
        "posts/bundle/index.html",
        "tags/index.html",
        "tags/rust/index.html",
        "tags/café/index.html",
        "tags/learning-in-public/index.html",
        "tags/web-dev/index.html",
        "data/site.json",
        "data/posts.json",
        "data/tags.json",
        "data/posts/first-steps.json",
        "data/tags/café.json",
        "rss.xml",
        "atom.xml",
        "tags/rust/rss.xml",
        "tags/café/atom.xml",
        "sitemap.xml",
        "robots.txt",
        "pkg/quire.js",
        "pkg/quire.css",
        "favicon.svg",
        "images/cover.svg",
    ] {
        assert!(
            written.contains(expected),
            "{expected} missing from {written:?}"
        );
    }
    assert!(
        !written.iter().any(|f| f.contains("secret-draft")),
        "a draft was exported: {written:?}"
    );
}

#[test]
fn exported_pages_are_the_servers_pages_and_hydrate() {
    let dir = workspace();
    assert!(export(dir.path(), "out").status.success());
    let out = dir.path().join("out");
    let read = |file: &str| std::fs::read_to_string(out.join(file)).expect(file);

    let post = read("posts/first-steps/index.html");
    assert!(post.contains("<title>First Steps in Rust"), "{post}");
    assert!(post.contains("id=\"ownership\""), "{post}");
    assert!(
        post.contains("/pkg/quire.js"),
        "pages load the bundle: {post}"
    );

    let posts: quire::model::PostsDocument =
        serde_json::from_str(&read("data/posts.json")).expect("the post list");
    let slugs: Vec<&str> = posts.posts.iter().map(|p| p.slug.as_str()).collect();
    assert_eq!(slugs, ["web-notes", "first-steps", "bundle"]);
    let page: quire::model::PostPageData =
        serde_json::from_str(&read("data/posts/first-steps.json")).expect("a post page");
    assert_eq!(page.post.summary.title, "First Steps in Rust");

    let not_found = read("404.html");
    assert!(not_found.contains("Page not found"), "{not_found}");
    assert!(
        !not_found.contains("/pkg/quire.js") && !not_found.contains(".wasm"),
        "the 404 page is served at unknown addresses, so it must not hydrate: {not_found}"
    );
    assert!(read("rss.xml").contains("<rss"));
    assert!(read("sitemap.xml").contains("/posts/first-steps"));
}

#[test]
fn every_local_link_in_the_export_resolves_to_a_file() {
    let dir = workspace();
    assert!(export(dir.path(), "out").status.success());
    let out = dir.path().join("out");
    let written = files(&out);
    let mut checked = 0;
    for page in written.iter().filter(|f| f.ends_with(".html")) {
        let html = std::fs::read_to_string(out.join(page)).expect("page");
        for link in local_links(&html) {
            let target = file_for_link(&link);
            assert!(
                written.contains(&target),
                "{page} links to {link}, but the export has no {target}"
            );
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} links checked");
}

#[test]
fn export_replaces_a_previous_export_but_never_another_folder() {
    let dir = workspace();
    assert!(export(dir.path(), "out").status.success());
    let stale = dir.path().join("out/posts/gone/index.html");
    std::fs::create_dir_all(stale.parent().expect("parent")).expect("folder");
    std::fs::write(&stale, "old").expect("stale file");
    assert!(export(dir.path(), "out").status.success());
    assert!(!stale.exists(), "a second export starts clean");

    let precious = dir.path().join("notes/todo.txt");
    std::fs::create_dir_all(precious.parent().expect("parent")).expect("folder");
    std::fs::write(&precious, "keep").expect("file");
    let output = export(dir.path(), "notes");
    assert_eq!(output.status.code(), Some(1));
    let error = text(&output.stderr);
    assert!(error.contains("not a previous export"), "{error}");
    assert!(error.lines().count() <= 2, "{error}");
    assert_eq!(std::fs::read_to_string(&precious).expect("kept"), "keep");
}

#[test]
fn export_without_a_built_bundle_says_how_to_build_it() {
    let dir = workspace();
    std::fs::remove_file(dir.path().join("site/pkg/quire.js")).expect("remove bundle");
    let output = export(dir.path(), "out");
    assert_eq!(output.status.code(), Some(1));
    let error = text(&output.stderr);
    assert!(error.contains("cargo leptos build --release"), "{error}");
    assert!(!dir.path().join("out").exists());
}
