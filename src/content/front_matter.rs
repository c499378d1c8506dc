//! Front matter: the YAML (`---`) or TOML (`+++`) block at the top of a post.
//!
//! gray_matter parses the block into its loosely typed `Pod`; every field is then checked here,
//! so one pass reports every problem of a file, each naming its field and what was expected.

use super::dates::{self, PubDate};
use super::tags::slugify;
use crate::error::Problem;
use crate::model::PostImage;
use gray_matter::engine::{TOML, YAML};
use gray_matter::{Matter, ParsedEntity, Pod};
use std::borrow::Cow;
use std::collections::HashMap;

/// The checked front matter of a post. Keys Quire does not use are ignored.
#[derive(Clone, Debug, PartialEq)]
pub struct FrontMatter {
    /// `title`: required, non-empty.
    pub title: String,
    /// `pubDate`, or else `date`.
    pub date: Option<PubDate>,
    /// `description`.
    pub description: Option<String>,
    /// `author`.
    pub author: Option<String>,
    /// `tags` (or Zola's `taxonomies.tags`): names as written, trimmed, in order.
    pub tags: Vec<String>,
    /// `image`: `{url, alt}`.
    pub image: Option<PostImage>,
    /// `draft`.
    pub draft: bool,
    /// `slug`: overrides the file name.
    pub slug: Option<String>,
}

/// A post file split into its checked front matter and its Markdown body.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// The checked front matter.
    pub front_matter: FrontMatter,
    /// The Markdown after the front matter.
    pub body: String,
    /// The line of the file (1-based) where the body starts, for messages about the body.
    pub body_line: usize,
}

#[derive(Clone, Copy)]
enum Format {
    Yaml,
    Toml,
}

impl Format {
    fn delimiter(self) -> &'static str {
        match self {
            Format::Yaml => "---",
            Format::Toml => "+++",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Format::Yaml => "YAML",
            Format::Toml => "TOML",
        }
    }
}

/// Splits and checks a post's text. On failure, returns every problem found.
pub fn parse(text: &str) -> Result<Document, Vec<Problem>> {
    let text = replace_forbidden_characters(text);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let first_line = text.lines().next().unwrap_or("").trim_end();
    let format = match first_line {
        "---" => Format::Yaml,
        "+++" => Format::Toml,
        _ => {
            return Err(vec![Problem::new(
                "front matter",
                "expected the file to start with a YAML block between --- lines \
                 (or TOML between +++ lines) holding at least `title`",
            )])
        }
    };
    let Some(block) = block(text, format.delimiter()) else {
        return Err(vec![Problem::new(
            "front matter",
            format!(
                "opened with {} on the first line but never closed; expected a closing {} line",
                format.delimiter(),
                format.delimiter()
            ),
        )]);
    };
    if let Format::Yaml = format {
        check_yaml_shape(&block).map_err(|problem| vec![problem])?;
    }
    let parsed: Result<ParsedEntity<Pod>, _> = match format {
        Format::Yaml => Matter::<YAML>::new().parse(text),
        Format::Toml => {
            let mut matter = Matter::<TOML>::new();
            matter.delimiter = "+++".into();
            matter.parse(text)
        }
    };
    let parsed = parsed.map_err(|e| vec![syntax_error(format, &e, &block)])?;
    let fields = match parsed.data {
        Some(Pod::Hash(fields)) => fields,
        None | Some(Pod::Null) => {
            return Err(vec![Problem::new(
                "front matter",
                "the block is empty; expected at least `title`",
            )])
        }
        Some(other) => {
            return Err(vec![Problem::new(
                "front matter",
                format!("expected key: value pairs, found {}", describe(&other)),
            )])
        }
    };
    let front_matter = check_fields(&fields)?;
    Ok(Document {
        front_matter,
        body: parsed.content,
        body_line: block.body_line,
    })
}

