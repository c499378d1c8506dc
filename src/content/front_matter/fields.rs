//! Every front-matter field checked against what Quire expects, all problems of a file at once.
//!
//! Keys are matched without regard to case, as Hugo does (`publishDate`, `publishdate`), and each
//! of Quire's fields is read from the names the four engines give it (see `docs/migrating.md`);
//! messages name the key as the file spells it.

use super::{images, plain, terms, FrontMatter};
use crate::content::dates::{self, PubDate};
use crate::error::Problem;
use gray_matter::Pod;
use std::collections::HashMap;

/// The front matter's keys, found without regard to case.
pub(super) struct Fields<'a> {
    by_key: HashMap<String, (&'a str, &'a Pod)>,
}

impl<'a> Fields<'a> {
    /// The keys of `map` (a front-matter block or a table inside it). When two keys differ only
    /// in case, the one that sorts first counts, so the choice never depends on the parser.
    pub(super) fn new(map: &'a HashMap<String, Pod>) -> Self {
        let mut by_key: HashMap<String, (&'a str, &'a Pod)> = HashMap::with_capacity(map.len());
        for (key, value) in map {
            let folded = key.to_lowercase();
            match by_key.get(&folded) {
                Some((kept, _)) if *kept <= key.as_str() => {}
                _ => {
                    by_key.insert(folded, (key.as_str(), value));
                }
            }
        }
        Fields { by_key }
    }

    /// The value of `key` as the file spells it, unless absent or null.
    pub(super) fn get(&self, key: &str) -> Option<(&'a str, &'a Pod)> {
        match self.by_key.get(&key.to_lowercase()) {
            None | Some((_, Pod::Null)) => None,
            Some(&(name, value)) => Some((name, value)),
        }
    }

    /// The first of `keys` present.
    pub(super) fn first(&self, keys: &[&str]) -> Option<(&'a str, &'a Pod)> {
        keys.iter().find_map(|key| self.get(key))
    }

    /// The table at `key` (such as Zola's `[taxonomies]`), if it is one.
    pub(super) fn table(&self, key: &str) -> Option<Fields<'a>> {
        match self.get(key) {
            Some((_, Pod::Hash(table))) => Some(Fields::new(table)),
            _ => None,
        }
    }
}

/// The names each date is read from, in order of preference.
const DATE_KEYS: &[&str] = &["pubDate", "date", "publishDate", "published_at"];
const UPDATED_KEYS: &[&str] = &[
    "updatedDate",
    "updated",
    "lastmod",
    "last_modified_at",
    "modified",
    "dateModified",
];
const EXPIRY_KEYS: &[&str] = &["expiryDate", "expires", "unpublishDate"];

pub(super) fn check_fields(map: &HashMap<String, Pod>) -> Result<FrontMatter, Vec<Problem>> {
    let fields = Fields::new(map);
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    let title = title_field(&fields, &mut problems);
    let date = date_field(&fields, DATE_KEYS, &mut problems);
    let updated = date_field(&fields, UPDATED_KEYS, &mut problems);
    let expires = date_field(&fields, EXPIRY_KEYS, &mut problems);
    let description = optional_string(&fields, &["description"], &mut problems).map(|s| plain(&s));
    let summary =
        optional_string(&fields, &["summary", "excerpt"], &mut problems).map(|s| plain(&s));
    let excerpt_separator = match fields.get("excerpt_separator") {
        Some((_, Pod::String(s))) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Some((key, other)) if !matches!(other, Pod::String(_)) => {
            problems.push(Problem::new(
                key,
                format!("expected a string, found {}", describe(other)),
            ));
            None
        }
        _ => None,
    };
    let terms = terms::read(&fields, &mut problems, &mut warnings);
    let images = images::read(&fields, &mut problems);
    let draft = draft_field(&fields, &mut problems);
    let slug =
        optional_string(&fields, &["slug"], &mut problems).and_then(|slug| {
            match check_slug(&slug) {
                Ok(()) => Some(slug),
                Err(message) => {
                    problems.push(Problem::new("slug", message));
                    None
                }
            }
        });
    let address = optional_string(&fields, &["path", "url", "permalink"], &mut problems);
    let aliases = string_list(&fields, &["aliases", "redirect_from"], &mut problems);
    let (pinned, weight) = order_fields(&fields, &mut problems);
    match title {
        Some(title) if problems.is_empty() => Ok(FrontMatter {
            title,
            date,
            updated,
            expires,
            description,
            summary,
            excerpt_separator,
            authors: terms.authors,
            tags: terms.tags,
            categories: terms.categories,
            series: terms.series,
            image: images.shown,
            social_image: images.social,
            draft,
            slug,
            address,
            aliases,
            pinned,
            weight,
            warnings,
        }),
        _ => Err(problems),
    }
}

