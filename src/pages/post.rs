//! `/posts/:slug`: one post.

use crate::components::layout::use_site;
use crate::components::post_card::{DraftBadge, PostMeta};
use crate::components::seo::{PageKind, Seo};
use crate::components::status::ErrorView;
use crate::components::tags::TagChips;
use crate::model::{Post, SiteInfo};
use crate::server_fns::get_post;
use crate::urls::post_href;
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
    } = post;
    view! {
        <Seo
            title=summary.title.clone()
            description=summary.description.clone()
            path=post_href(&summary.slug)
            kind=PageKind::Article {
                post: Box::new(summary.clone()),
                image: image.clone(),
            }
            site
        />
        <article class="post">
            <header class="post-header">
                <h1>{summary.title} " " <DraftBadge draft=summary.draft scheduled=summary.scheduled /></h1>
                <PostMeta date=summary.date author=summary.author />
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
            <div class="post-body" inner_html=html></div>
        </article>
    }
}
