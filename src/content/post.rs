//! One post file to one index entry: pure, no I/O.

use super::body::StoredBody;
use super::dates::PubDate;
use super::front_matter::{self, check_slug};
use super::markdown::{self, DESCRIPTION_LENGTH};
use super::permalink::{self, Parts, Permalink};
use super::references::{self, ImageSizes, PostRef};
use super::sanitize::RawHtml;
use super::summary;
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
    /// When it was last changed, if it says.
    pub updated: Option<PubDate>,
    /// When it leaves the listings, if it says.
    pub expires: Option<PubDate>,
    /// Its authors (the site author when it names none).
    pub authors: Vec<TagRef>,
    /// Its categories, as its front matter spells them.
    pub categories: Vec<TagRef>,
    /// Its series, as its front matter spells it.
    pub series: Option<TagRef>,
    /// Orders pinned posts (lowest first); see [`PostSummary::pinned`].
    pub weight: Option<i64>,
    /// The picture link previews show when none is shown at the top.
    pub social_image: Option<String>,
    /// Its folders under the posts folder, `/`-separated (empty at the top): which section
    /// pages list it.
    pub folder: String,
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

    /// The whole post, ready to serve, its body decompressed; its series is filled in by the
    /// index, which knows the other parts.
    pub fn post(&self) -> Post {
        Post {
            summary: self.summary.clone(),
            image: self.image.clone(),
            html: self.html(),
            toc: self.toc.clone(),
            updated: self.updated.map(|d| d.to_post_date()),
            social_image: self.social_image.clone(),
            authors: self.authors.clone(),
            categories: self.categories.clone(),
            series: None,
            card: None,
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
        .or_else(|| date_from_file_name(stem))
        .or_else(|| fm.address.as_deref().and_then(date_from_address));
    let href = address(source, &fm.address, &slug, date, placement)?;
    let mut warnings = fm.warnings;
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
    let separated = fm
        .excerpt_separator
        .as_deref()
        .and_then(|separator| summary::text_before(&document.body, separator));
    let summary = fm
        .summary
        .or(separated)
        .or(rendered.summary)
        .unwrap_or_else(|| description.clone());
    let tags = refs(fm.tags);
    let mut authors = refs(fm.authors);
    if authors.is_empty() && !slugify(site_author).is_empty() {
        authors = refs(vec![site_author.to_string()]);
    }
    let author = match authors.as_slice() {
        [] => site_author.to_string(),
        [one] => one.name.clone(),
        [rest @ .., last] => format!(
            "{} and {}",
            rest.iter()
                .map(|a| a.name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            last.name
        ),
    };
    // Pictures named in the front matter of a bundle may sit beside it, as its body's may.
    let resolve = |url: String| references::beside(base, &url).unwrap_or(url);
    let image = fm.image.map(|image| {
        // Sized as written: a bundle's own picture is found beside it.
        let found = sizes(&image.url);
        PostImage {
            size: found.as_ref().map(|found| (found.width, found.height)),
            srcset: found.as_ref().and_then(super::images::ImageInfo::srcset),
            url: resolve(image.url),
            alt: image.alt,
        }
    });
    let social_image = fm.social_image.map(resolve);
    Ok(Entry {
        written_tags: tags.clone(),
        post_refs: rendered.post_refs,
        warnings,
        source: source.to_string(),
        date,
        aliases,
        bundle: placement.bundle,
        updated: fm.updated,
        expires: fm.expires,
        categories: refs(fm.categories),
        series: fm.series.map(|name| TagRef {
            slug: slugify(&name),
            name,
        }),
        authors,
        weight: fm.weight,
        social_image,
        folder: placement.folder.to_string(),
        summary: PostSummary {
            href,
            slug,
            title: fm.title,
            date: date.map(|d| d.to_post_date()),
            description,
            summary,
            reading_minutes: rendered.reading_minutes,
            author,
            tags,
            draft: fm.draft || placement.draft,
            scheduled: false,
            expired: false,
            pinned: fm.pinned,
        },
        image,
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

/// Names with their slugs, each slug once (the first spelling kept).
fn refs(names: Vec<String>) -> Vec<TagRef> {
    let mut found: Vec<TagRef> = Vec::with_capacity(names.len());
    // A set, not a scan of `found`: a post may list thousands of tags.
    let mut seen = std::collections::HashSet::new();
    for name in names {
        let slug = slugify(&name);
        if seen.insert(slug.clone()) {
            found.push(TagRef { slug, name });
        }
    }
    found
}

/// A date written into a post's own address (Zola's `path = "2025/06/26/title"`): the first
/// three segments in a row that read as a year, a month and a day.
fn date_from_address(address: &str) -> Option<PubDate> {
    let segments: Vec<&str> = address.split('/').filter(|s| !s.is_empty()).collect();
    segments.windows(3).find_map(|w| {
        let all_digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        if !(all_digits(w[0], 4) && all_digits(w[1], 2) && all_digits(w[2], 2)) {
            return None;
        }
        NaiveDate::parse_from_str(&format!("{}-{}-{}", w[0], w[1], w[2]), "%Y-%m-%d")
            .ok()
            .map(PubDate::Day)
            .filter(PubDate::is_writable)
    })
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

    #[test]
    fn a_date_in_the_post_s_own_address_dates_an_undated_post() {
        let text = "+++\ntitle = \"T\"\npath = \"2025/06/26/Rust-1.88.0\"\n+++\n";
        let entry = parse_post("posts/r.md", "r", text, "A").expect("valid post");
        assert_eq!(entry.summary.date.map(|d| d.iso), Some("2025-06-26".into()));
        let text = "+++\ntitle = \"T\"\npath = \"2025/13/26/x\"\n+++\n";
        let entry = parse_post("posts/r.md", "r", text, "A").expect("valid post");
        assert_eq!(entry.date, None, "month 13 is no date");
    }

    #[test]
    fn the_excerpt_separator_or_summary_field_gives_the_card_s_text() {
        let text = "---\ntitle: T\nexcerpt_separator: <!--cut-->\n---\nFirst *part*.\n\n<!--cut-->\n\nRest.\n";
        let entry = parse_post("posts/t.md", "t", text, "A").expect("valid post");
        assert_eq!(entry.summary.summary, "First part.");
        let text = "---\ntitle: T\nexcerpt: Hand-written.\n---\nBody.\n\n<!-- more -->\n";
        let entry = parse_post("posts/t.md", "t", text, "A").expect("valid post");
        assert_eq!(entry.summary.summary, "Hand-written.");
    }

    #[test]
    fn a_bundle_s_cover_and_preview_images_sit_beside_its_address() {
        static PATTERN: std::sync::OnceLock<Permalink> = std::sync::OnceLock::new();
        let placement = Placement {
            folder: "",
            bundle: true,
            draft: false,
            permalink: PATTERN.get_or_init(Permalink::default),
        };
        let text = "---\ntitle: T\ncover: ./cover.jpg\nimages: [card.png]\n---\nBody.\n";
        let entry = parse_post_placed(
            "posts/trip/index.md",
            "trip",
            text,
            "A",
            &|_| None,
            RawHtml::default(),
            &placement,
        )
        .expect("valid post");
        assert_eq!(
            entry.image.map(|i| i.url),
            Some("/posts/trip/cover.jpg".into())
        );
        assert_eq!(entry.social_image.as_deref(), Some("/posts/trip/card.png"));
    }

    #[test]
    fn a_cover_image_with_copies_gets_their_srcset_and_its_size() {
        use crate::content::images::{ImageInfo, Variant};
        let copies = ImageInfo {
            width: 1200,
            height: 800,
            variants: vec![Variant {
                name: "0123456789abcdef0123-480.webp".into(),
                width: 480,
                height: 320,
            }],
        };
        let text = "---\ntitle: T\nimage: {url: /images/c.jpg, alt: A cover}\n---\nBody.\n";
        let sizes = |url: &str| (url == "/images/c.jpg").then(|| copies.clone());
        let placement = Placement {
            folder: "",
            bundle: false,
            draft: false,
            permalink: &Permalink::default(),
        };
        let entry = parse_post_placed(
            "posts/c.md",
            "c",
            text,
            "A",
            &sizes,
            RawHtml::default(),
            &placement,
        )
        .expect("valid post");
        let image = entry.image.expect("a cover");
        assert_eq!(image.size, Some((1200, 800)));
        assert_eq!(
            image.srcset.as_deref(),
            Some("/_img/0123456789abcdef0123-480.webp 480w")
        );
    }
}