fn title_field(fields: &Fields, problems: &mut Vec<Problem>) -> Option<String> {
    match fields.get("title") {
        Some((_, Pod::String(s))) if !s.trim().is_empty() => Some(plain(s.trim())),
        Some((key, Pod::String(_))) => {
            problems.push(Problem::new(
                key,
                "expected a non-empty string, found an empty one",
            ));
            None
        }
        None => {
            problems.push(Problem::new(
                "title",
                "missing; expected a non-empty string",
            ));
            None
        }
        Some((key, other)) => {
            problems.push(Problem::new(
                key,
                format!("expected a non-empty string, found {}", describe(other)),
            ));
            None
        }
    }
}

/// `draft: true`, or Jekyll's `published: false`.
fn draft_field(fields: &Fields, problems: &mut Vec<Problem>) -> bool {
    let mut flag = |key: &str| match fields.get(key) {
        None => None,
        Some((_, Pod::Boolean(b))) => Some(*b),
        Some((name, other)) => {
            problems.push(Problem::new(
                name,
                format!("expected true or false, found {}", describe(other)),
            ));
            None
        }
    };
    let draft = flag("draft") == Some(true);
    let unpublished = flag("published") == Some(false);
    draft || unpublished
}

/// `pinned` (or `sticky`) and `weight`: a post with either is listed before the others, pinned
/// posts by weight (lowest first).
fn order_fields(fields: &Fields, problems: &mut Vec<Problem>) -> (bool, Option<i64>) {
    let pinned = match fields.first(&["pinned", "sticky"]) {
        None => false,
        Some((_, Pod::Boolean(b))) => *b,
        Some((key, other)) => {
            problems.push(Problem::new(
                key,
                format!("expected true or false, found {}", describe(other)),
            ));
            false
        }
    };
    let weight = match fields.get("weight") {
        None => None,
        Some((_, Pod::Integer(n))) => Some(*n),
        Some((key, other)) => {
            problems.push(Problem::new(
                key,
                format!("expected a whole number, found {}", describe(other)),
            ));
            None
        }
    };
    // Hugo leaves pages of weight 0 unweighted.
    let weight = weight.filter(|&w| w != 0);
    (pinned || weight.is_some(), weight)
}

/// The first of `keys` present, as a list of non-empty strings (one string is a list of one).
pub(super) fn string_list(
    fields: &Fields,
    keys: &[&str],
    problems: &mut Vec<Problem>,
) -> Vec<String> {
    let Some((key, value)) = fields.first(keys) else {
        return Vec::new();
    };
    match value {
        Pod::String(s) if s.trim().is_empty() => Vec::new(),
        Pod::String(s) => vec![plain(s.trim())],
        Pod::Array(items) => items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| match item {
                Pod::String(s) if !s.trim().is_empty() => Some(plain(s.trim())),
                other => {
                    problems.push(Problem::new(
                        format!("{key}[{i}]"),
                        format!("expected a non-empty string, found {}", describe(other)),
                    ));
                    None
                }
            })
            .collect(),
        other => {
            problems.push(Problem::new(
                key,
                format!("expected a list of strings, found {}", describe(other)),
            ));
            Vec::new()
        }
    }
}

/// The first of `keys` present, as a date.
pub(super) fn date_field(
    fields: &Fields,
    keys: &[&str],
    problems: &mut Vec<Problem>,
) -> Option<PubDate> {
    let (key, value) = fields.first(keys)?;
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

/// The first of `keys` present, as a trimmed string; an empty one counts as absent.
pub(super) fn optional_string(
    fields: &Fields,
    keys: &[&str],
    problems: &mut Vec<Problem>,
) -> Option<String> {
    match fields.first(keys)? {
        (_, Pod::String(s)) if s.trim().is_empty() => None,
        (_, Pod::String(s)) => Some(s.trim().to_string()),
        (key, other) => {
            problems.push(Problem::new(
                key,
                format!("expected a string, found {}", describe(other)),
            ));
            None
        }
    }
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
pub(super) fn describe(value: &Pod) -> String {
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
