//! A post's body as the index keeps it: its plain text and its rendered HTML, compressed together
//! with zstd.
//!
//! The HTML is the largest part of a post in memory (highlighted code makes it about twice the
//! Markdown), and it is read only when a post page, its data document or a feed is rendered,
//! each of which the page cache then keeps; the text (the prose, for search and its excerpts) is
//! read when the search index is built and for the excerpts of a page of results. The text
//! repeats the HTML's words, so compressed in one frame with it, it costs a fraction of its own
//! size.
//!
//! Measured on 500 posts of the bench corpus (4.7 MB of text and HTML), against brotli (the
//! `brotli` crate) with a 64 KiB window, each kept as its own stream:
//!
//! | | kept | compress | decompress |
//! |---|---|---|---|
//! | brotli quality 1, text and HTML apart (before) | 1.64 MB | 48 ms | 27 ms |
//! | brotli quality 1, together | 1.54 MB | 45 ms | 27 ms |
//! | brotli quality 2, together | 0.95 MB | 121 ms | 15 ms |
//! | zstd level 3, together (this) | 0.90 MB | 23 ms | 10 ms |
//! | lz4, together | 1.41 MB | 6 ms | 1 ms |

/// zstd's level: its default, as fast as level 1 on post-sized inputs and a little smaller.
const LEVEL: i32 = 3;

thread_local! {
    /// Each thread's compression context. Making one allocates and clears about a megabyte, which
    /// took more time than compressing a post did.
    static COMPRESSOR: std::cell::RefCell<Option<zstd::bulk::Compressor<'static>>> =
        std::cell::RefCell::new(zstd::bulk::Compressor::new(LEVEL).ok());
    /// Each thread's decompression context: making one per post was 6% of an export (perf).
    static DECOMPRESSOR: std::cell::RefCell<Option<zstd::bulk::Decompressor<'static>>> =
        std::cell::RefCell::new(zstd::bulk::Decompressor::new().ok());
}

/// A post's text and rendered HTML, compressed.
#[derive(Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StoredBody {
    /// Bytes of the text, which comes first in the frame.
    text_len: u32,
    /// Bytes of the HTML, which follows it.
    html_len: u32,
    compressed: Compressed,
}

impl StoredBody {
    /// Keeps `text` and `html` compressed.
    pub fn new(text: &str, html: &str) -> Self {
        let mut both = String::with_capacity(text.len() + html.len());
        both.push_str(text);
        both.push_str(html);
        // Compressing into memory fails only if memory runs out; an empty body is the fallback
        // (`decompress` then gives empty strings).
        let compressed = COMPRESSOR
            .with_borrow_mut(|compressor| {
                compressor
                    .as_mut()
                    .and_then(|c| c.compress(both.as_bytes()).ok())
            })
            .unwrap_or_default();
        StoredBody {
            // Post files are at most `max_post_bytes`, far below 4 GiB.
            text_len: u32::try_from(text.len()).unwrap_or(u32::MAX),
            html_len: u32::try_from(html.len()).unwrap_or(u32::MAX),
            compressed: Compressed(compressed.into_boxed_slice()),
        }
    }

    /// The plain text.
    pub fn text(&self) -> String {
        let mut both = self.decompress();
        both.truncate((self.text_len as usize).min(both.len()));
        to_string(both)
    }

    /// The rendered HTML.
    pub fn html(&self) -> String {
        let mut both = self.decompress();
        both.drain(..(self.text_len as usize).min(both.len()));
        to_string(both)
    }

    fn decompress(&self) -> Vec<u8> {
        let len = self.text_len as usize + self.html_len as usize;
        DECOMPRESSOR
            .with_borrow_mut(|decompressor| {
                decompressor
                    .as_mut()
                    .and_then(|d| d.decompress(&self.compressed.0, len).ok())
            })
            .unwrap_or_default()
    }

    /// Bytes kept in memory.
    pub fn compressed_len(&self) -> usize {
        self.compressed.0.len()
    }
}

/// Bytes that were a `str` (or its prefix at a char boundary) when compressed, so this never
/// replaces anything.
fn to_string(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The compressed stream.
#[derive(Clone, PartialEq, Eq)]
struct Compressed(Box<[u8]>);

// Stored in the render cache (src/content/render_cache.rs) as one byte string, not a sequence of
// numbers.
impl serde::Serialize for Compressed {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Compressed {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_byte_buf(BytesVisitor)
    }
}

struct BytesVisitor;

impl serde::de::Visitor<'_> for BytesVisitor {
    type Value = Compressed;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("zstd-compressed bytes")
    }

    fn visit_bytes<E: serde::de::Error>(self, bytes: &[u8]) -> Result<Compressed, E> {
        Ok(Compressed(bytes.into()))
    }

    fn visit_byte_buf<E: serde::de::Error>(self, bytes: Vec<u8>) -> Result<Compressed, E> {
        Ok(Compressed(bytes.into_boxed_slice()))
    }
}

impl std::fmt::Debug for StoredBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "StoredBody({} bytes of text, {} bytes compressed)",
            self.text_len,
            self.compressed.0.len()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_html_come_back_exactly() {
        for (text, html) in [
            ("", ""),
            ("Hello, Quire", "<p>Hello, Quire</p>\n"),
            ("日本語 🦀", "<p>日本語 and emoji 🦀 &amp; entities</p>"),
            ("", "<p>only markup</p>"),
            ("only text", ""),
        ] {
            let stored = StoredBody::new(text, html);
            assert_eq!(stored.text(), text);
            assert_eq!(stored.html(), html);
        }
    }

    #[test]
    fn the_text_costs_little_beside_the_html_it_repeats() {
        let text = "A paragraph of ordinary words about Rust and the web.\n".repeat(40);
        let html = "<p>A paragraph of <em>ordinary</em> words about Rust and the web.</p>\n\
                    <pre><code><span class=\"hl-kw\">let</span> x = 1;</code></pre>\n"
            .repeat(40);
        let html_only = StoredBody::new("", &html).compressed_len();
        let stored = StoredBody::new(&text, &html);
        assert!(html_only * 3 < html.len(), "{html_only} of {}", html.len());
        assert!(
            stored.compressed_len() < html_only + html_only / 4,
            "{} with the text, {html_only} without",
            stored.compressed_len()
        );
        assert_eq!(stored.text(), text);
        assert_eq!(stored.html(), html);
    }
}
