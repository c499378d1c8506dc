//! Tests of the image pipeline: valid, huge, truncated, fake and animated pictures, the store and
//! its manifests, the memo, and the copies' names.

use super::*;
use image::{DynamicImage, ImageFormat, RgbImage};
use std::io::Cursor;

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

#[test]
fn a_png_gets_webp_copies_at_each_narrower_width_and_its_own() {
    let made = process(&picture(1200, 800, ImageFormat::Png), &settings()).expect("a valid PNG");
    assert_eq!((made.width, made.height), (1200, 800));
    let sizes: Vec<(u32, u32)> = made.copies.iter().map(|c| (c.width, c.height)).collect();
    assert_eq!(sizes, [(480, 320), (960, 640), (1200, 800)]);
    for copy in &made.copies {
        assert_eq!(&copy.bytes[..4], b"RIFF");
        assert_eq!(&copy.bytes[8..12], b"WEBP");
        let decoded = image::load_from_memory(&copy.bytes).expect("the copy decodes");
        assert_eq!(
            (decoded.width(), decoded.height()),
            (copy.width, copy.height)
        );
    }
}

#[test]
fn a_jpeg_smaller_than_every_width_gets_one_copy_at_its_own_width() {
    let made = process(&picture(300, 200, ImageFormat::Jpeg), &settings()).expect("a valid JPEG");
    let sizes: Vec<(u32, u32)> = made.copies.iter().map(|c| (c.width, c.height)).collect();
    assert_eq!(sizes, [(300, 200)]);
}

#[test]
fn the_same_picture_and_settings_always_make_the_same_bytes() {
    let png = picture(700, 500, ImageFormat::Png);
    assert_eq!(
        process(&png, &settings()).expect("valid"),
        process(&png, &settings()).expect("valid")
    );
}

#[test]
fn a_header_claiming_too_many_pixels_is_refused_before_decoding() {
    let started = std::time::Instant::now();
    let error = process(&png_header(30_000, 30_000), &settings()).expect_err("over the limit");
    assert_eq!(
        error,
        ImageError::TooLarge {
            max_megapixels: 40,
            width: 30_000,
            height: 30_000
        }
    );
    assert!(error
        .to_string()
        .starts_with("expected an image of at most 40 megapixels"));
    // Decoding 900 million pixels would take seconds and gigabytes; reading a header takes none.
    assert!(started.elapsed() < std::time::Duration::from_secs(1));
}

#[test]
fn a_truncated_picture_is_undecodable() {
    let png = picture(400, 300, ImageFormat::Png);
    let error = process(&png[..png.len() / 2], &settings()).expect_err("truncated");
    assert!(matches!(error, ImageError::Undecodable { .. }), "{error:?}");
    for cut in [8, 20, 40] {
        assert!(process(&png[..cut], &settings()).is_err(), "cut at {cut}");
    }
}

#[test]
fn text_named_like_a_picture_is_not_an_image() {
    let error = process(b"# Not a picture\nJust text.\n", &settings()).expect_err("text");
    assert_eq!(
        error.to_string(),
        "expected a PNG, JPEG, GIF or WebP image, found text or unknown bytes"
    );
    assert!(process(b"", &settings()).is_err());
}

#[test]
fn an_animated_gif_is_kept_as_it_is() {
    let mut bytes = Vec::new();
    {
        let mut encoder = image::codecs::gif::GifEncoder::new(&mut bytes);
        let frames = [0u8, 255].map(|shade| {
            image::Frame::new(image::RgbaImage::from_pixel(
                20,
                10,
                image::Rgba([shade, 0, 0, 255]),
            ))
        });
        encoder.encode_frames(frames).expect("frames encode");
    }
    let made = process(&bytes, &settings()).expect("a valid GIF");
    assert_eq!((made.width, made.height), (20, 10));
    assert!(made.copies.is_empty());
    let still = process(&picture(20, 10, ImageFormat::Gif), &settings()).expect("a still GIF");
    assert_eq!(still.copies.len(), 1);
}

