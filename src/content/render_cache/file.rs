//! One cache file: the [`Key`] of a rendering, and the bytes that hold it (a header of magic,
//! [`CACHE_FORMAT`], the key and a checksum, then the payload in postcard).

use crate::content::images::ImageInfo;
use crate::content::post::Entry;
use crate::content::references::ImageSizes;
use crate::content::sanitize::RawHtml;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The version of the file format and of what is in it. Bump it whenever [`Entry`] or anything
/// it holds changes shape, or rendering changes without a new Quire version.
pub const CACHE_FORMAT: u32 = 7;

/// What tells this build of Quire from others beyond its version: the size and modification
/// time of the running program. Any rebuild (a change to the renderer while developing, a new
/// release) renders every post again instead of trusting entries another build made, which a
/// forgotten [`CACHE_FORMAT`] bump could not guarantee.
fn build_id() -> &'static str {
    static ID: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        std::env::current_exe()
            .and_then(std::fs::metadata)
            .map(|m| {
                let modified = m
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_nanos());
                format!("{}:{modified}", m.len())
            })
            .unwrap_or_default()
    });
    &ID
}

/// The first bytes of every cache file.
const MAGIC: [u8; 4] = *b"QRC\x00";

/// Bytes of SHA-256 kept as the payload's checksum.
const CHECKSUM_LEN: usize = 16;

/// Magic, format, key, checksum.
const HEADER_LEN: usize = MAGIC.len() + 4 + 32 + CHECKSUM_LEN;

/// What identifies one rendering of one post: SHA-256 of its inputs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Key(pub(super) [u8; 32]);

impl Key {
    /// The key in lowercase hexadecimal (64 digits), the cache file's name.
    pub fn hex(&self) -> String {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        let mut hex = String::with_capacity(64);
        for byte in self.0 {
            hex.push(char::from(DIGITS[usize::from(byte >> 4)]));
            hex.push(char::from(DIGITS[usize::from(byte & 0xf)]));
        }
        hex
    }
}

/// Everything a post's rendering depends on, but image sizes (see [`Cached::images`]).
#[derive(Clone, Copy, Debug)]
pub struct Inputs<'a> {
    /// The file, as shown in messages and kept in the entry.
    pub source: &'a str,
    /// The slug the file name gives.
    pub default_slug: &'a str,
    /// The file's bytes.
    pub bytes: &'a [u8],
    /// `[site] author`, the author of posts that name none.
    pub site_author: &'a str,
    /// `[content] raw_html`.
    pub raw_html: RawHtml,
    /// `[content] permalink`, which the post's address and its bundle's links follow.
    pub permalink: &'a str,
    /// The file's folders under the content folder.
    pub folder: &'a str,
    /// Whether the file is a bundle's text.
    pub bundle: bool,
    /// Whether the file is in Jekyll's `_drafts/`.
    pub draft: bool,
}

/// The key of a rendering of `inputs` by this version of Quire.
pub fn key(inputs: &Inputs<'_>) -> Key {
    let mut hash = Sha256::new();
    // Each field is length-prefixed, so no two different inputs hash the same bytes.
    let mut field = |bytes: &[u8]| {
        hash.update((bytes.len() as u64).to_le_bytes());
        hash.update(bytes);
    };
    field(b"quire render cache");
    field(env!("CARGO_PKG_VERSION").as_bytes());
    field(&CACHE_FORMAT.to_le_bytes());
    field(build_id().as_bytes());
    field(inputs.source.as_bytes());
    field(inputs.default_slug.as_bytes());
    field(inputs.site_author.as_bytes());
    field(format!("{:?}", inputs.raw_html).as_bytes());
    field(inputs.permalink.as_bytes());
    field(inputs.folder.as_bytes());
    field(&[u8::from(inputs.bundle), u8::from(inputs.draft)]);
    field(inputs.bytes);
    Key(hash.finalize().into())
}

/// Each image URL looked up while rendering, once, with the size and copies found (`None`:
/// unknown).
pub type ImageLookups = Vec<(String, Option<ImageInfo>)>;

/// A cached rendering: the entry, and the image sizes looked up while rendering it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Cached {
    /// The post as it was parsed and rendered.
    pub entry: Entry,
    /// Each image URL looked up, in order and once, with the size found (`None`: unknown).
    pub images: ImageLookups,
}

impl Cached {
    /// Whether every image still has the size and copies the entry was rendered with.
    pub fn images_match(&self, sizes: ImageSizes<'_>) -> bool {
        self.images.iter().all(|(url, size)| sizes(url) == *size)
    }
}

/// [`Cached`], borrowed: serialized exactly alike, so an entry is stored without a copy.
#[derive(Serialize)]
struct CachedRef<'a> {
    entry: &'a Entry,
    images: &'a [(String, Option<ImageInfo>)],
}

/// The bytes of a cache file holding `entry` and `images` under `key`; `None` only if they cannot
/// be serialized (plain data always can).
pub fn encode(key: &Key, entry: &Entry, images: &[(String, Option<ImageInfo>)]) -> Option<Vec<u8>> {
    let payload = postcard::to_stdvec(&CachedRef { entry, images }).ok()?;
    let mut out = Vec::with_capacity(HEADER_LEN + payload.len());
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&CACHE_FORMAT.to_le_bytes());
    out.extend_from_slice(&key.0);
    out.extend_from_slice(&checksum(&payload));
    out.extend_from_slice(&payload);
    Some(out)
}

/// The rendering a cache file holds, if it is whole, of this format, and stored under `key`.
pub fn decode(key: &Key, bytes: &[u8]) -> Option<Cached> {
    let header = bytes.get(..HEADER_LEN)?;
    let payload = &bytes[HEADER_LEN..];
    let (magic, rest) = header.split_at(MAGIC.len());
    let (format, rest) = rest.split_at(4);
    let (stored_key, sum) = rest.split_at(32);
    if magic != MAGIC
        || format != CACHE_FORMAT.to_le_bytes()
        || stored_key != key.0
        || sum != checksum(payload)
    {
        return None;
    }
    match postcard::take_from_bytes::<Cached>(payload) {
        // Trailing bytes mean it is not what `encode` wrote.
        Ok((cached, [])) => Some(cached),
        _ => None,
    }
}

fn checksum(payload: &[u8]) -> [u8; CHECKSUM_LEN] {
    let digest = Sha256::digest(payload);
    let mut sum = [0; CHECKSUM_LEN];
    sum.copy_from_slice(&digest[..CHECKSUM_LEN]);
    sum
}
