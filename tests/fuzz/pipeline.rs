//! The whole content pipeline on arbitrary input, and what must hold for every input.
//!
//! Shared by the short property test (`tests/fuzz_pipeline.rs`, part of `make test`) and the long
//! run (`examples/fuzz.rs`, `make fuzz`). An input is a folder of files: each one goes bytes ->
//! front matter -> Markdown -> HTML, exactly as the loader does, and the folder becomes an index.
//! The invariants:
//!
//! - nothing panics (the test runner reports a panic as a failure, with the shrunk input);
//! - a file that does not load is reported as a post error naming that file, with every problem
//!   naming a field and saying what was expected;
//! - no file is lost: each one is in the index or named in one of its problems;
//! - a loaded post has a valid slug, a title, and a body that decompresses;
//! - in `sanitize` and `escape` modes the HTML has no `<script>`, `<iframe>`, `<object>`,
//!   `<embed>`, no event-handler attribute and no link or source whose scheme is not `http`,
//!   `https` or `mailto`, even written with entities or control characters;
//! - tag filtering over the index returns only posts carrying the tag.
//!
//! Inputs are seeds (`tests/fuzz/seeds/`) mutated byte by byte and token by token, posts written
//! from a grammar of front-matter and Markdown tokens, and plain random bytes.

// Each user (the test, the example) uses a part of this module.
#![allow(dead_code)]

use proptest::prelude::*;
use quire::content::front_matter::check_slug;
use quire::content::index::{Loaded, PostIndex};
use quire::content::loader;
use quire::content::post::parse_post_with;
use quire::content::sanitize::RawHtml;
use quire::error::Error;
use std::path::Path;
use std::sync::Arc;

/// One file of a generated folder.
#[derive(Clone, Debug)]
pub struct File {
    /// Its stem: the default slug (`posts/<stem>.md`).
    pub stem: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// A generated posts folder and the raw-HTML mode it is loaded with.
#[derive(Clone, Debug)]
pub struct Folder {
    /// The files.
    pub files: Vec<File>,
    /// The `[content] raw_html` setting.
    pub mode: RawHtml,
}

/// Tokens that mean something to YAML, TOML, Markdown, HTML or the loader: what mutations insert
/// and what the grammar writes posts from.
pub const TOKENS: &[&str] = &[
    // Component syntax and math (src/content/components/, src/content/math.rs).
    ":::note\n",
    ":::\n",
    "::::tabs\n",
    ":::tab[A]\n",
    ":::callout[<script>alert(1)</script>]{kind=warning}\n",
    "::youtube{id=\"dQw4w9WgXcQ\" title=\"\\\"><script>alert(1)</script>\"}\n",
    "::figure{src=\"javascript:alert(1)\" alt=x}\n",
    "::video{src=\"data:text/html,x\" title=t}\n",
    ":::details[",
    "{open}",
    "> [!WARNING]\n",
    "$x^2$",
    "$$\\frac{1}{2}$$",
    "$\\text{<script>alert(1)</script>}$",
    "<!--quire:",
    "\u{E000}",
    "---\n",
    "+++\n",
    "\n",
    "\r\n",
    "\n\n",
    "title: ",
    "title = ",
    "date: ",
    "pubDate: ",
    "description: ",
    "author: ",
    "tags: ",
    "draft: true\n",
    "slug: ",
    "image:\n  url: ",
    "\n  alt: ",
    "layout: x\n",
    "- ",
    "* ",
    "+ ",
    "1. ",
    "> ",
    "  ",
    "    ",
    "\t",
    "[",
    "]",
    "{",
    "}",
    "(",
    ")",
    ":",
    ",",
    "\"",
    "'",
    "`",
    "```",
    "```rust\n",
    "~~~",
    "#",
    "## ",
    "|",
    "|---|\n",
    "!",
    "![a](",
    "](",
    "[^1]",
    "[^1]: ",
    "<!-- more -->",
    "<",
    ">",
    "</",
    "<script>",
    "</script>",
    "<img src=x onerror=alert(1)>",
    "<a href=\"javascript:alert(1)\">",
    "javascript:",
    "data:",
    "&#106;",
    "&colon;",
    "&amp;",
    "&",
    "\\",
    "*",
    "_",
    "~~",
    "2026-02-30",
    "2026-01-01",
    "2026-01-01T10:00:00+25:00",
    "9999-12-31",
    "-1",
    "1700000000",
    "0.5",
    "null",
    "true",
    "~",
    "\u{feff}",
    "\u{0}",
    "\u{1}",
    "\u{7f}",
    "\u{202e}",
    "é",
    "日本語",
    "ü",
    "../",
    "/",
    ".md",
    "./other.md",
    "https://example.com/",
    "mailto:a@b.c",
    "#frag",
    "{#id}",
    "- [ ] ",
    "- [x] ",
];

/// The seeds: every file of `dir`, by name.
pub fn seeds(dir: &Path) -> Vec<File> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("the seeds folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| File {
            stem: path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("seed")
                .to_string(),
            bytes: std::fs::read(&path).expect("a readable seed"),
        })
        .collect()
}

