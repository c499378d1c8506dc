//! Social cards: the 1200x630 PNG link previews show for a post without a picture of its own
//! (issue 15): its title, the blog's name and the date in the site's colours, drawn from an SVG
//! template ([`template`]) with embedded fonts ([`fonts`]) by resvg ([`render`]).
//!
//! A card is named by a hash of everything that draws it ([`Cards::hash`]), so its address
//! (`/_cards/<slug>-<hash16>.png`) changes when the title does and can be cached forever. It is
//! drawn at the first request of that address, on a blocking thread, and kept ([`store`]).

pub mod fonts;
pub mod render;
pub mod store;
pub mod template;
pub mod wrap;

use crate::error::Error;
use crate::model::{PostImage, PostSummary, SiteInfo};
use crate::settings::SocialCardsSection;
use axum::body::Bytes;
use fonts::Fonts;
use std::path::PathBuf;

/// A card's width in pixels (the size Facebook, LinkedIn and X show large).
pub const WIDTH: u32 = 1200;
/// A card's height in pixels.
pub const HEIGHT: u32 = 630;

/// Where cards are served: `/_cards/<slug>-<hash16>.png`.
pub const PREFIX: &str = "/_cards/";

/// How many hex digits of the hash a card's address carries.
const SHORT_HASH: usize = 16;

/// The colours of a card.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Colours {
    /// Links and the site's name.
    pub accent: &'static str,
    /// The page.
    pub background: &'static str,
    /// Body text: the title.
    pub text: &'static str,
    /// Secondary text: the date.
    pub muted: &'static str,
    /// Rules.
    pub border: &'static str,
}

/// The light theme's colours, as `style/main.css` defines them (`--accent`, `--bg`, `--text`,
/// `--muted`, `--border`): link previews are mostly seen on light backgrounds.
pub const LIGHT: Colours = Colours {
    accent: "#0b5cad",
    background: "#fdfcfa",
    text: "#1f2328",
    muted: "#59616b",
    border: "#dcd8d0",
};

/// Everything on one card.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardInput {
    /// The post's title.
    pub title: String,
    /// The blog's name.
    pub site: String,
    /// The post's date as pages show it, or empty.
    pub date: String,
    /// Its colours.
    pub colours: Colours,
}

impl CardInput {
    /// The card of `post` on `site`.
    pub fn of(site: &SiteInfo, post: &PostSummary) -> CardInput {
        CardInput {
            title: post.title.clone(),
            site: site.title.clone(),
            date: post
                .date
                .as_ref()
                .map(|d| d.display.clone())
                .unwrap_or_default(),
            colours: LIGHT,
        }
    }
}

/// The template cards are drawn from.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Template {
    /// The SVG text, placeholders unfilled.
    text: String,
    /// The blog's file it came from; `None` for the built-in one.
    file: Option<PathBuf>,
}

/// The blog's card maker: template, fonts and drawn cards. Present in the state only when
/// `[social_cards] enabled` is on.
#[derive(Debug)]
pub struct Cards {
    template: Template,
    fonts: Fonts,
    /// What every card's hash starts from: the version, template and fonts.
    fingerprint: [u8; 32],
    store: store::Store,
}

impl Cards {
    /// The card maker of `settings`, keeping cards under `cache_dir`; `None` when cards are off.
    /// Each problem (a missing or invalid template, an unreadable font) is returned for the caller
    /// to report; the cards are then drawn without it (the built-in template, the other fonts).
    pub fn load(
        settings: &SocialCardsSection,
        cache_dir: Option<&std::path::Path>,
    ) -> (Option<Cards>, Vec<Error>) {
        if !settings.enabled {
            return (None, Vec::new());
        }
        let (fonts, mut problems) = Fonts::load(&settings.fonts);
        let template = match &settings.template {
            None => Ok(Template::builtin()),
            Some(file) => std::fs::read_to_string(file)
                .map_err(|e| format!("cannot read the card template: {e}"))
                .and_then(|text| check_template(&text, &fonts).map(|()| text))
                .map(|text| Template {
                    text,
                    file: Some(file.clone()),
                })
                .map_err(|message| Error::Settings {
                    file: file.display().to_string(),
                    message: format!(
                        "[social_cards] template: {message}; drawing the built-in card instead"
                    ),
                }),
        };
        let template = template.unwrap_or_else(|problem| {
            problems.push(problem);
            Template::builtin()
        });
        (Some(Cards::new(template, fonts, cache_dir)), problems)
    }

    /// Cards from the SVG `template` (the built-in one when `None`), embedded fonts only.
    pub fn with_template(template: Option<&str>, cache_dir: Option<&std::path::Path>) -> Cards {
        let template = template.map_or_else(Template::builtin, |text| Template {
            text: text.to_string(),
            file: None,
        });
        Cards::new(template, Fonts::embedded(), cache_dir)
    }

