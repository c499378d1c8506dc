//! Text to search terms: lower case, split at every character that is not a letter or a digit.
//! Posts are indexed and queries are read with the same function, so they always agree.

/// Query words of this many characters or more match every term they begin (`hydr` finds
/// `hydration`); shorter ones match only themselves, so a one-letter word never fetches or
/// scans the whole vocabulary.
pub const PREFIX_MIN_CHARS: usize = 3;

/// The terms of `text`, in order, repeats kept.
pub fn tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(crate::filter::lowercase)
}

/// The terms of a query, without repeats, in the order written.
pub fn query_words(text: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for word in tokens(text) {
        if !words.contains(&word) {
            words.push(word);
        }
    }
    words
}

/// Whether `word` matches terms it begins, or only itself (see [`PREFIX_MIN_CHARS`]).
pub fn is_prefix_word(word: &str) -> bool {
    word.chars().count() >= PREFIX_MIN_CHARS
}

/// The name of the group of terms `word` belongs to, or (for a prefix word) whose terms it
/// may match: its first [`PREFIX_MIN_CHARS`] characters. The export writes one file per group.
pub fn group_of(word: &str) -> String {
    word.chars().take(PREFIX_MIN_CHARS).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_split_at_non_alphanumerics_and_lowercased() {
        let found: Vec<String> =
            tokens("Hydrating islands: Leptos's `view!` (0.8) — Ünïcode").collect();
        assert_eq!(
            found,
            [
                "hydrating",
                "islands",
                "leptos",
                "s",
                "view",
                "0",
                "8",
                "ünïcode"
            ]
        );
    }

    #[test]
    fn query_words_drop_repeats_and_keep_order() {
        assert_eq!(query_words("Rust rust WEB  rust"), ["rust", "web"]);
        assert!(query_words("  --  ").is_empty());
    }

    #[test]
    fn short_words_match_exactly_and_longer_ones_as_prefixes() {
        assert!(!is_prefix_word("io"));
        assert!(is_prefix_word("hyd"));
        assert!(is_prefix_word("日本語"));
        assert_eq!(group_of("hydration"), "hyd");
        assert_eq!(group_of("io"), "io");
        assert_eq!(group_of("日本語です"), "日本語");
    }
}
