//! The card's SVG: the built-in template, or the blog's own, with its placeholders filled.
//!
//! A template is any SVG document of `width="1200" height="630"`. These placeholders are
//! replaced, each XML-escaped, wherever they appear (in text or in attribute values):
//!
//! | placeholder | value |
//! |---|---|
//! | `{{title}}` | the post's whole title |
//! | `{{title_line_1}}` … `{{title_line_3}}` | the title wrapped for the built-in layout (64 px bold DejaVu Sans, 1040 px wide), an ellipsis ending the third line when it is longer; unused lines are empty |
//! | `{{site}}` | the blog's name, cut to one 36 px bold line |
//! | `{{date}}` | the post's date as pages show it (`13 February 2026`), or empty |
//! | `{{accent}}`, `{{background}}`, `{{text}}`, `{{muted}}`, `{{border}}` | the light theme's colours (`#0b5cad`, ...) |
//!
//! The fonts are DejaVu Sans and DejaVu Sans Bold (any generic family, `sans-serif` or `serif`,
//! means them too), plus the blog's `[social_cards] fonts`.

use super::fonts::{Fonts, Weight};
use super::wrap::wrap;
use super::{CardInput, WIDTH};

/// The built-in card: the site's name in the accent colour, the title in up to three bold lines,
/// a rule and the date, on the site's background with an accent band along the top.
pub const DEFAULT_TEMPLATE: &str = include_str!("default.svg");

/// Most lines the title takes; the last ends in an ellipsis when the title needs more.
pub const TITLE_LINES: usize = 3;
/// The title's font size in the built-in layout, in pixels.
pub const TITLE_SIZE: f32 = 64.0;
/// The site name's font size in the built-in layout, in pixels.
pub const SITE_SIZE: f32 = 36.0;
/// Left and right margin of the built-in layout, in pixels.
pub const MARGIN: f32 = 80.0;

/// Every placeholder a template may use.
pub const PLACEHOLDERS: [&str; 11] = [
    "title",
    "title_line_1",
    "title_line_2",
    "title_line_3",
    "site",
    "date",
    "accent",
    "background",
    "text",
    "muted",
    "border",
];

/// The SVG of the card for `input`: `template` with every placeholder filled, the title wrapped
/// with the advance widths of `fonts`.
pub fn card_svg(template: &str, input: &CardInput, fonts: &Fonts) -> String {
    let width = WIDTH as f32 - 2.0 * MARGIN;
    let measure_title = |text: &str| fonts.width(text, TITLE_SIZE, Weight::Bold);
    let mut lines = wrap(&input.title, measure_title, width, TITLE_LINES).into_iter();
    let measure_site = |text: &str| fonts.width(text, SITE_SIZE, Weight::Bold);
    let site = wrap(&input.site, measure_site, width, 1)
        .into_iter()
        .next()
        .unwrap_or_default();
    let colours = &input.colours;
    let mut line = || lines.next().unwrap_or_default();
    let values = [
        ("title", input.title.clone()),
        ("title_line_1", line()),
        ("title_line_2", line()),
        ("title_line_3", line()),
        ("site", site),
        ("date", input.date.clone()),
        ("accent", colours.accent.to_string()),
        ("background", colours.background.to_string()),
        ("text", colours.text.to_string()),
        ("muted", colours.muted.to_string()),
        ("border", colours.border.to_string()),
    ];
    fill(template, &values)
}

/// `template` with each `{{name}}` of `values` replaced by its value, XML-escaped; other text,
/// unknown placeholders included, is kept as written (see [`unknown_placeholders`]).
pub fn fill(template: &str, values: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len() + 256);
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let value = after.find("}}").and_then(|end| {
            let name = after[..end].trim();
            values
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (value, end))
        });
        match value {
            Some((value, end)) => {
                escape_into(&mut out, value);
                rest = &after[end + 2..];
            }
            None => {
                out.push_str("{{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The `{{name}}` placeholders of `template` that are not among [`PLACEHOLDERS`], in order: a
/// misspelt one would otherwise show on every card as written.
pub fn unknown_placeholders(template: &str) -> Vec<String> {
    let mut unknown = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else { break };
        let name = after[..end].trim();
        if !PLACEHOLDERS.contains(&name) && !unknown.iter().any(|u| u == name) {
            unknown.push(name.to_string());
        }
        rest = &after[end + 2..];
    }
    unknown
}

/// Appends `text` to `out` with the five XML special characters escaped, so a value is text in
/// an element and stays inside a quoted attribute of either kind.
fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 forbids even as references would make the document invalid.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push(' '),
            c => out.push(c),
        }
    }
}
