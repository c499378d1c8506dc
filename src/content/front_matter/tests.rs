//! Tests of `front_matter`.

use super::block::yaml_indent;
use super::*;

fn fields_of(problems: &[Problem]) -> Vec<&str> {
    problems.iter().map(|p| p.field.as_str()).collect()
}

fn ok(text: &str) -> Document {
    parse(text).unwrap_or_else(|p| panic!("expected a valid post, got {p:?}"))
}

fn problems(text: &str) -> Vec<Problem> {
    parse(text).expect_err("expected problems")
}

#[test]
fn reads_every_field_of_an_astro_style_post() {
    let doc = ok("---\nlayout: ../../layouts/MarkdownPostLayout.astro\ntitle: 'My first post'\n\
            pubDate: 2022-07-01\ndescription: 'A post'\nauthor: 'Astro Learner'\n\
            image:\n  url: 'https://docs.astro.build/assets/rose.webp'\n  alt: 'The Astro logo'\n\
            tags: [\"astro\", \"blogging\", \"learning in public\"]\ndraft: true\nslug: first\n---\n# Body\n");
    let fm = doc.front_matter;
    assert_eq!(fm.title, "My first post");
    assert_eq!(
        fm.date.map(|d| d.to_post_date().iso),
        Some("2022-07-01".into())
    );
    assert_eq!(fm.description.as_deref(), Some("A post"));
    assert_eq!(fm.authors, ["Astro Learner"]);
    assert_eq!(fm.tags, ["astro", "blogging", "learning in public"]);
    assert_eq!(
        fm.image,
        Some(PostImage {
            url: "https://docs.astro.build/assets/rose.webp".into(),
            alt: "The Astro logo".into(),
            size: None,
            srcset: None,
        })
    );
    assert!(fm.draft);
    assert_eq!(fm.slug.as_deref(), Some("first"));
    assert_eq!(doc.body, "# Body");
}

#[test]
fn the_body_line_counts_the_front_matter_and_following_blank_lines() {
    assert_eq!(ok("---\ntitle: T\n---\nBody").body_line, 4);
    assert_eq!(ok("---\ntitle: T\n---\n\n\nBody").body_line, 6);
    assert_eq!(
        ok("\u{feff}+++\r\ntitle = \"T\"\r\n+++\r\n\r\nBody").body_line,
        5
    );
}

#[test]
fn unknown_keys_are_ignored() {
    let doc = ok("---\ntitle: T\nlayout: x\ncategories: [a]\nweird: {deep: [1, 2]}\n---\nbody");
    assert_eq!(doc.front_matter.title, "T");
}

#[test]
fn pub_date_wins_over_date() {
    let doc = ok("---\ntitle: T\ndate: not a date\npubDate: 2026-01-02\n---\n");
    assert_eq!(
        doc.front_matter.date.map(|d| d.day().to_string()),
        Some("2026-01-02".into())
    );
}

#[test]
fn date_alias_is_read_when_pub_date_is_absent() {
    let doc = ok("---\ntitle: T\ndate: 2026-02-13T09:30:00+01:00\n---\n");
    assert!(matches!(doc.front_matter.date, Some(PubDate::Instant(_))));
}

#[test]
fn tags_may_be_one_comma_separated_string() {
    let doc = ok("---\ntitle: T\ntags: \"Rust, Web Dev ,, learning in public\"\n---\n");
    assert_eq!(
        doc.front_matter.tags,
        ["Rust", "Web Dev", "learning in public"]
    );
}

#[test]
fn toml_front_matter_between_plus_lines_is_accepted() {
    let doc = ok("+++\ntitle = \"T\"\ndate = 2025-10-02\ntags = [\"Web Dev\"]\n+++\nBody");
    assert_eq!(doc.front_matter.title, "T");
    assert_eq!(
        doc.front_matter.date.map(|d| d.day().to_string()),
        Some("2025-10-02".into())
    );
    assert_eq!(doc.front_matter.tags, ["Web Dev"]);
    assert_eq!(doc.body, "Body");
}

#[test]
fn zola_taxonomies_tags_are_read() {
    let doc = ok("+++\ntitle = \"T\"\n[taxonomies]\ntags = [\"rust\"]\n+++\n");
    assert_eq!(doc.front_matter.tags, ["rust"]);
}

