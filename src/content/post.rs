//! One post file to one index entry: pure, no I/O.

use super::body::StoredBody;
use super::dates::PubDate;
use super::front_matter::{self, check_slug};
use super::markdown::{self, DESCRIPTION_LENGTH};
use super::permalink::{self, Parts, Permalink};
use super::references::{ImageSizes, PostRef};
use super::sanitize::RawHtml;
use super::tags::slugify;
use crate::error::{Error, Problem};
use crate::model::{Post, PostImage, PostSummary, TagRef, TocEntry};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A loaded post and what the index needs to order it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// Links to other posts in the body, checked once every post is loaded.
    pub post_refs: Vec<PostRef>,
    /// Problems that did not stop the post from loading (reported, the post is served).
    pub warnings: Vec<Problem>,
    /// The file it came from, as shown in messages (`posts/hello.md`).
    pub source: String,
    /// The fields post lists show. Its tag names are the index's canonical spellings.
    pub summary: PostSummary,
    /// The post's tags as its own front matter spells them, from which the index picks the
    /// canonical spelling each time it is built.
    pub written_tags: Vec<TagRef>,
    /// The picture at the top of the post, if any.
    pub image: Option<PostImage>,
    /// The table of contents.
    pub toc: Vec<TocEntry>,
    /// The rendered body and its prose as plain text (code blocks left out: what search indexes
    /// and cuts excerpts from), kept compressed (see [`StoredBody`]).
    pub body: StoredBody,
    /// When it was published, if known; undated posts sort last.
    pub date: Option<PubDate>,
    /// Old addresses that redirect to the post (its `aliases` or `redirect_from`), normalized.
    pub aliases: Vec<String>,
    /// Whether the post is a bundle: its folder's other files are served beside its address.
    pub bundle: bool,
}

impl Entry {
    /// The post's slug.
    pub fn slug(&self) -> &str {
        &self.summary.slug
    }

    /// The rendered body.
    pub fn html(&self) -> String {
        self.body.html()
    }

    /// The body's prose as plain text.
    pub fn text(&self) -> String {
        self.body.text()
    }

    /// The whole post, ready to serve, its body decompressed.
    pub fn post(&self) -> Post {
        Post {
            summary: self.summary.clone(),
            image: self.image.clone(),
            html: self.html(),
            toc: self.toc.clone(),
        }
    }
}

/// Builds an entry from the text of `source`.
///
/// `default_slug` is the file stem, or the folder name of a `<name>/index.md` bundle; the
/// front matter's `slug` overrides it. `site_author` fills in a missing `author`.
pub fn parse_post(
    source: &str,
    default_slug: &str,
    text: &str,
    site_author: &str,
) -> Result<Entry, Error> {
    parse_post_with(
        source,
        default_slug,
        text,
        site_author,
        &|_| None,
        RawHtml::default(),
    )
}

/// Where a post file sits among the posts, and the pattern its address follows.
#[derive(Clone, Copy, Debug)]
pub struct Placement<'a> {
    /// Its folders under the posts folder, `/`-separated, empty at the top; a bundle's own folder
    /// is not among them.
    pub folder: &'a str,
    /// Whether it is a bundle (`<name>/index.md`), served with the files beside it.
    pub bundle: bool,
    /// Whether it sits in a drafts folder (Jekyll's `_drafts/`): a draft whatever it says.
    pub draft: bool,
    /// The site's permalink pattern.
    pub permalink: &'a Permalink,
}

impl Placement<'static> {
    /// A single file at the top of the posts folder, under the default pattern.
    pub fn top() -> Self {
        static DEFAULT: std::sync::OnceLock<Permalink> = std::sync::OnceLock::new();
        Placement {
            folder: "",
            bundle: false,
            draft: false,
            permalink: DEFAULT.get_or_init(Permalink::default),
        }
    }
}

/// [`parse_post`], with Markdown images sized by `sizes`.
pub fn parse_post_with(
    source: &str,
    default_slug: &str,
    text: &str,
    site_author: &str,
    sizes: ImageSizes<'_>,
    raw_html: RawHtml,
) -> Result<Entry, Error> {
    parse_post_placed(
        source,
        default_slug,
        text,
        site_author,
        sizes,
        raw_html,
        &Placement::top(),
    )
}