#[test]
fn copy_widths_keep_the_aspect_skip_wider_ones_and_stay_within_webp() {
    assert_eq!(
        process::widths(2000, 1000, &[480, 960, 1600]),
        [(480, 240), (960, 480), (1600, 800), (2000, 1000)]
    );
    assert_eq!(process::widths(960, 3, &[480, 960]), [(480, 2), (960, 3)]);
    assert_eq!(process::widths(100, 1, &[50]), [(50, 1), (100, 1)]);
    assert_eq!(
        process::widths(20_000, 1000, &[480]),
        [(480, 24)],
        "no copy wider than libwebp allows"
    );
}

#[test]
fn the_store_makes_copies_once_and_reads_the_manifest_after() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = ImageStore::new(dir.path());
    let png = picture(1000, 500, ImageFormat::Png);
    let first = store.get_or_make(&png, &settings()).expect("valid");
    let names: Vec<&str> = first.variants.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names.len(), 3);
    for name in &names {
        assert!(is_variant_name(name), "{name}");
        assert!(store.dir().join(name).is_file(), "{name} written");
    }
    // Marked: a second call that encoded again would overwrite it.
    let marked = store.dir().join(names[0]);
    std::fs::write(&marked, b"kept").expect("mark");
    let second = store.get_or_make(&png, &settings()).expect("valid");
    assert_eq!(second, first);
    assert_eq!(std::fs::read(&marked).expect("still there"), b"kept");
    // A missing copy makes the manifest stale: everything is made again.
    std::fs::remove_file(store.dir().join(names[1])).expect("delete");
    assert_eq!(store.get_or_make(&png, &settings()).expect("valid"), first);
    assert!(store.dir().join(names[1]).is_file());
    assert_ne!(std::fs::read(&marked).expect("rewritten"), b"kept");
}

#[test]
fn other_settings_name_other_copies() {
    let png = picture(600, 400, ImageFormat::Png);
    let quality_60 = ImageSettings {
        quality: 60,
        ..settings()
    };
    assert_ne!(
        ImageStore::hash(&png, &settings()),
        ImageStore::hash(&png, &quality_60)
    );
    assert_eq!(
        ImageStore::hash(&png, &settings()),
        ImageStore::hash(&png, &settings())
    );
}

#[test]
fn a_failure_is_remembered_too() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = ImageStore::new(dir.path());
    let error = store
        .get_or_make(b"fake", &settings())
        .expect_err("not an image");
    let manifests = std::fs::read_dir(store.dir().join("manifests"))
        .expect("a manifest folder")
        .count();
    assert_eq!(manifests, 1);
    assert_eq!(store.get_or_make(b"fake", &settings()), Err(error));
}

#[test]
fn a_lookup_sizes_and_resizes_once_per_file_version() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = ImageStore::new(&dir.path().join("cache"));
    let path = png_on_disk(dir.path(), "a.png", 800, 400);
    let first = lookup(&path, &settings(), Some(&store), Encoding::Now);
    let info = first.info.clone().expect("sized");
    assert_eq!(
        (info.width, info.height, info.variants.len()),
        (800, 400, 2)
    );
    assert_eq!(first.problem, None);
    // The copies are gone, but the memo knows the file has not changed: no disk work at all.
    std::fs::remove_dir_all(store.dir()).expect("delete");
    assert_eq!(
        lookup(&path, &settings(), Some(&store), Encoding::Now),
        first
    );
    // An edit (another length) is looked at again.
    std::fs::write(&path, picture(400, 400, ImageFormat::Png)).expect("write");
    let edited = lookup(&path, &settings(), Some(&store), Encoding::Now)
        .info
        .expect("sized");
    assert_eq!((edited.width, edited.variants.len()), (400, 1));
    assert!(store.dir().join(&edited.variants[0].name).is_file());
}

