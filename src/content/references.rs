//! Links and images in a post body: links to other posts' files become their URLs (and are
//! checked against the index later), and images get their size, their resized copies
//! ([`crate::content::images`]), lazy loading after the first, and required alt text.

use crate::content::images::ImageInfo;
use crate::error::Problem;
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use pulldown_cmark_escape::{escape_href, escape_html};
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// A link from a post to another post, found while rendering.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostRef {
    /// The slug linked to.
    pub slug: String,
    /// The line of the link in the post file (1-based).
    pub line: usize,
}

/// Looks up an image by its URL as written: its pixel size and resized copies; `None` when unknown.
pub type ImageSizes<'s> = &'s dyn Fn(&str) -> Option<ImageInfo>;

/// The events with links and images resolved, and what was found.
pub struct Resolved<'a> {
    /// The rewritten events.
    pub events: Vec<Event<'a>>,
    /// Links to other posts, to check once every post is loaded.
    pub post_refs: Vec<PostRef>,
    /// Problems that do not stop the post from loading (an image without alt text).
    pub problems: Vec<Problem>,
}

/// Resolves links and images. `ranges` are the byte ranges of `events` in `markdown`, whose first
/// line is line `first_line` of the file.
///
/// In a bundle (a post in its own folder, served with the files beside it), `base` is the post's
/// address: a relative image or link such as `picture.png` or `./data/table.csv` then points to
/// `<base>/picture.png`, where the file is served. Image sizes are looked up by the URL as written.
pub fn resolve<'a>(
    events: Vec<(Event<'a>, Range<usize>)>,
    markdown: &str,
    first_line: usize,
    sizes: ImageSizes<'_>,
    base: Option<&str>,
) -> Resolved<'a> {
    let line_of = |offset: usize| {
        first_line
            + markdown
                .get(..offset)
                .map_or(0, |head| head.matches('\n').count())
    };
    let mut out = Vec::with_capacity(events.len());
    let mut post_refs = Vec::new();
    let mut problems = Vec::new();
    let mut image: Option<(String, String, String, usize)> = None; // url, title, alt, line
                                                                   // The first picture is likely above the fold: loading it lazily would delay the page's
                                                                   // largest paint, so it loads at once and first.
    let mut first_image = true;
    for (event, range) in events {
        if let Some((_, _, alt, _)) = image.as_mut() {
            match event {
                Event::Text(text) | Event::Code(text) => alt.push_str(&text),
                Event::End(TagEnd::Image) => {
                    if let Some((written, title, alt, line)) = image.take() {
                        let url = beside(base, &written).unwrap_or_else(|| written.clone());
                        if alt.trim().is_empty() {
                            problems.push(Problem::new(
                                format!("line {line}"),
                                format!("image {url:?} has no alt text; expected ![what it shows]({url})"),
                            ));
                        }
                        let info = sizes(&written);
                        out.push(Event::InlineHtml(CowStr::from(img_html(&Img {
                            src: &url,
                            alt: &alt,
                            title: &title,
                            image: info.as_ref(),
                            eager: std::mem::take(&mut first_image),
                        }))));
                    }
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                image = Some((
                    dest_url.to_string(),
                    title.to_string(),
                    String::new(),
                    line_of(range.start),
                ));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = match post_link(&dest_url) {
                    Some((slug, href)) => {
                        post_refs.push(PostRef {
                            slug,
                            line: line_of(range.start),
                        });
                        CowStr::from(href)
                    }
                    None => match beside(base, &dest_url) {
                        Some(url) => CowStr::from(url),
                        None => dest_url,
                    },
                };
                out.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            other => out.push(other),
        }
    }
    Resolved {
        events: out,
        post_refs,
        problems,
    }
}

/// The slug a link points to and the URL to use, if it points to a post: `/posts/<slug>`, or a
/// relative path to a post file (`./other.md`, `../bundle/index.md`). Fragments are kept.
pub fn post_link(dest: &str) -> Option<(String, String)> {
    let (path, fragment) = match dest.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (dest, None),
    };
    let with_fragment = |slug: &str| match fragment {
        Some(fragment) => format!("{}#{fragment}", crate::urls::post_href(slug)),
        None => crate::urls::post_href(slug),
    };
    if let Some(slug) = path.strip_prefix("/posts/") {
        let slug = slug.trim_end_matches('/');
        return (!slug.is_empty() && !slug.contains('/'))
            .then(|| (slug.to_string(), dest.to_string()));
    }
    let is_relative = !path.contains(':') && !path.starts_with('/') && !path.is_empty();
    if !is_relative || !path.ends_with(".md") {
        return None;
    }
    let mut parts = path.rsplit('/');
    let file = parts.next()?;
    let slug = if file == "index.md" {
        parts
            .next()
            .filter(|dir| !matches!(*dir, "" | "." | ".."))?
    } else {
        file.strip_suffix(".md")?
    };
    Some((slug.to_string(), with_fragment(slug)))
}