/// [`parse_post_with`] for a file at `placement`, which decides its address.
pub fn parse_post_placed(
    source: &str,
    default_slug: &str,
    text: &str,
    site_author: &str,
    sizes: ImageSizes<'_>,
    raw_html: RawHtml,
    placement: &Placement<'_>,
) -> Result<Entry, Error> {
    let document = front_matter::parse(text).map_err(|problems| Error::post(source, problems))?;
    let fm = document.front_matter;
    let slug = match fm.slug {
        Some(slug) => slug,
        None => {
            check_slug(default_slug).map_err(|message| {
                Error::post(
                    source,
                    vec![Problem::new(
                        "slug",
                        format!("the file name is not a valid slug ({message}); rename the file or set `slug`"),
                    )],
                )
            })?;
            default_slug.to_string()
        }
    };
    let stem = std::path::Path::new(source)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or(default_slug);
    let date = fm
        .date
        .or_else(|| date_from_file_name(default_slug))
        .or_else(|| date_from_file_name(stem));
    let href = address(source, &fm.address, &slug, date, placement)?;
    let mut warnings = Vec::new();
    let aliases = fm
        .aliases
        .iter()
        .filter_map(|alias| match permalink::normalize(alias) {
            Ok(alias) => Some(alias),
            Err(message) => {
                warnings.push(Problem::new("aliases", message));
                None
            }
        })
        .collect();
    let base = placement.bundle.then_some(href.as_str());
    let rendered = markdown::render_in(&document.body, document.body_line, sizes, raw_html, base);
    warnings.extend(rendered.problems);
    let description = fm.description.unwrap_or_else(|| {
        markdown::truncate_at_word(&rendered.first_paragraph, DESCRIPTION_LENGTH)
    });
    let summary = rendered.summary.unwrap_or_else(|| description.clone());
    let mut tags: Vec<TagRef> = Vec::with_capacity(fm.tags.len());
    // A set, not a scan of `tags`: a post may list thousands of tags.
    let mut seen = std::collections::HashSet::new();
    for name in fm.tags {
        let slug = slugify(&name);
        if seen.insert(slug.clone()) {
            tags.push(TagRef { slug, name });
        }
    }
    Ok(Entry {
        written_tags: tags.clone(),
        post_refs: rendered.post_refs,
        warnings,
        source: source.to_string(),
        date,
        aliases,
        bundle: placement.bundle,
        summary: PostSummary {
            href,
            slug,
            title: fm.title,
            date: date.map(|d| d.to_post_date()),
            description,
            summary,
            reading_minutes: rendered.reading_minutes,
            author: fm.author.unwrap_or_else(|| site_author.to_string()),
            tags,
            draft: fm.draft || placement.draft,
            scheduled: false,
        },
        image: fm.image.map(|image| PostImage {
            size: sizes(&image.url),
            ..image
        }),
        body: StoredBody::new(&rendered.text, &rendered.html),
        toc: rendered.toc,
    })
}

/// The post's address: its own (`path`, `url` or `permalink`) when it has one, else the site's
/// pattern filled in.
fn address(
    source: &str,
    own: &Option<String>,
    slug: &str,
    date: Option<PubDate>,
    placement: &Placement<'_>,
) -> Result<String, Error> {
    let refuse = |message: String| Error::post(source, vec![Problem::new("address", message)]);
    match own {
        Some(own) => permalink::normalize(own)
            .map_err(|message| refuse(format!("the post's path, url or permalink: {message}"))),
        None => placement
            .permalink
            .address(&Parts {
                slug,
                date: date.map(|d| d.day()),
                folder: placement.folder,
            })
            .ok_or_else(|| {
                refuse(format!(
                    "the pattern {:?} gives no address for this post",
                    placement.permalink.as_str()
                ))
            }),
    }
}

/// Jekyll names posts `2026-02-13-title.md`; such a name dates a post that has no date field.
fn date_from_file_name(stem: &str) -> Option<PubDate> {
    let prefix = stem.get(..10)?;
    if stem.len() > 10 && !stem[10..].starts_with('-') {
        return None;
    }
    NaiveDate::parse_from_str(prefix, "%Y-%m-%d")
        .ok()
        .map(PubDate::Day)
        .filter(PubDate::is_writable)
}

#[cfg(test)]
mod tests {
    use super::*;