#[test]
fn a_broken_picture_is_reported_and_still_sized_from_its_header() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = ImageStore::new(&dir.path().join("cache"));
    let huge = dir.path().join("huge.png");
    std::fs::write(&huge, png_header(12_000, 12_000)).expect("write");
    let found = lookup(&huge, &settings(), Some(&store), Encoding::Now);
    assert_eq!(found.info, Some(ImageInfo::sized(12_000, 12_000)));
    assert!(matches!(found.problem, Some(ImageError::TooLarge { .. })));
    let fake = dir.path().join("fake.png");
    std::fs::write(&fake, "text").expect("write");
    let found = lookup(&fake, &settings(), Some(&store), Encoding::Now);
    assert_eq!(found.info, None);
    assert!(matches!(found.problem, Some(ImageError::NotAnImage { .. })));
    // Without responsive images, a picture is only sized and nothing is reported.
    let off = lookup(&fake, &ImageSettings::off(), Some(&store), Encoding::Now);
    assert_eq!(off, Lookup::default());
    assert_eq!(
        lookup(
            &dir.path().join("missing.png"),
            &settings(),
            Some(&store),
            Encoding::Now
        ),
        Lookup::default()
    );
}

/// Waits for the background to make what it was given (by any test), failing after a minute.
fn background_done() {
    start_background();
    assert!(
        wait_until_idle(std::time::Duration::from_secs(60)),
        "the background never emptied its queue"
    );
}

#[test]
fn a_background_lookup_answers_with_the_size_and_the_copies_follow() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = ImageStore::new(&dir.path().join("cache"));
    let path = png_on_disk(dir.path(), "later.png", 800, 400);
    let first = lookup(&path, &settings(), Some(&store), Encoding::Background);
    assert!(first.pending);
    assert_eq!(first.info, Some(ImageInfo::sized(800, 400)));
    assert_eq!(first.problem, None);
    background_done();
    let later = lookup(&path, &settings(), Some(&store), Encoding::Background);
    assert!(!later.pending);
    let info = later.info.expect("sized");
    assert_eq!(info.variants.len(), 2);
    for variant in &info.variants {
        assert!(store.dir().join(&variant.name).is_file(), "{variant:?}");
    }
}

#[test]
fn a_background_lookup_finds_the_copies_a_run_before_made_by_the_files_stamp() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = ImageStore::new(&dir.path().join("cache"));
    let path = png_on_disk(dir.path(), "again.png", 600, 300);
    let made = lookup(&path, &settings(), Some(&store), Encoding::Now);
    assert_eq!(made.info.as_ref().map(|info| info.variants.len()), Some(2));
    // A new process: nothing in memory, the stamp and the manifest on disk.
    memo::forget(&path);
    let found = lookup(&path, &settings(), Some(&store), Encoding::Background);
    assert!(!found.pending);
    assert_eq!(found, made);
}

#[test]
fn a_stamp_is_not_trusted_for_another_version_of_the_file_or_without_its_manifest() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = ImageStore::new(&dir.path().join("cache"));
    let path = png_on_disk(dir.path(), "edited.png", 600, 300);
    lookup(&path, &settings(), Some(&store), Encoding::Now);
    // Another picture in the same file (another length): the stamp no longer matches.
    png_on_disk(dir.path(), "edited.png", 500, 300);
    memo::forget(&path);
    let edited = lookup(&path, &settings(), Some(&store), Encoding::Background);
    assert!(edited.pending);
    assert_eq!(edited.info, Some(ImageInfo::sized(500, 300)));
    // The stamp matches, but the copies it names were deleted: the picture is made again.
    let path = png_on_disk(dir.path(), "deleted.png", 700, 300);
    lookup(&path, &settings(), Some(&store), Encoding::Now);
    std::fs::remove_dir_all(store.dir().join("manifests")).expect("delete");
    memo::forget(&path);
    let remade = lookup(&path, &settings(), Some(&store), Encoding::Now);
    assert!(!remade.pending);
    assert_eq!(remade.info.expect("sized").variants.len(), 2);
    assert!(store.dir().join("manifests").is_dir());
}

