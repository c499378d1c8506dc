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
