//! Lookups through the memo: now and in the background, broken pictures, SVG.

use super::*;

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
