//! The store: copies made once, named by content and settings, failures remembered.

use super::*;

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
