//! What a picture becomes: its copies, and the pictures refused (huge, truncated, fake);
//! animated GIFs, copy widths and the settings' ranges.

use super::*;

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
