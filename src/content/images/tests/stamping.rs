//! Stamps: a later run finds a picture's copies without reading it, and trusts no stale stamp.

use super::*;

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
