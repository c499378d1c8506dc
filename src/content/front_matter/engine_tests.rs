//! Tests of `front_matter`: each engine's field names read onto Quire's fields.

use super::*;

fn ok(text: &str) -> FrontMatter {
    parse(text)
        .unwrap_or_else(|p| panic!("expected a valid post, got {p:?}"))
        .front_matter
}

fn fields_of(text: &str) -> Vec<String> {
    parse(text)
        .expect_err("expected problems")
        .into_iter()
        .map(|p| p.field)
        .collect()
}

fn day(date: Option<PubDate>) -> Option<String> {
    date.map(|d| d.day().to_string())
}

#[test]
fn hugo_toml_fields_map_onto_quire_s() {
    let fm = ok(
        "+++\ntitle = \"T\"\ndate = 2024-05-01\npublishDate = 2024-04-01\n\
                 lastmod = 2024-06-01\nexpiryDate = 2030-01-01\nsummary = \"Short.\"\n\
                 categories = [\"Notes\"]\nseries = [\"Intro\"]\nkeywords = [\"rust\"]\n\
                 authors = [\"Ada\", \"Grace\"]\nweight = 2\nimages = [\"/a.png\"]\n\
                 url = \"/2024/x/\"\naliases = [\"/old/x/\"]\ndraft = true\n+++\n",
    );
    assert_eq!(
        day(fm.date),
        Some("2024-05-01".into()),
        "date wins over publishDate"
    );
    assert_eq!(day(fm.updated), Some("2024-06-01".into()));
    assert_eq!(day(fm.expires), Some("2030-01-01".into()));
    assert_eq!(fm.summary.as_deref(), Some("Short."));
    assert_eq!(fm.categories, ["Notes"]);
    assert_eq!(fm.series.as_deref(), Some("Intro"));
    assert_eq!(fm.tags, ["rust"], "keywords stand in for missing tags");
    assert_eq!(fm.authors, ["Ada", "Grace"]);
    assert_eq!((fm.pinned, fm.weight), (true, Some(2)));
    assert_eq!(fm.social_image.as_deref(), Some("/a.png"));
    assert_eq!(fm.address.as_deref(), Some("/2024/x/"));
    assert_eq!(fm.aliases, ["/old/x/"]);
    assert!(fm.draft);
}

#[test]
fn keys_match_without_regard_to_case_as_in_hugo() {
    let fm = ok("---\ntitle: T\npublishdate: 2024-05-01\nLastMod: 2024-06-01\nexpirydate: 2030-01-01\n---\n");
    assert_eq!(day(fm.date), Some("2024-05-01".into()));
    assert_eq!(day(fm.updated), Some("2024-06-01".into()));
    assert_eq!(day(fm.expires), Some("2030-01-01".into()));
    let fm = ok("---\nTitle: Upper\nTags: [a]\n---\n");
    assert_eq!(
        (fm.title.as_str(), fm.tags.as_slice()),
        ("Upper", &["a".to_string()][..])
    );
}

#[test]
fn jekyll_fields_map_onto_quire_s() {
    let fm = ok(
        "---\ntitle: T\ndate: 2024-05-01 10:00:00 +0100\npublished: false\n\
                 category: Notes\nlast_modified_at: 2024-06-01\n\
                 author:\n  name: Ada\n  email: ada@example.com\nimage: /card.png\n\
                 excerpt_separator: <!--cut-->\nredirect_from: /old.html\npermalink: /x/\n\
                 sticky: true\n---\n",
    );
    assert!(fm.draft, "published: false is a draft");
    assert_eq!(fm.categories, ["Notes"]);
    assert_eq!(day(fm.updated), Some("2024-06-01".into()));
    assert_eq!(fm.authors, ["Ada"]);
    assert_eq!(fm.image, None, "a bare image path is for link previews");
    assert_eq!(fm.social_image.as_deref(), Some("/card.png"));
    assert_eq!(fm.excerpt_separator.as_deref(), Some("<!--cut-->"));
    assert_eq!(fm.aliases, ["/old.html"]);
    assert_eq!(fm.address.as_deref(), Some("/x/"));
    assert_eq!((fm.pinned, fm.weight), (true, None));
}