/// The seeds folder of this repository.
pub fn seeds_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz/seeds")
}

/// One edit of a mutation.
#[derive(Clone, Debug)]
enum Edit {
    /// Flips bit `bit` of the byte at `at` (positions wrap around the length).
    Flip { at: usize, bit: u8 },
    /// Inserts a token.
    Token { at: usize, token: usize },
    /// Inserts a byte.
    Byte { at: usize, byte: u8 },
    /// Removes up to `len` bytes.
    Cut { at: usize, len: usize },
    /// Copies up to `len` bytes from `from` to `at`, `times` times.
    Repeat {
        from: usize,
        len: usize,
        at: usize,
        times: usize,
    },
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        1 => (any::<usize>(), 0..8u8).prop_map(|(at, bit)| Edit::Flip { at, bit }),
        3 => (any::<usize>(), 0..TOKENS.len()).prop_map(|(at, token)| Edit::Token { at, token }),
        1 => (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Edit::Byte { at, byte }),
        1 => (any::<usize>(), 1..64usize).prop_map(|(at, len)| Edit::Cut { at, len }),
        1 => (any::<usize>(), 1..32usize, any::<usize>(), 1..64usize)
            .prop_map(|(from, len, at, times)| Edit::Repeat { from, len, at, times }),
    ]
}

fn apply(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for edit in edits {
        let n = bytes.len();
        let pos = |at: usize| if n == 0 { 0 } else { at % (n + 1) };
        match *edit {
            Edit::Flip { at, bit } if n > 0 => bytes[at % n] ^= 1 << bit,
            Edit::Flip { .. } => {}
            Edit::Token { at, token } => {
                let at = pos(at);
                bytes.splice(at..at, TOKENS[token].bytes());
            }
            Edit::Byte { at, byte } => bytes.insert(pos(at), byte),
            Edit::Cut { at, len } => {
                let at = pos(at);
                let end = (at + len).min(n);
                bytes.drain(at..end);
            }
            Edit::Repeat {
                from,
                len,
                at,
                times,
            } => {
                let from = pos(from);
                let piece: Vec<u8> = bytes[from..(from + len).min(n)].to_vec();
                let at = pos(at);
                let copies: Vec<u8> = piece.repeat(times);
                bytes.splice(at..at, copies);
            }
        }
    }
    bytes
}

/// A seed with up to 24 edits.
fn mutated(seeds: Arc<Vec<File>>) -> impl Strategy<Value = Vec<u8>> {
    let count = seeds.len().max(1);
    (0..count, prop::collection::vec(edit(), 0..24)).prop_map(move |(seed, edits)| {
        let base = seeds.get(seed).map(|f| f.bytes.clone()).unwrap_or_default();
        apply(base, &edits)
    })
}

/// A post written from tokens: often well-formed front matter, always odd.
fn from_tokens() -> impl Strategy<Value = Vec<u8>> {
    let tokens = prop::collection::vec(0..TOKENS.len(), 0..200);
    (any::<bool>(), tokens.clone(), tokens).prop_map(|(fenced, head, body)| {
        let mut text = String::new();
        if fenced {
            text.push_str("---\ntitle: T\n");
        }
        text.extend(head.iter().map(|&t| TOKENS[t]));
        if fenced {
            text.push_str("\n---\n");
        }
        text.extend(body.iter().map(|&t| TOKENS[t]));
        text.into_bytes()
    })
}

fn file_bytes(seeds: Arc<Vec<File>>) -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        6 => mutated(seeds),
        3 => from_tokens(),
        1 => prop::collection::vec(any::<u8>(), 0..512),
    ]
}

/// File stems: mostly valid slugs, some that are not, and repeats so slugs collide.
const STEMS: &[&str] = &[
    "a",
    "b",
    "post",
    "2026-01-02-dated",
    "ü",
    "a b",
    ".hidden",
    "x.y",
];

