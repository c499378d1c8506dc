//! `::figure{src="chart.png" alt="..." caption="..." credit="..."}`: an image with a caption
//! and a credit line. Written with a body (`:::figure{src alt}` ... `:::`), the body is the
//! caption. The image is resolved like a Markdown image (its size, responsive copies, a file
//! beside a bundled post); caption and credit are Markdown.

use super::args::Call;
use super::{Body, Component, Output, Piece};

/// The figure component.
pub const COMPONENT: Component = Component {
    name: "figure",
    aliases: &[],
    body: Body::Optional,
    args: &["src", "alt", "caption", "credit"],
    parent: None,
    render,
};

fn render(call: &Call) -> Result<Output, String> {
    let src = call
        .url("src", "the image")?
        .ok_or_else(|| "`figure` needs `src`; expected src=\"picture.png\"".to_string())?;
    let alt = call.required("alt", "what the picture shows")?;
    let mut open = vec![
        Piece::Html("<figure class=\"figure\">\n".into()),
        Piece::Image {
            src: src.to_string(),
            alt: alt.to_string(),
        },
    ];
    let caption = call.get("caption").filter(|c| !c.trim().is_empty());
    let credit = call.get("credit").filter(|c| !c.trim().is_empty());
    let mut close = Vec::new();
    // With a body, the body is the caption and the credit follows it.
    let container = call.container;
    if container {
        open.push(Piece::Html("\n<figcaption>\n".into()));
    } else if caption.is_some() || credit.is_some() {
        open.push(Piece::Html("\n<figcaption>".into()));
    }
    let target = if container { &mut close } else { &mut open };
    if let Some(caption) = caption {
        target.push(Piece::Markdown(caption.to_string()));
    }
    if let Some(credit) = credit {
        target.push(Piece::Html(" <span class=\"figure-credit\">".into()));
        target.push(Piece::Markdown(credit.to_string()));
        target.push(Piece::Html("</span>".into()));
    }
    if container || caption.is_some() || credit.is_some() {
        target.push(Piece::Html("</figcaption>\n".into()));
    }
    close.push(Piece::Html("</figure>\n".into()));
    Ok(Output { open, close })
}
