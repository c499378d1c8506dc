//! The names of resized copies, as stored and served: `<hash>-<width>.webp`.

/// Where the copies are served: `/_img/<name>`.
pub const ROUTE: &str = "/_img";

/// Hexadecimal digits of the content hash in a copy's name (80 bits: no two pictures of a site
/// share it by chance).
pub const HASH_DIGITS: usize = 20;

/// The extension of every copy.
pub const EXTENSION: &str = "webp";

/// The name of the copy of the picture hashed `hash` at `width` pixels.
pub fn variant_name(hash: &str, width: u32) -> String {
    format!("{hash}-{width}.{EXTENSION}")
}

/// Whether `name` is one a copy could have: the only names `/_img/` serves, so no other file of
/// the folder (a manifest, a temporary file) and no path (`..`, `/`) is ever reached through it.
pub fn is_variant_name(name: &str) -> bool {
    let Some(stem) = name
        .strip_suffix(EXTENSION)
        .and_then(|rest| rest.strip_suffix('.'))
    else {
        return false;
    };
    let Some((hash, width)) = stem.split_once('-') else {
        return false;
    };
    hash.len() == HASH_DIGITS
        && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        && (1..=5).contains(&width.len())
        && width.bytes().all(|b| b.is_ascii_digit())
}

/// The names of the copies `html` links to (`/_img/<name>`), in order, repeats included.
pub fn variant_names(html: &str) -> impl Iterator<Item = &str> {
    let prefix = "/_img/";
    html.match_indices(prefix).filter_map(move |(at, _)| {
        let rest = &html[at + prefix.len()..];
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '.'))
            .unwrap_or(rest.len());
        let name = &rest[..end];
        is_variant_name(name).then_some(name)
    })
}
