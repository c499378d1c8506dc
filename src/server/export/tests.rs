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
