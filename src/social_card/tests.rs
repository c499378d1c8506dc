//! Tests of `social_card`: templates, wrapping, drawing and naming cards.

use super::fonts::{Fonts, Weight};
use super::template::{card_svg, fill, DEFAULT_TEMPLATE, MARGIN, TITLE_LINES, TITLE_SIZE};
use super::wrap::{wrap, ELLIPSIS};
use super::*;
use crate::settings::SocialCardsSection;

fn input(title: &str) -> CardInput {
    CardInput {
        title: title.into(),
        site: "The Quire Journal".into(),
        date: "13 February 2026".into(),
        colours: LIGHT,
    }
}

/// Width and height from a PNG's header (its IHDR chunk comes first, at byte 16).
fn png_size(png: &[u8]) -> (u32, u32) {
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "a PNG signature");
    assert_eq!(&png[12..16], b"IHDR");
    let be = |at: usize| u32::from_be_bytes([png[at], png[at + 1], png[at + 2], png[at + 3]]);
    (be(16), be(20))
}

fn cards_with(template: &str) -> (tempfile::TempDir, (Option<Cards>, Vec<Error>)) {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("card.svg");
    std::fs::write(&file, template).expect("template file");
    let settings = SocialCardsSection {
        template: Some(file),
        ..SocialCardsSection::default()
    };
    let loaded = Cards::load(&settings, None);
    (dir, loaded)
}

#[test]
fn hostile_titles_are_escaped_and_the_svg_still_parses() {
    let fonts = Fonts::embedded();
    let svg = card_svg(
        DEFAULT_TEMPLATE,
        &input("<script> & \"quotes\" 'too'"),
        &fonts,
    );
    assert!(!svg.contains("<script>"), "{svg}");
    assert!(
        svg.contains(">&lt;script&gt; &amp; &quot;quotes&quot; &apos;too&apos;</tspan>"),
        "{svg}"
    );
    render::parse(&svg, &fonts).expect("escaped text keeps the document valid");
}

#[test]
fn attribute_placeholders_cannot_break_out_of_their_quotes() {
    let filled = fill(
        "<a x=\"{{title}}\" y='{{title}}'/>",
        &[("title", "\" onload='x'".into())],
    );
    assert_eq!(
        filled,
        "<a x=\"&quot; onload=&apos;x&apos;\" y='&quot; onload=&apos;x&apos;'/>"
    );
}

#[test]
fn long_titles_wrap_to_three_measured_lines_ending_in_an_ellipsis() {
    let fonts = Fonts::embedded();
    let title = "Why the borrow checker is your friend: a long walk through lifetimes, \
                 variance, interior mutability and the many ways to share state safely";
    let width = WIDTH as f32 - 2.0 * MARGIN;
    let measure = |text: &str| fonts.width(text, TITLE_SIZE, Weight::Bold);
    let lines = wrap(title, measure, width, TITLE_LINES);
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(lines[2].ends_with(ELLIPSIS), "{lines:?}");
    for line in &lines {
        assert!(measure(line) <= width, "{line:?} is too wide");
    }
    // Measured, not counted: a line of narrow letters holds more of them than one of wide ones.
    let narrow = wrap(&"il ".repeat(80), measure, width, 1);
    let wide = wrap(&"WM ".repeat(80), measure, width, 1);
    assert!(narrow[0].chars().count() > 2 * wide[0].chars().count());
}

#[test]
fn a_short_title_takes_one_line_and_leaves_the_others_empty() {
    let svg = card_svg(DEFAULT_TEMPLATE, &input("Hello"), &Fonts::embedded());
    assert!(svg.contains(">Hello</tspan>"), "{svg}");
    assert_eq!(svg.matches("></tspan>").count(), 2, "{svg}");
}

#[test]
fn text_without_spaces_breaks_between_characters() {
    let lines = wrap(&"あ".repeat(80), |t| t.chars().count() as f32, 20.0, 3);
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0].chars().count(), 20);
    assert!(lines[2].ends_with(ELLIPSIS) && lines[2].chars().count() <= 20);
}

#[test]
fn the_card_is_a_1200_by_630_png() {
    let cards = Cards::with_template(None, None);
    let card = input("Hello, Quire");
    let started = std::time::Instant::now();
    let png = cards.png(&card, &cards.hash(&card)).expect("drawn");
    eprintln!("one card drawn and encoded in {:?}", started.elapsed());
    assert_eq!(png_size(&png), (WIDTH, HEIGHT));
}

#[test]
fn a_japanese_title_is_drawn_without_failing() {
    let cards = Cards::with_template(None, None);
    let card = input("日本語のタイトルはちゃんと折り返されるべきです、とても長いので");
    let png = cards.png(&card, &cards.hash(&card)).expect("drawn");
    assert_eq!(png_size(&png), (WIDTH, HEIGHT));
}

