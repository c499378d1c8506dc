//! Responsive images: resized WebP copies of a post's local pictures, made once per picture and
//! kept in the render cache's folder, and the `srcset` that offers them.
//!
//! A picture in the site's assets (`public/`) or beside a bundled post is read once per load at
//! most (`memo.rs`: by path, length and modification time, so ten thousand posts sharing a logo
//! read it once), and not at all once a stamp records its hash (`stamps.rs`: a restart finds
//! the copies of ten thousand photos without reading them). Its bytes are hashed with the
//! settings that change the output; the copies are
//! found under that hash in `<cache_dir>/images/` ([`ImageStore`]), and made only when missing
//! ([`process()`]): decoded (PNG, JPEG, GIF, WebP), resized to each of `[images] widths` narrower
//! than the original and to the original width, and encoded as lossy WebP. They are served at
//! `/_img/<hash>-<width>.webp` (`immutable`: a name never changes content) and written by the
//! static export. SVG and other files are left as they are, and so are animated GIF, PNG and
//! WebP pictures. A picture over `[images] max_megapixels`, truncated, or not a picture at all is
//! reported by file and shown as it is; nothing in the pipeline panics a load.
//!
//! A server does not wait for missing copies ([`Encoding::Background`]): it shows such a picture
//! sized from its header, without a `srcset`, and reads, hashes and makes the copies on a thread
//! of its own (`background.rs`); once they are made, the posts that show it are rendered again
//! (`crate::content::refresh`).
//! The export and `quire check` make them before they go on ([`Encoding::Now`]).
//!
//! # Formats, measured
//!
//! `examples/image_formats.rs` on a 4000x2250 JPEG photo (1.8 MB) resized to 1600x900, one
//! thread, release build, on a loaded 2-core machine (the ratios are what matter; two runs agreed):
//!
//! | encoder                                    | time     | size        |
//! | ------------------------------------------ | -------: | ----------: |
//! | libwebp lossy, quality 80 (used)           | 244 ms   | 63,734 B    |
//! | libwebp lossless                           | 4,307 ms | 1,122,472 B |
//! | `image`'s WebP encoder (lossless only)     | 27 ms    | 1,337,258 B |
//! | ravif (AVIF) quality 80, speed 6 (default) | 4,476 ms | 50,856 B    |
//! | ravif quality 80, speed 10 (fastest)       | 628 ms   | 58,816 B    |
//!
//! AVIF is not made: within 3x of WebP's time (speed 10) it saves 8%, which does not pay for
//! rav1e's build, a `<picture>` per image and a second copy of each width; at its default speed
//! it is 18 times slower. docs/images.md has the details.

mod background;
mod memo;
mod names;
mod process;
mod stamps;
mod store;

pub use background::{finished, start as start_background, wait_for_finished, wait_until_idle};
pub use memo::{lookup, Lookup};
pub use names::{is_variant_name, variant_names, ROUTE};
pub use process::{process, Processed, Resized};
pub use store::ImageStore;

use serde::{Deserialize, Serialize};

/// When a picture's missing copies are made.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Encoding {
    /// By the lookup that finds them missing, which waits: what is loaded shows every copy (the
    /// export, `quire check`, tests).
    #[default]
    Now,
    /// On the background thread: the lookup answers at once with the picture's size only and
    /// [`Lookup::pending`] set (a server, which must not keep its first readers waiting).
    Background,
}

/// The `[images]` settings: whether pictures get resized copies, at which widths and quality, and
/// the largest picture decoded.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ImageSettings {
    /// Whether local pictures get resized WebP copies and a `srcset` (default true). Off, they
    /// are shown as they are, with their size.
    pub responsive: bool,
    /// The widths of the copies, in pixels; only those narrower than a picture are made, and a
    /// copy at the picture's own width always is. Default [`DEFAULT_WIDTHS`].
    pub widths: Vec<u32>,
    /// The WebP quality, 1 to 100 (default 80).
    pub quality: u8,
    /// The largest picture decoded, in millions of pixels (default 40); a larger one is reported
    /// and shown as it is.
    pub max_megapixels: u32,
}

