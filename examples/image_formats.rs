//! Times the encoders responsive images could use, on one photo resized to 1600 pixels wide:
//! libwebp lossy (what Quire uses), libwebp lossless, and the `image` crate's own WebP encoder
//! (lossless only). The AVIF numbers in `src/content/images.rs` were measured with the same
//! code and `ravif` added for the run (it is not a dependency: see docs/images.md).
//!
//! `cargo run --release --features ssr --example image_formats -- photo.jpg`
//! (without a file, a generated picture is used; its numbers say little about photos).

use std::time::{Duration, Instant};

fn main() {
    let picture = match std::env::args().nth(1) {
        Some(path) => match image::open(&path) {
            Ok(picture) => picture,
            Err(error) => {
                eprintln!("{path}: {error}");
                std::process::exit(1);
            }
        },
        None => generated(),
    };
    let width = picture.width().min(1600);
    let height =
        (u64::from(picture.height()) * u64::from(width) / u64::from(picture.width())).max(1) as u32;
    let started = Instant::now();
    let resized = picture.resize_exact(width, height, image::imageops::FilterType::Lanczos3);
    println!(
        "{}x{} -> {width}x{height}: resize {:.0} ms",
        picture.width(),
        picture.height(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    let rgb = resized.to_rgb8();
    report("libwebp lossy, quality 80", || {
        webp::Encoder::from_rgb(&rgb, width, height)
            .encode_simple(false, 80.0)
            .map(|memory| memory.len())
            .unwrap_or(0)
    });
    report("libwebp lossless", || {
        webp::Encoder::from_rgb(&rgb, width, height)
            .encode_simple(true, 80.0)
            .map(|memory| memory.len())
            .unwrap_or(0)
    });
    report("image's WebP encoder (lossless)", || {
        let mut out = Vec::new();
        let encoded = image::codecs::webp::WebPEncoder::new_lossless(&mut out).encode(
            &rgb,
            width,
            height,
            image::ExtendedColorType::Rgb8,
        );
        encoded.map(|()| out.len()).unwrap_or(0)
    });
}

/// Runs `encode` three times and prints the fastest time and the size it returned.
fn report(name: &str, encode: impl Fn() -> usize) {
    let mut best = Duration::MAX;
    let mut size = 0;
    for _ in 0..3 {
        let started = Instant::now();
        size = encode();
        best = best.min(started.elapsed());
    }
    println!(
        "{name:34} {:7.0} ms {:9} bytes",
        best.as_secs_f64() * 1000.0,
        size
    );
}

/// A 2400x1600 picture of gradients and noise, for a run without a photo at hand.
fn generated() -> image::DynamicImage {
    let mut seed = 0x2545_f491_u32;
    image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(2400, 1600, |x, y| {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        let noise = (seed % 24) as u8;
        image::Rgb([
            (x * 200 / 2400) as u8 + noise,
            (y * 200 / 1600) as u8 + noise,
            ((x + y) * 100 / 4000) as u8 + noise,
        ])
    }))
}
