//! The highlighting section of `style/main.css`: each theme's colours as CSS, darkened or lightened
//! until they are readable on the code background. Build-time work: `cargo run --example
//! highlight_css --features ssr` writes it, and a test keeps the committed copy current; the
//! server never runs it.

use super::{CLASS_STYLE, DARK_THEME, LIGHT_THEME};
use syntect::highlighting::ThemeSet;
use syntect::html::css_for_theme_with_class_style;

/// The highlighting section of `style/main.css`: the light theme's colours, and the dark theme's
/// under `prefers-color-scheme: dark`. Each theme is confined to its own scheme so a scope that only
/// the light theme colours never shows its light colour on the dark background.
///
/// Written into the stylesheet by `cargo run --example highlight_css --features ssr`; a test keeps
/// the committed copy up to date.
pub fn theme_css() -> Result<String, String> {
    let themes = ThemeSet::load_defaults();
    let theme_rules = |name: &str| -> Result<String, String> {
        let theme = themes
            .themes
            .get(name)
            .ok_or_else(|| format!("syntect has no built-in theme {name:?}"))?;
        css_for_theme_with_class_style(theme, CLASS_STYLE).map_err(|error| error.to_string())
    };
    let light = |css: String| readable_on(&css, LIGHT_CODE_BACKGROUND);
    let dark = |css: String| readable_on(&css, DARK_CODE_BACKGROUND);
    // Each theme applies when the reader chose it (`<html data-theme>`), or when the system asks
    // for it and the reader chose nothing else. Rules are nested under those selectors (Lightning
    // CSS lowers the nesting); each theme sits wholly inside its condition so colours one theme
    // defines never leak into the other.
    let light = indent(&indent(&light(theme_rules(LIGHT_THEME)?)));
    let dark = indent(&indent(&dark(theme_rules(DARK_THEME)?)));
    Ok(format!(
        "@media not all and (prefers-color-scheme: dark) {{\n  html:not([data-theme=\"dark\"]) {{\n{light}  }}\n}}\n\n\
         @media (prefers-color-scheme: dark) {{\n  html[data-theme=\"light\"] {{\n{light}  }}\n}}\n\n\
         @media (prefers-color-scheme: dark) {{\n  html:not([data-theme=\"light\"]) {{\n{dark}  }}\n}}\n\n\
         @media not all and (prefers-color-scheme: dark) {{\n  html[data-theme=\"dark\"] {{\n{dark}  }}\n}}\n",
    ))
}

/// The code block background of the light theme (`--code-bg` in `style/main.css`).
pub const LIGHT_CODE_BACKGROUND: [u8; 3] = [0xf3, 0xf1, 0xed];
/// The code block background of the dark theme (`--code-bg` in `style/main.css`).
pub const DARK_CODE_BACKGROUND: [u8; 3] = [0x1e, 0x21, 0x26];

/// Contrast every text colour must reach against the code background: WCAG AA for normal text
/// (4.5:1), with a little room for rounding.
pub const MIN_CONTRAST: f64 = 4.6;

/// A theme's CSS made readable on `background`: its own backgrounds are dropped (code sits on the
/// page's code background) and every `color` too faint against it is darkened or lightened,
/// keeping its hue, until it reaches [`MIN_CONTRAST`].
pub fn readable_on(css: &str, background: [u8; 3]) -> String {
    css.lines()
        .filter(|line| !line.trim_start().starts_with("background-color:"))
        .map(|line| match parse_color_declaration(line) {
            Some(color) => {
                let fixed = with_contrast(color, background, MIN_CONTRAST);
                format!(
                    " color: #{:02x}{:02x}{:02x};\n",
                    fixed[0], fixed[1], fixed[2]
                )
            }
            None => format!("{line}\n"),
        })
        .collect()
}

/// The colour of a ` color: #rrggbb;` or ` color: #rrggbbaa;` line (alpha ignored).
fn parse_color_declaration(line: &str) -> Option<[u8; 3]> {
    let hex = line.trim().strip_prefix("color: #")?.strip_suffix(';')?;
    if hex.len() != 6 && hex.len() != 8 {
        return None;
    }
    let channel = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
    Some([channel(0)?, channel(2)?, channel(4)?])
}

/// WCAG relative luminance of an sRGB colour.
fn luminance(color: [u8; 3]) -> f64 {
    let linear = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(color[0]) + 0.7152 * linear(color[1]) + 0.0722 * linear(color[2])
}

