//! The pure part of the pipeline: a picture's bytes to its resized WebP copies.

use super::{ImageError, ImageSettings};
use image::{AnimationDecoder as _, DynamicImage, ImageDecoder as _, ImageFormat, ImageReader};
use std::io::Cursor;

/// The widest or tallest picture libwebp encodes.
pub const MAX_SIDE: u32 = 16383;

/// What [`process`] made of a picture.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Processed {
    /// Its width as shown (EXIF rotation applied).
    pub width: u32,
    /// Its height as shown.
    pub height: u32,
    /// Its copies, narrowest first; empty for a picture kept as it is (an animation).
    pub copies: Vec<Resized>,
}

/// One encoded copy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resized {
    /// Its width in pixels.
    pub width: u32,
    /// Its height in pixels.
    pub height: u32,
    /// The WebP file.
    pub bytes: Vec<u8>,
}

/// Resizes the picture in `bytes` to each of `settings.widths` narrower than it and to its own
/// width, as lossy WebP at `settings.quality`. The same bytes and settings always give the same
/// copies.
///
/// The size in the header is checked before anything is decoded, so a picture over
/// `settings.max_megapixels` costs a few bytes of reading, whatever its header claims. Animated
/// GIF, PNG and WebP pictures get no copies (a still copy would lose the animation).
pub fn process(bytes: &[u8], settings: &ImageSettings) -> Result<Processed, ImageError> {
    let format = image::guess_format(bytes).map_err(|_| ImageError::NotAnImage {
        found: "text or unknown bytes".into(),
    })?;
    if !matches!(
        format,
        ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::Gif | ImageFormat::WebP
    ) {
        return Err(ImageError::NotAnImage {
            found: format!("a {format:?} image"),
        });
    }
    let undecodable = |e: image::ImageError| ImageError::Undecodable {
        reason: e.to_string(),
    };
    let reader = |limits: image::Limits| {
        let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
        reader.limits(limits);
        reader
    };
    // Only the header: no pixel is decoded (or allocated) before the size is known to fit.
    let (width, height) = reader(image::Limits::no_limits())
        .into_dimensions()
        .map_err(undecodable)?;
    if u64::from(width) * u64::from(height) > settings.max_pixels() {
        return Err(ImageError::TooLarge {
            max_megapixels: settings.max_megapixels,
            width,
            height,
        });
    }
    if is_animated(bytes, format).map_err(undecodable)? {
        return Ok(Processed {
            width,
            height,
            copies: Vec::new(),
        });
    }
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(width);
    limits.max_image_height = Some(height);
    let mut decoder = reader(limits).into_decoder().map_err(undecodable)?;
    let orientation = decoder.orientation().map_err(undecodable)?;
    let mut picture = DynamicImage::from_decoder(decoder).map_err(undecodable)?;
    picture.apply_orientation(orientation);
    let (width, height) = (picture.width(), picture.height());
    let copies = widths(width, height, &settings.widths)
        .into_iter()
        .map(|(w, h)| encode(&picture, w, h, settings.quality))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Processed {
        width,
        height,
        copies,
    })
}

/// The sizes of the copies of a `width` x `height` picture, narrowest first: each of `wanted`
/// narrower than it, and its own width, keeping its aspect and within libwebp's limits.
pub fn widths(width: u32, height: u32, wanted: &[u32]) -> Vec<(u32, u32)> {
    let height_at = |w: u32| {
        let h = (u64::from(height) * u64::from(w) + u64::from(width) / 2) / u64::from(width.max(1));
        u32::try_from(h).unwrap_or(u32::MAX).max(1)
    };
    let mut chosen: Vec<u32> = wanted
        .iter()
        .copied()
        .filter(|w| *w > 0 && *w < width)
        .chain([width])
        .collect();
    chosen.sort_unstable();
    chosen.dedup();
    chosen
        .into_iter()
        .map(|w| (w, height_at(w)))
        .filter(|(w, h)| *w <= MAX_SIDE && *h <= MAX_SIDE)
        .collect()
}

/// Whether the picture has more than one frame.
fn is_animated(bytes: &[u8], format: ImageFormat) -> image::ImageResult<bool> {
    Ok(match format {
        ImageFormat::Png => image::codecs::png::PngDecoder::new(Cursor::new(bytes))?.is_apng()?,
        ImageFormat::WebP => {
            image::codecs::webp::WebPDecoder::new(Cursor::new(bytes))?.has_animation()
        }
        ImageFormat::Gif => {
            let frames = image::codecs::gif::GifDecoder::new(Cursor::new(bytes))?.into_frames();
            frames.take(2).count() > 1
        }
        _ => false,
    })
}

/// `picture` at `width` x `height`, as lossy WebP.
fn encode(
    picture: &DynamicImage,
    width: u32,
    height: u32,
    quality: u8,
) -> Result<Resized, ImageError> {
    let resized = if (width, height) == (picture.width(), picture.height()) {
        std::borrow::Cow::Borrowed(picture)
    } else {
        std::borrow::Cow::Owned(picture.resize_exact(
            width,
            height,
            image::imageops::FilterType::Lanczos3,
        ))
    };
    let unencodable = |reason: String| ImageError::Unencodable { reason };
    let bytes = if resized.color().has_alpha() {
        let pixels = resized.to_rgba8();
        webp::Encoder::from_rgba(&pixels, width, height)
            .encode_simple(false, f32::from(quality))
            .map_err(|e| unencodable(format!("{e:?}")))?
            .to_vec()
    } else {
        let pixels = resized.to_rgb8();
        webp::Encoder::from_rgb(&pixels, width, height)
            .encode_simple(false, f32::from(quality))
            .map_err(|e| unencodable(format!("{e:?}")))?
            .to_vec()
    };
    Ok(Resized {
        width,
        height,
        bytes,
    })
}