#[test]
fn a_byte_order_mark_and_crlf_line_endings_are_accepted() {
    let doc = ok("\u{feff}---\r\ntitle: T\r\ntags: [a]\r\n---\r\nBody\r\n");
    assert_eq!(doc.front_matter.title, "T");
    assert_eq!(doc.front_matter.tags, ["a"]);
}

#[test]
fn every_bad_field_is_reported_at_once() {
    let p = problems(
        "---\ntitle: 42\npubDate: 2026-02-30\ndescription: [a]\ntags: {a: 1}\n\
             image: {url: /x.png}\ndraft: maybe\nslug: ../etc\n---\n",
    );
    assert_eq!(
        fields_of(&p),
        [
            "title",
            "pubDate",
            "description",
            "tags",
            "image.alt",
            "draft",
            "slug"
        ]
    );
    assert!(p[0].message.contains("found the number 42"), "{}", p[0]);
    assert!(p[1].message.contains("2026-02-30"), "{}", p[1]);
}

#[test]
fn a_missing_or_empty_title_is_an_error() {
    assert_eq!(
        fields_of(&problems("---\ndescription: d\n---\n")),
        ["title"]
    );
    assert_eq!(fields_of(&problems("---\ntitle: '  '\n---\n")), ["title"]);
    assert_eq!(fields_of(&problems("---\ntitle: [a, b]\n---\n")), ["title"]);
}

#[test]
fn an_image_without_alt_is_an_error() {
    let p = problems("---\ntitle: T\nimage: {url: /a.png}\n---\n");
    assert_eq!(fields_of(&p), ["image.alt"]);
    let p = problems("---\ntitle: T\nimage: 5\n---\n");
    assert_eq!(fields_of(&p), ["image"]);
    assert!(p[0].message.contains("alt"));
}

#[test]
fn an_image_path_alone_is_for_link_previews_only() {
    let fm = ok("---\ntitle: T\nimage: /a.png\n---\n").front_matter;
    assert_eq!(fm.image, None);
    assert_eq!(fm.social_image.as_deref(), Some("/a.png"));
    let fm = ok("+++\ntitle = \"T\"\nimages = [\"/b.png\", \"/c.png\"]\n+++\n").front_matter;
    assert_eq!(fm.social_image.as_deref(), Some("/b.png"));
}

#[test]
fn tag_lists_with_non_strings_or_empty_names_name_the_entry() {
    let p = problems("---\ntitle: T\ntags: [ok, [nested], '', '!!!']\n---\n");
    assert_eq!(fields_of(&p), ["tags[1]", "tags[2]", "tags[3]"]);
}

#[test]
fn a_date_given_as_a_number_is_an_error() {
    let p = problems("---\ntitle: T\ndate: 20260213\n---\n");
    assert_eq!(fields_of(&p), ["date"]);
    assert!(p[0].message.contains("number"));
}

#[test]
fn missing_unclosed_empty_and_malformed_blocks_are_errors() {
    for text in [
        "",
        "# Just markdown\n",
        "---\ntitle: T\nno closing line\n",
        "---\n---\nbody",
        "---\ntitle: [unclosed\n---\n",
        "+++\ntitle = \n+++\n",
        "---\n- a\n- b\n---\n",
    ] {
        let p = problems(text);
        assert_eq!(fields_of(&p), ["front matter"], "for {text:?}");
    }
}

#[test]
fn syntax_errors_are_one_line_placed_at_their_line_of_the_file() {
    let p = problems("---\ntitle: [unclosed\ndate: 2026-01-01\n---\n");
    assert_eq!(fields_of(&p), ["front matter"]);
    assert!(
        p[0].message
            .starts_with("expected valid YAML; line 3, column 5: "),
        "{}",
        p[0]
    );
    let p = problems("---\n\n\ntitle: T\ntitle: U\n---\n");
    assert!(
        p[0].message.starts_with("expected valid YAML; line 5, "),
        "{}",
        p[0]
    );
    let p = problems("+++\ntitle = \"T\"\ndate = 2026-02-30\n+++\n");
    assert_eq!(
        p[0].message,
        "expected valid TOML; line 3, column 8: invalid date, expected day between 01 and 28"
    );
    for p in [&p[0], &problems("+++\ntitle = \n+++\n")[0]] {
        assert!(!p.message.contains('\n'), "{p}");
    }
}

