//! Tests of `loader`.

use super::*;

fn write(dir: &Path, name: &str, text: &[u8]) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("create folder");
    }
    fs::write(path, text).expect("write file");
}

fn config(dir: &Path) -> LibraryConfig {
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
    let (files, problems) = discover(dir.path()).expect("readable");
    let slugs: Vec<&str> = files.iter().map(|f| f.default_slug.as_str()).collect();
    assert_eq!(slugs, ["a", "b", "bundle"]);
    assert!(problems.is_empty());
}

#[test]
fn a_folder_with_markdown_but_no_index_is_reported() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "trip/post.md", &post("Trip"));
    let (files, problems) = discover(dir.path()).expect("readable");
    assert!(files.is_empty());
    assert!(
        problems[0].to_string().contains("index.md: missing"),
        "{}",
        problems[0]
    );
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
    let (files, _) = discover(dir.path()).expect("readable");
    let slugs: Vec<&str> = files.iter().map(|f| f.default_slug.as_str()).collect();
    assert_eq!(slugs, ["alias", "inside"]);
}

/// A PNG header of `width` x `height`: enough for imagesize.
fn png(width: u8, height: u8) -> Vec<u8> {
    [
        &[0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a][..],
        &[
            0, 0, 0, 13, b'I', b'H', b'D', b'R', 0, 0, 0, width, 0, 0, 0, height, 8, 6, 0, 0, 0,
        ],
    ]
    .concat()
}

/// A folder of posts (one with an image), an assets folder and a cache folder.
struct Cached {
    root: tempfile::TempDir,
}

impl Cached {
    fn new() -> Self {
        let root = tempfile::tempdir().expect("temp dir");
        let posts = root.path().join("posts");
        for n in 0..20 {
            let text = format!(
                "---\ntitle: Post {n}\ndate: 2026-01-{:02}\ntags: [t{}]\n---\n\
                     # Part\n\nText with `code` and a [link](https://example.com).\n\n\
                     ```rust\nfn main() {{ let x = {n}; }}\n```\n",
                n % 28 + 1,
                n % 3
            );
            write(&posts, &format!("p{n:02}.md"), text.as_bytes());
        }
        write(
            &posts,
            "pic.md",
            b"---\ntitle: Pic\ndate: 2026-02-01\n---\n![A cat](/images/cat.png)\n",
        );
        write(&posts, "broken.md", b"---\ntitle: [\n---\n");
        write(&root.path().join("site"), "images/cat.png", &png(3, 2));
        Cached { root }
    }

    /// The index as loaded without the render cache.
    fn load_uncached(&self) -> PostIndex {
        let config = LibraryConfig {
            cache_dir: None,
            ..self.config()
        };
        load_dir(&config, None).expect("readable")
    }

    fn config(&self) -> LibraryConfig {
        LibraryConfig {
            assets_dir: Some(self.root.path().join("site")),
            cache_dir: Some(self.cache_dir()),
            ..config(&self.root.path().join("posts"))
        }
    }

    fn cache_dir(&self) -> PathBuf {
        self.root.path().join("cache")
    }

    /// Every file in the cache folder.
    fn files(&self) -> Vec<PathBuf> {
        let mut files = Vec::new();
        for shard in fs::read_dir(self.cache_dir()).expect("cache folder") {
            for file in fs::read_dir(shard.expect("shard").path()).expect("shard folder") {
                files.push(file.expect("file").path());
            }
        }
        files.sort();
        files
    }

    /// A load, once the cache files it writes are written.
    fn load(&self) -> PostIndex {
        let index = load_dir(&self.config(), None).expect("readable");
        render_cache::wait_for_writes();
        index
    }
}

fn pages(index: &PostIndex) -> Vec<(crate::model::PostSummary, String)> {
    index
        .entries()
        .iter()
        .map(|e| (e.summary.clone(), e.html()))
        .collect()
}

#[test]
fn a_warm_load_gives_the_index_of_a_cold_one() {
    let site = Cached::new();
    let uncached = site.load_uncached();
    let cold = site.load();
    assert_eq!(site.files().len(), 21, "every post that parsed is stored");
    let warm = site.load();
    for index in [&cold, &warm] {
        assert_eq!(index.entries(), uncached.entries());
        assert_eq!(pages(index), pages(&uncached));
        let messages = |index: &PostIndex| {
            index
                .problems()
                .iter()
                .map(Error::to_string)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            messages(index),
            messages(&uncached),
            "broken.md stays reported"
        );
    }
    assert!(pages(&warm)
        .iter()
        .any(|(_, html)| html.contains("width=\"3\" height=\"2\"")));
}

