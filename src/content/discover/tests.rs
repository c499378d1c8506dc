//! Tests of `discover`: each engine's layout.

use super::*;

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().expect("a parent")).expect("create folder");
    fs::write(path, text).expect("write file");
}

/// Each post as (slug, folder, bundle, draft), with the file relative to `dir`.
fn posts(dir: &Path) -> Vec<(String, String, String, bool, bool)> {
    discover(dir)
        .expect("readable")
        .files
        .into_iter()
        .map(|f| {
            let file = f
                .path
                .strip_prefix(dir)
                .expect("inside")
                .display()
                .to_string();
            (file, f.default_slug, f.folder, f.bundle, f.draft)
        })
        .collect()
}

fn own(items: &[(&str, &str, &str, bool, bool)]) -> Vec<(String, String, String, bool, bool)> {
    items
        .iter()
        .map(|(a, b, c, d, e)| (a.to_string(), b.to_string(), c.to_string(), *d, *e))
        .collect()
}

#[test]
fn a_jekyll_site_is_read_from_posts_and_drafts_with_dates_left_out_of_slugs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    write(d, "_config.yml", "title: Old blog\n");
    write(
        d,
        "_posts/2024-05-01-hello-world.md",
        "---\ntitle: Hi\n---\n",
    );
    write(
        d,
        "_posts/2023/2023-01-02-older.markdown",
        "---\ntitle: Old\n---\n",
    );
    write(d, "_drafts/an-idea.md", "---\ntitle: Idea\n---\n");
    write(d, "_layouts/post.html", "<html></html>");
    write(d, "about.md", "---\ntitle: About\n---\n");
    assert_eq!(
        posts(d),
        own(&[
            (
                "_posts/2023/2023-01-02-older.markdown",
                "older",
                "2023",
                false,
                false
            ),
            (
                "_posts/2024-05-01-hello-world.md",
                "hello-world",
                "",
                false,
                false
            ),
            ("_drafts/an-idea.md", "an-idea", "", false, true),
        ])
    );
}

#[test]
fn an_astro_project_is_read_from_its_blog_collection() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    write(d, "astro.config.mjs", "export default {}\n");
    write(d, "src/pages/index.astro", "---\n---\n");
    write(
        d,
        "src/content/blog/first-post.md",
        "---\ntitle: First\n---\n",
    );
    assert_eq!(
        posts(d),
        own(&[(
            "src/content/blog/first-post.md",
            "first-post",
            "",
            false,
            false
        )])
    );
}

#[test]
fn a_zola_site_reads_content_with_its_sections_and_bundles_found() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    write(d, "zola.toml", "base_url = \"https://x.example\"\n");
    write(d, "templates/page.html", "");
    write(d, "content/_index.md", "+++\n+++\n");
    write(d, "content/blog/_index.md", "+++\ntitle = \"Blog\"\n+++\n");
    write(d, "content/blog/a.md", "+++\ntitle = \"A\"\n+++\n");
    write(
        d,
        "content/blog/2024-03-04-b/index.md",
        "+++\ntitle = \"B\"\n+++\n",
    );
    write(d, "content/blog/2024-03-04-b/map.png", "png");
    let found = discover(d).expect("readable");
    let files: Vec<(&str, &str, bool)> = found
        .files
        .iter()
        .map(|f| (f.default_slug.as_str(), f.folder.as_str(), f.bundle))
        .collect();
    assert_eq!(files, [("b", "blog", true), ("a", "blog", false)]);
    let sections: Vec<&str> = found.sections.iter().map(|s| s.folder.as_str()).collect();
    assert_eq!(sections, ["blog"]);
    assert_eq!(found.unread.sections, 1, "the top folder's _index.md");
    assert!(found.unread.files.is_empty(), "{:?}", found.unread);
}

#[test]
fn a_hugo_bundle_in_several_languages_is_read_once_in_english() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    write(d, "hugo.toml", "title = \"Site\"\n");
    write(
        d,
        "content/posts/trip/index.fr.md",
        "---\ntitle: Voyage\n---\n",
    );
    write(
        d,
        "content/posts/trip/index.en.md",
        "---\ntitle: Trip\n---\n",
    );
    write(d, "content/posts/trip/cover.jpg", "jpg");
    let found = discover(d).expect("readable");
    assert_eq!(found.files.len(), 1);
    assert!(found.files[0]
        .path
        .ends_with("content/posts/trip/index.en.md"));
    assert_eq!(found.files[0].folder, "posts");
    assert_eq!(found.unread.translations, 1);
}

#[test]
fn what_is_not_read_is_summed_up_in_one_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    write(d, "post.md", "---\ntitle: P\n---\n");
    write(d, "_index.md", "---\ntitle: S\n---\n");
    write(d, "page.html", "");
    write(d, "other.html", "");
    write(d, "README", "");
    write(d, "_data/authors.yml", "");
    assert_eq!(
        discover(d).expect("readable").unread.line().as_deref(),
        Some(
            "not read: 1 section file (the top folder's _index.md, or another language's); \
             3 other files (1 without extension, 2 .html); 1 folder (_data)"
        )
    );
}

#[test]
fn only_a_leading_calendar_date_leaves_the_slug() {
    assert_eq!(without_date("2024-05-01-hello"), "hello");
    assert_eq!(without_date("2024-05-01"), "2024-05-01");
    assert_eq!(without_date("2024-05-01-"), "2024-05-01-");
    assert_eq!(without_date("20240501-x"), "20240501-x");
    assert_eq!(without_date("hello"), "hello");
}