#[test]
fn yaml_nested_thousands_of_levels_deep_is_refused_before_it_is_read() {
    let text = format!("---\ntitle: T\ntags:\n{}x\n---\n", "- ".repeat(10_000));
    let p = problems(&text);
    assert_eq!(fields_of(&p), ["front matter"]);
    assert!(p[0].message.contains("found 20000 on line 4"), "{}", p[0]);
    let text = format!(
        "---\ntitle: {}x{}\n---\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    assert_eq!(fields_of(&problems(&text)), ["front matter"]);
    let doc = ok("---\ntitle: T\nimage:\n  url: /a.png\n  alt: A\nextra:\n  - - x\n---\n");
    assert_eq!(doc.front_matter.title, "T");
    let rule = "-".repeat(200);
    let doc = ok(&format!("---\ntitle: T\ndescription: |\n  {rule}\n---\n"));
    assert_eq!(doc.front_matter.description, Some(rule));
    assert_eq!(yaml_indent("  - ? - : x"), 10);
    assert_eq!(yaml_indent("--- -x"), 0);
}

#[test]
fn yaml_aliases_next_to_anchors_are_refused_and_plain_stars_and_ampersands_pass() {
    let bomb = "---\ntitle: Bomb\na: &a [x, x, x, x, x, x, x, x, x]\n\
                    b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n\
                    c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n---\n";
    let p = problems(bomb);
    assert_eq!(fields_of(&p), ["front matter"]);
    assert!(
        p[0].message.contains("alias (`*name`) on line 4"),
        "{}",
        p[0]
    );
    let doc = ok("---\ntitle: \"*Why* R&D, *now*\"\nauthor: AT&T *Labs*\n\
                      description: Tom & Jerry\n---\n");
    assert_eq!(doc.front_matter.title, "*Why* R&D, *now*");
    assert_eq!(doc.front_matter.authors, ["AT&T *Labs*"]);
}

#[test]
fn characters_no_feed_can_hold_become_replacement_characters() {
    let doc = ok("---\ntitle: \"Bell\\a, NUL\\0\"\ntags: [\"esc\\e\"]\n---\n\
                      A\0b\u{7}c\u{c}d\u{fffe}\te\r\n");
    assert_eq!(doc.front_matter.title, "Bell\u{fffd}, NUL\u{fffd}");
    assert_eq!(doc.front_matter.tags, ["esc\u{fffd}"]);
    assert_eq!(doc.body, "A\u{fffd}b\u{fffd}c\u{fffd}d\u{fffd}\te");
    assert!(matches!(
        replace_forbidden_characters("plain\ttext\n"),
        Cow::Borrowed(_)
    ));
}

#[test]
fn slugs_must_be_one_safe_path_segment() {
    assert!(check_slug("hello-world_2.0").is_ok());
    assert!(check_slug("日本語").is_ok());
    for bad in ["", "a/b", "..", ".hidden", "a b", "a\u{7}b", "a\\b"] {
        assert!(check_slug(bad).is_err(), "{bad:?} should be rejected");
    }
}

#[test]
fn the_own_address_is_read_from_path_url_or_permalink() {
    let address = |text: &str| ok(text).front_matter.address;
    assert_eq!(
        address("+++\ntitle = \"T\"\npath = \"2025/06/26/Rust-1.88.0\"\n+++\n").as_deref(),
        Some("2025/06/26/Rust-1.88.0")
    );
    assert_eq!(
        address("---\ntitle: T\nurl: /old/t/\n---\n").as_deref(),
        Some("/old/t/")
    );
    assert_eq!(
        address("---\ntitle: T\npermalink: /2024/t.html\n---\n").as_deref(),
        Some("/2024/t.html")
    );
    assert_eq!(address("---\ntitle: T\n---\n"), None);
    assert_eq!(
        fields_of(&problems("---\ntitle: T\nurl: [a]\n---\n")),
        ["url"]
    );
}

#[test]
fn aliases_and_redirect_from_are_lists_or_one_string() {
    let aliases = |text: &str| ok(text).front_matter.aliases;
    assert_eq!(
        aliases("+++\ntitle = \"T\"\naliases = [\"/a/\", \"b.html\"]\n+++\n"),
        ["/a/", "b.html"]
    );
    assert_eq!(
        aliases("---\ntitle: T\nredirect_from: /old\n---\n"),
        ["/old"]
    );
    assert!(aliases("---\ntitle: T\n---\n").is_empty());
    assert_eq!(
        fields_of(&problems("---\ntitle: T\naliases: [/a, 3]\n---\n")),
        ["aliases[1]"]
    );
}
