//! A post's rendered HTML as the index keeps it: brotli-compressed.
//!
//! The HTML is the largest part of a post in memory (highlighted code makes it about twice the
//! Markdown), and it is read only when a post page, its data document or a feed is rendered,
//! each of which the page cache then keeps. Compressed, it takes about a third of the memory,
//! for some microseconds of decompression per render. Measured on the 10,000-post bench corpus
//! (see `bench/README.md`): resident memory after loading fell from 115 MB to about 67 MB.

/// Brotli quality. Quality 1 compresses post HTML about 3.3-fold; quality 5 reaches 4.2-fold
/// but made loading 10,000 posts take 1.8 times as long, against 1.2 times for quality 1.
const QUALITY: u32 = 1;

/// Brotli window (log2 of bytes): 64 KiB. The decoder allocates and zeroes a ring buffer of the
/// window's size for every decompression: with a 4 MiB window, zeroing took more than half of
/// building the search index of 10,000 posts (perf: `memset` at 58% of a warm start). Posts
/// longer than the window still compress, only with references at most 64 KiB back.
const WINDOW: u32 = 16;

/// Rendered HTML, compressed.
#[derive(Clone, PartialEq, Eq)]
pub struct StoredHtml {
    compressed: Box<[u8]>,
}

impl StoredHtml {
    /// Keeps `html` compressed.
    pub fn new(html: &str) -> Self {
        let mut compressed = Vec::with_capacity(html.len() / 4);
        let params = brotli::enc::BrotliEncoderParams {
            quality: QUALITY as i32,
            lgwin: WINDOW as i32,
            ..Default::default()
        };
        // Writing into a Vec cannot fail; an empty body is the (unreachable) fallback.
        if brotli::BrotliCompress(&mut html.as_bytes(), &mut compressed, &params).is_err() {
            compressed.clear();
        }
        StoredHtml {
            compressed: compressed.into_boxed_slice(),
        }
    }

    /// The HTML, decompressed.
    pub fn html(&self) -> String {
        let mut html = Vec::with_capacity(self.compressed.len() * 5);
        if brotli::BrotliDecompress(&mut &self.compressed[..], &mut html).is_err() {
            return String::new();
        }
        // It was a `str` when compressed, so this never replaces anything.
        String::from_utf8(html)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }

    /// Bytes kept in memory.
    pub fn compressed_len(&self) -> usize {
        self.compressed.len()
    }
}

// Stored in the render cache (src/content/render_cache.rs) as one byte string, not a sequence of
// numbers.
impl serde::Serialize for StoredHtml {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(&self.compressed)
    }
}

impl<'de> serde::Deserialize<'de> for StoredHtml {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_byte_buf(BytesVisitor)
    }
}

struct BytesVisitor;

impl serde::de::Visitor<'_> for BytesVisitor {
    type Value = StoredHtml;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("brotli-compressed HTML bytes")
    }

    fn visit_bytes<E: serde::de::Error>(self, bytes: &[u8]) -> Result<StoredHtml, E> {
        Ok(StoredHtml {
            compressed: bytes.into(),
        })
    }

    fn visit_byte_buf<E: serde::de::Error>(self, bytes: Vec<u8>) -> Result<StoredHtml, E> {
        Ok(StoredHtml {
            compressed: bytes.into_boxed_slice(),
        })
    }
}

impl std::fmt::Debug for StoredHtml {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "StoredHtml({} bytes compressed)", self.compressed.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_comes_back_exactly() {
        for html in [
            "",
            "<p>Hello, Quire</p>\n",
            "<p>日本語 and emoji 🦀 &amp; entities</p>",
        ] {
            assert_eq!(StoredHtml::new(html).html(), html);
        }
    }

    #[test]
    fn typical_post_html_is_kept_several_times_smaller() {
        let html = "<p>A paragraph of <em>ordinary</em> words about Rust and the web.</p>\n\
                    <pre><code><span class=\"hl-kw\">let</span> x = 1;</code></pre>\n"
            .repeat(40);
        let stored = StoredHtml::new(&html);
        assert!(
            stored.compressed_len() * 3 < html.len(),
            "{} of {}",
            stored.compressed_len(),
            html.len()
        );
        assert_eq!(stored.html(), html);
    }
}
