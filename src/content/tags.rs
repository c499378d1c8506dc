//! Tag identity: every spelling of a tag folds to one URL slug.

use unicode_normalization::UnicodeNormalization;

/// The slug of a tag name: NFKC-normalised, lowercased, letters and digits of any script kept,
/// every run of anything else turned into one `-`, with no `-` at either end.
///
/// `Web Dev` -> `web-dev`, ` Rust ` -> `rust`, `Café` -> `café`. May be empty (for `!!!`); callers
/// report that as an error.
pub fn slugify(name: &str) -> String {
    let mut slug = String::with_capacity(name.len());
    let mut pending_dash = false;
    for c in name.nfkc().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.push(c);
        } else {
            pending_dash = true;
        }
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn spaces_and_case_fold_to_one_slug() {
        assert_eq!(slugify("Web Dev"), "web-dev");
        assert_eq!(slugify("learning in public"), "learning-in-public");
        assert_eq!(slugify(" Rust "), "rust");
        assert_eq!(slugify("RUST"), slugify("rust"));
    }

    #[test]
    fn runs_of_punctuation_become_one_dash_and_edges_are_trimmed() {
        assert_eq!(slugify("--C++ / Rust!!"), "c-rust");
        assert_eq!(slugify("a___b"), "a-b");
        assert_eq!(slugify("!!!"), "");
    }

    #[test]
    fn letters_of_every_script_are_kept() {
        assert_eq!(slugify("日本語"), "日本語");
        assert_eq!(slugify("Café"), "café");
        assert_eq!(slugify("Ωmega Δ"), "ωmega-δ");
    }

    #[test]
    fn normalisation_unifies_composed_decomposed_and_compatibility_forms() {
        // "e" + combining acute accent, and the precomposed "é".
        assert_eq!(slugify("Cafe\u{301}"), slugify("Café"));
        // Full-width Latin letters fold to ASCII under NFKC.
        assert_eq!(slugify("Ｒｕｓｔ"), "rust");
    }
}
