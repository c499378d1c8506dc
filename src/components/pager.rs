//! Links between the pages of a long list.

use leptos::prelude::*;

/// "Newer posts" / "Older posts" links and the position, when there is more than one page.
#[component]
pub fn Pager(
    #[prop(into)] number: Signal<usize>,
    #[prop(into)] count: Signal<usize>,
    /// The address of page `n`.
    href: impl Fn(usize) -> String + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <Show when=move || { count.get() > 1 }>
            <nav class="pager" aria-label="Pages">
                <Show when=move || { number.get() > 1 }>
                    <a class="pager-newer" rel="prev" href=move || href(number.get() - 1)>
                        "← Newer posts"
                    </a>
                </Show>
                <span class="pager-position">
                    {move || format!("Page {} of {}", number.get(), count.get())}
                </span>
                <Show when=move || { number.get() < count.get() }>
                    <a class="pager-older" rel="next" href=move || href(number.get() + 1)>
                        "Older posts →"
                    </a>
                </Show>
            </nav>
        </Show>
    }
    .into_any()
}