/// A folder of one to six generated files, and a raw-HTML mode.
pub fn folder(seeds: Arc<Vec<File>>) -> impl Strategy<Value = Folder> {
    let file = (0..STEMS.len(), file_bytes(seeds));
    let mode = prop_oneof![
        4 => Just(RawHtml::Sanitize),
        1 => Just(RawHtml::Escape),
        1 => Just(RawHtml::Trust),
    ];
    (prop::collection::vec(file, 1..6), mode).prop_map(|(files, mode)| Folder {
        files: files
            .into_iter()
            .enumerate()
            .map(|(i, (stem, bytes))| File {
                // The position keeps sources apart; the shared stem makes default slugs collide.
                stem: if i % 2 == 0 {
                    STEMS[stem].to_string()
                } else {
                    format!("{}{i}", STEMS[stem])
                },
                bytes,
            })
            .collect(),
        mode,
    })
}

/// Reads `bytes` as the loader does (UTF-8 or a problem naming the file) and parses the post.
fn load(source: &str, stem: &str, bytes: &[u8], mode: RawHtml) -> Loaded {
    let result = loader::decode(source, bytes.to_vec())
        .and_then(|text| parse_post_with(source, stem, &text, "Fuzz Author", &|_| None, mode));
    Loaded {
        source: source.to_string(),
        result,
    }
}

/// Runs `folder` through the pipeline and checks every invariant; the first broken one is the
/// error.
pub fn check(folder: &Folder) -> Result<(), String> {
    let mut loaded = Vec::new();
    let mut sources = Vec::new();
    for (i, file) in folder.files.iter().enumerate() {
        // Distinct sources even when two files share a stem (as `a.md` and `a/index.md` would).
        let source = format!("posts/{i:02}/{}.md", file.stem);
        let one = load(&source, &file.stem, &file.bytes, folder.mode);
        check_file(&one, folder.mode)?;
        sources.push(source);
        loaded.push(one);
    }
    let index = PostIndex::build_at(loaded, true, 0, None);
    for source in &sources {
        let listed = index.entries().iter().any(|e| &e.source == source);
        let reported = index.problems().iter().any(|p| names(p, source));
        if !listed && !reported {
            return Err(format!("{source} is neither listed nor reported"));
        }
    }
    for entry in index.entries() {
        if index.post(entry.slug()).is_none() {
            return Err(format!("{} is listed but not found by slug", entry.slug()));
        }
    }
    let summaries: Vec<_> = index.summaries().cloned().collect();
    for tag in index.tags() {
        let query = quire::urls::HomeQuery {
            tags: vec![tag.slug.clone()],
            ..Default::default()
        };
        let found: Vec<_> = quire::search::home_page(index.search(), &query, usize::MAX)
            .map(|page| page.docs)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|doc| summaries.get(doc as usize))
            .collect();
        if found.len() != tag.count {
            return Err(format!(
                "the tag {:?} filters to {} posts, not its {}",
                tag.slug,
                found.len(),
                tag.count
            ));
        }
        if found.is_empty() {
            return Err(format!("the tag {:?} filters to nothing", tag.slug));
        }
        if let Some(stray) = found
            .iter()
            .find(|p| !p.tags.iter().any(|t| t.slug == tag.slug))
        {
            return Err(format!(
                "{} is filtered in without {:?}",
                stray.slug, tag.slug
            ));
        }
    }
    Ok(())
}

/// Whether `error` is about the file `source`.
fn names(error: &Error, source: &str) -> bool {
    match error {
        Error::Post { file, .. } => file == source,
        other => other.to_string().contains(source),
    }
}

fn check_file(loaded: &Loaded, mode: RawHtml) -> Result<(), String> {
    let source = &loaded.source;
    match &loaded.result {
        Err(Error::Post { file, problems }) => {
            if file != source {
                return Err(format!("an error about {source} names {file}"));
            }
            if problems.is_empty() {
                return Err(format!("{source}: a post error without problems"));
            }
            if let Some(p) = problems
                .iter()
                .find(|p| p.field.trim().is_empty() || p.message.trim().is_empty())
            {
                return Err(format!(
                    "{source}: a problem without field or message: {p:?}"
                ));
            }
            Ok(())
        }
        Err(other) => Err(format!("{source}: not a post error: {other:?}")),
        Ok(entry) => {
            check_slug(entry.slug()).map_err(|m| format!("{source}: slug {m}"))?;
            if entry.summary.title.trim().is_empty() {
                return Err(format!("{source}: loaded with an empty title"));
            }
            let html = entry.html();
            if mode != RawHtml::Trust {
                check_html(&html).map_err(|m| format!("{source}: {m} in {html:?}"))?;
            }
            Ok(())
        }
    }
}