#[test]
fn a_card_is_drawn_once_and_then_read_from_the_cache_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    let card = input("Cached");
    let first = Cards::with_template(None, Some(dir.path()));
    let hash = first.hash(&card);
    let png = first.png(&card, &hash).expect("drawn");
    first.png(&card, &hash).expect("kept");
    assert_eq!(first.drawn(), 1);
    assert!(dir
        .path()
        .join("cards")
        .join(format!("{hash}.png"))
        .is_file());
    // A new process (a restart) finds it on disk.
    let second = Cards::with_template(None, Some(dir.path()));
    assert_eq!(second.png(&card, &hash).expect("kept"), png);
    assert_eq!(second.drawn(), 0);
}

#[test]
fn concurrent_requests_for_one_card_draw_it_once() {
    let cards = std::sync::Arc::new(Cards::with_template(None, None));
    let card = input("Everyone at once");
    let hash = cards.hash(&card);
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| cards.png(&card, &hash).expect("drawn"));
        }
    });
    assert_eq!(cards.drawn(), 1);
}

#[test]
fn the_hash_changes_with_the_title_the_date_and_the_template() {
    let builtin = Cards::with_template(None, None);
    let base = builtin.hash(&input("A"));
    assert_eq!(base.len(), 64);
    assert_eq!(base, builtin.hash(&input("A")));
    assert_ne!(base, builtin.hash(&input("B")));
    let dated = CardInput {
        date: "1 March 2026".into(),
        ..input("A")
    };
    assert_ne!(base, builtin.hash(&dated));
    let own = Cards::with_template(
        Some(DEFAULT_TEMPLATE.replace("height=\"16\"", "height=\"24\"")).as_deref(),
        None,
    );
    assert_ne!(base, own.hash(&input("A")));
}

#[test]
fn a_custom_template_has_its_placeholders_filled() {
    let template = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1200\" height=\"630\">\
        <rect width=\"1200\" height=\"630\" fill=\"{{ background }}\"/>\
        <text x=\"10\" y=\"100\" fill=\"{{accent}}\">{{title}} | {{site}} | {{date}}</text></svg>";
    let (_dir, (cards, problems)) = cards_with(template);
    assert!(problems.is_empty(), "{problems:?}");
    let cards = cards.expect("cards are on by default");
    let svg = cards.svg(&input("Tom & Jerry"));
    assert!(
        svg.contains(">Tom &amp; Jerry | The Quire Journal | 13 February 2026</text>"),
        "{svg}"
    );
    assert!(svg.contains("fill=\"#fdfcfa\"") && svg.contains("fill=\"#0b5cad\""));
    let card = input("Tom & Jerry");
    let png = cards.png(&card, &cards.hash(&card)).expect("drawn");
    assert_eq!(png_size(&png), (WIDTH, HEIGHT));
}

#[test]
fn a_broken_template_is_reported_with_its_path_and_the_built_in_card_is_drawn() {
    let builtin = Cards::with_template(None, None).svg(&input("T"));
    for (template, expected) in [
        ("<svg><rect", "expected an SVG document"),
        (
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"600\" height=\"315\"/>",
            "expected width=\"1200\" height=\"630\"",
        ),
        (
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1200\" height=\"630\">{{titel}}</svg>",
            "unknown placeholder {{titel}}",
        ),
    ] {
        let (dir, (cards, problems)) = cards_with(template);
        let message = problems
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n");
        assert_eq!(problems.len(), 1, "{template}: {message}");
        assert!(message.contains(expected), "{message}");
        assert!(
            message.contains(&dir.path().join("card.svg").display().to_string()),
            "{message}"
        );
        assert!(message.contains("[social_cards] template"), "{message}");
        let cards = cards.expect("still on");
        assert_eq!(cards.svg(&input("T")), builtin);
    }
}

#[test]
fn a_missing_template_is_reported_and_cards_can_be_turned_off() {
    let settings = SocialCardsSection {
        template: Some("no/such/card.svg".into()),
        ..SocialCardsSection::default()
    };
    let (cards, problems) = Cards::load(&settings, None);
    assert!(cards.is_some());
    let message = problems[0].to_string();
    assert!(message.contains("no/such/card.svg"), "{message}");
    assert!(
        message.contains("cannot read the card template"),
        "{message}"
    );
    let off = SocialCardsSection {
        enabled: false,
        ..SocialCardsSection::default()
    };
    assert!(Cards::load(&off, None).0.is_none());
}

#[test]
fn card_names_carry_the_slug_and_sixteen_hex_digits() {
    let hash = "0123456789abcdef".repeat(4);
    assert_eq!(href("hello", &hash), "/_cards/hello-0123456789abcdef.png");
    assert_eq!(
        parse_name("my-post-0123456789abcdef.png"),
        Some(("my-post", "0123456789abcdef"))
    );
    for name in [
        "hello-0123456789abcdef.jpg",
        "hello-0123456789ABCDEF.png",
        "hello-0123.png",
        "-0123456789abcdef.png",
        "hello.png",
    ] {
        assert_eq!(parse_name(name), None, "{name}");
    }
}