/// The widths of the copies unless `[images] widths` says: a phone, a laptop, a large screen.
pub const DEFAULT_WIDTHS: [u32; 3] = [480, 960, 1600];

impl Default for ImageSettings {
    fn default() -> Self {
        ImageSettings {
            responsive: true,
            widths: DEFAULT_WIDTHS.to_vec(),
            quality: 80,
            max_megapixels: 40,
        }
    }
}

impl ImageSettings {
    /// The settings with copies off: pictures are only sized.
    pub fn off() -> Self {
        ImageSettings {
            responsive: false,
            ..ImageSettings::default()
        }
    }

    /// The largest number of pixels decoded.
    pub fn max_pixels(&self) -> u64 {
        u64::from(self.max_megapixels) * 1_000_000
    }

    /// What is wrong with these settings, if anything, as `[images] key: expected ..., found ...`.
    pub fn check(&self) -> Result<(), String> {
        if !(1..=100).contains(&self.quality) {
            return Err(format!(
                "[images] quality: expected a number from 1 to 100, found {}",
                self.quality
            ));
        }
        if self.max_megapixels == 0 {
            return Err("[images] max_megapixels: expected a number of at least 1, found 0".into());
        }
        if let Some(width) = self
            .widths
            .iter()
            .find(|w| **w == 0 || **w > process::MAX_SIDE)
        {
            return Err(format!(
                "[images] widths: expected widths from 1 to {}, found {width}",
                process::MAX_SIDE
            ));
        }
        Ok(())
    }
}

/// What is known of a local picture: its size as shown, and its resized copies.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageInfo {
    /// Its width in pixels, as a browser shows it (EXIF rotation applied).
    pub width: u32,
    /// Its height in pixels, as a browser shows it.
    pub height: u32,
    /// Its resized copies, narrowest first; empty when it is served only as it is.
    pub variants: Vec<Variant>,
}

impl ImageInfo {
    /// A picture of `width` x `height` without copies.
    pub fn sized(width: u32, height: u32) -> Self {
        ImageInfo {
            width,
            height,
            variants: Vec::new(),
        }
    }

    /// The `srcset` value offering the copies (`/_img/<name> 480w, ...`); `None` without copies.
    pub fn srcset(&self) -> Option<String> {
        if self.variants.is_empty() {
            return None;
        }
        let candidates: Vec<String> = self
            .variants
            .iter()
            .map(|v| format!("{} {}w", v.url(), v.width))
            .collect();
        Some(candidates.join(", "))
    }
}

/// One resized copy of a picture.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Variant {
    /// Its file name in the images folder and under [`ROUTE`]: `<hash>-<width>.webp`.
    pub name: String,
    /// Its width in pixels.
    pub width: u32,
    /// Its height in pixels.
    pub height: u32,
}

impl Variant {
    /// The address it is served at.
    pub fn url(&self) -> String {
        format!("{ROUTE}/{}", self.name)
    }
}

/// Why a picture gets no copies. Reported as a problem of the post that shows it, naming the file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ImageError {
    /// The header claims more pixels than `[images] max_megapixels`; nothing was decoded.
    #[error("expected an image of at most {max_megapixels} megapixels ([images] max_megapixels), found {width}x{height}")]
    TooLarge {
        /// The limit.
        max_megapixels: u32,
        /// The width in the header.
        width: u32,
        /// The height in the header.
        height: u32,
    },
    /// The bytes are not a PNG, JPEG, GIF or WebP picture.
    #[error("expected a PNG, JPEG, GIF or WebP image, found {found}")]
    NotAnImage {
        /// What was found instead (`text or unknown bytes`, `a BMP image`).
        found: String,
    },
    /// The picture could not be decoded (truncated or corrupt).
    #[error("cannot decode the image ({reason}); is it truncated?")]
    Undecodable {
        /// The decoder's message.
        reason: String,
    },
    /// Encoding a copy failed.
    #[error("cannot encode a resized copy ({reason})")]
    Unencodable {
        /// The encoder's message.
        reason: String,
    },
    /// The picture's file could not be read.
    #[error("cannot read the image ({reason})")]
    Unreadable {
        /// The system's message.
        reason: String,
    },
}

#[cfg(test)]
pub(crate) mod tests;
