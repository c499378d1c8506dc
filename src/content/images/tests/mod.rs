//! Tests of the image pipeline, a file per concern, and the pictures they share.

use super::*;
use image::{DynamicImage, ImageFormat, RgbImage};
use std::io::Cursor;

mod caching;
mod lookups;
mod making;
mod naming;
mod stamping;

/// A `width` x `height` picture with some structure (gradients and stripes), encoded as `format`.
pub(crate) fn picture(width: u32, height: u32, format: ImageFormat) -> Vec<u8> {
    let pixels = RgbImage::from_fn(width, height, |x, y| {
        let stripe = if (x / 7 + y / 11) % 2 == 0 { 40 } else { 0 };
        image::Rgb([
            (x * 255 / width.max(1)) as u8,
            (y * 255 / height.max(1)) as u8,
            (128 + stripe) as u8,
        ])
    });
    let mut bytes = Cursor::new(Vec::new());
    DynamicImage::ImageRgb8(pixels)
        .write_to(&mut bytes, format)
        .expect("an in-memory picture encodes");
    bytes.into_inner()
}

/// A PNG whose header claims `width` x `height` pixels, with no pixel data behind it.
fn png_header(width: u32, height: u32) -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        out.extend_from_slice(&body);
        out.extend_from_slice(&crc32(&body).to_be_bytes());
    }
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]); // 8-bit RGB, no interlace
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut png, b"IHDR", &ihdr);
    chunk(&mut png, b"IDAT", &[]);
    chunk(&mut png, b"IEND", &[]);
    png
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xffff_ffff_u32;
    for byte in bytes {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A PNG of `width` x `height` written as `name` in `dir`.
fn png_on_disk(dir: &std::path::Path, name: &str, width: u32, height: u32) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, picture(width, height, ImageFormat::Png)).expect("write");
    path
}

fn settings() -> ImageSettings {
    ImageSettings::default()
}
