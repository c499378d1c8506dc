//! Links between the pages of a long list.

use crate::filter::Page;
use crate::model::PostSummary;
use leptos::prelude::*;

/// What a paged post list shows, derived from the current page (`None` when out of range).
#[derive(Clone, Copy)]
pub struct PagedPosts {
    /// The posts on the current page.
    pub items: Signal<Vec<PostSummary>>,
    /// The current page's number.
    pub number: Signal<usize>,
    /// How many pages there are.
    pub count: Signal<usize>,
    /// Whether the requested page does not exist. A memo, so views that switch on it are only
    /// rebuilt when it flips (typing in the search box never rebuilds the page).
    pub out_of_range: Memo<bool>,
}

impl PagedPosts {
    /// The signals of `current`.
    pub fn new(current: Memo<Option<Page<PostSummary>>>) -> Self {
        PagedPosts {
            items: Signal::derive(move || {
                current
                    .read()
                    .as_ref()
                    .map(|p| p.items.clone())
                    .unwrap_or_default()
            }),
            number: Signal::derive(move || current.read().as_ref().map_or(1, |p| p.number)),
            count: Signal::derive(move || current.read().as_ref().map_or(1, |p| p.count)),
            out_of_range: Memo::new(move |_| current.read().is_none()),
        }
    }
}

/// "Newer posts" / "Older posts" links and the position, when there is more than one page.
#[component]
pub fn Pager(
    #[prop(into)] number: Signal<usize>,
    #[prop(into)] count: Signal<usize>,
    /// The address of page `n`.
    href: impl Fn(usize) -> String + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let several = Memo::new(move |_| count.get() > 1);
    let newer = Memo::new(move |_| number.get() > 1);
    let older = Memo::new(move |_| number.get() < count.get());
    move || {
        several.get().then(|| {
            view! {
                <nav class="pager" aria-label="Pages">
                    {move || {
                        newer
                            .get()
                            .then(|| {
                                view! {
                                    <a class="pager-newer" rel="prev" href=move || href(number.get() - 1)>
                                        "← Newer posts"
                                    </a>
                                }
                            })
                    }}
                    <span class="pager-position">
                        {move || format!("Page {} of {}", number.get(), count.get())}
                    </span>
                    {move || {
                        older
                            .get()
                            .then(|| {
                                view! {
                                    <a class="pager-older" rel="next" href=move || href(number.get() + 1)>
                                        "Older posts →"
                                    </a>
                                }
                            })
                    }}
                </nav>
            }
        })
    }
}