/// `text` with U+FFFD in place of every character XML 1.0 forbids: control characters other than
/// tab, line feed and carriage return, U+FFFE and U+FFFF. CommonMark asks this of NUL; posts also
/// reach the RSS and Atom feeds, where one such character makes the whole feed unreadable.
fn replace_forbidden_characters(text: &str) -> Cow<'_, str> {
    let forbidden = |c: char| {
        matches!(c, '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}')
            || matches!(c, '\u{fffe}' | '\u{ffff}')
    };
    if text.contains(forbidden) {
        Cow::Owned(text.replace(forbidden, "\u{fffd}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// A front-matter string as shown: YAML escapes (`"\0"`, `"\e"`) can write characters the text
/// of the file could not hold.
fn plain(text: &str) -> String {
    replace_forbidden_characters(text).into_owned()
}

/// Where the front matter block lies in a post's text.
struct Block<'a> {
    /// The lines between the delimiter lines; the first is line 2 of the file.
    lines: Vec<&'a str>,
    /// The 1-based line where the body starts: after the closing delimiter and the empty lines
    /// that follow it (gray_matter drops those).
    body_line: usize,
}

impl Block<'_> {
    /// The file line of the first line of the text gray_matter parses, which is the block with
    /// its surrounding blank lines trimmed.
    fn first_parsed_line(&self) -> usize {
        2 + self
            .lines
            .iter()
            .take_while(|line| line.trim().is_empty())
            .count()
    }
}

/// The block opened on the first line of `text`; `None` when no later line closes it.
fn block<'a>(text: &'a str, delimiter: &str) -> Option<Block<'a>> {
    let lines: Vec<&str> = text.lines().collect();
    let close = lines
        .iter()
        .skip(1)
        .position(|line| line.trim_end() == delimiter)?
        + 1;
    let mut first = close + 1;
    while lines.get(first).is_some_and(|line| line.is_empty()) {
        first += 1;
    }
    Some(Block {
        lines: lines[1..close].to_vec(),
        body_line: first + 1,
    })
}

/// Columns of indentation and `-`, `?`, `:` markers a line of YAML may start with; far more than
/// any front matter needs. The YAML reader recurses once per level of nesting, and a line such as
/// `- - - - …` thousands of levels deep would overflow the stack.
const MAX_YAML_INDENT: usize = 100;

/// How many columns of `line` are indentation and block markers (`- `, `? `, `: `): each level of
/// block nesting takes at least one.
fn yaml_indent(line: &str) -> usize {
    let bytes = line.as_bytes();
    let blank = |at: usize| bytes.get(at).is_none_or(|b| matches!(b, b' ' | b'\t'));
    let mut at = 0;
    while at < bytes.len()
        && (blank(at) || matches!(bytes[at], b'-' | b'?' | b':') && blank(at + 1))
    {
        at += 1;
    }
    at
}

/// Refuses YAML the reader cannot take safely, before it reads it: lines nested deeper than
/// [`MAX_YAML_INDENT`], and aliases (`*name`) next to anchors (`&name`), which the reader expands
/// in full, so that a few hundred bytes of aliases of aliases become billions of values.
///
/// Both checks look at the text, not at parsed YAML, so they may refuse some text that only looks
/// like deep nesting or like an alias (`title: Salt, &pepper` next to `author: *Ada*`); the
/// message says what to change.
fn check_yaml_shape(block: &Block) -> Result<(), Problem> {
    let mut anchors = false;
    let mut first_alias = None;
    for (i, line) in block.lines.iter().enumerate() {
        let line_number = i + 2;
        let indent = yaml_indent(line);
        if indent > MAX_YAML_INDENT {
            return Err(Problem::new(
                "front matter",
                format!(
                    "expected at most {MAX_YAML_INDENT} columns of indentation and `-`, `?` or `:` \
                     markers at the start of a line, found {indent} on line {line_number}"
                ),
            ));
        }
        let mut previous = ' ';
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            let starts_node = previous.is_whitespace() || matches!(previous, ',' | '[' | '{' | ':');
            let named = chars.peek().is_some_and(|next| {
                !next.is_whitespace() && !matches!(next, ',' | '[' | ']' | '{' | '}')
            });
            if starts_node && named {
                match c {
                    '&' => anchors = true,
                    '*' => {
                        first_alias.get_or_insert(line_number);
                    }
                    _ => {}
                }
            }
            previous = c;
        }
    }
    match first_alias {
        Some(line_number) if anchors => Err(Problem::new(
            "front matter",
            format!(
                "expected plain values, found a YAML alias (`*name`) on line {line_number} next to \
                 an anchor (`&name`); aliases are not expanded, so write the value out (and quote \
                 text that starts with `*` or `&`)"
            ),
        )),
        _ => Ok(()),
    }
}

