//! The fields that group posts: tags, categories, a series and authors, read from the top level
//! (Astro, Jekyll, Hugo) or from Zola's `[taxonomies]` table.

use super::fields::{describe, Fields};
use super::plain;
use crate::content::tags::slugify;
use crate::error::Problem;
use gray_matter::Pod;

/// What a post says about its groups.
#[derive(Debug, Default)]
pub(super) struct Terms {
    pub(super) tags: Vec<String>,
    pub(super) categories: Vec<String>,
    pub(super) series: Option<String>,
    pub(super) authors: Vec<String>,
}

/// Reads every group field; a field in the wrong shape is a problem, a second series a warning.
pub(super) fn read(
    fields: &Fields,
    problems: &mut Vec<Problem>,
    warnings: &mut Vec<Problem>,
) -> Terms {
    let taxonomies = fields.table("taxonomies");
    let mut tags = names(fields, taxonomies.as_ref(), &["tags"], problems);
    if tags.is_empty() {
        // Hugo's and Jekyll's `keywords` are the only subject labels some posts carry.
        tags = names(fields, None, &["keywords"], problems);
    }
    let categories = names(
        fields,
        taxonomies.as_ref(),
        &["categories", "category"],
        problems,
    );
    let mut series = names(fields, taxonomies.as_ref(), &["series"], problems).into_iter();
    let first_series = series.next();
    if let Some(second) = series.next() {
        warnings.push(Problem::new(
            "series",
            format!(
                "a post belongs to one series; expected one name, found a list (kept {:?}, left out {second:?} and any after it)",
                first_series.as_deref().unwrap_or_default()
            ),
        ));
    }
    Terms {
        tags,
        categories,
        series: first_series,
        authors: authors(fields, taxonomies.as_ref(), problems),
    }
}

/// The names under the first of `keys` present at the top level, else in `taxonomies`: a list,
/// or one comma-separated string. Each must have a letter or digit, to have a slug.
fn names(
    fields: &Fields,
    taxonomies: Option<&Fields>,
    keys: &[&str],
    problems: &mut Vec<Problem>,
) -> Vec<String> {
    let (key, value) = match (fields.first(keys), taxonomies.and_then(|t| t.first(keys))) {
        (Some((key, value)), _) => (key.to_string(), value),
        (None, Some((key, value))) => (format!("taxonomies.{key}"), value),
        (None, None) => return Vec::new(),
    };
    const EXPECTED: &str = "expected a list of strings or one comma-separated string";
    let noun = match keys[0] {
        "tags" | "keywords" => "a tag name",
        "categories" => "a category name",
        "series" => "a series name",
        _ => "a name",
    };
    let mut found = Vec::new();
    match value {
        Pod::Null => {}
        Pod::String(list) => {
            for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
                push_name(&mut found, name.to_string(), key.clone(), noun, problems);
            }
        }
        Pod::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let field = format!("{key}[{i}]");
                match item {
                    Pod::String(name) => {
                        push_name(&mut found, name.trim().to_string(), field, noun, problems)
                    }
                    Pod::Integer(n) => push_name(&mut found, n.to_string(), field, noun, problems),
                    other => problems.push(Problem::new(
                        field,
                        format!("expected {noun} (a string), found {}", describe(other)),
                    )),
                }
            }
        }
        other => problems.push(Problem::new(
            key,
            format!("{EXPECTED}, found {}", describe(other)),
        )),
    }
    found
}

fn push_name(
    found: &mut Vec<String>,
    name: String,
    field: String,
    noun: &str,
    problems: &mut Vec<Problem>,
) {
    let name = plain(&name);
    if slugify(&name).is_empty() {
        problems.push(Problem::new(
            field,
            format!("expected {noun} with at least one letter or digit, found {name:?}"),
        ));
    } else {
        found.push(name);
    }
}

/// `authors` (a list) or `author` (one), each a name or a map with a `name` (Astro's and
/// Jekyll's `{name, email, url}`); else Zola's `taxonomies.authors`.
fn authors(
    fields: &Fields,
    taxonomies: Option<&Fields>,
    problems: &mut Vec<Problem>,
) -> Vec<String> {
    let Some((key, value)) = fields.first(&["authors", "author"]) else {
        return taxonomies
            .map(|t| names(t, None, &["authors"], problems))
            .unwrap_or_default();
    };
    let mut found = Vec::new();
    let mut one = |field: String, value: &Pod, problems: &mut Vec<Problem>| {
        let name = match value {
            Pod::String(name) => Some(name.as_str()),
            Pod::Hash(person) => {
                match Fields::new(person).first(&["name", "display_name", "title"]) {
                    Some((_, Pod::String(name))) => Some(name.as_str()),
                    _ => {
                        problems.push(Problem::new(
                            field.clone(),
                            "expected a name, or a map with a `name`, found a map without one",
                        ));
                        return;
                    }
                }
            }
            other => {
                problems.push(Problem::new(
                    field.clone(),
                    format!(
                        "expected a name, or a map with a `name`, found {}",
                        describe(other)
                    ),
                ));
                return;
            }
        };
        if let Some(name) = name.map(str::trim).filter(|n| !n.is_empty()) {
            push_name(&mut found, name.to_string(), field, "a name", problems);
        }
    };
    match value {
        Pod::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                one(format!("{key}[{i}]"), item, problems);
            }
        }
        other => one(key.to_string(), other, problems),
    }
    found
}
