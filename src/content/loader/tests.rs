//! Tests of `loader`.

use super::*;

pub(super) fn write(dir: &Path, name: &str, text: &[u8]) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("create folder");
    }
    fs::write(path, text).expect("write file");
}

pub(super) fn config(dir: &Path) -> LibraryConfig {
    LibraryConfig::new(dir, "Ada")
}

#[test]
fn image_sizes_are_read_from_the_assets_folder_and_never_outside_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    // A 3x2 PNG header is enough for imagesize.
    let png: Vec<u8> = [
        &[0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a][..],
        &[
            0, 0, 0, 13, b'I', b'H', b'D', b'R', 0, 0, 0, 3, 0, 0, 0, 2, 8, 6, 0, 0, 0,
        ],
    ]
    .concat();
    write(dir.path(), "images/a.png", &png);
    assert_eq!(image_size(dir.path(), "/images/a.png"), Some((3, 2)));
    assert_eq!(image_size(dir.path(), "/images/missing.png"), None);
    assert_eq!(image_size(dir.path(), "/../etc/passwd"), None);
    assert_eq!(image_size(dir.path(), "https://example.com/a.png"), None);
}

/// Writes `text` to `dir/name`, dated `seconds` after the epoch (long settled).
fn write_dated(dir: &Path, name: &str, text: &str, seconds: u64) {
    write(dir, name, text.as_bytes());
    let at = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(seconds);
    fs::File::options()
        .write(true)
        .open(dir.join(name))
        .and_then(|file| file.set_modified(at))
        .expect("set the modification time");
}

fn titles(index: &PostIndex) -> Vec<String> {
    let mut titles: Vec<String> = index.summaries().map(|s| s.title.clone()).collect();
    titles.sort();
    titles
}

fn tagged(title: &str, date: &str, tag: &str) -> String {
    format!("---\ntitle: {title}\ndate: {date}\ntags: [{tag}]\n---\nText.\n")
}

#[test]
fn a_reload_reads_only_the_files_that_changed_and_sighup_reads_them_all() {
    let dir = tempfile::tempdir().expect("temp dir");
    write_dated(dir.path(), "a.md", &tagged("Aaa", "2026-01-01", "x"), 1_000);
    write_dated(dir.path(), "b.md", &tagged("Bbb", "2026-01-02", "x"), 1_000);
    let first = load_dir(&config(dir.path()), None).expect("readable");
    assert_eq!(titles(&first), ["Aaa", "Bbb"]);

    // a.md: other text of the same size under the same time, so it is not read again (the
    // limit of a size-and-time check, which is why a fresh change is never trusted); b.md:
    // a real edit, with a new time.
    write_dated(dir.path(), "a.md", &tagged("AAA", "2026-01-01", "x"), 1_000);
    write_dated(
        dir.path(),
        "b.md",
        &tagged("Bbb!", "2026-01-02", "x"),
        2_000,
    );
    let second = load_dir(&config(dir.path()), Some(&first)).expect("readable");
    assert_eq!(titles(&second), ["Aaa", "Bbb!"], "a.md reused, b.md read");

    let all = load_dir_with(&config(dir.path()), Some(&second), Reread::All).expect("readable");
    assert_eq!(titles(&all), ["AAA", "Bbb!"], "everything read");
}

#[test]
fn a_file_changed_within_the_settle_time_is_always_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "a.md",
        tagged("Aaa", "2026-01-01", "x").as_bytes(),
    );
    let first = load_dir(&config(dir.path()), None).expect("readable");
    write(
        dir.path(),
        "a.md",
        tagged("AAA", "2026-01-01", "x").as_bytes(),
    );
    let second = load_dir(&config(dir.path()), Some(&first)).expect("readable");
    assert_eq!(titles(&second), ["AAA"]);
}

#[test]
fn reused_posts_take_the_tag_spelling_of_the_oldest_post_still_there() {
    let dir = tempfile::tempdir().expect("temp dir");
    write_dated(
        dir.path(),
        "old.md",
        &tagged("Old", "2020-01-01", "RUST"),
        1_000,
    );
    write_dated(
        dir.path(),
        "new.md",
        &tagged("New", "2026-01-01", "rust"),
        1_000,
    );
    let first = load_dir(&config(dir.path()), None).expect("readable");
    assert_eq!(first.tags()[0].name, "RUST");
    fs::remove_file(dir.path().join("old.md")).expect("delete");
    let second = load_dir(&config(dir.path()), Some(&first)).expect("readable");
    assert_eq!(second.tags()[0].name, "rust");
    let new = second.post("new").expect("the reused post");
    assert_eq!(new.summary.tags[0].name, "rust");
}

#[test]
fn a_broken_edit_stays_reported_while_the_file_is_unchanged() {
    let dir = tempfile::tempdir().expect("temp dir");
    write_dated(
        dir.path(),
        "a.md",
        &tagged("Good", "2026-01-01", "x"),
        1_000,
    );
    let first = load_dir(&config(dir.path()), None).expect("readable");
    write_dated(dir.path(), "a.md", "---\ntitle: [\n---\nBroken.\n", 2_000);
    let second = load_dir(&config(dir.path()), Some(&first)).expect("readable");
    let third = load_dir(&config(dir.path()), Some(&second)).expect("readable");
    for index in [&second, &third] {
        assert_eq!(titles(index), ["Good"], "the last good version is served");
        assert_eq!(index.problems().len(), 1, "{:?}", index.problems());
    }
}

