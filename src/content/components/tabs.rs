//! `::::tabs` ... `::::` with a `:::tab[Label]` ... `:::` per panel: the same thing several ways
//! (a snippet in Rust, Python and Go; macOS, Linux, Windows). The tablist is an island
//! ([`crate::components::tabs::Tabs`]), hydrated only on pages that have one; the panels are
//! plain server HTML, all shown, each under its label, until it hydrates.

use super::args::{html, Call};
use super::{Body, Component, Output, Piece};
use crate::components::tabs::{panel_id, Tabs};

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
    Ok(Output {
        open: vec![Piece::Html(format!(
            "<div class=\"tabs\" id=\"{group}\">\n{}\n",
            island_html(&group, labels)
        ))],
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
    let id = panel_id(&group_id(ordinal), call.index_in_parent);
    Ok(Output {
        open: vec![Piece::Html(format!(
            "<div class=\"tab-panel\" id=\"{id}\">\n<p class=\"tab-label\">{}</p>\n",
            html(label)
        ))],
        close: vec![Piece::Html("</div>\n".into())],
    })
}

/// The island's server HTML: `<leptos-island>` with the labels as props, and the tablist.
pub fn island_html(group: &str, labels: Vec<String>) -> String {
    use leptos::prelude::*;
    let group = group.to_string();
    Owner::new().with(move || view! { <Tabs group labels /> }.to_html())
}
