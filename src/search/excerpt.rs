//! A short passage of a post around the first matched word, with every matched word marked.

use super::tokens::is_prefix_word;

/// Characters an excerpt shows, about two lines of a post card.
pub const EXCERPT_CHARS: usize = 160;

/// Characters of context kept before the first match.
const LEAD_CHARS: usize = 40;

/// A run of excerpt text, marked when it is a matched word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Marked {
    /// The text.
    pub text: String,
    /// Whether it is a matched word (shown in `<mark>`).
    pub mark: bool,
}

/// Which of `words` matches the term `term` (lower case), if any (see
/// [`super::Source::matching_terms`]).
fn which(term: &str, words: &[String]) -> Option<usize> {
    words.iter().position(|word| {
        if is_prefix_word(word) {
            term.starts_with(word.as_str())
        } else {
            term == word
        }
    })
}

fn matched(term: &str, words: &[String]) -> bool {
    which(term, words).is_some()
}

/// The words of `text` with their byte ranges.
fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = None;
    for (at, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(at),
            (false, Some(s)) => {
                spans.push((s, at));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        spans.push((s, text.len()));
    }
    spans
}

/// About [`EXCERPT_CHARS`] characters of `text` from a little before the first word that one of
/// `words` matches, cut at word boundaries, with `…` where text was cut and each matched word
/// marked. Empty when no word of `text` matches (the post matched elsewhere: its title or tags).
pub fn excerpt(text: &str, words: &[String]) -> Vec<Marked> {
    if words.is_empty() {
        return Vec::new();
    }
    let spans = word_spans(text);
    let lower = |(s, e): (usize, usize)| crate::filter::lowercase(&text[s..e]);
    // Each matched word's span and which query word it matched (the first few hundred).
    let hits: Vec<(usize, usize)> = spans
        .iter()
        .enumerate()
        .filter_map(|(i, &span)| which(&lower(span), words).map(|w| (i, w)))
        .take(256)
        .collect();
    // The passage starts at the match after which most different words follow within the
    // excerpt (a phrase beats a lone earlier word), the earliest such.
    let reach = EXCERPT_CHARS - LEAD_CHARS;
    let mut first = None;
    let mut most = 0;
    for (k, &(i, _)) in hits.iter().enumerate() {
        let mut seen = 0u64;
        for &(j, w) in &hits[k..] {
            if spans[j].1 > spans[i].0 + reach {
                break;
            }
            seen |= 1 << (w % 64);
        }
        if seen.count_ones() > most {
            most = seen.count_ones();
            first = Some(i);
        }
    }
    let Some(first) = first else {
        return Vec::new();
    };
    // Start at a word a little before the match; end at the last word that fits.
    let budget_start = text[..spans[first].0]
        .char_indices()
        .rev()
        .nth(LEAD_CHARS.saturating_sub(1))
        .map_or(0, |(at, _)| at);
    let start_word = spans[..=first]
        .iter()
        .position(|&(s, _)| s >= budget_start)
        .unwrap_or(first);
    let start = if start_word == 0 {
        0
    } else {
        spans[start_word].0
    };
    let limit = text[start..]
        .char_indices()
        .nth(EXCERPT_CHARS)
        .map_or(text.len(), |(at, _)| start + at);
    let end = spans[first..]
        .iter()
        .take_while(|&&(_, e)| e <= limit)
        .last()
        .map_or(spans[first].1, |&(_, e)| e)
        .max(spans[first].1);
    let end = if limit >= text.len() { text.len() } else { end };
    let mut out: Vec<Marked> = Vec::new();
    let mut push = |piece: &str, mark: bool| {
        if piece.is_empty() {
            return;
        }
        match out.last_mut() {
            Some(last) if !last.mark && !mark => last.text.push_str(piece),
            _ => out.push(Marked {
                text: piece.to_string(),
                mark,
            }),
        }
    };
    if start > 0 {
        push("…", false);
    }
    let mut at = start;
    for &(s, e) in spans.iter().filter(|&&(s, e)| s >= start && e <= end) {
        if matched(&lower((s, e)), words) {
            push(&collapse(&text[at..s]), false);
            push(&text[s..e], true);
            at = e;
        }
    }
    push(&collapse(&text[at..end]), false);
    if end < text.len() {
        push("…", false);
    }
    out
}

/// [`excerpt`] as HTML: the text escaped, each matched word in `<mark>`. Empty when no word of
/// `text` matches. Cards show it as is (the server and the bundle make it the same way).
pub fn excerpt_html(text: &str, words: &[String]) -> String {
    let mut html = String::new();
    for part in excerpt(text, words) {
        if part.mark {
            html.push_str("<mark>");
        }
        for c in part.text.chars() {
            match c {
                '&' => html.push_str("&amp;"),
                '<' => html.push_str("&lt;"),
                '>' => html.push_str("&gt;"),
                '"' => html.push_str("&quot;"),
                c => html.push(c),
            }
        }
        if part.mark {
            html.push_str("</mark>");
        }
    }
    html
}

/// Line breaks and runs of spaces as one space: an excerpt is one paragraph.
fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            if !space {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = false;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(parts: &[Marked]) -> String {
        parts
            .iter()
            .map(|p| {
                if p.mark {
                    format!("[{}]", p.text)
                } else {
                    p.text.clone()
                }
            })
            .collect()
    }

    fn words(w: &[&str]) -> Vec<String> {
        w.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn a_short_text_is_shown_whole_with_its_matches_marked() {
        let parts = excerpt(
            "Leptos hydrates the\nislands, then Islands wake.",
            &words(&["island"]),
        );
        assert_eq!(
            show(&parts),
            "Leptos hydrates the [islands], then [Islands] wake."
        );
    }

    #[test]
    fn a_long_text_is_cut_around_the_first_match_at_word_boundaries() {
        let text = format!("{} needle {}", "alpha ".repeat(60), "omega ".repeat(60));
        let shown = show(&excerpt(&text, &words(&["needle"])));
        assert!(shown.starts_with("…alpha"), "{shown}");
        assert!(shown.contains("[needle]"), "{shown}");
        assert!(shown.ends_with("omega…"), "{shown}");
        assert!(shown.chars().count() <= EXCERPT_CHARS + 8, "{shown}");
    }

    #[test]
    fn the_passage_holding_most_of_the_words_wins_over_an_earlier_lone_word() {
        let text = format!(
            "An enhancement first. {} Then progressive enhancement together.",
            "filler ".repeat(40)
        );
        let shown = show(&excerpt(&text, &words(&["progressive", "enhancement"])));
        assert!(shown.contains("[progressive] [enhancement]"), "{shown}");
    }

    #[test]
    fn short_words_mark_only_whole_words() {
        let shown = show(&excerpt("An io loop: ioctl and io.", &words(&["io"])));
        assert_eq!(shown, "An [io] loop: ioctl and [io].");
    }

    #[test]
    fn the_html_form_escapes_the_text_and_marks_the_words() {
        let html = excerpt_html("A <script> & \"islands\".", &words(&["island"]));
        assert_eq!(
            html,
            "A &lt;script&gt; &amp; &quot;<mark>islands</mark>&quot;."
        );
        assert_eq!(excerpt_html("Nothing here.", &words(&["rust"])), "");
    }

    #[test]
    fn no_match_in_the_text_gives_no_excerpt() {
        assert!(excerpt("Nothing here.", &words(&["rust"])).is_empty());
        assert!(excerpt("Nothing here.", &[]).is_empty());
    }
}
