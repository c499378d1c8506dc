//! `::::tabs` ... `::::` with a `:::tab[Label]` ... `:::` per panel: the same thing several ways
//! (a snippet in Rust, Python and Go; macOS, Linux, Windows). The server writes the tablist and
//! the panels; an island ([`crate::components::tabs::Tabs`]), hydrated only on pages that have
//! one, makes them switch. Until it does, every panel shows, each under its label.

use super::args::{html, Call};
use super::{Body, Component, Output, Piece};
use crate::components::tabs::{panel_id, tab_id, Tabs};

/// The tabs component: the group.
pub const COMPONENT: Component = Component {
    name: "tabs",
    aliases: &[],
    body: Body::Required,
    args: &[],
    parent: None,
    render,
};

/// One panel of a group.
pub const TAB: Component = Component {
    name: "tab",
    aliases: &[],
    body: Body::Required,
    args: &[],
    parent: Some("tabs"),
    render: render_tab,
};

/// The id of the `ordinal`th tab group of a post.
fn group_id(ordinal: usize) -> String {
    format!("tabs-{ordinal}")
}

fn render(call: &Call) -> Result<Output, String> {
    let mut labels = Vec::with_capacity(call.children.len());
    for (name, label) in &call.children {
        if name != "tab" {
            return Err(format!(
                "`tabs` holds only `:::tab[Label]` panels, found `{name}`"
            ));
        }
        labels.push(label.clone().unwrap_or_default());
    }
    if labels.len() < 2 {
        return Err(format!(
            "`tabs` needs two or more `:::tab[Label]` panels, found {}",
            labels.len()
        ));
    }
    let group = group_id(call.ordinal);
    let mut markup = format!("<div class=\"tabs\" id=\"{group}\">\n<div class=\"tab-list\" role=\"tablist\">");
    for (n, label) in labels.iter().enumerate() {
        let (selected, tabindex) = if n == 0 { ("true", "0") } else { ("false", "-1") };
        markup.push_str(&format!(
            "<button type=\"button\" role=\"tab\" class=\"tab\" id=\"{}\" aria-controls=\"{}\" \
             aria-selected=\"{selected}\" tabindex=\"{tabindex}\">{}</button>",
            tab_id(&group, n),
            panel_id(&group, n),
            html(label)
        ));
    }
    markup.push_str("</div>\n");
    markup.push_str(island_html());
    markup.push('\n');
    Ok(Output {
        open: vec![Piece::Html(markup)],
        close: vec![Piece::Html("</div>\n".into())],
    })
}

fn render_tab(call: &Call) -> Result<Output, String> {
    let label = call
        .label
        .as_deref()
        .filter(|label| !label.trim().is_empty())
        .ok_or_else(|| "`tab` needs a label; expected `:::tab[Rust]`".to_string())?;
    let ordinal = call.parent.as_ref().map_or(0, |(_, ordinal)| *ordinal);
    let group = group_id(ordinal);
    let id = panel_id(&group, call.index_in_parent);
    let tab = tab_id(&group, call.index_in_parent);
    Ok(Output {
        open: vec![Piece::Html(format!(
            "<div class=\"tab-panel\" id=\"{id}\" role=\"tabpanel\" aria-labelledby=\"{tab}\" tabindex=\"0\">\n\
             <p class=\"tab-label\">{}</p>\n",
            html(label)
        ))],
        close: vec![Piece::Html("</div>\n".into())],
    })
}

/// The island's server HTML, the same for every group: `<leptos-island>` around its marker.
pub fn island_html() -> &'static str {
    static HTML: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        use leptos::prelude::*;
        Owner::new().with(|| view! { <Tabs /> }.to_html())
    });
    &HTML
}
