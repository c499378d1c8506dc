//! Full-text search and tag filtering over the listed posts, one pure decision for every caller.
//!
//! The server keeps a whole [`SearchIndex`] beside the post index and answers the island's
//! search server function from it; the static export writes the same index as small files
//! ([`files`]) that the island fetches a few at a time, word by word, like Pagefind's chunks.
//! Either way [`home_page`] decides which posts match and in what order, so the server, the
//! export and the browser never disagree.
//!
//! - [`tokens`]: how text becomes search terms (the same for posts and queries).
//! - [`index`]: postings (which posts hold a term, and in which fields), built once per index.
//! - [`rank`]: the decision: matches, order and the page.
//! - [`excerpt`]: a short passage of a post around the matched words, marked.
//! - [`files`]: the export's file layout and its (de)coding, shared with the island.

pub mod excerpt;
pub mod files;
pub mod index;
pub mod rank;
pub mod tokens;

pub use excerpt::{excerpt, excerpt_html, Marked};
pub use index::{Fields, Postings, SearchIndex, Source};
pub use rank::{home_page, DocPage};