/// A parse error of the block as one line, placed at its line of the file.
fn syntax_error(format: Format, error: &gray_matter::Error, block: &Block) -> Problem {
    let first_line = block.first_parsed_line();
    let found = match format {
        Format::Toml => {
            // gray_matter's message spans several lines; the toml crate's own error gives the
            // reason and the position apart.
            let matter = block.lines.join("\n");
            let matter = matter.trim();
            match toml::from_str::<toml::Table>(matter) {
                Err(e) => {
                    let reason = e.message().trim().replace('\n', " ");
                    match e.span() {
                        Some(span) => {
                            let (line, column) = position(matter, span.start);
                            format!("line {}, column {column}: {reason}", first_line + line - 1)
                        }
                        None => reason,
                    }
                }
                Ok(_) => one_line(&error.to_string()),
            }
        }
        Format::Yaml => {
            // yaml-rust2 says `<reason> at byte <b> line <l> column <c>`, lines counted in the
            // parsed text.
            let message = error.to_string();
            let message = message
                .strip_prefix("Deserialize error: ")
                .unwrap_or(&message);
            yaml_position(message)
                .map(|(reason, line, column)| {
                    format!("line {}, column {column}: {reason}", first_line + line - 1)
                })
                .unwrap_or_else(|| one_line(message))
        }
    };
    Problem::new(
        "front matter",
        format!("expected valid {}; {found}", format.name()),
    )
}