    const POST: &str =
        "---\ntitle: Hello\npubDate: 2026-02-13\ntags: [Rust, ' rust ', Web Dev]\n---\n\
        # Hello\n\nThe first paragraph, which becomes the description.\n\nMore.\n";

    #[test]
    fn a_valid_post_becomes_an_entry_with_rendered_html() {
        let entry = parse_post("posts/hello.md", "hello", POST, "Ada").expect("valid post");
        let s = &entry.summary;
        assert_eq!(s.slug, "hello");
        assert_eq!(s.title, "Hello");
        assert_eq!(s.author, "Ada");
        assert_eq!(s.date.as_ref().map(|d| d.iso.as_str()), Some("2026-02-13"));
        assert!(entry.html().contains("<h1 id=\"hello\">Hello <a"));
        assert!(!s.draft);
    }

    #[test]
    fn description_falls_back_to_the_first_paragraph() {
        let entry = parse_post("posts/hello.md", "hello", POST, "Ada").expect("valid post");
        assert_eq!(
            entry.summary.description,
            "The first paragraph, which becomes the description."
        );
    }

    #[test]
    fn the_summary_is_the_text_before_the_more_marker_or_the_description() {
        let entry = parse_post("posts/hello.md", "hello", POST, "Ada").expect("valid post");
        let s = &entry.summary;
        assert_eq!(s.summary, s.description);

        let text = "---\ntitle: T\ndescription: For search engines.\n---\n\
                    Teaser *text*.\n\n<!-- more -->\n\nThe rest.\n";
        let entry = parse_post("posts/t.md", "t", text, "Ada").expect("valid post");
        assert_eq!(entry.summary.summary, "Teaser text.");
        assert_eq!(entry.summary.description, "For search engines.");
    }

    #[test]
    fn posts_carry_their_reading_time_and_contents() {
        let words = "word ".repeat(450);
        let text = format!("---\ntitle: T\n---\n## A\n\n{words}\n\n## B\n\n## C\n");
        let entry = parse_post("posts/t.md", "t", &text, "Ada").expect("valid post");
        assert_eq!(entry.summary.reading_minutes, 3);
        assert_eq!(entry.toc.len(), 3);
    }

    #[test]
    fn tags_that_fold_to_the_same_slug_appear_once_with_the_first_spelling() {
        let entry = parse_post("posts/hello.md", "hello", POST, "Ada").expect("valid post");
        let tags: Vec<(&str, &str)> = entry
            .summary
            .tags
            .iter()
            .map(|t| (t.slug.as_str(), t.name.as_str()))
            .collect();
        assert_eq!(tags, [("rust", "Rust"), ("web-dev", "Web Dev")]);
    }

    #[test]
    fn front_matter_slug_overrides_the_file_name() {
        let text = "---\ntitle: T\nslug: custom\n---\n";
        let entry = parse_post("posts/My File.md", "My File", text, "Ada").expect("valid post");
        assert_eq!(entry.slug(), "custom");
    }

    #[test]
    fn a_file_name_that_is_not_a_slug_is_reported() {
        let error = parse_post("posts/My File.md", "My File", "---\ntitle: T\n---\n", "Ada")
            .expect_err("invalid slug");
        assert!(
            error.to_string().starts_with("posts/My File.md: slug:"),
            "{error}"
        );
    }

    #[test]
    fn errors_name_the_file() {
        let error =
            parse_post("posts/bad.md", "bad", "---\ntitle: ''\n---\n", "Ada").expect_err("bad");
        assert!(
            error.to_string().starts_with("posts/bad.md: title:"),
            "{error}"
        );
    }

    #[test]
    fn a_jekyll_file_name_dates_an_undated_post() {
        let entry = parse_post(
            "posts/2025-01-02-hi.md",
            "2025-01-02-hi",
            "---\ntitle: T\n---\n",
            "A",
        )
        .expect("valid post");
        assert_eq!(entry.summary.date.map(|d| d.iso), Some("2025-01-02".into()));
        let entry =
            parse_post("posts/hi.md", "hi", "---\ntitle: T\n---\n", "A").expect("valid post");
        assert_eq!(entry.date, None);
        let entry = parse_post(
            "posts/-999-01-01-x.md",
            "-999-01-01-x",
            "---\ntitle: T\n---\n",
            "A",
        )
        .expect("valid post");
        assert_eq!(entry.date, None, "a year no feed can write");
    }
}
