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

#[test]
fn the_export_holds_every_resized_copy_its_pages_show() {
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
    run_export(state, &out);

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

/// The state of the fixture blog for an export: its posts, a stand-in for the built site root in
/// `dir/site` (the export only copies the bundle) and the render cache in `dir/cache`.
fn fixture_state(dir: &Path, edit: impl FnOnce(&mut crate::settings::SettingsFile)) -> AppState {
    use crate::settings::{Overrides, Settings, SettingsFile};
    let site = dir.join("site");
    std::fs::create_dir_all(site.join("pkg")).expect("pkg folder");
    for file in ["pkg/quire.js", "pkg/quire.wasm", "pkg/quire.css"] {
        std::fs::write(site.join(file), "stand-in").expect("bundle file");
    }
    let mut file = SettingsFile::default();
    edit(&mut file);
    let overrides = Overrides {
        posts_dir: Some(PathBuf::from("tests/fixtures/site")),
        drafts: Some(false),
        cache_dir: Some(dir.join("cache")),
        ..Overrides::default()
    };
    let settings = Settings::resolve(file, &overrides, false);
    let options = leptos::prelude::LeptosOptions::builder()
        .output_name("quire")
        .site_root(site.display().to_string())
        .site_pkg_dir("pkg")
        .build();
    AppState::load(options, &settings)
}

/// One runtime for every export here: Leptos binds its task spawner to the first runtime it
/// sees, so a second test's own runtime would leave its renders spawning onto a dead one.
static RUNTIME: std::sync::LazyLock<tokio::runtime::Runtime> = std::sync::LazyLock::new(|| {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime")
});

fn run_export(state: AppState, out: &Path) -> Summary {
    RUNTIME
        .block_on(export(state, out, &|_| {}))
        .expect("the fixture blog exports")
}

#[test]
fn every_post_without_a_picture_gets_its_card_file_and_its_page_points_at_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let state = fixture_state(dir.path(), |_| {});
    let out = dir.path().join("out");
    run_export(state.clone(), &out);
    let cards = state.cards.as_ref().expect("cards are on by default");
    let index = state.library.snapshot();
    let mut with_cards = 0;
    for entry in index.entries() {
        let page = std::fs::read_to_string(
            out.join(file_for(&entry.summary.href, Kind::Page).expect("exportable")),
        )
        .expect("the post's page is written");
        if entry.image.is_some() || entry.social_image.is_some() {
            assert!(!page.contains("/_cards/"), "{}", entry.summary.slug);
            continue;
        }
        with_cards += 1;
        let href = cards.href(&state.settings.site, &entry.summary);
        let png = std::fs::read(out.join(file_for(&href, Kind::Document).expect("exportable")))
            .expect("the card is written");
        assert_eq!(&png[1..4], b"PNG");
        let absolute = urls::absolute(&state.settings.site.base_url, &href);
        assert!(
            page.contains(&format!(
                "<meta property=\"og:image\" content=\"{absolute}\">"
            )),
            "{page}"
        );
        assert!(
            page.contains(&format!(
                "<meta name=\"twitter:image\" content=\"{absolute}\">"
            )),
            "{page}"
        );
    }
    assert!(with_cards >= 2, "the fixtures have posts without pictures");
    assert_eq!(cards.drawn(), with_cards, "each card drawn once");
}

#[test]
fn with_cards_off_the_export_has_no_cards_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    let state = fixture_state(dir.path(), |file| file.social_cards.enabled = false);
    let out = dir.path().join("out");
    run_export(state, &out);
    assert!(!out.join("_cards").exists());
}