/// Whether `url` is written relative to the post's folder (`picture.png`, `./files/a.pdf`), not
/// to the site or another page: no scheme, no leading `/`, no `..`, not only a fragment or query.
pub fn is_beside(url: &str) -> bool {
    let path = url.split(['#', '?']).next().unwrap_or("");
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains(':')
        && !path.split('/').any(|part| part == "..")
}

/// The address of the bundle file `url` is, when `base` is a bundle's address and `url` is
/// relative to it.
pub fn beside(base: Option<&str>, url: &str) -> Option<String> {
    let base = base?;
    if !is_beside(url) {
        return None;
    }
    let mut path = url;
    while let Some(rest) = path.strip_prefix("./") {
        path = rest;
    }
    Some(format!("{base}/{path}"))
}

/// One `<img>` to write with [`img_html`].
#[derive(Clone, Copy, Debug)]
pub struct Img<'a> {
    /// The address of the picture as it is (kept as `src`, for browsers without `srcset`).
    pub src: &'a str,
    /// Its alt text.
    pub alt: &'a str,
    /// Its title, or empty.
    pub title: &'a str,
    /// Its size and copies, when known ([`ImageSizes`]).
    pub image: Option<&'a ImageInfo>,
    /// Whether it loads at once and first (`fetchpriority="high"`): the first picture of a page.
    /// Every other picture loads lazily.
    pub eager: bool,
}

/// The width a post's picture takes at most ([`crate::model::IMAGE_SIZES`]).
pub const SIZES: &str = crate::model::IMAGE_SIZES;

