//! `:::details[Why does this work?]` ... `:::`: a collapsed section, opened by its summary.
//! `{open}` starts it open.

use super::args::Call;
use super::{Body, Component, Output, Piece};

/// The details component.
pub const COMPONENT: Component = Component {
    name: "details",
    aliases: &[],
    body: Body::Required,
    args: &["summary", "open"],
    parent: None,
    render,
};

fn render(call: &Call) -> Result<Output, String> {
    let summary = call.label_or("summary").ok_or_else(|| {
        "`details` needs a summary; expected `:::details[What the reader clicks]`".to_string()
    })?;
    let open = if call.flag("open")? { " open" } else { "" };
    Ok(Output {
        open: vec![
            Piece::Html(format!("<details class=\"details\"{open}>\n<summary>")),
            Piece::Markdown(summary.to_string()),
            Piece::Html("</summary>\n".into()),
        ],
        close: vec![Piece::Html("</details>\n".into())],
    })
}
