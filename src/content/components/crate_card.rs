//! `::crate{name="serde"}`: a link to a Rust crate on crates.io and its documentation on
//! docs.rs. It is the example of a blog's own component: one file like this and one line in the
//! registry (`src/content/components/mod.rs`).

use super::args::{href, html, Call};
use super::{Body, Component, Output, Piece};

/// The crate component.
pub const COMPONENT: Component = Component {
    name: "crate",
    aliases: &[],
    body: Body::None,
    args: &["name", "version"],
    parent: None,
    render,
};

fn render(call: &Call) -> Result<Output, String> {
    let name = call.required("name", "the crate's name on crates.io")?;
    if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(format!(
            "`crate`: expected `name` to be a crate name (letters, digits, - and _), found {name:?}"
        ));
    }
    let version = call.get("version").unwrap_or("latest");
    if !version
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || ".-+".contains(c))
    {
        return Err(format!(
            "`crate`: expected `version` to be a version such as 1.0.2, found {version:?}"
        ));
    }
    let crates_io = format!("https://crates.io/crates/{name}");
    let docs = format!("https://docs.rs/{name}/{version}");
    Ok(Output {
        open: vec![Piece::Html(format!(
            "<p class=\"crate-card\"><a class=\"crate-name\" href=\"{}\"><code>{}</code></a> \
             <span class=\"crate-version\">{}</span> · <a href=\"{}\">docs.rs</a></p>\n",
            href(&crates_io),
            html(name),
            html(version),
            href(&docs)
        ))],
        close: Vec::new(),
    })
}
