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
