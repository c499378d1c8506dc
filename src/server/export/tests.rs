//! Tests of `export`: file names for addresses, and what a target folder must be.

use super::*;

#[test]
fn pages_become_index_files_and_documents_keep_their_names() {
    assert_eq!(
        file_for("/", Kind::Page).expect("exportable"),
        Path::new("index.html")
    );
    assert_eq!(
        file_for("/page/2", Kind::Page).expect("exportable"),
        Path::new("page/2/index.html")
    );
    assert_eq!(
        file_for("/posts/v1.2-notes", Kind::Page).expect("exportable"),
        Path::new("posts/v1.2-notes/index.html")
    );
    assert_eq!(
        file_for("/rss.xml", Kind::Document).expect("exportable"),
        Path::new("rss.xml")
    );
    assert_eq!(
        file_for("/data/posts/hello.json", Kind::Document).expect("exportable"),
        Path::new("data/posts/hello.json")
    );
}

#[test]
fn encoded_names_are_decoded_as_a_static_host_decodes_them() {
    assert_eq!(
        file_for("/tags/caf%C3%A9/rss.xml", Kind::Document).expect("exportable"),
        Path::new("tags/café/rss.xml")
    );
    assert_eq!(
        file_for(&urls::tag_href("日本語"), Kind::Page).expect("exportable"),
        Path::new("tags/日本語/index.html")
    );
}

#[test]
fn segments_that_escape_the_folder_or_hide_a_slash_are_refused() {
    for address in [
        "/posts/..",
        "/posts/%2E%2E",
        "/posts/a%2Fb",
        "/posts/a%5Cb",
        "/posts/a%00b",
        "/posts/%FF",
    ] {
        assert!(
            matches!(
                file_for(address, Kind::Page),
                Err(Error::Unexportable { .. })
            ),
            "{address} should be refused"
        );
    }
}

#[test]
fn a_folder_that_is_neither_empty_nor_an_export_is_left_alone() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("precious.txt"), "keep me").expect("a file");
    let error = prepare(dir.path()).unwrap_err();
    assert!(
        error.to_string().contains("not a previous export"),
        "{error}"
    );
    assert!(dir.path().join("precious.txt").is_file());
}

#[test]
fn a_previous_export_is_emptied_and_marked_again() {
    let dir = tempfile::tempdir().expect("temp dir");
    prepare(dir.path()).expect("an empty folder or an export is prepared");
    std::fs::create_dir_all(dir.path().join("posts/old")).expect("a folder");
    std::fs::write(dir.path().join("posts/old/index.html"), "stale").expect("a page");
    prepare(dir.path()).expect("an empty folder or an export is prepared");
    assert!(!dir.path().join("posts").exists());
    assert!(dir.path().join(MARKER).is_file());
}

/// A site with a photo among its assets, a photo beside a bundled post, and a text file named
/// like a picture; its render cache in `cache/`.
fn site_with_pictures() -> (tempfile::TempDir, AppState) {
    use crate::content::images::tests::picture;
    use image::ImageFormat;
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let write = |path: &str, body: &[u8]| {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("folders");
        std::fs::write(path, body).expect("a file");
    };
    for file in [
        "site/pkg/quire.js",
        "site/pkg/quire.wasm",
        "site/pkg/quire.css",
    ] {
        write(file, b"");
    }
    write(
        "site/images/photo.png",
        &picture(1000, 500, ImageFormat::Png),
    );
    write("site/images/fake.png", b"not a picture");
    write(
        "posts/pictures.md",
        b"---\ntitle: Pictures\ndate: 2026-01-02\n---\n![A photo](/images/photo.png)\n\n\
          ![A fake](/images/fake.png)\n",
    );
    write(
        "posts/trip/index.md",
        b"---\ntitle: Trip\ndate: 2026-01-03\n---\n![A map](map.jpg)\n\n![A photo](/images/photo.png)\n",
    );
    write("posts/trip/map.jpg", &picture(600, 300, ImageFormat::Jpeg));
    let overrides = crate::settings::Overrides {
        posts_dir: Some(root.join("posts")),
        cache_dir: Some(root.join("cache")),
        drafts: Some(false),
        ..Default::default()
    };
    let settings = crate::settings::Settings::resolve(Default::default(), &overrides, false);
    let options = leptos::prelude::LeptosOptions::builder()
        .output_name("quire")
        .site_root(root.join("site").to_string_lossy().into_owned())
        .site_pkg_dir("pkg")
        .build();
    let state = AppState::load(options, &settings);
    (dir, state)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_export_holds_every_resized_copy_its_pages_show() {
    let (dir, state) = site_with_pictures();
    let index = state.library.snapshot();
    let warnings: Vec<String> = index
        .entries()
        .iter()
        .flat_map(|entry| entry.warnings.iter().map(|w| w.to_string()))
        .collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("images/fake.png: expected a PNG, JPEG, GIF or WebP image")),
        "{warnings:?}"
    );
    let out = dir.path().join("out");
    export(state, &out, &|_| {}).await.expect("the export runs");

    // Every copy the pipeline made (photo: 480, 960, 1000; map: 480, 600) is in `_img/`, as is.
    let made: Vec<_> = std::fs::read_dir(dir.path().join("cache/images"))
        .expect("the images folder")
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "webp"))
        .collect();
    assert_eq!(made.len(), 5, "{made:?}");
    for path in &made {
        let name = path.file_name().expect("a name");
        let exported = std::fs::read(out.join("_img").join(name)).expect("exported");
        assert_eq!(exported, std::fs::read(path).expect("made"), "{name:?}");
    }
    assert_eq!(
        std::fs::read_dir(out.join("_img")).expect("_img/").count(),
        made.len(),
        "only copies, no manifest"
    );
    // And every copy a page offers is one of them.
    for page in ["posts/pictures/index.html", "posts/trip/index.html"] {
        let html = std::fs::read_to_string(out.join(page)).expect("a page");
        assert!(html.contains(" srcset=\"/_img/"), "{page}: {html}");
        for name in crate::content::images::variant_names(&html) {
            assert!(out.join("_img").join(name).is_file(), "{page}: {name}");
        }
    }
    let pictures = std::fs::read_to_string(out.join("posts/pictures/index.html")).expect("a page");
    assert!(
        pictures.contains("<img src=\"/images/fake.png\" alt=\"A fake\" loading=\"lazy\""),
        "a picture without copies is shown as it is: {pictures}"
    );
}