    fn new(template: Template, fonts: Fonts, cache_dir: Option<&std::path::Path>) -> Cards {
        use sha2::{Digest, Sha256};
        let mut hash = Sha256::new();
        for part in [
            "quire social card",
            env!("CARGO_PKG_VERSION"),
            &template.text,
        ] {
            hash.update((part.len() as u64).to_le_bytes());
            hash.update(part);
        }
        hash.update(fonts.digest());
        Cards {
            fingerprint: hash.finalize().into(),
            template,
            fonts,
            store: store::Store::new(cache_dir),
        }
    }

    /// The hash naming the card of `input` (64 hex digits): of its text and colours, the
    /// template, the fonts and Quire's version, so any change draws a new card at a new address.
    pub fn hash(&self, input: &CardInput) -> String {
        use sha2::{Digest, Sha256};
        let mut hash = Sha256::new();
        hash.update(self.fingerprint);
        let c = &input.colours;
        for part in [
            &input.title,
            &input.site,
            &input.date,
            c.accent,
            c.background,
            c.text,
            c.muted,
            c.border,
        ] {
            hash.update((part.len() as u64).to_le_bytes());
            hash.update(part);
        }
        hash.finalize()
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect()
    }

    /// The address of the card of `post` on `site`.
    pub fn href(&self, site: &SiteInfo, post: &PostSummary) -> String {
        href(&post.slug, &self.hash(&CardInput::of(site, post)))
    }

    /// The card link previews show for `post`, when it has no picture of its own (`image` or a
    /// social image): its address, its text as alternative text, and its size.
    pub fn image_for(
        &self,
        site: &SiteInfo,
        post: &PostSummary,
        has_own_image: bool,
    ) -> Option<PostImage> {
        (!has_own_image).then(|| PostImage {
            url: self.href(site, post),
            alt: alt_text(site, post),
            size: Some((WIDTH, HEIGHT)),
            srcset: None,
        })
    }

    /// The SVG of the card of `input`.
    pub fn svg(&self, input: &CardInput) -> String {
        template::card_svg(&self.template.text, input, &self.fonts)
    }

    /// The PNG of the card of `input`, whose hash is `hash`: kept, or drawn now. Blocks for as
    /// long as drawing takes (some tens of milliseconds): call it from a blocking thread.
    pub fn png(&self, input: &CardInput, hash: &str) -> Result<Bytes, Error> {
        self.store.get_or_draw(hash, || {
            let drawn = render::render_png(&self.svg(input), &self.fonts);
            match (&drawn, &self.template.file) {
                // Checked at startup, so only a title the template cannot take gets here.
                (Err(error), Some(file)) => {
                    tracing::error!(
                        "{}: {error}; drawing the built-in card instead",
                        file.display()
                    );
                    let builtin =
                        template::card_svg(template::DEFAULT_TEMPLATE, input, &self.fonts);
                    render::render_png(&builtin, &self.fonts)
                }
                _ => drawn,
            }
        })
    }

    /// How many cards have been drawn (not found kept) since startup.
    pub fn drawn(&self) -> usize {
        self.store.drawn()
    }
}

impl Template {
    fn builtin() -> Template {
        Template {
            text: template::DEFAULT_TEMPLATE.to_string(),
            file: None,
        }
    }
}

/// Whether `text` makes a card: known placeholders only, and once filled with a sample post, a
/// 1200x630 SVG document. The error says what was expected.
pub fn check_template(text: &str, fonts: &Fonts) -> Result<(), String> {
    let unknown = template::unknown_placeholders(text);
    if !unknown.is_empty() {
        return Err(format!(
            "unknown placeholder{} {}; expected {}",
            if unknown.len() == 1 { "" } else { "s" },
            unknown
                .iter()
                .map(|name| format!("{{{{{name}}}}}"))
                .collect::<Vec<_>>()
                .join(", "),
            template::PLACEHOLDERS
                .iter()
                .map(|name| format!("{{{{{name}}}}}"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let sample = CardInput {
        title: "A sample title".into(),
        site: "A blog".into(),
        date: "13 February 2026".into(),
        colours: LIGHT,
    };
    render::parse(&template::card_svg(text, &sample, fonts), fonts).map(|_| ())
}

/// A card's address: `/_cards/<slug>-<hash16>.png`, the slug percent-encoded as post addresses are.
pub fn href(slug: &str, hash: &str) -> String {
    let short = hash.get(..SHORT_HASH).unwrap_or(hash);
    format!("{PREFIX}{}-{short}.png", crate::urls::encode(slug))
}

/// The slug and short hash in a card's file name (`<slug>-<hash16>.png`, decoded), if it is one.
pub fn parse_name(name: &str) -> Option<(&str, &str)> {
    let (slug, short) = name.strip_suffix(".png")?.rsplit_once('-')?;
    let is_hash = short.len() == SHORT_HASH
        && short
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    (is_hash && !slug.is_empty()).then_some((slug, short))
}

/// The card's alternative text: what it shows.
fn alt_text(site: &SiteInfo, post: &PostSummary) -> String {
    format!("{} · {}", post.title, site.title)
}

#[cfg(test)]
mod tests;
