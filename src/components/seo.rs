//! Head tags for search engines and link previews: canonical URL, description, OpenGraph,
//! Twitter card and, on posts, JSON-LD `BlogPosting`.

use crate::model::{PostDate, PostImage, PostSummary, SiteInfo};
use leptos::prelude::*;
use leptos_meta::{Link, Meta, Script, Title};
use serde_json::json;

/// What a page is, for `og:type` and structured data.
#[derive(Clone, Debug)]
pub enum PageKind {
    /// A list or index page.
    Website,
    /// A post.
    Article {
        /// The post's list fields (date, author, tags).
        post: Box<PostSummary>,
        /// The post's picture, if any.
        image: Option<Box<PostImage>>,
        /// Its generated social card, shown in link previews when it has no picture (with its
        /// size, which a preview can then lay out before the file arrives).
        card: Option<Box<PostImage>>,
        /// When it was last changed, if it says.
        updated: Option<PostDate>,
    },
}

/// `path` made absolute against the site's base URL ([`crate::urls::absolute`]).
fn absolute(site: &SiteInfo, path: &str) -> String {
    crate::urls::absolute(&site.base_url, path)
}

/// JSON-LD `BlogPosting` for a post, safe to embed in a `<script>` element.
pub fn blog_posting_json(
    site: &SiteInfo,
    post: &PostSummary,
    image: Option<&PostImage>,
    updated: Option<&PostDate>,
    url: &str,
) -> String {
    let mut value = json!({
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": post.title,
        "description": post.description,
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": site.language,
        "author": { "@type": "Person", "name": post.author },
        "publisher": { "@type": "Organization", "name": site.title, "url": site.base_url },
        "keywords": post.tags.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
    });
    if let Some(date) = &post.date {
        value["datePublished"] = json!(date.iso);
    }
    if let Some(date) = updated {
        value["dateModified"] = json!(date.iso);
    }
    if let Some(image) = image {
        value["image"] = json!(absolute(site, &image.url));
    }
    script_json(&value)
}

/// `value` as JSON text for the inside of a `<script>` element: no `<`, `>` or `&` survives (they
/// are written as `\u003c` escapes), so nothing in the data can end the element.
pub fn script_json(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// `text` as the server writes it inside `<title>`. leptos_meta puts the server's `<title>` into
/// the page as raw text, so a post title holding `</title><script>` would end the element and
/// run; `&`, `<` and `>` are escaped here.
pub fn title_text(text: String) -> String {
    let mut escaped = String::with_capacity(text.len());
    // Writing to a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html_body_text(&mut escaped, &text);
    escaped
}

/// The `<title>`, description, canonical link, OpenGraph and Twitter tags of a page.
#[component]
pub fn Seo(
    site: SiteInfo,
    /// Page title without the site name (the home page passes the site title).
    title: String,
    description: String,
    /// Path of the page (`/posts/hello`).
    path: String,
    kind: PageKind,
) -> impl IntoView {
    let url = absolute(&site, &path);
    let full_title = if title == site.title {
        title.clone()
    } else {
        format!("{title} · {}", site.title)
    };
    let (og_type, image, size, json_ld) = match &kind {
        PageKind::Website => ("website", None, None, None),
        PageKind::Article {
            post,
            image,
            card,
            updated,
        } => {
            // A post's own picture wins; its tags stay as they were before cards existed.
            let (image, size) = match (image, card) {
                (Some(image), _) => (Some(PostImage::clone(image)), None),
                (None, Some(card)) => (Some(PostImage::clone(card)), card.size),
                (None, None) => (None, None),
            };
            let json_ld = blog_posting_json(&site, post, image.as_ref(), updated.as_ref(), &url);
            ("article", image, size, Some(json_ld))
        }
    };
    let card = if image.is_some() {
        "summary_large_image"
    } else {
        "summary"
    };
    view! {
        <Title text=title_text(full_title) />
        <Meta name="description" content=description.clone() />
        <Link rel="canonical" href=url.clone() />
        <Meta property="og:site_name" content=site.title.clone() />
        <Meta property="og:title" content=title.clone() />
        <Meta property="og:description" content=description.clone() />
        <Meta property="og:type" content=og_type />
        <Meta property="og:url" content=url />
        <Meta name="twitter:card" content=card />
        <Meta name="twitter:title" content=title />
        <Meta name="twitter:description" content=description />
        {image
            .map(|image| {
                let src = absolute(&site, &image.url);
                view! {
                    <Meta property="og:image" content=src.clone() />
                    {size
                        .map(|(width, height)| {
                            view! {
                                <Meta property="og:image:width" content=width.to_string() />
                                <Meta property="og:image:height" content=height.to_string() />
                            }
                        })}
                    <Meta property="og:image:alt" content=image.alt.clone() />
                    <Meta name="twitter:image" content=src />
                    <Meta name="twitter:image:alt" content=image.alt />
                }
            })}
        {json_ld.map(|json| view! { <Script type_="application/ld+json">{json}</Script> })}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{PostDate, TagRef};

    fn site() -> SiteInfo {
        SiteInfo {
            title: "Blog".into(),
            description: "D".into(),
            author: "Ada".into(),
            base_url: "https://example.com".into(),
            language: "en".into(),
            page_size: 10,
        }
    }

    #[test]
    fn blog_posting_carries_the_post_fields_and_cannot_close_its_script() {
        let post = PostSummary {
            slug: "a".into(),
            href: "/posts/a".into(),
            title: "A </script><b>".into(),
            date: Some(PostDate {
                iso: "2026-02-13".into(),
                display: "13 February 2026".into(),
            }),
            description: "Tom & Jerry".into(),
            author: "Mara".into(),
            tags: vec![TagRef {
                slug: "rust".into(),
                name: "Rust".into(),
            }],
            draft: false,
            expired: false,
            pinned: false,
            scheduled: false,
            reading_minutes: 1,
            summary: "Tom & Jerry".into(),
        };
        let image = PostImage {
            url: "/images/a.svg".into(),
            alt: "A".into(),
            size: None,
            srcset: None,
        };
        let json = blog_posting_json(
            &site(),
            &post,
            Some(&image),
            None,
            "https://example.com/posts/a",
        );
        assert!(!json.contains('<') && !json.contains('&'), "{json}");
        let value: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
        assert_eq!(value["@type"], "BlogPosting");
        assert_eq!(value["headline"], "A </script><b>");
        assert_eq!(value["datePublished"], "2026-02-13");
        assert_eq!(value["author"]["name"], "Mara");
        assert_eq!(value["image"], "https://example.com/images/a.svg");
        assert_eq!(value["keywords"][0], "Rust");
    }
}
