//! `::video{src="demo.mp4" title="..." poster="demo.jpg"}`: a video file, played by the
//! browser's own player. It loads nothing before the reader presses play (`preload="none"`).
//! A file on another site (an `https://` address) is allowed by the CSP of the pages that embed
//! it (`media-src`), and only theirs.

use super::args::{href, html, Call};
use super::{Body, Component, Output, Piece};
use crate::components::page_contract::{
    EMBED_SRC_ATTRIBUTE, EMBED_TITLE_ATTRIBUTE, MEDIA_ORIGIN_ATTRIBUTE,
};

/// The video component.
pub const COMPONENT: Component = Component {
    name: "video",
    aliases: &[],
    body: Body::None,
    args: &["src", "title", "poster"],
    parent: None,
    render,
};

fn render(call: &Call) -> Result<Output, String> {
    let src = call
        .resolved_url("src", "the video file")?
        .ok_or_else(|| "`video` needs `src`; expected src=\"clip.mp4\"".to_string())?;
    let src = src.as_str();
    let title = call.required("title", "what the video shows")?;
    let poster = call.resolved_url("poster", "the poster image")?;
    let origin = origin(src);
    let mut markup = String::from("<figure class=\"embed embed-video\"");
    if let Some(origin) = origin {
        markup.push_str(&format!(" {MEDIA_ORIGIN_ATTRIBUTE}=\"{}\"", html(origin)));
    }
    markup.push_str(&format!(
        ">\n<video controls preload=\"none\" src=\"{}\" aria-label=\"{}\"",
        href(src),
        html(title)
    ));
    if let Some(poster) = &poster {
        markup.push_str(&format!(" poster=\"{}\"", href(poster)));
    }
    markup.push_str(&format!(
        "><a href=\"{}\">{}</a></video>\n<figcaption>{}</figcaption>\n</figure>\n",
        href(src),
        html(title),
        html(title)
    ));
    Ok(Output {
        open: vec![Piece::Html(markup)],
        close: Vec::new(),
    })
}

/// `https://host` of an absolute address, or `None` for a path on this site.
pub fn origin(url: &str) -> Option<&str> {
    let rest = url.strip_prefix("https://")?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    Some(&url[..8 + end])
}

/// What an embedded player shows before it is asked to play.
pub struct Embed<'a> {
    /// A short name for the class (`youtube`).
    pub kind: &'a str,
    /// The player's address, loaded into a frame on click.
    pub player: Option<&'a str>,
    /// Where the video is, for readers without JavaScript.
    pub link: &'a str,
    /// What the video is.
    pub title: &'a str,
    /// A local poster image, if any.
    pub poster: Option<&'a str>,
    /// The line under the title.
    pub note: &'a str,
}

/// A poster that links to the video and carries the player's address for the page script.
pub fn embed(embed: Embed<'_>) -> Output {
    let mut open = vec![Piece::Html(format!(
        "<figure class=\"embed embed-{}\"{}>\n<a class=\"embed-poster\" href=\"{}\">",
        embed.kind,
        embed
            .player
            .map(|player| format!(
                " {EMBED_SRC_ATTRIBUTE}=\"{}\" {EMBED_TITLE_ATTRIBUTE}=\"{}\"",
                href(player),
                html(embed.title)
            ))
            .unwrap_or_default(),
        href(embed.link),
    ))];
    if let Some(poster) = embed.poster {
        open.push(Piece::Image {
            src: poster.to_string(),
            alt: embed.title.to_string(),
        });
    }
    open.push(Piece::Html(format!(
        "<span class=\"embed-play\" aria-hidden=\"true\"></span>\
         <span class=\"embed-title\">{}</span><span class=\"embed-note\">{}</span></a>\n</figure>\n",
        html(embed.title),
        html(embed.note)
    )));
    Output {
        open,
        close: Vec::new(),
    }
}