#[test]
fn astro_blog_template_fields_map_onto_quire_s() {
    let fm = ok(
        "---\ntitle: T\ndescription: D\npubDate: 'Jul 08 2022'\nupdatedDate: 'Jul 10 2022'\n\
                 heroImage: '../../assets/hero.jpg'\n---\n",
    );
    assert_eq!(day(fm.date), Some("2022-07-08".into()));
    assert_eq!(day(fm.updated), Some("2022-07-10".into()));
    let image = fm.image.expect("the hero image is shown");
    assert_eq!(
        (image.url.as_str(), image.alt.as_str()),
        ("../../assets/hero.jpg", "")
    );
    let fm = ok("---\ntitle: T\ncover:\n  image: c.jpg\n  alt: A cover\n---\n");
    let image = fm.image.expect("a cover is shown");
    assert_eq!(
        (image.url.as_str(), image.alt.as_str()),
        ("c.jpg", "A cover")
    );
}

#[test]
fn zola_taxonomies_and_fields_map_onto_quire_s() {
    let fm = ok(
        "+++\ntitle = \"T\"\ndate = 2025-06-26\nupdated = 2025-07-01\n\
                 path = \"2025/06/26/Rust-1.88.0\"\naliases = [\"/a.html\"]\nweight = 0\n\
                 [taxonomies]\ntags = [\"rust\"]\ncategories = [\"Releases\"]\n\
                 series = [\"Versions\"]\nauthors = [\"The Rust Team\"]\n+++\n",
    );
    assert_eq!(fm.tags, ["rust"]);
    assert_eq!(fm.categories, ["Releases"]);
    assert_eq!(fm.series.as_deref(), Some("Versions"));
    assert_eq!(fm.authors, ["The Rust Team"]);
    assert_eq!(day(fm.updated), Some("2025-07-01".into()));
    assert_eq!(
        (fm.pinned, fm.weight),
        (false, None),
        "weight 0 is unweighted"
    );
}

#[test]
fn json_front_matter_is_read_up_to_its_closing_brace() {
    let document = parse(
        "{\n  \"title\": \"T\",\n  \"tags\": [\"a\"],\n  \"date\": \"2024-05-01\"\n}\n\nBody\n",
    )
    .expect("valid JSON front matter");
    assert_eq!(document.front_matter.title, "T");
    assert_eq!(document.front_matter.tags, ["a"]);
    assert_eq!(document.body, "Body\n");
    assert_eq!(document.body_line, 7);
}

#[test]
fn bad_json_front_matter_is_placed_at_its_line() {
    let problems =
        parse("{\n  \"title\": \"T\",\n  \"tags\": [\"a\",]\n}\nBody").expect_err("bad JSON");
    assert_eq!(problems[0].field, "front matter");
    assert!(
        problems[0].message.contains("line 3"),
        "{}",
        problems[0].message
    );
    let problems = parse("{\"title\": \"T\"} trailing\nBody").expect_err("text after the object");
    assert!(
        problems[0].message.contains("after the closing"),
        "{}",
        problems[0].message
    );
    assert_eq!(fields_of("{\"title\": 5}\n"), ["title"]);
}

#[test]
fn a_second_series_is_a_warning_and_the_first_is_kept() {
    let fm = ok("---\ntitle: T\nseries: [One, Two]\n---\n");
    assert_eq!(fm.series.as_deref(), Some("One"));
    assert_eq!(fm.warnings.len(), 1);
    assert!(
        fm.warnings[0].message.contains("\"Two\""),
        "{:?}",
        fm.warnings
    );
}

#[test]
fn fields_in_the_wrong_shape_name_themselves() {
    assert_eq!(
        fields_of(
            "---\ntitle: T\nweight: heavy\npinned: yes-please\nauthors: [5]\n\
                   lastmod: soon\ncategories: {a: 1}\npublished: 'no'\n---\n"
        ),
        [
            "lastmod",
            "categories",
            "authors[0]",
            "published",
            "pinned",
            "weight"
        ]
    );
    assert_eq!(
        fields_of("---\ntitle: T\nauthor: {email: a@b}\n---\n"),
        ["author"]
    );
}