/// The 1-based line and column of byte `offset` of `text`.
fn position(text: &str, offset: usize) -> (usize, usize) {
    let head = text.get(..offset).unwrap_or(text);
    let line = head.matches('\n').count() + 1;
    let column = head.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

/// `reason`, line and column of a yaml-rust2 message.
fn yaml_position(message: &str) -> Option<(&str, usize, usize)> {
    let (reason, at) = message.rsplit_once(" at byte ")?;
    match at.split(' ').collect::<Vec<_>>().as_slice() {
        [_, "line", line, "column", column] => {
            Some((reason, line.parse().ok()?, column.parse().ok()?))
        }
        _ => None,
    }
}

fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn check_fields(fields: &HashMap<String, Pod>) -> Result<FrontMatter, Vec<Problem>> {
    let mut problems = Vec::new();
    let title = match fields.get("title") {
        Some(Pod::String(s)) if !s.trim().is_empty() => Some(plain(s.trim())),
        Some(Pod::String(_)) => {
            problems.push(Problem::new(
                "title",
                "expected a non-empty string, found an empty one",
            ));
            None
        }
        None | Some(Pod::Null) => {
            problems.push(Problem::new(
                "title",
                "missing; expected a non-empty string",
            ));
            None
        }
        Some(other) => {
            problems.push(Problem::new(
                "title",
                format!("expected a non-empty string, found {}", describe(other)),
            ));
            None
        }
    };
    let date = date_field(fields, &mut problems);
    let description = optional_string(fields, "description", &mut problems).map(|s| plain(&s));
    let author = optional_string(fields, "author", &mut problems).map(|s| plain(&s));
    let tags = tags_field(fields, &mut problems);
    let image = image_field(fields, &mut problems);
    let draft = match fields.get("draft") {
        None | Some(Pod::Null) => false,
        Some(Pod::Boolean(b)) => *b,
        Some(other) => {
            problems.push(Problem::new(
                "draft",
                format!("expected true or false, found {}", describe(other)),
            ));
            false
        }
    };
    let slug =
        optional_string(fields, "slug", &mut problems).and_then(|slug| match check_slug(&slug) {
            Ok(()) => Some(slug),
            Err(message) => {
                problems.push(Problem::new("slug", message));
                None
            }
        });
    match title {
        Some(title) if problems.is_empty() => Ok(FrontMatter {
            title,
            date,
            description,
            author,
            tags,
            image,
            draft,
            slug,
        }),
        _ => Err(problems),
    }
}

/// `pubDate` wins over `date` when both are present.
fn date_field(fields: &HashMap<String, Pod>, problems: &mut Vec<Problem>) -> Option<PubDate> {
    let (key, value) = ["pubDate", "date"]
        .into_iter()
        .find_map(|key| match fields.get(key) {
            None | Some(Pod::Null) => None,
            Some(value) => Some((key, value)),
        })?;
    match value {
        Pod::String(text) => match PubDate::parse(text) {
            Some(date) => Some(date),
            None => {
                problems.push(Problem::new(
                    key,
                    format!("{}, found {text:?}", dates::EXPECTED),
                ));
                None
            }
        },
        other => {
            problems.push(Problem::new(
                key,
                format!("{}, found {}", dates::EXPECTED, describe(other)),
            ));
            None
        }
    }
}

fn optional_string(
    fields: &HashMap<String, Pod>,
    key: &str,
    problems: &mut Vec<Problem>,
) -> Option<String> {
    match fields.get(key) {
        None | Some(Pod::Null) => None,
        Some(Pod::String(s)) if s.trim().is_empty() => None,
        Some(Pod::String(s)) => Some(s.trim().to_string()),
        Some(other) => {
            problems.push(Problem::new(
                key,
                format!("expected a string, found {}", describe(other)),
            ));
            None
        }
    }
}

/// A list of strings, or one comma-separated string. Zola's `taxonomies.tags` is read too.
fn tags_field(fields: &HashMap<String, Pod>, problems: &mut Vec<Problem>) -> Vec<String> {
    let zola = match fields.get("taxonomies") {
        Some(Pod::Hash(taxonomies)) => taxonomies.get("tags"),
        _ => None,
    };
    let (key, value) = match (fields.get("tags"), zola) {
        (Some(value), _) => ("tags", value),
        (None, Some(value)) => ("taxonomies.tags", value),
        (None, None) => return Vec::new(),
    };
    const EXPECTED: &str = "expected a list of strings or one comma-separated string";
    let mut tags = Vec::new();
    match value {
        Pod::Null => {}
        Pod::String(list) => {
            for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
                push_tag(&mut tags, name.to_string(), key.to_string(), problems);
            }
        }
        Pod::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let field = format!("{key}[{i}]");
                match item {
                    Pod::String(name) => {
                        push_tag(&mut tags, name.trim().to_string(), field, problems)
                    }
                    Pod::Integer(n) => push_tag(&mut tags, n.to_string(), field, problems),
                    other => problems.push(Problem::new(
                        field,
                        format!("expected a tag name (a string), found {}", describe(other)),
                    )),
                }
            }
        }
        other => problems.push(Problem::new(
            key,
            format!("{EXPECTED}, found {}", describe(other)),
        )),
    }
    tags
}

fn push_tag(tags: &mut Vec<String>, name: String, field: String, problems: &mut Vec<Problem>) {
    let name = plain(&name);
    if slugify(&name).is_empty() {
        problems.push(Problem::new(
            field,
            format!("expected a tag name with at least one letter or digit, found {name:?}"),
        ));
    } else {
        tags.push(name);
    }
}

fn image_field(fields: &HashMap<String, Pod>, problems: &mut Vec<Problem>) -> Option<PostImage> {
    let image = match fields.get("image") {
        None | Some(Pod::Null) => return None,
        Some(Pod::Hash(image)) => image,
        Some(other) => {
            problems.push(Problem::new(
                "image",
                format!(
                    "expected a map with `url` and `alt` (alt text is required), found {}",
                    describe(other)
                ),
            ));
            return None;
        }
    };
    let mut text = |key: &str| match image.get(key) {
        Some(Pod::String(s)) if !s.trim().is_empty() => Some(plain(s.trim())),
        None | Some(Pod::Null) => {
            problems.push(Problem::new(
                format!("image.{key}"),
                "missing; expected a non-empty string",
            ));
            None
        }
        Some(other) => {
            problems.push(Problem::new(
                format!("image.{key}"),
                format!("expected a non-empty string, found {}", describe(other)),
            ));
            None
        }
    };
    let url = text("url");
    let alt = text("alt");
    Some(PostImage {
        url: url?,
        alt: alt?,
        size: None,
    })
}

