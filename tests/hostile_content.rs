//! Hostile and broken posts: one case per file, all in one posts folder next to good posts,
//! loaded through the real loader, served by the real router and checked by `quire check`.
//!
//! Small cases are files in `tests/fixtures/hostile/` (its README.md lists them); the rest (huge,
//! deeply nested, binary, symbolic links, a named pipe, editor backups) are written by
//! [`hostile_folder`] next to a copy of them.

#![cfg(all(feature = "ssr", unix))]

mod common;

use axum::http::StatusCode;
use common::{request, run, send};
use quire::content::{loader, LibraryConfig, PostIndex};
use quire::error::{Error, Problem};
use quire::server::router;
use quire::settings::SettingsFile;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const FIXTURES: &str = "tests/fixtures/hostile";

/// What must become of one file.
#[derive(Clone, Copy, Debug)]
enum Expect {
    /// Not loaded; reported with exactly these fields, in order, and a message containing the
    /// given text.
    Reported(&'static [&'static str], &'static str),
    /// Loaded and served at this slug, with no problem reported.
    Served(&'static str),
    /// Loaded and served at this slug, and reported with exactly these fields.
    ServedWithWarnings(&'static str, &'static [&'static str], &'static str),
    /// Neither a post nor a problem.
    Ignored,
}

use Expect::{Ignored, Reported, Served, ServedWithWarnings};

const FRONT_MATTER: &[&str] = &["front matter"];

/// Every file (or folder) of the hostile posts folder and what must become of it. Paths are
/// relative to the folder; `(generated)` marks the cases [`hostile_folder`] writes.
const CASES: &[(&str, Expect)] = &[
    // The good posts, which must survive all the others.
    ("good-one.md", Served("good-one")),
    ("good-two.md", Served("good-two")),
    ("good-bundle/index.md", Served("good-bundle")),
    // No usable front matter block.
    ("empty.md", Reported(FRONT_MATTER, "expected the file to start with")),
    ("blank-lines-only.md", Reported(FRONT_MATTER, "expected the file to start with")),
    ("no-front-matter.md", Reported(FRONT_MATTER, "expected the file to start with")),
    ("front-matter-not-closed.md", Reported(FRONT_MATTER, "never closed; expected a closing --- line")),
    ("toml-not-closed.md", Reported(FRONT_MATTER, "never closed; expected a closing +++ line")),
    ("front-matter-closed-with-plus.md", Reported(FRONT_MATTER, "never closed")),
    ("empty-front-matter.md", Reported(FRONT_MATTER, "the block is empty; expected at least `title`")),
    ("front-matter-is-a-list.md", Reported(FRONT_MATTER, "expected key: value pairs, found a list")),
    ("front-matter-is-a-sentence.md", Reported(FRONT_MATTER, "expected key: value pairs, found the string")),
    // YAML and TOML that do not parse, or would take the reader down.
    ("yaml-syntax-error.md", Reported(FRONT_MATTER, "expected valid YAML; line 3, column 5:")),
    ("yaml-tab-indentation.md", Reported(FRONT_MATTER, "expected valid YAML; line 4, column 2: tabs")),
    ("yaml-duplicate-key.md", Reported(FRONT_MATTER, "expected valid YAML; line 3, column 8: String(\"title\"): duplicated key")),
    ("yaml-alias-bomb.md", Reported(FRONT_MATTER, "found a YAML alias (`*name`) on line 4")),
    ("yaml-nested-10000-levels.md", Reported(FRONT_MATTER, "found 20000 on line 4")), // (generated)
    ("yaml-flow-nested-10000-levels.md", Reported(FRONT_MATTER, "recursion limit exceeded")), // (generated)
    ("toml-syntax-error.md", Reported(FRONT_MATTER, "expected valid TOML; line 2, column 9: string values must be quoted")),
    ("toml-duplicate-key.md", Reported(FRONT_MATTER, "expected valid TOML; line 3, column 1: duplicate key")),
    ("toml-date-february-30.md", Reported(FRONT_MATTER, "line 3, column 8: invalid date, expected day between 01 and 28")),
    ("toml-nested-10000-levels.md", Reported(FRONT_MATTER, "expected valid TOML; line 3")), // (generated)
    // Titles.
    ("title-missing.md", Reported(&["title"], "missing; expected a non-empty string")),
    ("title-empty.md", Reported(&["title"], "expected a non-empty string, found an empty one")),
    ("title-blank.md", Reported(&["title"], "expected a non-empty string, found an empty one")),
    ("title-null.md", Reported(&["title"], "missing; expected a non-empty string")),
    ("title-list.md", Reported(&["title"], "expected a non-empty string, found a list")),
    ("title-number.md", Reported(&["title"], "expected a non-empty string, found the number 42")),
    ("title-map.md", Reported(&["title"], "expected a non-empty string, found a map")),
    ("title-boolean.md", Reported(&["title"], "expected a non-empty string, found the boolean true")),
    // Dates.
    ("date-february-30.md", Reported(&["pubDate"], "expected a date like 2026-02-13 or an RFC 3339 date-time like 2026-02-13T09:30:00+01:00, found \"2026-02-30\"")),
    ("date-month-13.md", Reported(&["date"], "found \"2026-13-01\"")),
    ("date-hour-25.md", Reported(&["pubDate"], "found \"2026-02-13T25:00:00Z\"")),
    ("date-zero.md", Reported(&["date"], "found \"0000-00-00\"")),
    ("date-year-out-of-range.md", Reported(&["pubDate"], "found \"300000-01-01\"")),
    ("date-negative-year.md", Reported(&["pubDate"], "found \"-0001-01-01\"")),
    ("date-offset-out-of-range.md", Reported(&["pubDate"], "found \"2026-02-13T09:30:00+25:00\"")),
    ("date-offset-malformed.md", Reported(&["pubDate"], "found \"2026-02-13T09:30:00+1:3\"")),
    ("date-integer.md", Reported(&["date"], "found the number 20260213")),
    ("date-unix-timestamp.md", Reported(&["pubDate"], "found the number 1767225600")),
    ("date-list.md", Reported(&["date"], "found a list")),
    // Tags.
    ("tags-map.md", Reported(&["tags"], "expected a list of strings or one comma-separated string, found a map")),
    ("tags-nested-lists.md", Reported(&["tags[1]", "tags[2]"], "expected a tag name (a string), found a list")),
    ("tags-empty-strings.md", Reported(&["tags[0]", "tags[1]"], "expected a tag name with at least one letter or digit, found \"\"")),
    ("tags-punctuation-only.md", Reported(&["tags", "tags"], "found \"!!!\"")),
    ("tags-number.md", Reported(&["tags"], "found the number 7")),
    ("tags-null-entry.md", Reported(&["tags[0]"], "expected a tag name (a string), found nothing")),
    ("ten-thousand-tags.md", Served("ten-thousand-tags")), // (generated)
    // Slugs: one safe path segment, unique.
    ("slug-with-slash.md", Reported(&["slug"], "expected letters, digits, `-`, `_` or `.` (not first), found \"a/b\"")),
    ("slug-dot-dot.md", Reported(&["slug"], "found \"..\"")),
    ("slug-path-traversal.md", Reported(&["slug"], "found \"../../etc/passwd\"")),
    ("slug-control-character.md", Reported(&["slug"], "found \"bell\\u{7}ring\"")),
    ("slug-newline.md", Reported(&["slug"], "found \"two\\nlines\"")),
    ("slug-with-space.md", Reported(&["slug"], "found \"two words\"")),
    ("slug-number.md", Reported(&["slug"], "expected a string, found the number 2024")),
    ("Not A Slug!.md", Reported(&["slug"], "the file name is not a valid slug")),
    ("duplicate-slug-a.md", Served("twin")),
    ("duplicate-slug-b.md", Reported(&["slug"], "\"twin\" is already used by {dir}/duplicate-slug-a.md; expected a unique slug")),
    ("clash.md", Served("clash")),
    ("clash/index.md", Reported(&["slug"], "\"clash\" is already used by {dir}/clash.md")),
    // Other fields.
    ("image-without-alt.md", Reported(&["image.alt"], "missing; expected a non-empty string")),
    // A bare path is a link-preview picture (jekyll-seo-tag's form), shown nowhere in the page.
    ("image-as-string.md", Served("image-as-string")),
    ("draft-maybe.md", Reported(&["draft"], "expected true or false, found the string \"maybe\"")),
    ("description-list.md", Reported(&["description"], "expected a string, found a list")),
    // Astro's and Jekyll's `{name, email}` form.
    ("author-map.md", Served("author-map")),
    ("every-field-wrong.md", Reported(&["title", "pubDate", "description", "tags", "author", "image.alt", "draft", "slug"], "found \"../etc\"")),
    // Bytes and sizes.
    ("not-utf8.md", Reported(&["encoding"], "expected UTF-8 text, found an invalid byte at offset 14")), // (generated)
    ("utf16.md", Reported(&["encoding"], "expected UTF-8 text, found an invalid byte at offset 0")), // (generated)
    ("random-bytes.md", Reported(&["encoding"], "expected UTF-8 text")), // (generated)
    ("fifty-megabytes.md", Reported(&["size"], "expected at most 4194304 bytes ([content] max_post_bytes), found 52428800 bytes")), // (generated)
    ("nul-bytes.md", Served("nul-bytes")), // (generated)
    ("control-characters.md", Served("control-characters")), // (generated)
    ("bom.md", Served("bom")),
    ("crlf.md", Served("crlf")),
    ("bom-crlf-toml.md", Served("bom-crlf-toml")),
    ("unknown-keys.md", Served("unknown-keys")),
    ("title-with-markup.md", Served("title-with-markup")),
    ("title-closing-title-tag.md", Served("title-closing-title-tag")),
    // Component syntax and math used against the page: served, each mistake reported by line.
    ("components-hostile.md", ServedWithWarnings("components-hostile", &["line 12", "line 14", "line 20", "line 22"], "")),
    // Deep nesting in the body: rendered, never a stack overflow. (generated)
    ("deep-blockquotes.md", Served("deep-blockquotes")),
    ("deep-lists.md", Served("deep-lists")),
    ("deep-ordered-lists.md", Served("deep-ordered-lists")),
    ("deep-emphasis.md", Served("deep-emphasis")),
    ("deep-links.md", Served("deep-links")),
    ("deep-raw-html.md", ServedWithWarnings("deep-raw-html", &["body"], "expected elements nested at most 256 deep in a post with raw HTML, found 10000; the raw HTML is shown as text")),
    ("deep-blockquotes-with-raw-html.md", ServedWithWarnings("deep-blockquotes-with-raw-html", &["body"], "found 10001")),
    // Folders.
    // A folder without `index.md` is no bundle: each Markdown file in it is a post.
    ("folder-without-index/notes.md", Served("notes")),
    ("images", Ignored), // (generated) a folder without Markdown
    // Not posts at all. (generated, but for notes.txt, .hidden.md and .gitattributes)
    ("notes.txt", Ignored),
    (".hidden.md", Ignored),
    (".gitattributes", Ignored),
    ("cover.png", Ignored),
    ("good-one.md~", Ignored),
    (".good-one.md.swp", Ignored),
    ("good-two.md.bak", Ignored),
    ("#good-one.md#", Ignored),
    (".#good-one.md", Ignored),
    ("link-to-outside.md", Reported(&["link"], "leads outside the posts folder")),
    ("link-to-outside-folder", Reported(&["link"], "leads outside the posts folder")),
    ("dangling-link.md", Ignored),
    ("fifo.md", Ignored),
];

/// A posts folder holding a copy of the fixtures and the generated cases, and a folder outside
/// it that symbolic links lead to.
struct Folder {
    posts: PathBuf,
    _root: tempfile::TempDir,
}

impl Folder {
    /// `relative` in the posts folder, as the loader names it.
    fn path(&self, relative: &str) -> String {
        self.posts.join(relative).display().to_string()
    }

    fn dir(&self) -> String {
        self.posts.display().to_string()
    }
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create folder");
    for entry in fs::read_dir(from).expect("fixtures") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else if entry.file_name() != "README.md" {
            fs::copy(entry.path(), target).expect("copy fixture");
        }
    }
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().expect("parent")).expect("create folder");
    fs::write(path, bytes).expect("write case");
}