#[test]
fn other_settings_do_not_share_a_stamp() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = ImageStore::new(&dir.path().join("cache"));
    let path = png_on_disk(dir.path(), "settings.png", 600, 300);
    lookup(&path, &settings(), Some(&store), Encoding::Now);
    let other = ImageSettings {
        quality: 50,
        ..settings()
    };
    let found = lookup(&path, &other, Some(&store), Encoding::Background);
    assert!(found.pending, "{found:?}");
}

#[test]
fn a_broken_picture_left_to_the_background_is_reported_once_looked_at() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = ImageStore::new(&dir.path().join("cache"));
    let fake = dir.path().join("fake-later.png");
    std::fs::write(&fake, "not a picture").expect("write");
    let first = lookup(&fake, &settings(), Some(&store), Encoding::Background);
    assert!(first.pending);
    assert_eq!(first.problem, None);
    background_done();
    let later = lookup(&fake, &settings(), Some(&store), Encoding::Background);
    assert!(!later.pending);
    assert!(matches!(later.problem, Some(ImageError::NotAnImage { .. })));
}

#[test]
fn a_lookup_that_needs_the_copies_now_makes_what_the_background_has_not() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = ImageStore::new(&dir.path().join("cache"));
    let path = png_on_disk(dir.path(), "now.png", 700, 350);
    assert!(lookup(&path, &settings(), Some(&store), Encoding::Background).pending);
    let now = lookup(&path, &settings(), Some(&store), Encoding::Now);
    assert!(!now.pending);
    assert_eq!(now.info.expect("sized").variants.len(), 2);
}

#[test]
fn an_svg_is_sized_but_never_resized() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = ImageStore::new(&dir.path().join("cache"));
    let svg = dir.path().join("a.svg");
    std::fs::write(
        &svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"5\"/>",
    )
    .expect("write");
    let found = lookup(&svg, &settings(), Some(&store), Encoding::Now);
    assert!(found.info.is_none_or(|info| info.variants.is_empty()));
    assert_eq!(found.problem, None);
    assert!(!store.dir().exists());
}

#[test]
fn only_copy_names_are_served_and_found_in_pages() {
    let hash = "0123456789abcdef0123";
    assert!(is_variant_name(&format!("{hash}-480.webp")));
    for name in [
        "",
        "../secret-480.webp",
        &format!("{hash}-480.png"),
        &format!("{hash}.webp"),
        &format!("{hash}-.webp"),
        &format!("{hash}-480.webp/x"),
        "manifests/0123456789abcdef0123.json",
        &format!("{}-480.webp", hash.to_uppercase()),
        &format!(".{hash}-480.webp.tmp"),
    ] {
        assert!(!is_variant_name(name), "{name}");
    }
    let html = format!(
        "<img src=\"/a.png\" srcset=\"/_img/{hash}-480.webp 480w, /_img/{hash}-960.webp 960w\"> \
         <a href=\"/_img/../x\">x</a>"
    );
    let names: Vec<&str> = variant_names(&html).collect();
    assert_eq!(
        names,
        [format!("{hash}-480.webp"), format!("{hash}-960.webp")]
    );
}

#[test]
fn settings_out_of_range_are_explained() {
    assert_eq!(ImageSettings::default().check(), Ok(()));
    let bad = |settings: ImageSettings| settings.check().expect_err("out of range");
    assert!(bad(ImageSettings {
        quality: 0,
        ..settings()
    })
    .contains("[images] quality"));
    assert!(bad(ImageSettings {
        quality: 101,
        ..settings()
    })
    .contains("found 101"));
    assert!(bad(ImageSettings {
        max_megapixels: 0,
        ..settings()
    })
    .contains("max_megapixels"));
    assert!(bad(ImageSettings {
        widths: vec![480, 0],
        ..settings()
    })
    .contains("found 0"));
}
