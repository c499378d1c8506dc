//! Hugo's JSON front matter: a JSON object at the top of the file, the body after it.

use super::fields::describe;
use crate::error::Problem;
use gray_matter::Pod;
use std::collections::HashMap;

/// The fields of the object `text` starts with, the 1-based line where the body starts (blank
/// lines after the object skipped, as for the other formats) and the body.
pub(super) fn split(text: &str) -> Result<(HashMap<String, Pod>, usize, &str), Problem> {
    let mut values = serde_json::Deserializer::from_str(text).into_iter::<serde_json::Value>();
    let value = match values.next() {
        Some(Ok(value)) => value,
        Some(Err(error)) => {
            return Err(Problem::new(
                "front matter",
                format!(
                    "expected a valid JSON object; line {}, column {}: {}",
                    error.line(),
                    error.column(),
                    reason(&error)
                ),
            ))
        }
        None => {
            return Err(Problem::new(
                "front matter",
                "the block is empty; expected at least `title`",
            ))
        }
    };
    let end = values.byte_offset();
    let fields = match Pod::from(value) {
        Pod::Hash(fields) => fields,
        other => {
            return Err(Problem::new(
                "front matter",
                format!("expected key: value pairs, found {}", describe(&other)),
            ))
        }
    };
    let rest = &text[end..];
    // The rest of the closing line, then blank lines, belong to no one.
    let after_line = rest.find('\n').map_or(rest.len(), |i| i + 1);
    if !rest[..after_line].trim().is_empty() {
        return Err(Problem::new(
            "front matter",
            "expected the JSON object to end its line; found text after the closing `}`",
        ));
    }
    let mut line = text[..end].matches('\n').count() + 2;
    let mut body = &rest[after_line..];
    while let Some(next) = body
        .strip_prefix("\r\n")
        .or_else(|| body.strip_prefix('\n'))
    {
        body = next;
        line += 1;
    }
    Ok((fields, line, body))
}

/// serde_json's message without its own ` at line L column C` ending.
fn reason(error: &serde_json::Error) -> String {
    let message = error.to_string();
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message,
    }
}