/// WCAG contrast ratio of two colours (1 to 21).
pub fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// `color`, mixed step by step towards black on a light background (white on a dark one) until
/// its contrast with `background` reaches `minimum`.
fn with_contrast(color: [u8; 3], background: [u8; 3], minimum: f64) -> [u8; 3] {
    let target = if luminance(background) > 0.5 {
        0.0
    } else {
        255.0
    };
    let mix = |amount: f64| {
        color.map(|c| (f64::from(c) + (target - f64::from(c)) * amount).round() as u8)
    };
    (0..=100)
        .map(|step| mix(f64::from(step) / 100.0))
        .find(|candidate| contrast(*candidate, background) >= minimum)
        .unwrap_or_else(|| mix(1.0))
}

/// `css` with every non-empty line indented by two spaces.
fn indent(css: &str) -> String {
    css.lines()
        .map(|line| {
            if line.is_empty() {
                "\n".to_string()
            } else {
                format!("  {line}\n")
            }
        })
        .collect()
}

/// The line that opens the generated section of `style/main.css`.
pub const CSS_BEGIN: &str =
    "/* ---------- Syntax highlighting (generated by `cargo run --example highlight_css --features ssr`; do not edit) ---------- */";
/// The line that closes it.
pub const CSS_END: &str = "/* ---------- End of generated syntax highlighting ---------- */";

/// `stylesheet` with its generated section replaced by `section` (appended if it has none).
pub fn replace_generated_css(stylesheet: &str, section: &str) -> String {
    let generated = format!("{CSS_BEGIN}\n{section}{CSS_END}\n");
    match (stylesheet.find(CSS_BEGIN), stylesheet.find(CSS_END)) {
        (Some(begin), Some(end)) if begin < end => format!(
            "{}{generated}{}",
            &stylesheet[..begin],
            stylesheet[end + CSS_END.len()..].trim_start_matches('\n')
        ),
        _ => format!("{}\n\n{generated}", stylesheet.trim_end()),
    }
}

#[cfg(test)]
mod contrast_tests {
    use super::*;

    #[test]
    fn faint_colours_are_deepened_until_readable_and_readable_ones_are_kept() {
        let css = ".hl-comment {\n color: #969896;\nfont-style: italic;\n}\n.hl-code {\n color: #323232;\n background-color: #ffffff;\n}\n";
        let fixed = readable_on(css, LIGHT_CODE_BACKGROUND);
        assert!(!fixed.contains("background-color"), "{fixed}");
        assert!(
            fixed.contains(" color: #323232;"),
            "already readable: {fixed}"
        );
        let comment = fixed
            .lines()
            .find_map(parse_color_declaration)
            .expect("the comment colour");
        assert_ne!(comment, [0x96, 0x98, 0x96]);
        assert!(contrast(comment, LIGHT_CODE_BACKGROUND) >= MIN_CONTRAST);
        assert!(
            contrast(comment, LIGHT_CODE_BACKGROUND) < MIN_CONTRAST + 0.5,
            "no darker than needed"
        );
    }

    #[test]
    fn every_colour_of_both_themes_is_readable_on_its_background() {
        let css = theme_css().expect("theme css");
        let (light, dark) = css.split_at(css.find("Base16 Ocean Dark").expect("the dark theme"));
        for (section, background) in [(light, LIGHT_CODE_BACKGROUND), (dark, DARK_CODE_BACKGROUND)]
        {
            for color in section.lines().filter_map(parse_color_declaration) {
                assert!(
                    contrast(color, background) >= MIN_CONTRAST,
                    "{color:?} on {background:?}"
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_stylesheet_has_the_current_theme_css() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/style/main.css");
        let stylesheet = std::fs::read_to_string(path).expect("style/main.css");
        let section = theme_css().expect("built-in themes");
        assert!(section.contains(".hl-keyword"), "{section}");
        assert_eq!(
            replace_generated_css(&stylesheet, &section),
            stylesheet,
            "style/main.css is out of date: run `cargo run --example highlight_css --features ssr`"
        );
    }

    #[test]
    fn replacing_the_generated_section_keeps_the_rest() {
        let first = replace_generated_css("a {}\n", "x\n");
        assert_eq!(first, format!("a {{}}\n\n{CSS_BEGIN}\nx\n{CSS_END}\n"));
        let again = replace_generated_css(&format!("{first}b {{}}\n"), "y\n");
        assert_eq!(
            again,
            format!("a {{}}\n\n{CSS_BEGIN}\ny\n{CSS_END}\nb {{}}\n")
        );
    }
}
