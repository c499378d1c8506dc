//! Markup that Quire writes into a post (components, math): kept aside while the body is
//! rendered and sanitized, and put back afterwards.
//!
//! The sanitizer is for the author's raw HTML. What components render is Quire's own markup, and
//! some of it (an island's `data-props`, a player's `data-embed-src`, MathML) is exactly what the
//! sanitizer removes from raw HTML, so it must not pass through it. Each piece is replaced by a
//! placeholder, `U+E000 <nonce> <n> U+E001`, emitted as an HTML event that the sanitizer's
//! event pass leaves alone (no raw HTML event starts with U+E000: pulldown-cmark's start with
//! `<`) and that survives ammonia as plain text; [`Trusted::fill`] then swaps the markup in.
//! The nonce is random per render, so text in a post cannot name a placeholder.

use pulldown_cmark::{CowStr, Event};

/// Starts every placeholder.
pub const START: char = '\u{E000}';
/// Ends every placeholder.
const END: char = '\u{E001}';

/// The markup set aside for one render.
pub struct Trusted {
    nonce: String,
    pieces: Vec<String>,
}

impl Default for Trusted {
    fn default() -> Self {
        Self::new()
    }
}

impl Trusted {
    /// An empty set with a fresh nonce.
    pub fn new() -> Self {
        use std::hash::{BuildHasher as _, Hasher as _};
        // `RandomState` is seeded from the OS once per process and varied per instance: enough
        // that an author cannot guess it, with no dependency for it.
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u8(0);
        Trusted {
            nonce: format!("{:016x}", hasher.finish()),
            pieces: Vec::new(),
        }
    }

    /// An HTML event standing for `html`, to be put back by [`Trusted::fill`].
    pub fn event(&mut self, html: String) -> Event<'static> {
        let placeholder = format!("{START}{}{}{END}", self.nonce, self.pieces.len());
        self.pieces.push(html);
        Event::Html(CowStr::from(placeholder))
    }

    /// The nonce: a random 64-bit number in hex.
    pub fn nonce(&self) -> &str {
        &self.nonce
    }

    /// Whether nothing was set aside.
    pub fn is_empty(&self) -> bool {
        self.pieces.is_empty()
    }

    /// `html` with every placeholder replaced by its markup. Placeholders the sanitizer moved
    /// or dropped are replaced where they are, or not at all.
    pub fn fill(&self, html: &str) -> String {
        if self.pieces.is_empty() {
            return html.to_string();
        }
        let mut out =
            String::with_capacity(html.len() + self.pieces.iter().map(String::len).sum::<usize>());
        let mut rest = html;
        while let Some(at) = rest.find(START) {
            out.push_str(&rest[..at]);
            let after = &rest[at + START.len_utf8()..];
            let piece = after.strip_prefix(self.nonce.as_str()).and_then(|tail| {
                let end = tail.find(END)?;
                let index: usize = tail[..end].parse().ok()?;
                Some((self.pieces.get(index)?, &tail[end + END.len_utf8()..]))
            });
            match piece {
                Some((markup, tail)) => {
                    out.push_str(markup);
                    rest = tail;
                }
                None => {
                    out.push(START);
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }
}

/// Whether `html` is a placeholder rather than raw HTML from the post.
pub fn is_placeholder(html: &str) -> bool {
    html.starts_with(START)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_replaced_by_their_markup_and_nothing_else_is() {
        let mut trusted = Trusted::new();
        let Event::Html(first) = trusted.event("<b>one</b>".into()) else {
            panic!("expected an HTML event");
        };
        let Event::Html(second) = trusted.event("<i>two</i>".into()) else {
            panic!("expected an HTML event");
        };
        assert!(is_placeholder(&first));
        let forged = format!("{START}0000000000000000{}\u{E001}", 0);
        let html = format!("<p>a</p>{first}x{second}{forged}");
        assert_eq!(
            trusted.fill(&html),
            format!("<p>a</p><b>one</b>x<i>two</i>{forged}")
        );
    }

    #[test]
    fn each_render_has_its_own_nonce() {
        assert_ne!(Trusted::new().nonce, Trusted::new().nonce);
    }
}
