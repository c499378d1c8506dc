//! A post's pictures: the one shown at its top, and the one link previews show.
//!
//! - `image: {url, alt}` (Quire, Astro's tutorial) is shown; its alt text is required.
//! - `heroImage` (Astro's blog template) and `cover` (Hugo themes: a path, or `{image, alt}`)
//!   are shown, with empty alt text when none is given, as those templates render them.
//! - `image: path` (jekyll-seo-tag) and `images: [paths]` (Hugo) are for link previews only.

use super::fields::{describe, Fields};
use super::plain;
use crate::error::Problem;
use crate::model::PostImage;
use gray_matter::Pod;

/// The pictures a post names.
#[derive(Debug, Default)]
pub(super) struct Images {
    pub(super) shown: Option<PostImage>,
    pub(super) social: Option<String>,
}

pub(super) fn read(fields: &Fields, problems: &mut Vec<Problem>) -> Images {
    let mut images = Images::default();
    match fields.get("image") {
        None => {}
        Some((_, Pod::String(url))) if !url.trim().is_empty() => {
            images.social = Some(plain(url.trim()));
        }
        Some((key, Pod::Hash(map))) => images.shown = described(key, &Fields::new(map), problems),
        Some((key, other)) => problems.push(Problem::new(
            key,
            format!(
                "expected a map with `url` and `alt` (alt text is required), or the path of a \
                 picture for link previews, found {}",
                describe(other)
            ),
        )),
    }
    if images.shown.is_none() {
        images.shown = hero(fields, problems).or_else(|| cover(fields, problems));
    }
    if images.social.is_none() {
        images.social = previews(fields, problems);
    }
    images
}

/// `image: {url, alt}`: both required (`path` or `src` may stand for `url`).
fn described(key: &str, map: &Fields, problems: &mut Vec<Problem>) -> Option<PostImage> {
    let mut text = |names: &[&str]| match map.first(names) {
        Some((_, Pod::String(s))) if !s.trim().is_empty() => Some(plain(s.trim())),
        None => {
            problems.push(Problem::new(
                format!("{key}.{}", names[0]),
                "missing; expected a non-empty string",
            ));
            None
        }
        Some((name, other)) => {
            problems.push(Problem::new(
                format!("{key}.{name}"),
                format!("expected a non-empty string, found {}", describe(other)),
            ));
            None
        }
    };
    let url = text(&["url", "path", "src"]);
    let alt = text(&["alt"]);
    Some(PostImage {
        url: url?,
        alt: alt?,
        size: None,
        srcset: None,
    })
}

/// Astro's `heroImage` (a path), with `heroImageAlt` or `heroAlt` when given.
fn hero(fields: &Fields, problems: &mut Vec<Problem>) -> Option<PostImage> {
    let url = path(fields, &["heroImage"], problems)?;
    let alt = path(fields, &["heroImageAlt", "heroAlt"], problems).unwrap_or_default();
    Some(PostImage {
        url,
        alt,
        size: None,
        srcset: None,
    })
}

/// Hugo themes' `cover`: a path, or `{image, alt}`.
fn cover(fields: &Fields, problems: &mut Vec<Problem>) -> Option<PostImage> {
    match fields.get("cover")? {
        (_, Pod::String(url)) if !url.trim().is_empty() => Some(PostImage {
            url: plain(url.trim()),
            alt: String::new(),
            size: None,
            srcset: None,
        }),
        (_, Pod::Hash(map)) => {
            let map = Fields::new(map);
            let url = path(&map, &["image", "url", "src"], problems)?;
            let alt = path(&map, &["alt"], problems).unwrap_or_default();
            Some(PostImage {
                url,
                alt,
                size: None,
                srcset: None,
            })
        }
        (key, other) => {
            problems.push(Problem::new(
                key,
                format!(
                    "expected the path of a picture, or a map with `image` and `alt`, found {}",
                    describe(other)
                ),
            ));
            None
        }
    }
}

/// Hugo's `images`: the first is the link-preview picture.
fn previews(fields: &Fields, problems: &mut Vec<Problem>) -> Option<String> {
    match fields.get("images")? {
        (_, Pod::String(url)) if !url.trim().is_empty() => Some(plain(url.trim())),
        (key, Pod::Array(items)) => match items.first()? {
            Pod::String(url) if !url.trim().is_empty() => Some(plain(url.trim())),
            other => {
                problems.push(Problem::new(
                    format!("{key}[0]"),
                    format!("expected the path of a picture, found {}", describe(other)),
                ));
                None
            }
        },
        (key, other) => {
            problems.push(Problem::new(
                key,
                format!(
                    "expected a list of picture paths, found {}",
                    describe(other)
                ),
            ));
            None
        }
    }
}

/// The first of `keys` as a non-empty string.
fn path(fields: &Fields, keys: &[&str], problems: &mut Vec<Problem>) -> Option<String> {
    match fields.first(keys)? {
        (_, Pod::String(s)) if s.trim().is_empty() => None,
        (_, Pod::String(s)) => Some(plain(s.trim())),
        (key, other) => {
            problems.push(Problem::new(
                key,
                format!("expected a string, found {}", describe(other)),
            ));
            None
        }
    }
}
