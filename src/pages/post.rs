//! `/posts/:slug`: one post.

use super::loading::when_loaded;
use crate::components::layout::use_site;
use crate::components::post_card::{DraftBadge, PostMeta};
use crate::components::post_list::PostList;
use crate::components::seo::{PageKind, Seo};
use crate::components::tags::TagChips;
use crate::model::{
    Card, GroupKind, Post, PostContext, PostImage, SeriesNav, SiteInfo, TagRef, TocEntry,
    IMAGE_SIZES,
};
use crate::server_fns::get_post;
use crate::urls::group_href;
use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The post page; unknown slugs get the 404 page and status.
#[component]
pub fn PostPage() -> impl IntoView {
    let site = use_site();
    let params = use_params_map();
    let post = Resource::new(
        move || params.read().get("slug").unwrap_or_default(),
        get_post,
    );
    when_loaded(
        "Loading post…",
        move || async move { Ok((site.await?, post.await?)) },
        |(site, data)| view! { <PostView site post=data.post context=data.context /> },
    )
}

#[component]
fn PostView(site: SiteInfo, post: Post, context: PostContext) -> impl IntoView {
    let Post {
        summary,
        image,
        html,
        toc,
        updated,
        social_image,
        authors,
        categories,
        series,
        card,
    } = post;
    let preview = image.clone().or_else(|| {
        social_image.map(|url| PostImage {
            url,
            alt: String::new(),
            size: None,
            srcset: None,
        })
    });
    view! {
        <Seo
            title=summary.title.clone()
            description=summary.description.clone()
            path=summary.href.clone()
            kind=PageKind::Article {
                post: Box::new(summary.clone()),
                image: preview.map(Box::new),
                card: card.map(Box::new),
                updated: updated.clone(),
            }
            site
        />
        <article class="post">
            <header class="post-header">
                <h1>
                    {summary.title}
                    " "
                    <DraftBadge
                        draft=summary.draft
                        scheduled=summary.scheduled
                        expired=summary.expired
                    />
                </h1>
                <PostMeta
                    date=summary.date
                    author=summary.author
                    reading_minutes=summary.reading_minutes
                    authors
                    updated
                />
                <Categories categories />
                <TagChips tags=summary.tags />
            </header>
            {series.map(|series| view! { <SeriesBox series current=summary.slug.clone() /> })}
            {image
                .map(|image| {
                    view! {
                        <figure class="post-image">
                            // At the top of the page: its largest paint, loaded at once.
                            <img
                                src=image.url
                                sizes=image.srcset.as_ref().map(|_| IMAGE_SIZES)
                                srcset=image.srcset
                                alt=image.alt
                                width=image.size.map(|(width, _)| width)
                                height=image.size.map(|(_, height)| height)
                                fetchpriority="high"
                                decoding="async"
                            />
                        </figure>
                    }
                })}
            <TableOfContents toc />
            <div class="post-body" inner_html=html></div>
        </article>
        <PostFooter context />
    }
}

/// "In <category>, <category>": links to the post's categories; nothing without any.
#[component]
fn Categories(categories: Vec<TagRef>) -> impl IntoView {
    (!categories.is_empty()).then(|| {
        let count = categories.len();
        view! {
            <p class="post-categories">
                "In "
                {categories
                    .into_iter()
                    .enumerate()
                    .map(|(i, category)| {
                        view! {
                            {(i > 0).then_some(if i + 1 == count { " and " } else { ", " })}
                            <a href=group_href(GroupKind::Category, &category.slug)>{category.name}</a>
                        }
                    })
                    .collect_view()}
            </p>
        }
    })
}

/// "Part 2 of 5 of <series>", with every part in order, this one marked.
#[component]
fn SeriesBox(series: SeriesNav, current: String) -> impl IntoView {
    let SeriesNav {
        series,
        part,
        parts,
    } = series;
    let of = parts.len();
    view! {
        <nav class="series" aria-label="Series">
            <p class="series-title">
                {format!("Part {part} of {of} of ")}
                <a href=group_href(GroupKind::Series, &series.slug)>{series.name}</a>
            </p>
            <ol>
                {parts
                    .into_iter()
                    .map(|link| {
                        let here = link.slug == current;
                        view! {
                            <li>
                                {if here {
                                    Either::Left(view! { <span aria-current="page">{link.title}</span> })
                                } else {
                                    Either::Right(view! { <a href=link.href>{link.title}</a> })
                                }}
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </nav>
    }
}

/// Links to the neighbouring posts and the related ones.
#[component]
fn PostFooter(context: PostContext) -> impl IntoView {
    let PostContext {
        newer,
        older,
        related,
    } = context;
    let has_neighbours = newer.is_some() || older.is_some();
    view! {
        {has_neighbours
            .then(|| {
                view! {
                    <nav class="post-nav" aria-label="More posts">
                        {newer
                            .map(|link| {
                                view! {
                                    <a class="post-nav-newer" rel="prev" href=link.href>
                                        <span class="post-nav-label">"Newer"</span>
                                        {link.title}
                                    </a>
                                }
                            })}
                        {older
                            .map(|link| {
                                view! {
                                    <a class="post-nav-older" rel="next" href=link.href>
                                        <span class="post-nav-label">"Older"</span>
                                        {link.title}
                                    </a>
                                }
                            })}
                    </nav>
                }
            })}
        {(!related.is_empty())
            .then(|| {
                view! {
                    <section class="related" aria-labelledby="related-heading">
                        <h2 id="related-heading">"Related posts"</h2>
                        <PostList posts=Signal::stored(Card::plain(related)) />
                    </section>
                }
            })}
    }
    .into_any()
}

/// Links to the post's sections, indented by heading level; nothing when `toc` is empty.
#[component]
fn TableOfContents(toc: Vec<TocEntry>) -> impl IntoView {
    (!toc.is_empty()).then(|| {
        view! {
            <nav class="toc" aria-label="Contents">
                <p class="toc-title">"Contents"</p>
                <ol>
                    {toc
                        .into_iter()
                        .map(|entry| {
                            view! {
                                <li class=format!("toc-level-{}", entry.level)>
                                    <a href=format!("#{}", entry.id) target="_self">
                                        {entry.text}
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ol>
            </nav>
        }
    })
}