fn titled(title: &str, body: &str) -> String {
    format!("---\ntitle: {title}\n---\n{body}\n")
}

/// The fixtures plus every case too big, too deep or too strange to commit.
fn hostile_folder() -> Folder {
    let root = tempfile::tempdir().expect("temp dir");
    let posts = root.path().join("posts");
    copy_dir(Path::new(FIXTURES), &posts);
    let outside = root.path().join("outside");
    write(
        &outside,
        "secret.md",
        titled("Outside Secret", "Not in the posts folder."),
    );
    write(
        &outside,
        "bundle/index.md",
        titled("Outside Bundle", "Not either."),
    );
    let p = posts.as_path();

    write(
        p,
        "not-utf8.md",
        b"---\ntitle: Caf\xe9\n---\nLatin-1, not UTF-8.\n",
    );
    let utf16: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain(
            titled("UTF-16", "Two bytes a letter.")
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    write(p, "utf16.md", utf16);
    write(
        p,
        "random-bytes.md",
        (0..16_384u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
            .collect::<Vec<_>>(),
    );
    let mut huge = titled("Fifty Megabytes", "").into_bytes();
    while huge.len() < 50 << 20 {
        huge.extend_from_slice(b"All work and no play makes a very long post.\n");
    }
    huge.truncate(50 << 20);
    write(p, "fifty-megabytes.md", huge);
    write(p, "nul-bytes.md", titled("NUL Bytes", "Before\0after."));
    write(
        p,
        "control-characters.md",
        "---\ntitle: \"Bell\\a and escape\\e[31m\"\ndescription: \"Form\\ffeed\"\n---\n\
         Escape \x1b[31m, bell \x07 and form feed \x0c in the body.\n",
    );

    let tags: Vec<String> = (0..10_000).map(|i| format!("tag-{i}")).collect();
    write(
        p,
        "ten-thousand-tags.md",
        format!(
            "---\ntitle: Ten Thousand Tags\ntags: [{}]\n---\nTagged.\n",
            tags.join(", ")
        ),
    );
    let deep = |open: &str, middle: &str, close: &str| {
        format!("{}{middle}{}", open.repeat(10_000), close.repeat(10_000))
    };
    write(
        p,
        "yaml-nested-10000-levels.md",
        format!(
            "---\ntitle: Deep YAML\ntags:\n{}\n---\n",
            deep("- ", "x", "")
        ),
    );
    write(
        p,
        "yaml-flow-nested-10000-levels.md",
        format!("---\ntitle: {}\n---\n", deep("[", "x", "]")),
    );
    write(
        p,
        "toml-nested-10000-levels.md",
        format!(
            "+++\ntitle = \"Deep TOML\"\ntags = {}\n+++\n",
            deep("[", "\"x\"", "]")
        ),
    );
    // Markdown nested 10,000 levels deep, one construct per file: (file, title, open, middle, close).
    for (file, title, open, middle, close) in [
        (
            "deep-blockquotes.md",
            "Ten Thousand Quotes",
            ">",
            " deep",
            "",
        ),
        ("deep-lists.md", "Ten Thousand Lists", "- ", "deep", ""),
        (
            "deep-ordered-lists.md",
            "Ten Thousand Numbered Lists",
            "1. ",
            "deep",
            "",
        ),
        ("deep-emphasis.md", "Ten Thousand Stars", "*", "deep", "*"),
        (
            "deep-links.md",
            "Ten Thousand Brackets",
            "[",
            "deep",
            "](/)",
        ),
        (
            "deep-raw-html.md",
            "Ten Thousand Divs",
            "<div>",
            "deep",
            "</div>",
        ),
        (
            "deep-blockquotes-with-raw-html.md",
            "Quotes and Raw HTML",
            ">",
            " <kbd>deep</kbd>",
            "",
        ),
    ] {
        write(p, file, titled(title, &deep(open, middle, close)));
    }

    let png =
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\xff\xfe";
    write(p, "cover.png", png);
    write(p, "images/cover.png", png);
    write(p, "good-one.md~", titled("An Editor Backup", ""));
    write(p, ".good-one.md.swp", b"b0VIM 9.0\0\0\0\0\xff\xfe\x00");
    write(p, "good-two.md.bak", titled("A Backup", ""));
    write(p, "#good-one.md#", titled("An Emacs Autosave", ""));
    let link = |target: &Path, name: &str| {
        std::os::unix::fs::symlink(target, p.join(name)).expect("symbolic link")
    };
    // Emacs marks a file being edited with a link to nowhere.
    link(Path::new("ada@host.1234:1700000000"), ".#good-one.md");
    link(&outside.join("secret.md"), "link-to-outside.md");
    link(&outside.join("bundle"), "link-to-outside-folder");
    link(&p.join("nowhere.md"), "dangling-link.md");
    // Opening a named pipe blocks until someone writes to it: the loader must not try.
    let status = Command::new("mkfifo")
        .arg(p.join("fifo.md"))
        .status()
        .expect("mkfifo runs");
    assert!(status.success(), "mkfifo failed");
    Folder { posts, _root: root }
}

fn config(posts: &Path) -> LibraryConfig {
    LibraryConfig::new(posts, "Ada Quill")
}

/// Every problem of the index, by file.
fn problems_by_file(index: &PostIndex) -> BTreeMap<String, Vec<Problem>> {
    let mut by_file: BTreeMap<String, Vec<Problem>> = BTreeMap::new();
    for error in index.problems() {
        match error {
            Error::Post { file, problems } => by_file
                .entry(file.clone())
                .or_default()
                .extend(problems.iter().cloned()),
            other => panic!("expected only post problems, found {other}"),
        }
    }
    by_file
}

fn fields(problems: &[Problem]) -> Vec<&str> {
    problems.iter().map(|p| p.field.as_str()).collect()
}

/// Checks the problems of one reported file.
fn check_reported(
    folder: &Folder,
    file: &str,
    problems: Option<&Vec<Problem>>,
    expected: &[&str],
    says: &str,
) {
    let problems = problems.unwrap_or_else(|| panic!("{file}: expected a problem, found none"));
    assert_eq!(fields(problems), expected, "{file}: {problems:?}");
    for problem in problems {
        assert!(
            problem.message.contains("expected") && !problem.message.contains('\n'),
            "{file}: every message is one line saying what was expected: {problem}"
        );
    }
    let says = says.replace("{dir}", &folder.dir());
    assert!(
        problems.iter().any(|p| p.message.contains(&says)),
        "{file}: expected a message containing {says:?}, found {problems:?}"
    );
}

#[test]
fn every_broken_post_is_reported_by_file_and_field_and_the_good_ones_still_load() {
    let folder = hostile_folder();
    let index = loader::load_dir(&config(&folder.posts), None).expect("the folder is readable");
    let mut problems = problems_by_file(&index);
    let sources: Vec<&str> = index.entries().iter().map(|e| e.source.as_str()).collect();
    for &(file, expect) in CASES {
        let path = folder.path(file);
        let found = problems.remove(&path);
        let served = |slug: &str| {
            let entry = index.entries().iter().find(|e| e.slug() == slug);
            assert_eq!(
                entry.map(|e| e.source.as_str()),
                Some(path.as_str()),
                "{file}: expected to be served as {slug:?}"
            );
        };
        match expect {
            Reported(expected, says) => {
                check_reported(&folder, file, found.as_ref(), expected, says);
                assert!(
                    !sources.contains(&path.as_str()),
                    "{file}: reported, yet loaded"
                );
            }
            Served(slug) => {
                assert_eq!(found, None, "{file}: expected no problem");
                served(slug);
            }
            ServedWithWarnings(slug, expected, says) => {
                check_reported(&folder, file, found.as_ref(), expected, says);
                served(slug);
            }
            Ignored => {
                assert_eq!(found, None, "{file}: expected to be ignored silently");
                assert!(
                    !sources.iter().any(|s| s.starts_with(&path)),
                    "{file}: expected to be ignored, found a post from it"
                );
            }
        }
    }
    assert!(
        problems.is_empty(),
        "problems of files not in the table: {problems:#?}"
    );
    let served = CASES
        .iter()
        .filter(|(_, e)| matches!(e, Served(_) | ServedWithWarnings(..)))
        .count();
    assert_eq!(index.len(), served, "every served case and nothing else");
    assert!(
        !index.summaries().any(|s| s.title.starts_with("Outside")),
        "a link led outside"
    );

    let post = |slug: &str| {
        index
            .post(slug)
            .unwrap_or_else(|| panic!("{slug} is served"))
    };
    assert_eq!(post("ten-thousand-tags").summary.tags.len(), 10_000);
    assert_eq!(
        post("deep-blockquotes")
            .html
            .matches("<blockquote>")
            .count(),
        10_000
    );
    assert_eq!(post("deep-lists").html.matches("<ul>").count(), 10_000);
    assert_eq!(
        post("deep-ordered-lists").html.matches("<ol>").count(),
        10_000
    );
    assert!(
        post("deep-raw-html").html.starts_with("&lt;div&gt;"),
        "shown as text"
    );
    assert_eq!(
        post("twin").summary.title,
        "Twin A",
        "the path that sorts first wins"
    );
    assert_eq!(post("crlf").summary.tags[0].name, "CRLF");
    assert_eq!(post("bom").summary.title, "Starts With a Byte Order Mark");
    let html = post("nul-bytes").html;
    assert!(html.contains("Before\u{fffd}after."), "{html:?}");
    let controls = post("control-characters");
    assert_eq!(
        controls.summary.title,
        "Bell\u{fffd} and escape\u{fffd}[31m"
    );
    assert!(
        controls
            .html
            .contains("bell \u{fffd} and form feed \u{fffd}"),
        "{}",
        controls.html
    );
}

#[test]
fn the_table_covers_every_fixture_and_the_readme_lists_every_case() {
    let folder = hostile_folder();
    let top_level = |case: &str| case.split('/').next().unwrap_or(case).to_string();
    let cases: Vec<String> = CASES.iter().map(|(file, _)| top_level(file)).collect();
    for entry in fs::read_dir(&folder.posts).expect("posts folder") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        assert!(
            cases.contains(&name),
            "{name} is in the folder but not in the table"
        );
    }
    let readme = fs::read_to_string(Path::new(FIXTURES).join("README.md")).expect("README.md");
    for (file, _) in CASES {
        assert!(
            readme.contains(&format!("`{file}`")),
            "README.md does not list {file}"
        );
    }
    let reported = CASES
        .iter()
        .filter(|(_, e)| matches!(e, Reported(..)))
        .count();
    assert!(reported >= 40, "{reported} broken cases");
}

/// A character XML 1.0 forbids: one of them in a post would make the whole feed unreadable.
fn forbidden_in_xml(c: char) -> bool {
    matches!(c, '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}')
        || matches!(c, '\u{fffe}' | '\u{ffff}')
}

#[test]
fn the_site_over_hostile_posts_serves_the_good_ones_and_never_fails() {
    let folder = hostile_folder();
    run(async move {
        let app = router(common::state(
            &folder.posts,
            false,
            SettingsFile::default(),
            common::SITE_ROOT,
        ));
        let get = |uri: String| {
            let app = app.clone();
            async move {
                let answer = send(app, request("GET", &uri, &[], "")).await;
                assert!(
                    !answer.body.contains(forbidden_in_xml),
                    "{uri}: a character no HTML or XML document may hold"
                );
                answer
            }
        };
        let home = get("/".into()).await;
        assert_eq!(home.status, StatusCode::OK);
        for title in [
            "The First Good Post",
            "The Second Good Post",
            "A Good Bundle",
        ] {
            assert!(home.body.contains(title), "/ lists {title}");
        }
        assert!(get("/posts/good-one".into())
            .await
            .body
            .contains("whatever its neighbours do"));
        for (file, expect) in CASES {
            let slug = match expect {
                Served(slug) | ServedWithWarnings(slug, ..) => slug,
                _ => continue,
            };
            let page = get(format!("/posts/{slug}")).await;
            assert_eq!(page.status, StatusCode::OK, "/posts/{slug} ({file})");
        }
        // What the reader sees (`<title>` is checked apart, below).
        for slug in [
            "title-with-markup",
            "title-closing-title-tag",
            "components-hostile",
        ] {
            let page = get(format!("/posts/{slug}")).await;
            let body = &page.body[page.body.find("<body").expect("a body")..];
            assert!(
                !body.contains("<script>alert"),
                "/posts/{slug}: a script ran"
            );
            assert!(
                body.contains("&lt;script&gt;alert"),
                "/posts/{slug}: shown as text"
            );
        }
        // Quire's own component markup survives; forged copies of it in raw HTML do not.
        let page = get("/posts/components-hostile".to_string()).await;
        let body = &page.body[page.body.find("<body").expect("a body")..];
        // (Shown as text, escaped, the same words are harmless: only markup counts.)
        for forged in [
            "PostBrowser_x",
            "evil.example",
            "<img src=\"javascript",
            "<img src=x onerror",
            " onerror=\"",
        ] {
            assert!(!body.contains(forged), "{forged} survived");
        }
        assert!(
            body.contains("data-embed-src=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")
        );
        assert!(body.contains("callout-warning"));
        let policy = page
            .headers
            .get("content-security-policy")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        assert!(
            policy.contains("frame-src https://www.youtube-nocookie.com;"),
            "{policy}"
        );
        assert!(!policy.contains("evil.example"), "{policy}");
        for uri in [
            "/posts/title-number",
            "/posts/duplicate-slug-b",
            "/posts/link-to-outside",
            "/posts/..%2F..%2Fetc%2Fpasswd",
        ] {
            assert_eq!(get(uri.into()).await.status, StatusCode::NOT_FOUND, "{uri}");
        }
        for uri in [
            "/tags",
            "/tags/survivor",
            "/tags/tag-9999",
            "/?tag=survivor",
            "/sitemap.xml",
        ] {
            assert_eq!(get(uri.into()).await.status, StatusCode::OK, "{uri}");
        }
        for uri in [
            "/rss.xml",
            "/atom.xml",
            "/tags/survivor/rss.xml",
            "/tags/survivor/atom.xml",
        ] {
            let answer = get(uri.into()).await;
            assert_eq!(answer.status, StatusCode::OK, "{uri}");
            let feed = feed_rs::parser::parse(answer.body.as_bytes())
                .unwrap_or_else(|e| panic!("{uri} does not parse: {e}"));
            assert!(!feed.entries.is_empty(), "{uri}");
        }
    })
}

/// leptos_meta's `<Title>` writes its text into `<title>` unescaped; a post title holding
/// `</title>` would end the element and the rest would be markup (a script that runs), so the
/// page escapes the title first (`seo::title_text`).
#[test]
fn a_post_title_cannot_end_the_title_element() {
    let folder = hostile_folder();
    run(async move {
        let app = router(common::state(
            &folder.posts,
            false,
            SettingsFile::default(),
            common::SITE_ROOT,
        ));
        let page = send(
            app,
            request("GET", "/posts/title-closing-title-tag", &[], ""),
        )
        .await;
        assert!(
            !page.body.contains("<script>alert('escaped')"),
            "the title's script is markup"
        );
        let head = &page.body[..page.body.find("</head>").expect("a head")];
        let title = &head[head.find("<title>").expect("a title")..];
        assert!(
            title.starts_with("<title>") && title.contains("&lt;/title&gt;&lt;script&gt;"),
            "the title shown as text: {title}"
        );
    })
}

#[test]
fn quire_check_names_every_broken_file_and_field_and_fails() {
    let folder = hostile_folder();
    let output = Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(["check", "--posts", &folder.dir()])
        .current_dir(folder.posts.parent().expect("root"))
        .env_remove("QUIRE_CONFIG")
        .env_remove("QUIRE_POSTS_DIR")
        .env("RUST_LOG", "warn")
        .output()
        .expect("the quire binary runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stdout}{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    for (file, expect) in CASES {
        let fields = match expect {
            Reported(fields, _) | ServedWithWarnings(_, fields, _) => fields,
            _ => continue,
        };
        for field in *fields {
            let line = format!("{}: {field}: ", folder.path(file));
            assert!(stdout.contains(&line), "{line:?} missing from:\n{stdout}");
        }
    }
    let (summary, problems) = stdout
        .trim_end()
        .rsplit_once('\n')
        .map_or(("", ""), |(p, s)| (s, p));
    for line in problems.lines() {
        assert!(
            line.starts_with(&folder.dir()),
            "one line per problem, naming its file: {line:?}"
        );
    }
    let served = CASES
        .iter()
        .filter(|(_, e)| matches!(e, Served(_) | ServedWithWarnings(..)))
        .count();
    assert!(
        summary.starts_with(&format!("checked {served} posts in ")),
        "{summary}"
    );
}
