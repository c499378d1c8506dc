//! `:::callout{kind=warning}` ... `:::`: a boxed note, tip or warning, as GitHub's alerts and
//! Docusaurus's admonitions draw them. `:::note`, `:::tip`, `:::important`, `:::warning` and
//! `:::caution` are short for the five kinds, and GitHub's `> [!NOTE]` blockquotes render the
//! same. The label replaces the title: `:::tip[Before you start]`.

use super::args::{html, Call};
use super::{Body, Component, Output, Piece};
use pulldown_cmark::BlockQuoteKind;

/// The callout component.
pub const COMPONENT: Component = Component {
    name: "callout",
    aliases: &["note", "tip", "important", "warning", "caution"],
    body: Body::Required,
    args: &["kind", "title"],
    parent: None,
    render,
};

/// The kinds, as GitHub names them.
const KINDS: [&str; 5] = ["note", "tip", "important", "warning", "caution"];

/// What ends every callout.
pub const CLOSE: &str = "</div>\n";

fn render(call: &Call) -> Result<Output, String> {
    let kind = match (call.name.as_str(), call.get("kind")) {
        ("callout", Some(kind)) => kind.to_ascii_lowercase(),
        ("callout", None) => "note".to_string(),
        (alias, None) => alias.to_string(),
        (alias, Some(_)) => {
            return Err(format!(
                "`{alias}` is already a kind of callout; expected no `kind` (or `:::callout{{kind=...}}`)"
            ))
        }
    };
    if !KINDS.contains(&kind.as_str()) {
        return Err(format!(
            "`{}`: expected `kind` to be one of {}, found {kind:?}",
            call.name,
            KINDS.join(", ")
        ));
    }
    let title = call
        .label_or("title")
        .map(str::to_string)
        .unwrap_or_else(|| default_title(&kind).to_string());
    Ok(Output {
        open: vec![Piece::Html(open_html(&kind, &html(&title)))],
        close: vec![Piece::Html(CLOSE.into())],
    })
}

/// The opening markup of a callout of `kind` titled `title` (already escaped).
fn open_html(kind: &str, title: &str) -> String {
    format!(
        "<div class=\"callout callout-{kind}\" role=\"note\">\n\
         <p class=\"callout-title\"><span class=\"callout-icon\" aria-hidden=\"true\"></span>{title}</p>\n"
    )
}

/// "Note", "Tip", ...
fn default_title(kind: &str) -> &'static str {
    match kind {
        "tip" => "Tip",
        "important" => "Important",
        "warning" => "Warning",
        "caution" => "Caution",
        _ => "Note",
    }
}

/// The opening markup for a GitHub alert (`> [!WARNING]`).
pub fn alert_open(kind: BlockQuoteKind) -> String {
    let kind = match kind {
        BlockQuoteKind::Note => "note",
        BlockQuoteKind::Tip => "tip",
        BlockQuoteKind::Important => "important",
        BlockQuoteKind::Warning => "warning",
        BlockQuoteKind::Caution => "caution",
    };
    open_html(kind, default_title(kind))
}