/// Elements that run code, embed other documents, restyle the page or post data elsewhere.
const FORBIDDEN_ELEMENTS: &[&str] = &[
    "script", "iframe", "object", "embed", "frame", "frameset", "base", "meta", "link", "style",
    "form",
];

/// Attributes holding an address.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "poster",
];

/// Checks `html` for anything that runs script: written independently of the sanitizer, as a
/// tag scanner that reads attributes the way a browser does (quotes, entities, control
/// characters inside schemes).
pub fn check_html(html: &str) -> Result<(), String> {
    let bytes = html.as_bytes();
    let mut at = 0;
    while let Some(offset) = html[at..].find('<') {
        at += offset + 1;
        if html[at..].starts_with("!--") {
            at += html[at..].find("-->").map_or(html.len() - at, |e| e + 3);
            continue;
        }
        let name_start = if bytes.get(at) == Some(&b'/') {
            at + 1
        } else {
            at
        };
        let rest = &html[name_start..];
        let name_len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':'))
            .unwrap_or(rest.len());
        if name_len == 0 || !rest.as_bytes()[0].is_ascii_alphabetic() {
            continue; // Not a tag: a `<` in text, `<!DOCTYPE`, ...
        }
        let name = rest[..name_len].to_ascii_lowercase();
        if FORBIDDEN_ELEMENTS.contains(&name.as_str()) {
            return Err(format!("a <{name}> element"));
        }
        at = name_start + name_len;
        // Attributes up to `>`.
        loop {
            while at < bytes.len() && (bytes[at].is_ascii_whitespace() || bytes[at] == b'/') {
                at += 1;
            }
            if at >= bytes.len() || bytes[at] == b'>' {
                break;
            }
            let start = at;
            while at < bytes.len()
                && !bytes[at].is_ascii_whitespace()
                && !matches!(bytes[at], b'=' | b'>' | b'/')
            {
                at += 1;
            }
            let attribute = html[start..at].to_ascii_lowercase();
            let mut value = String::new();
            if at < bytes.len() && bytes[at] == b'=' {
                at += 1;
                match bytes.get(at) {
                    Some(&quote @ (b'"' | b'\'')) => {
                        let end = html[at + 1..]
                            .find(quote as char)
                            .map_or(bytes.len(), |e| at + 1 + e);
                        value = html[at + 1..end].to_string();
                        at = (end + 1).min(bytes.len());
                    }
                    _ => {
                        let begin = at;
                        while at < bytes.len()
                            && !bytes[at].is_ascii_whitespace()
                            && bytes[at] != b'>'
                        {
                            at += 1;
                        }
                        value = html[begin..at].to_string();
                    }
                }
            }
            if attribute.starts_with("on") {
                return Err(format!("an event handler `{attribute}` on <{name}>"));
            }
            if URL_ATTRIBUTES.contains(&attribute.as_str()) && !safe_address(&value) {
                return Err(format!("{attribute}={value:?} on <{name}>"));
            }
            if attribute == "style"
                && decode_entities(&value)
                    .to_ascii_lowercase()
                    .contains("url(")
            {
                return Err(format!("a style with url() on <{name}>"));
            }
        }
    }
    Ok(())
}

/// Whether a browser following `value` stays on http, https, mailto or a relative address. As
/// the URL standard reads it: entities decoded, leading and trailing controls and spaces
/// trimmed, tabs and newlines removed anywhere, and a scheme only if the text before the first
/// `:` is a letter followed by letters, digits, `+`, `-` or `.`.
fn safe_address(value: &str) -> bool {
    let decoded = decode_entities(value);
    let cleaned: String = decoded
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let Some((scheme, _)) = cleaned.split_once(':') else {
        return true;
    };
    let is_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    !is_scheme
        || matches!(
            scheme.to_ascii_lowercase().as_str(),
            "http" | "https" | "mailto"
        )
}

/// `text` with numeric character references and the named ones that matter in schemes decoded.
fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at + 1..];
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
            .unwrap_or(rest.len());
        let name = &rest[..end];
        let decoded = if let Some(number) = name.strip_prefix('#') {
            let value = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => number.parse().ok(),
            };
            value.and_then(char::from_u32)
        } else {
            match name.to_ascii_lowercase().as_str() {
                "colon" => Some(':'),
                "tab" => Some('\t'),
                "newline" => Some('\n'),
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => None,
            }
        };
        match decoded {
            Some(c) if !name.is_empty() => {
                out.push(c);
                rest = &rest[end..];
                rest = rest.strip_prefix(';').unwrap_or(rest);
            }
            _ => out.push('&'),
        }
    }
    out.push_str(rest);
    out
}
