//! Breaking a title into lines that fit, measured with the font rather than by counting
//! characters (an `m` is three times an `i`).

/// The ellipsis ending a cut line.
pub const ELLIPSIS: char = '…';

/// `text` broken into at most `max_lines` lines, each at most `max_width` wide by `measure`.
///
/// Lines break between words; a word wider than a line (or a run of text without spaces, as
/// Japanese is written) breaks between characters. When the text needs more lines, the last
/// one is cut to fit with an ellipsis after it. Whitespace runs become single spaces.
pub fn wrap(
    text: &str,
    measure: impl Fn(&str) -> f32,
    max_width: f32,
    max_lines: usize,
) -> Vec<String> {
    let fits = |line: &str| measure(line) <= max_width;
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let joined = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if fits(&joined) {
            line = joined;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        // The word alone: whole if it fits, else as many characters per line as fit.
        for c in word.chars() {
            line.push(c);
            if !fits(&line) && line.chars().count() > 1 {
                line.pop();
                lines.push(std::mem::replace(&mut line, c.to_string()));
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            *last = with_ellipsis(last, &fits);
        }
    }
    lines
}

/// `line` shortened until it fits with an ellipsis after it (the ellipsis alone at worst).
fn with_ellipsis(line: &str, fits: &impl Fn(&str) -> bool) -> String {
    let mut kept = line.to_string();
    loop {
        let candidate = format!("{}{ELLIPSIS}", kept.trim_end());
        if fits(&candidate) || kept.is_empty() {
            return candidate;
        }
        kept.pop();
    }
}