#[test]
fn a_warm_load_takes_posts_from_the_cache() {
    let site = Cached::new();
    site.load();
    // Replace one stored entry with another title under the same key: the next load serves it.
    let text = fs::read(site.root.path().join("posts/p00.md")).expect("post");
    let key = render_cache::key(&Inputs {
        source: &site.root.path().join("posts/p00.md").display().to_string(),
        default_slug: "p00",
        bytes: &text,
        site_author: "Ada",
        raw_html: Default::default(),
    });
    let path = site
        .files()
        .into_iter()
        .find(|p| p.to_string_lossy().contains(&key.hex()))
        .expect("p00 stored");
    let mut cached = render_cache::decode(&key, &fs::read(&path).expect("file")).expect("valid");
    cached.entry.summary.title = "From the cache".into();
    let bytes = render_cache::encode(&key, &cached.entry, &cached.images).expect("encodable");
    fs::write(&path, bytes).expect("rewrite");
    assert_eq!(
        site.load().post("p00").expect("p00").summary.title,
        "From the cache"
    );
}

#[test]
fn corrupt_cache_files_are_ignored_and_rewritten() {
    let site = Cached::new();
    let cold = site.load();
    let files = site.files();
    let good: Vec<Vec<u8>> = files.iter().map(|p| fs::read(p).expect("file")).collect();
    let damage: [fn(&mut Vec<u8>); 4] = [
        |bytes| {
            let last = bytes.len() - 1;
            bytes[last] ^= 1;
        },
        |bytes| bytes.truncate(bytes.len() / 2),
        |bytes| *bytes = (0..bytes.len()).map(|i| (i * 7919 % 251) as u8).collect(),
        // Another format version, checksum intact.
        |bytes| bytes[4] = bytes[4].wrapping_add(1),
    ];
    for (n, (path, bytes)) in files.iter().zip(&good).enumerate() {
        let mut bytes = bytes.clone();
        damage[n % damage.len()](&mut bytes);
        fs::write(path, bytes).expect("damage");
    }
    let warm = site.load();
    assert_eq!(warm.entries(), cold.entries());
    assert_eq!(pages(&warm), pages(&cold));
    let rewritten: Vec<Vec<u8>> = files.iter().map(|p| fs::read(p).expect("file")).collect();
    assert_eq!(rewritten, good, "every damaged file is written again");
}

#[test]
fn a_changed_post_is_rendered_again() {
    let site = Cached::new();
    site.load();
    let path = site.root.path().join("posts/p01.md");
    let text = fs::read_to_string(&path)
        .expect("post")
        .replace("Post 1", "Edited");
    fs::write(&path, text).expect("edit");
    let index = site.load();
    assert_eq!(index.post("p01").expect("p01").summary.title, "Edited");
    assert_eq!(
        site.files().len(),
        22,
        "the new version stored beside the old"
    );
}

#[test]
fn a_changed_image_size_renders_the_post_again() {
    let site = Cached::new();
    let html = |index: &PostIndex| index.post("pic").expect("pic").html;
    assert!(html(&site.load()).contains("width=\"3\" height=\"2\""));
    write(&site.root.path().join("site"), "images/cat.png", &png(4, 2));
    assert!(html(&site.load()).contains("width=\"4\" height=\"2\""));
    fs::remove_file(site.root.path().join("site/images/cat.png")).expect("delete");
    assert!(!html(&site.load()).contains("width="));
}

#[test]
fn an_unusable_cache_folder_still_loads_every_post() {
    let site = Cached::new();
    let uncached = site.load_uncached();
    // A file where the folder should be: it can be neither created nor written.
    write(site.root.path(), "cache", b"not a folder");
    let index = site.load();
    assert_eq!(index.entries(), uncached.entries());
    assert_eq!(index.len(), 21);
    // A cache folder whose shard folders are files: every write fails, every post loads.
    fs::remove_file(site.cache_dir()).expect("delete");
    fs::create_dir(site.cache_dir()).expect("folder");
    for n in 0..=255u8 {
        write(&site.cache_dir(), &format!("{n:02x}"), b"not a folder");
    }
    assert_eq!(site.load().entries(), uncached.entries());
}

#[test]
fn a_missing_folder_is_an_io_error_naming_it() {
    let error = load_dir(&config(Path::new("no/such/posts")), None).expect_err("missing");
    assert!(error.to_string().starts_with("no/such/posts:"), "{error}");
}
