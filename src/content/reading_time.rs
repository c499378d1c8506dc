//! Estimated reading time.

use pulldown_cmark::{Event, Tag, TagEnd};

/// Words of space-separated scripts read per minute.
pub const WORDS_PER_MINUTE: u32 = 200;
/// Chinese, Japanese and Korean characters read per minute.
pub const CJK_CHARS_PER_MINUTE: u32 = 500;

/// How much there is to read: space-separated words, and CJK characters (which have no spaces).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TextSize {
    /// Runs of non-space, non-CJK characters.
    pub words: u32,
    /// CJK characters, each counted on its own.
    pub cjk_chars: u32,
}

impl TextSize {
    /// Adds the words and CJK characters of `text`.
    pub fn add(&mut self, text: &str) {
        let mut in_word = false;
        for c in text.chars() {
            if is_cjk(c) {
                self.cjk_chars += 1;
                in_word = false;
            } else if c.is_whitespace() {
                in_word = false;
            } else if !in_word {
                self.words += 1;
                in_word = true;
            }
        }
    }

    /// Whole minutes, rounded up, at least 1.
    pub fn minutes(self) -> u32 {
        let seconds = (u64::from(self.words) * 60).div_ceil(u64::from(WORDS_PER_MINUTE))
            + (u64::from(self.cjk_chars) * 60).div_ceil(u64::from(CJK_CHARS_PER_MINUTE));
        u32::try_from(seconds.div_ceil(60))
            .unwrap_or(u32::MAX)
            .max(1)
    }
}

/// Reading time of a Markdown body in minutes: prose counts, code blocks do not (readers skim
/// them, and a long listing would otherwise dominate the estimate).
pub fn reading_minutes(events: &[Event]) -> u32 {
    let mut size = TextSize::default();
    let mut in_code_block = false;
    for event in events {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::Text(text) | Event::Code(text) if !in_code_block => size.add(text),
            _ => {}
        }
    }
    size.minutes()
}

/// Whether `c` is a Han, kana or Hangul character, or CJK punctuation.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{303F}'   // CJK symbols and punctuation
        | '\u{3040}'..='\u{30FF}' // Hiragana, Katakana
        | '\u{3400}'..='\u{4DBF}' // CJK Extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK Unified Ideographs
        | '\u{AC00}'..='\u{D7AF}' // Hangul syllables
        | '\u{F900}'..='\u{FAFF}' // CJK compatibility ideographs
        | '\u{FF00}'..='\u{FFEF}' // Half-width and full-width forms
        | '\u{20000}'..='\u{2FA1F}' // CJK Extensions B-F and supplements
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::Parser;

    fn minutes(markdown: &str) -> u32 {
        reading_minutes(&Parser::new(markdown).collect::<Vec<_>>())
    }

    fn size(text: &str) -> TextSize {
        let mut size = TextSize::default();
        size.add(text);
        size
    }

    #[test]
    fn words_are_read_at_two_hundred_a_minute() {
        assert_eq!(minutes(&"word ".repeat(200)), 1);
        assert_eq!(minutes(&"word ".repeat(201)), 2);
        assert_eq!(minutes(&"word ".repeat(1000)), 5);
    }

    #[test]
    fn short_and_empty_posts_take_one_minute() {
        assert_eq!(minutes(""), 1);
        assert_eq!(minutes("Hi."), 1);
    }

    #[test]
    fn cjk_text_counts_by_character() {
        assert_eq!(
            size("京都の朝は静か"),
            TextSize {
                words: 0,
                cjk_chars: 7
            }
        );
        assert_eq!(
            size("Rustで書いた blog"),
            TextSize {
                words: 2,
                cjk_chars: 4
            }
        );
        assert_eq!(minutes(&"日本語".repeat(500)), 3);
    }

    #[test]
    fn code_blocks_are_not_counted() {
        let code = format!("```rust\n{}\n```\n", "let x = 1;\n".repeat(400));
        assert_eq!(minutes(&format!("A few words.\n\n{code}")), 1);
        assert_eq!(
            minutes(&format!("{}\n\n    indented code\n", "word ".repeat(200))),
            1
        );
    }

    #[test]
    fn inline_code_and_formatted_words_count() {
        assert_eq!(
            size("call `foo` *now*"),
            TextSize {
                words: 3,
                cjk_chars: 0
            }
        );
        assert_eq!(minutes(&"`word` ".repeat(201)), 2);
    }
}
