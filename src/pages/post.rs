//! `/posts/:slug`: one post.

use crate::components::layout::use_site;
use crate::components::post_card::{DraftBadge, PostMeta};
use crate::components::status::ErrorView;
use crate::components::tags::TagChips;
use crate::model::{Post, SiteInfo, TocEntry};
use crate::server_fns::get_post;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
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
    let page = move || {
        Suspend::new(async move {
            match (site.await, post.await) {
                (Ok(site), Ok(post)) => view! { <PostView site post /> }.into_any(),
                (Err(error), _) | (_, Err(error)) => view! { <ErrorView error /> }.into_any(),
            }
        })
    };
    view! { <Suspense fallback=|| view! { <p class="loading">"Loading post…"</p> }>{page}</Suspense> }
}

#[component]
fn PostView(site: SiteInfo, post: Post) -> impl IntoView {
    let Post {
        summary,
        image,
        html,
        toc,
    } = post;
    view! {
        <Title text=format!("{} · {}", summary.title, site.title) />
        <Meta name="description" content=summary.description.clone() />
        <Meta name="author" content=summary.author.clone() />
        <article class="post">
            <header class="post-header">
                <h1>{summary.title} " " <DraftBadge draft=summary.draft /></h1>
                <PostMeta
                    date=summary.date
                    author=summary.author
                    reading_minutes=summary.reading_minutes
                />
                <TagChips tags=summary.tags />
            </header>
            {image
                .map(|image| {
                    view! {
                        <figure class="post-image">
                            <img src=image.url alt=image.alt />
                        </figure>
                    }
                })}
            <TableOfContents toc />
            <div class="post-body" inner_html=html></div>
        </article>
    }
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
                                    <a href=format!("#{}", entry.id)>{entry.text}</a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ol>
            </nav>
        }
    })
}
