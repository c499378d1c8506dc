//! The front-matter block itself: finding it between its delimiters, refusing YAML shapes that
//! would exhaust the parser (deep nesting, alias bombs) before parsing, and syntax errors with
//! the file's own line numbers.

use super::Format;
use crate::error::Problem;

pub(super) struct Block<'a> {
    /// The lines between the delimiter lines; the first is line 2 of the file.
    lines: Vec<&'a str>,
    /// The 1-based line where the body starts: after the closing delimiter and the empty lines
    /// that follow it (gray_matter drops those).
    pub(super) body_line: usize,
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
pub(super) fn block<'a>(text: &'a str, delimiter: &str) -> Option<Block<'a>> {
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
pub(super) const MAX_YAML_INDENT: usize = 100;

/// How many columns of `line` are indentation and block markers (`- `, `? `, `: `): each level of
/// block nesting takes at least one.
pub(super) fn yaml_indent(line: &str) -> usize {
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
pub(super) fn check_yaml_shape(block: &Block) -> Result<(), Problem> {
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
pub(super) fn syntax_error(format: Format, error: &gray_matter::Error, block: &Block) -> Problem {
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
        Format::Yaml | Format::Json => {
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
pub(super) fn position(text: &str, offset: usize) -> (usize, usize) {
    let head = text.get(..offset).unwrap_or(text);
    let line = head.matches('\n').count() + 1;
    let column = head.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

/// `reason`, line and column of a yaml-rust2 message.
pub(super) fn yaml_position(message: &str) -> Option<(&str, usize, usize)> {
    let (reason, at) = message.rsplit_once(" at byte ")?;
    match at.split(' ').collect::<Vec<_>>().as_slice() {
        [_, "line", line, "column", column] => {
            Some((reason, line.parse().ok()?, column.parse().ok()?))
        }
        _ => None,
    }
}

pub(super) fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}
