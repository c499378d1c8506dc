//! SVG to PNG: usvg parses the filled template with the card fonts, resvg draws it.

use super::fonts::{Fonts, FAMILY};
use super::{HEIGHT, WIDTH};
use crate::error::Error;
use resvg::{tiny_skia, usvg};

/// What a failed render is reported as.
const DOCUMENT: &str = "a social card";

/// `svg` parsed with the card fonts, and checked to be a 1200x630 document. The error says what
/// is wrong (the parser's message, or the size found).
pub fn parse(svg: &str, fonts: &Fonts) -> Result<usvg::Tree, String> {
    let options = usvg::Options {
        fontdb: fonts.db.clone(),
        font_family: FAMILY.to_string(),
        // `<image href="file">` would read files the card's hash knows nothing of (and a
        // template that can read any file is one too many); `data:` images still work.
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_string: Box::new(|_, _| None),
            ..usvg::ImageHrefResolver::default()
        },
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options)
        .map_err(|e| format!("expected an SVG document: {e}"))?;
    let size = tree.size();
    let expected = (WIDTH as f32, HEIGHT as f32);
    if (size.width() - expected.0).abs() > 0.5 || (size.height() - expected.1).abs() > 0.5 {
        return Err(format!(
            "expected width=\"{WIDTH}\" height=\"{HEIGHT}\" on the <svg> element, found {}x{}",
            size.width(),
            size.height()
        ));
    }
    Ok(tree)
}

/// The card `svg` drawn as a 1200x630 PNG with `fonts`.
pub fn render_png(svg: &str, fonts: &Fonts) -> Result<Vec<u8>, Error> {
    let tree = parse(svg, fonts).map_err(|message| Error::render(DOCUMENT, message))?;
    let mut pixmap = tiny_skia::Pixmap::new(WIDTH, HEIGHT)
        .ok_or_else(|| Error::render(DOCUMENT, "cannot allocate the picture"))?;
    resvg::render(
        &tree,
        tiny_skia::Transform::identity(),
        &mut pixmap.as_mut(),
    );
    pixmap.encode_png().map_err(|e| Error::render(DOCUMENT, e))
}
