//! The fonts cards are drawn with: DejaVu Sans and DejaVu Sans Bold, compiled into the binary,
//! then the blog's `[social_cards] fonts` for what DejaVu lacks. No system font is ever used, so
//! a card (and the hash naming it) is the same on every machine.

use crate::error::Error;
use resvg::usvg::fontdb;
use std::path::Path;
use std::sync::Arc;

/// DejaVu Sans (licence: `assets/fonts/LICENSE-DejaVu.txt`).
static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
/// DejaVu Sans Bold.
static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// The family name templates use; every generic family (`sans-serif`, `serif`, ...) means it too.
pub const FAMILY: &str = "DejaVu Sans";

/// Which face text is measured with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Weight {
    /// DejaVu Sans.
    Regular,
    /// DejaVu Sans Bold.
    Bold,
}

/// A font file's bytes, shared between the font database and the measuring code.
type FontData = Arc<dyn AsRef<[u8]> + Send + Sync>;

/// The fonts of the cards: the database the renderer reads and the faces titles are measured with.
pub struct Fonts {
    /// What usvg resolves `font-family` against.
    pub(super) db: Arc<fontdb::Database>,
    /// The blog's extra fonts, in the order tried for a character DejaVu lacks.
    extra: Vec<FontData>,
    /// SHA-256 of the extra fonts' bytes, part of every card's hash.
    digest: [u8; 32],
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fonts")
            .field("faces", &self.db.len())
            .finish()
    }
}

impl Fonts {
    /// The embedded fonts only.
    pub fn embedded() -> Fonts {
        Fonts::with_extra(Vec::new())
    }

    /// The embedded fonts and the font files `paths`, read now; each file that cannot be read or
    /// holds no font is reported and left out.
    pub fn load(paths: &[impl AsRef<Path>]) -> (Fonts, Vec<Error>) {
        let mut kept = Vec::new();
        let mut problems = Vec::new();
        for path in paths {
            let path = path.as_ref();
            match std::fs::read(path) {
                Ok(bytes) if ttf_parser::Face::parse(&bytes, 0).is_ok() => kept.push(bytes),
                Ok(_) => problems.push(Error::Settings {
                    file: path.display().to_string(),
                    message: "[social_cards] fonts: expected a TrueType or OpenType font file"
                        .into(),
                }),
                Err(e) => problems.push(Error::Settings {
                    file: path.display().to_string(),
                    message: format!("[social_cards] fonts: cannot read the font file: {e}"),
                }),
            }
        }
        let fonts = Fonts::with_extra(
            kept.into_iter()
                .map(|bytes| Arc::new(bytes) as FontData)
                .collect(),
        );
        (fonts, problems)
    }

    /// What the extra fonts hash to: a card drawn with other fonts gets another name.
    pub fn digest(&self) -> &[u8; 32] {
        &self.digest
    }

    fn with_extra(extra: Vec<FontData>) -> Fonts {
        use sha2::{Digest, Sha256};
        let mut db = fontdb::Database::new();
        for data in [REGULAR, BOLD] {
            db.load_font_source(fontdb::Source::Binary(Arc::new(data)));
        }
        let mut digest = Sha256::new();
        for data in &extra {
            digest.update((**data).as_ref());
            db.load_font_source(fontdb::Source::Binary(Arc::clone(data)));
        }
        db.set_sans_serif_family(FAMILY);
        db.set_serif_family(FAMILY);
        db.set_monospace_family(FAMILY);
        db.set_cursive_family(FAMILY);
        db.set_fantasy_family(FAMILY);
        Fonts {
            db: Arc::new(db),
            extra,
            digest: digest.finalize().into(),
        }
    }

    /// How wide `text` is at `size` pixels in `weight`, by the faces' advance widths: each
    /// character from the first font that has it, as the renderer's fallback picks, and a full
    /// em for one that none has (as wide as the CJK characters it most likely is).
    pub fn width(&self, text: &str, size: f32, weight: Weight) -> f32 {
        let main = match weight {
            Weight::Regular => REGULAR,
            Weight::Bold => BOLD,
        };
        let faces: Vec<ttf_parser::Face> = std::iter::once(main)
            .chain(self.extra.iter().map(|data| (**data).as_ref()))
            .filter_map(|data| ttf_parser::Face::parse(data, 0).ok())
            .collect();
        text.chars()
            .map(|c| {
                faces
                    .iter()
                    .find_map(|face| {
                        let glyph = face.glyph_index(c)?;
                        let advance = face.glyph_hor_advance(glyph)?;
                        Some(f32::from(advance) / f32::from(face.units_per_em()))
                    })
                    .unwrap_or(1.0)
                    * size
            })
            .sum()
    }
}