/// A slug is one URL path segment: no `/`, no `..`, no whitespace or control characters.
pub fn check_slug(slug: &str) -> Result<(), String> {
    let ok = !slug.is_empty()
        && !slug.starts_with('.')
        && slug
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "expected letters, digits, `-`, `_` or `.` (not first), found {slug:?}"
        ))
    }
}

/// How a value looks, for error messages.
fn describe(value: &Pod) -> String {
    match value {
        Pod::Null => "nothing".into(),
        Pod::String(s) => format!("the string {s:?}"),
        Pod::Integer(n) => format!("the number {n}"),
        Pod::Float(n) => format!("the number {n}"),
        Pod::Boolean(b) => format!("the boolean {b}"),
        Pod::Array(_) => "a list".into(),
        Pod::Hash(_) => "a map".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields_of(problems: &[Problem]) -> Vec<&str> {
        problems.iter().map(|p| p.field.as_str()).collect()
    }

    fn ok(text: &str) -> Document {
        parse(text).unwrap_or_else(|p| panic!("expected a valid post, got {p:?}"))
    }

    fn problems(text: &str) -> Vec<Problem> {
        parse(text).expect_err("expected problems")
    }

    #[test]
    fn reads_every_field_of_an_astro_style_post() {
        let doc = ok("---\nlayout: ../../layouts/MarkdownPostLayout.astro\ntitle: 'My first post'\n\
            pubDate: 2022-07-01\ndescription: 'A post'\nauthor: 'Astro Learner'\n\
            image:\n  url: 'https://docs.astro.build/assets/rose.webp'\n  alt: 'The Astro logo'\n\
            tags: [\"astro\", \"blogging\", \"learning in public\"]\ndraft: true\nslug: first\n---\n# Body\n");
        let fm = doc.front_matter;
        assert_eq!(fm.title, "My first post");
        assert_eq!(
            fm.date.map(|d| d.to_post_date().iso),
            Some("2022-07-01".into())
        );
        assert_eq!(fm.description.as_deref(), Some("A post"));
        assert_eq!(fm.author.as_deref(), Some("Astro Learner"));
        assert_eq!(fm.tags, ["astro", "blogging", "learning in public"]);
        assert_eq!(
            fm.image,
            Some(PostImage {
                url: "https://docs.astro.build/assets/rose.webp".into(),
                alt: "The Astro logo".into(),
                size: None,
            })
        );
        assert!(fm.draft);
        assert_eq!(fm.slug.as_deref(), Some("first"));
        assert_eq!(doc.body, "# Body");
    }

    #[test]
    fn the_body_line_counts_the_front_matter_and_following_blank_lines() {
        assert_eq!(ok("---\ntitle: T\n---\nBody").body_line, 4);
        assert_eq!(ok("---\ntitle: T\n---\n\n\nBody").body_line, 6);
        assert_eq!(
            ok("\u{feff}+++\r\ntitle = \"T\"\r\n+++\r\n\r\nBody").body_line,
            5
        );
    }

    #[test]
    fn unknown_keys_are_ignored() {
        let doc = ok("---\ntitle: T\nlayout: x\ncategories: [a]\nweird: {deep: [1, 2]}\n---\nbody");
        assert_eq!(doc.front_matter.title, "T");
    }

    #[test]
    fn pub_date_wins_over_date() {
        let doc = ok("---\ntitle: T\ndate: not a date\npubDate: 2026-01-02\n---\n");
        assert_eq!(
            doc.front_matter.date.map(|d| d.day().to_string()),
            Some("2026-01-02".into())
        );
    }

    #[test]
    fn date_alias_is_read_when_pub_date_is_absent() {
        let doc = ok("---\ntitle: T\ndate: 2026-02-13T09:30:00+01:00\n---\n");
        assert!(matches!(doc.front_matter.date, Some(PubDate::Instant(_))));
    }

    #[test]
    fn tags_may_be_one_comma_separated_string() {
        let doc = ok("---\ntitle: T\ntags: \"Rust, Web Dev ,, learning in public\"\n---\n");
        assert_eq!(
            doc.front_matter.tags,
            ["Rust", "Web Dev", "learning in public"]
        );
    }

    #[test]
    fn toml_front_matter_between_plus_lines_is_accepted() {
        let doc = ok("+++\ntitle = \"T\"\ndate = 2025-10-02\ntags = [\"Web Dev\"]\n+++\nBody");
        assert_eq!(doc.front_matter.title, "T");
        assert_eq!(
            doc.front_matter.date.map(|d| d.day().to_string()),
            Some("2025-10-02".into())
        );
        assert_eq!(doc.front_matter.tags, ["Web Dev"]);
        assert_eq!(doc.body, "Body");
    }

    #[test]
    fn zola_taxonomies_tags_are_read() {
        let doc = ok("+++\ntitle = \"T\"\n[taxonomies]\ntags = [\"rust\"]\n+++\n");
        assert_eq!(doc.front_matter.tags, ["rust"]);
    }

    #[test]
    fn a_byte_order_mark_and_crlf_line_endings_are_accepted() {
        let doc = ok("\u{feff}---\r\ntitle: T\r\ntags: [a]\r\n---\r\nBody\r\n");
        assert_eq!(doc.front_matter.title, "T");
        assert_eq!(doc.front_matter.tags, ["a"]);
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let p = problems(
            "---\ntitle: 42\npubDate: 2026-02-30\ndescription: [a]\ntags: {a: 1}\n\
             image: {url: /x.png}\ndraft: maybe\nslug: ../etc\n---\n",
        );
        assert_eq!(
            fields_of(&p),
            [
                "title",
                "pubDate",
                "description",
                "tags",
                "image.alt",
                "draft",
                "slug"
            ]
        );
        assert!(p[0].message.contains("found the number 42"), "{}", p[0]);
        assert!(p[1].message.contains("2026-02-30"), "{}", p[1]);
    }

    #[test]
    fn a_missing_or_empty_title_is_an_error() {
        assert_eq!(
            fields_of(&problems("---\ndescription: d\n---\n")),
            ["title"]
        );
        assert_eq!(fields_of(&problems("---\ntitle: '  '\n---\n")), ["title"]);
        assert_eq!(fields_of(&problems("---\ntitle: [a, b]\n---\n")), ["title"]);
    }

    #[test]
    fn an_image_without_alt_is_an_error() {
        let p = problems("---\ntitle: T\nimage: {url: /a.png}\n---\n");
        assert_eq!(fields_of(&p), ["image.alt"]);
        let p = problems("---\ntitle: T\nimage: /a.png\n---\n");
        assert_eq!(fields_of(&p), ["image"]);
        assert!(p[0].message.contains("alt"));
    }

    #[test]
    fn tag_lists_with_non_strings_or_empty_names_name_the_entry() {
        let p = problems("---\ntitle: T\ntags: [ok, [nested], '', '!!!']\n---\n");
        assert_eq!(fields_of(&p), ["tags[1]", "tags[2]", "tags[3]"]);
    }

    #[test]
    fn a_date_given_as_a_number_is_an_error() {
        let p = problems("---\ntitle: T\ndate: 20260213\n---\n");
        assert_eq!(fields_of(&p), ["date"]);
        assert!(p[0].message.contains("number"));
    }

    #[test]
    fn missing_unclosed_empty_and_malformed_blocks_are_errors() {
        for text in [
            "",
            "# Just markdown\n",
            "---\ntitle: T\nno closing line\n",
            "---\n---\nbody",
            "---\ntitle: [unclosed\n---\n",
            "+++\ntitle = \n+++\n",
            "---\n- a\n- b\n---\n",
        ] {
            let p = problems(text);
            assert_eq!(fields_of(&p), ["front matter"], "for {text:?}");
        }
    }

    #[test]
    fn syntax_errors_are_one_line_placed_at_their_line_of_the_file() {
        let p = problems("---\ntitle: [unclosed\ndate: 2026-01-01\n---\n");
        assert_eq!(fields_of(&p), ["front matter"]);
        assert!(
            p[0].message
                .starts_with("expected valid YAML; line 3, column 5: "),
            "{}",
            p[0]
        );
        let p = problems("---\n\n\ntitle: T\ntitle: U\n---\n");
        assert!(
            p[0].message.starts_with("expected valid YAML; line 5, "),
            "{}",
            p[0]
        );
        let p = problems("+++\ntitle = \"T\"\ndate = 2026-02-30\n+++\n");
        assert_eq!(
            p[0].message,
            "expected valid TOML; line 3, column 8: invalid date, expected day between 01 and 28"
        );
        for p in [&p[0], &problems("+++\ntitle = \n+++\n")[0]] {
            assert!(!p.message.contains('\n'), "{p}");
        }
    }

    #[test]
    fn yaml_nested_thousands_of_levels_deep_is_refused_before_it_is_read() {
        let text = format!("---\ntitle: T\ntags:\n{}x\n---\n", "- ".repeat(10_000));
        let p = problems(&text);
        assert_eq!(fields_of(&p), ["front matter"]);
        assert!(p[0].message.contains("found 20000 on line 4"), "{}", p[0]);
        let text = format!(
            "---\ntitle: {}x{}\n---\n",
            "[".repeat(10_000),
            "]".repeat(10_000)
        );
        assert_eq!(fields_of(&problems(&text)), ["front matter"]);
        let doc = ok("---\ntitle: T\nimage:\n  url: /a.png\n  alt: A\nextra:\n  - - x\n---\n");
        assert_eq!(doc.front_matter.title, "T");
        let rule = "-".repeat(200);
        let doc = ok(&format!("---\ntitle: T\ndescription: |\n  {rule}\n---\n"));
        assert_eq!(doc.front_matter.description, Some(rule));
        assert_eq!(yaml_indent("  - ? - : x"), 10);
        assert_eq!(yaml_indent("--- -x"), 0);
    }

    #[test]
    fn yaml_aliases_next_to_anchors_are_refused_and_plain_stars_and_ampersands_pass() {
        let bomb = "---\ntitle: Bomb\na: &a [x, x, x, x, x, x, x, x, x]\n\
                    b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n\
                    c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n---\n";
        let p = problems(bomb);
        assert_eq!(fields_of(&p), ["front matter"]);
        assert!(
            p[0].message.contains("alias (`*name`) on line 4"),
            "{}",
            p[0]
        );
        let doc = ok("---\ntitle: \"*Why* R&D, *now*\"\nauthor: AT&T *Labs*\n\
                      description: Tom & Jerry\n---\n");
        assert_eq!(doc.front_matter.title, "*Why* R&D, *now*");
        assert_eq!(doc.front_matter.author.as_deref(), Some("AT&T *Labs*"));
    }

    #[test]
    fn characters_no_feed_can_hold_become_replacement_characters() {
        let doc = ok("---\ntitle: \"Bell\\a, NUL\\0\"\ntags: [\"esc\\e\"]\n---\n\
                      A\0b\u{7}c\u{c}d\u{fffe}\te\r\n");
        assert_eq!(doc.front_matter.title, "Bell\u{fffd}, NUL\u{fffd}");
        assert_eq!(doc.front_matter.tags, ["esc\u{fffd}"]);
        assert_eq!(doc.body, "A\u{fffd}b\u{fffd}c\u{fffd}d\u{fffd}\te");
        assert!(matches!(
            replace_forbidden_characters("plain\ttext\n"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn slugs_must_be_one_safe_path_segment() {
        assert!(check_slug("hello-world_2.0").is_ok());
        assert!(check_slug("日本語").is_ok());
        for bad in ["", "a/b", "..", ".hidden", "a b", "a\u{7}b", "a\\b"] {
            assert!(check_slug(bad).is_err(), "{bad:?} should be rejected");
        }
    }
}