fn post(title: &str) -> Vec<u8> {
    format!("---\ntitle: {title}\ndate: 2026-01-01\n---\nText.\n").into_bytes()
}

#[test]
fn finds_flat_posts_and_bundles_and_ignores_the_rest() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "a.md", &post("A"));
    write(dir.path(), "b.markdown", &post("B"));
    write(dir.path(), "bundle/index.md", &post("Bundle"));
    write(dir.path(), "bundle/photo.png", b"\x89PNG");
    write(dir.path(), "images/cat.png", b"\x89PNG");
    write(dir.path(), ".a.md.swp", b"\0\0");
    write(dir.path(), "a.md~", &post("Backup"));
    write(dir.path(), "notes.txt", b"hello");
    let found = discover(dir.path()).expect("readable");
    let slugs: Vec<&str> = found
        .files
        .iter()
        .map(|f| f.default_slug.as_str())
        .collect();
    assert_eq!(slugs, ["a", "b", "bundle"]);
    assert!(found.problems.is_empty());
    assert_eq!(
        found.unread.line().as_deref(),
        Some("not read: 2 other files (1 .png, 1 .txt)"),
        "the bundle's photo is served with it, not counted"
    );
}

#[test]
fn markdown_in_a_folder_without_an_index_is_read_post_by_post() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "trip/post.md", &post("Trip"));
    write(dir.path(), "trip/2024/05/later.md", &post("Later"));
    let found = discover(dir.path()).expect("readable");
    let files: Vec<(&str, &str, bool)> = found
        .files
        .iter()
        .map(|f| (f.default_slug.as_str(), f.folder.as_str(), f.bundle))
        .collect();
    assert_eq!(
        files,
        [("later", "trip/2024/05", false), ("post", "trip", false)]
    );
    assert!(found.problems.is_empty());
}

#[test]
fn non_utf8_files_are_reported_and_other_posts_still_load() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "good.md", &post("Good"));
    write(dir.path(), "latin1.md", b"---\ntitle: Caf\xe9\n---\n");
    let index = load_dir(&config(dir.path()), None).expect("readable");
    assert_eq!(index.len(), 1);
    let message = index.problems()[0].to_string();
    assert!(
        message.contains("latin1.md: encoding: expected UTF-8"),
        "{message}"
    );
}

#[test]
fn a_post_over_the_size_limit_is_reported_with_its_size_and_never_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    let limit = post("Fits").len() as u64;
    write(dir.path(), "fits.md", &post("Fits"));
    write(dir.path(), "large.md", &post("Large"));
    // A sparse file of 64 GiB: reading it would take minutes and more memory than there is.
    let huge = fs::File::create(dir.path().join("huge.md")).expect("create");
    huge.set_len(64 << 30).expect("sparse file");
    let config = LibraryConfig {
        max_post_bytes: limit,
        ..config(dir.path())
    };
    let index = load_dir(&config, None).expect("readable");
    assert_eq!(index.len(), 1, "the post at the limit loads");
    let messages: Vec<String> = index.problems().iter().map(|p| p.to_string()).collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(
        messages[0].ends_with(&format!(
            "huge.md: size: expected at most {limit} bytes ([content] max_post_bytes), \
                 found {} bytes",
            64u64 << 30
        )),
        "{messages:?}"
    );
    assert!(
        messages[1].ends_with(&format!(
            "large.md: size: expected at most {limit} bytes ([content] max_post_bytes), \
                 found {} bytes",
            limit + 1
        )),
        "{messages:?}"
    );
}

#[cfg(unix)]
#[test]
fn symbolic_links_leading_outside_the_folder_are_not_followed() {
    let outside = tempfile::tempdir().expect("temp dir");
    write(outside.path(), "secret.md", &post("Secret"));
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "inside.md", &post("Inside"));
    std::os::unix::fs::symlink(
        outside.path().join("secret.md"),
        dir.path().join("secret.md"),
    )
    .expect("symlink");
    std::os::unix::fs::symlink(dir.path().join("inside.md"), dir.path().join("alias.md"))
        .expect("symlink");
    let found = discover(dir.path()).expect("readable");
    let slugs: Vec<&str> = found
        .files
        .iter()
        .map(|f| f.default_slug.as_str())
        .collect();
    assert_eq!(slugs, ["alias", "inside"]);
    assert!(
        found.problems[0]
            .to_string()
            .contains("secret.md: link: leads outside"),
        "{}",
        found.problems[0]
    );
}

/// A PNG header of `width` x `height`: enough for imagesize.
#[test]
fn a_missing_folder_is_an_io_error_naming_it() {
    let error = load_dir(&config(Path::new("no/such/posts")), None).expect_err("missing");
    assert!(error.to_string().starts_with("no/such/posts:"), "{error}");
}
