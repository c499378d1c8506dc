//! The component syntax, one line at a time: the generic directives of Markdown
//! (remark-directive, MyST, Docusaurus's admonitions), at the start of a line.
//!
//! ```text
//! ::name[label]{key="value" key=value flag}     a component without a body
//! :::name[label]{...}                           opens one with a Markdown body
//! :::                                           closes the innermost open one
//! ```
//!
//! The label and the braces are optional. Values are `"double"` or `'single'` quoted (a
//! backslash escapes the quote) or bare words; a key without `=` is a flag. Nothing here looks
//! like HTML, so it never meets the `raw_html` setting.

use std::collections::BTreeMap;

/// One directive line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Line {
    /// `::name...` or `:::name...`.
    Open(Directive),
    /// `:::` alone.
    Close,
}

/// A component call as written on its line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    /// The component's name.
    pub name: String,
    /// The `[label]`, if any.
    pub label: Option<String>,
    /// The `{...}` arguments: a value, or `None` for a flag.
    pub args: BTreeMap<String, Option<String>>,
    /// Whether it opens a body (three or more colons) or stands alone (two).
    pub container: bool,
}

/// Reads `line` as a directive: `None` if it is not one, `Some(Err)` if it starts like one but
/// is malformed.
pub fn parse(line: &str) -> Option<Result<Line, String>> {
    let line = line.trim_end();
    let colons = line.len() - line.trim_start_matches(':').len();
    if colons < 2 {
        return None;
    }
    let rest = &line[colons..];
    if rest.is_empty() {
        return (colons >= 3).then_some(Ok(Line::Close));
    }
    let name_length = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(rest.len());
    let name = &rest[..name_length];
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        // `::` or `:::` followed by anything else is prose (a C++ path, a smiley).
        return None;
    }
    let mut rest = &rest[name_length..];
    let mut label = None;
    if let Some(after) = rest.strip_prefix('[') {
        let Some(end) = closing_bracket(after) else {
            return Some(Err(format!(
                "expected `]` to end the label of `{}{name}[...`",
                ":".repeat(colons)
            )));
        };
        label = Some(after[..end].trim().to_string());
        rest = &after[end + 1..];
    }
    let mut args = BTreeMap::new();
    if let Some(after) = rest.strip_prefix('{') {
        let Some(inner) = after.trim_end().strip_suffix('}') else {
            return Some(Err(format!(
                "expected `}}` at the end of the arguments of `{}{name}{{...`",
                ":".repeat(colons)
            )));
        };
        args = match parse_args(inner) {
            Ok(args) => args,
            Err(message) => return Some(Err(message)),
        };
        rest = "";
    }
    if !rest.trim().is_empty() {
        // `:::note Title` (Docusaurus): the rest of the line is the label.
        if label.is_none() && !rest.starts_with(char::is_whitespace) {
            return None;
        }
        if label.is_some() {
            return Some(Err(format!(
                "expected nothing after the arguments of `{}{name}`, found {:?}",
                ":".repeat(colons),
                rest.trim()
            )));
        }
        label = Some(rest.trim().to_string());
    }
    Some(Ok(Line::Open(Directive {
        name: name.to_string(),
        label,
        args,
        container: colons >= 3,
    })))
}

/// The index of the `]` that closes a label (brackets inside it must pair up).
fn closing_bracket(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut escaped = false;
    for (at, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '[' => depth += 1,
            ']' if depth == 0 => return Some(at),
            ']' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// `key="value" key='value' key=value flag`.
fn parse_args(text: &str) -> Result<BTreeMap<String, Option<String>>, String> {
    let mut args = BTreeMap::new();
    let mut chars = text.char_indices().peekable();
    loop {
        while chars.next_if(|(_, c)| c.is_whitespace()).is_some() {}
        let Some(&(start, _)) = chars.peek() else {
            return Ok(args);
        };
        let mut end = start;
        while let Some((at, c)) =
            chars.next_if(|(_, c)| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        {
            end = at + c.len_utf8();
        }
        let key = &text[start..end];
        if key.is_empty() {
            let found = chars.peek().map_or(' ', |(_, c)| *c);
            return Err(format!("expected an argument name, found {found:?}"));
        }
        let value = if chars.next_if(|(_, c)| *c == '=').is_some() {
            Some(match chars.peek().map(|(_, c)| *c) {
                Some(quote @ ('"' | '\'')) => {
                    chars.next();
                    let mut value = String::new();
                    loop {
                        match chars.next() {
                            Some((_, '\\')) => match chars.next() {
                                Some((_, c)) => value.push(c),
                                None => break,
                            },
                            Some((_, c)) if c == quote => break,
                            Some((_, c)) => value.push(c),
                            None => {
                                return Err(format!(
                                    "expected a closing {quote} after `{key}={quote}{value}`"
                                ))
                            }
                        }
                    }
                    value
                }
                _ => {
                    let mut value = String::new();
                    while let Some((_, c)) = chars.next_if(|(_, c)| !c.is_whitespace()) {
                        value.push(c);
                    }
                    value
                }
            })
        } else {
            None
        };
        if args.insert(key.to_string(), value).is_some() {
            return Err(format!("argument `{key}` is given twice"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(line: &str) -> Directive {
        match parse(line) {
            Some(Ok(Line::Open(directive))) => directive,
            other => panic!("{line}: {other:?}"),
        }
    }

    #[test]
    fn a_directive_has_a_name_a_label_and_arguments() {
        let d = open(r#":::callout[Mind the gap]{kind=warning title="a \"b\" c" open}"#);
        assert_eq!(d.name, "callout");
        assert!(d.container);
        assert_eq!(d.label.as_deref(), Some("Mind the gap"));
        assert_eq!(d.args["kind"].as_deref(), Some("warning"));
        assert_eq!(d.args["title"].as_deref(), Some("a \"b\" c"));
        assert_eq!(d.args["open"], None);
        let leaf = open("::youtube{id='dQw4w9WgXcQ'}");
        assert!(!leaf.container);
        assert_eq!(leaf.args["id"].as_deref(), Some("dQw4w9WgXcQ"));
    }

    #[test]
    fn docusaurus_titles_follow_the_name() {
        let d = open(":::tip Read this first");
        assert_eq!(d.label.as_deref(), Some("Read this first"));
        assert!(d.args.is_empty());
    }

    #[test]
    fn three_colons_alone_close_and_prose_is_not_a_directive() {
        assert_eq!(parse(":::"), Some(Ok(Line::Close)));
        assert_eq!(parse("::::  "), Some(Ok(Line::Close)));
        for prose in [
            "::",
            "std::io",
            ":: not a name",
            "::1",
            ":::: 42",
            "::note: x",
            "a ::b",
        ] {
            assert_eq!(parse(prose), None, "{prose}");
        }
    }

    #[test]
    fn malformed_directives_say_what_was_expected() {
        for (line, expected) in [
            (":::note[oops", "expected `]`"),
            (":::note{kind=x", "expected `}`"),
            (":::note{title=\"open}", "expected a closing \""),
            (":::note{a=1 a=2}", "given twice"),
            (":::note{=1}", "expected an argument name"),
            (":::note[x] trailing", "expected nothing after"),
        ] {
            match parse(line) {
                Some(Err(message)) => assert!(message.contains(expected), "{line}: {message}"),
                other => panic!("{line}: {other:?}"),
            }
        }
    }
}
