//! `::youtube{id="dQw4w9WgXcQ" title="..." start=42}`: a YouTube video that loads only when the
//! reader asks for it.
//!
//! The page shows a poster (a local image given as `poster`, or a plain frame with the title),
//! which is a link to the video on YouTube, so it works without JavaScript. With the page script,
//! a click swaps in the player from youtube-nocookie.com. Nothing is requested from YouTube
//! before that click, and only the pages that embed a player name its origin in their
//! Content-Security-Policy (`frame-src`, see [`crate::server::html`]).

use super::args::Call;
use super::{Body, Component, Output};

/// The youtube component.
pub const COMPONENT: Component = Component {
    name: "youtube",
    aliases: &[],
    body: Body::None,
    args: &["id", "title", "start", "poster"],
    parent: None,
    render,
};

/// Where the player comes from; the CSP of a page that embeds one allows it as a frame.
pub const PLAYER_ORIGIN: &str = "https://www.youtube-nocookie.com";

fn render(call: &Call) -> Result<Output, String> {
    let id = call.required("id", "the video's id, as in youtube.com/watch?v=<id>")?;
    if id.len() != 11 || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        return Err(format!(
            "`youtube`: expected `id` to be the 11 characters after watch?v= in the video's address, found {id:?}"
        ));
    }
    let title = call.required("title", "what the video is")?;
    let start = match call.get("start") {
        None => None,
        Some(value) => Some(value.parse::<u32>().map_err(|_| {
            format!("`youtube`: expected `start` to be whole seconds, found {value:?}")
        })?),
    };
    let poster = call.url("poster", "the poster image")?;
    let (player, watch) = match start {
        Some(start) => (
            format!("{PLAYER_ORIGIN}/embed/{id}?autoplay=1&start={start}"),
            format!("https://www.youtube.com/watch?v={id}&t={start}s"),
        ),
        None => (
            format!("{PLAYER_ORIGIN}/embed/{id}?autoplay=1"),
            format!("https://www.youtube.com/watch?v={id}"),
        ),
    };
    Ok(super::video::embed(super::video::Embed {
        kind: "youtube",
        player: Some(&player),
        link: &watch,
        title,
        poster,
        note: "Plays from youtube-nocookie.com when you click",
    }))
}