/// The `<img>` element of `img`: `src`, `srcset` and `sizes` when it has copies, `alt`, `title`,
/// `width` and `height` (its own, so the page does not shift as it loads), and its loading.
pub fn img_html(img: &Img<'_>) -> String {
    let mut html = String::from("<img src=\"");
    let _ = escape_href(&mut html, img.src);
    html.push('"');
    if let Some(srcset) = img.image.and_then(ImageInfo::srcset) {
        html.push_str(" srcset=\"");
        // Not `escape_href`: it would encode the spaces between a candidate and its width.
        let _ = escape_html(&mut html, &srcset);
        html.push_str("\" sizes=\"");
        html.push_str(SIZES);
        html.push('"');
    }
    html.push_str(" alt=\"");
    let _ = escape_html(&mut html, img.alt.trim());
    html.push('"');
    if !img.title.is_empty() {
        html.push_str(" title=\"");
        let _ = escape_html(&mut html, img.title);
        html.push('"');
    }
    if let Some(image) = img.image {
        html.push_str(&format!(
            " width=\"{}\" height=\"{}\"",
            image.width, image.height
        ));
    }
    if img.eager {
        html.push_str(" fetchpriority=\"high\" decoding=\"async\">");
    } else {
        html.push_str(" loading=\"lazy\" decoding=\"async\">");
    }
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{html, Parser};

    fn render(markdown: &str, sizes: ImageSizes<'_>) -> (String, Resolved<'static>) {
        let markdown: &'static str = Box::leak(markdown.to_string().into_boxed_str());
        let events = Parser::new_ext(markdown, crate::content::markdown::options())
            .into_offset_iter()
            .collect();
        let resolved = resolve(events, markdown, 10, sizes, None);
        let mut out = String::new();
        html::push_html(&mut out, resolved.events.clone().into_iter());
        (out, resolved)
    }

    #[test]
    fn links_to_post_files_become_post_urls_and_are_recorded_with_their_line() {
        let (html, resolved) = render(
            "See [this](./other.md#part).\n\nAnd [that](../bundle/index.md), [web](https://x.org/a.md), [abs](/posts/third).\n",
            &|_| None,
        );
        assert!(
            html.contains("<a href=\"/posts/other#part\">this</a>"),
            "{html}"
        );
        assert!(
            html.contains("<a href=\"/posts/bundle\">that</a>"),
            "{html}"
        );
        assert!(
            html.contains("<a href=\"https://x.org/a.md\">web</a>"),
            "{html}"
        );
        assert!(html.contains("<a href=\"/posts/third\">abs</a>"), "{html}");
        let refs: Vec<(&str, usize)> = resolved
            .post_refs
            .iter()
            .map(|r| (r.slug.as_str(), r.line))
            .collect();
        assert_eq!(refs, [("other", 10), ("bundle", 12), ("third", 12)]);
    }

    #[test]
    fn other_links_are_left_alone() {
        for dest in [
            "https://example.com",
            "mailto:a@b.c",
            "#section",
            "/tags/rust",
            "notes.txt",
            "/posts/",
        ] {
            assert_eq!(post_link(dest), None, "{dest}");
        }
    }

    #[test]
    fn images_load_lazily_after_the_first_with_their_size_when_known() {
        let sizes = |url: &str| (url == "/images/a.png").then(|| ImageInfo::sized(640, 480));
        let (html, resolved) = render(
            "![A cat](/images/a.png \"Cat\") ![A \"big\" & dog](/images/b.png) ![Cat again](/images/a.png)\n",
            &sizes,
        );
        assert!(html.contains(
            "<img src=\"/images/a.png\" alt=\"A cat\" title=\"Cat\" width=\"640\" height=\"480\" fetchpriority=\"high\" decoding=\"async\">"
        ), "{html}");
        assert!(html.contains("<img src=\"/images/b.png\" alt=\"A &quot;big&quot; &amp; dog\" loading=\"lazy\" decoding=\"async\">"), "{html}");
        assert!(html.contains("<img src=\"/images/a.png\" alt=\"Cat again\" width=\"640\" height=\"480\" loading=\"lazy\" decoding=\"async\">"), "{html}");
        assert_eq!(html.matches("fetchpriority").count(), 1, "{html}");
        assert!(resolved.problems.is_empty());
    }

    #[test]
    fn an_image_with_copies_offers_them_in_a_srcset_and_keeps_its_own_size() {
        use crate::content::images::Variant;
        let copy = |width, height| Variant {
            name: format!("0123456789abcdef0123-{width}.webp"),
            width,
            height,
        };
        let info = ImageInfo {
            width: 1200,
            height: 800,
            variants: vec![copy(480, 320), copy(960, 640), copy(1200, 800)],
        };
        let sizes = |_: &str| Some(info.clone());
        let (html, _) = render("Text.\n\n![A map](/images/map.png)\n", &sizes);
        assert!(
            html.contains(
                "<img src=\"/images/map.png\" \
                 srcset=\"/_img/0123456789abcdef0123-480.webp 480w, \
                 /_img/0123456789abcdef0123-960.webp 960w, \
                 /_img/0123456789abcdef0123-1200.webp 1200w\" \
                 sizes=\"(max-width: 46rem) 100vw, 46rem\" alt=\"A map\" \
                 width=\"1200\" height=\"800\" fetchpriority=\"high\" decoding=\"async\">"
            ),
            "{html}"
        );
    }

    #[test]
    fn the_img_markup_survives_the_sanitizer() {
        use crate::content::images::Variant;
        let info = ImageInfo {
            width: 10,
            height: 5,
            variants: vec![Variant {
                name: "0123456789abcdef0123-10.webp".into(),
                width: 10,
                height: 5,
            }],
        };
        for eager in [true, false] {
            let html = img_html(&Img {
                src: "/a.png",
                alt: "A",
                title: "",
                image: Some(&info),
                eager,
            });
            let cleaned = crate::content::sanitize::clean_html(&html);
            for attribute in ["srcset=", "sizes=", "width=", "height=", "decoding="] {
                assert!(cleaned.contains(attribute), "{attribute}: {cleaned}");
            }
            let loading = if eager {
                "fetchpriority=\"high\""
            } else {
                "loading=\"lazy\""
            };
            assert!(cleaned.contains(loading), "{cleaned}");
        }
    }

    #[test]
    fn an_image_without_alt_text_is_reported_with_its_line() {
        let (html, resolved) = render("Text.\n\n![](/images/a.png)\n", &|_| None);
        assert!(
            html.contains("alt=\"\""),
            "the image is still shown: {html}"
        );
        assert_eq!(resolved.problems.len(), 1);
        assert_eq!(resolved.problems[0].field, "line 12");
        assert!(resolved.problems[0].message.contains("no alt text"));
    }

    #[test]
    fn a_bundles_relative_images_and_files_point_beside_its_address() {
        let markdown = "![A map](map.png) [data](./files/table.csv) [site](/about) \
                        [up](../other.png) [web](https://x.org/y.png) [top](#top)\n";
        let events = Parser::new_ext(markdown, crate::content::markdown::options())
            .into_offset_iter()
            .collect();
        let sizes = |url: &str| (url == "map.png").then(|| ImageInfo::sized(10, 20));
        let resolved = resolve(events, markdown, 1, &sizes, Some("/2024/05/trip"));
        let mut html = String::new();
        html::push_html(&mut html, resolved.events.into_iter());
        assert!(
            html.contains(
                "<img src=\"/2024/05/trip/map.png\" alt=\"A map\" width=\"10\" height=\"20\""
            ),
            "{html}"
        );
        assert!(
            html.contains("href=\"/2024/05/trip/files/table.csv\""),
            "{html}"
        );
        for kept in ["/about", "../other.png", "https://x.org/y.png", "#top"] {
            assert!(html.contains(&format!("href=\"{kept}\"")), "{kept}: {html}");
        }
    }
}
