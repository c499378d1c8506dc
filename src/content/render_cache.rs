//! The render cache: each post's parsed and rendered [`Entry`] kept on disk, so a restart reads
//! what the last run rendered instead of rendering every post again.
//!
//! An entry is found by its [`Key`], a hash of everything the rendering depends on: the file's
//! bytes, its path and default slug, the settings that change the output (`[site] author`,
//! `[content] raw_html`), the Quire version, [`CACHE_FORMAT`] and the build ([`build_id`]). Image sizes come from the
//! assets folder, not from the file, so each entry records the sizes it was rendered with and is
//! used only while they are still the same ([`Cached::images_match`]). Only posts that parsed are
//! kept: a broken post is parsed every time, so its problems stay reported.
//!
//! One file per entry, `<dir>/<first 2 hex digits>/<key in hex>.bin`: a header (magic,
//! [`CACHE_FORMAT`], the key, a checksum of the payload), then the payload in postcard. A file
//! that is corrupt, truncated, of another format or under another key is ignored, rendered again
//! and rewritten, never served. Files are written to a temporary name and renamed, so a reader
//! never sees half a file. A cache folder that cannot be read or written is logged once per load,
//! and the load goes on without it.
//!
//! A load reads from the cache as it goes but writes only when it is done, on a thread of its own
//! ([`RenderCache::write_later`]): creating 10,000 small files took 1.5 s of a 5 s cold start, time
//! in which no reader was served. [`wait_for_writes`] waits for them (before a program exits).
//!
//! Stale files are not pruned. The folder may be shared (`quire check`, tests, several sites
//! on one machine), so "not used by this load" does not mean "used by no one", and the files of
//! the previous versions of a post are few (one per saved edit, a few KB each). The default
//! folder is under `target/`, which `cargo clean` empties; deleting the folder at any time is
//! safe.

use super::post::Entry;
use super::references::ImageSizes;
use super::sanitize::RawHtml;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::cell::RefCell;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Condvar, Mutex};

/// The version of the file format and of what is in it. Bump it whenever [`Entry`] or anything
/// it holds changes shape, or rendering changes without a new Quire version.
pub const CACHE_FORMAT: u32 = 3;

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
pub struct Key([u8; 32]);

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
    field(inputs.bytes);
    Key(hash.finalize().into())
}

/// Each image URL looked up while rendering, once, with the size found (`None`: unknown).
pub type ImageLookups = Vec<(String, Option<(u32, u32)>)>;

/// A cached rendering: the entry, and the image sizes looked up while rendering it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Cached {
    /// The post as it was parsed and rendered.
    pub entry: Entry,
    /// Each image URL looked up, in order and once, with the size found (`None`: unknown).
    pub images: ImageLookups,
}

impl Cached {
    /// Whether every image still has the size the entry was rendered with.
    pub fn images_match(&self, sizes: ImageSizes<'_>) -> bool {
        self.images.iter().all(|(url, size)| sizes(url) == *size)
    }
}

/// [`Cached`], borrowed: serialized exactly alike, so an entry is stored without a copy.
#[derive(Serialize)]
struct CachedRef<'a> {
    entry: &'a Entry,
    images: &'a [(String, Option<(u32, u32)>)],
}

/// The bytes of a cache file holding `entry` and `images` under `key`; `None` only if they cannot
/// be serialized (plain data always can).
pub fn encode(
    key: &Key,
    entry: &Entry,
    images: &[(String, Option<(u32, u32)>)],
) -> Option<Vec<u8>> {
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

/// Image sizes looked up through `sizes`, remembering each URL and what was found.
pub struct SizeLog<'s> {
    sizes: ImageSizes<'s>,
    seen: RefCell<ImageLookups>,
}

impl<'s> SizeLog<'s> {
    /// A log of lookups through `sizes`.
    pub fn new(sizes: ImageSizes<'s>) -> Self {
        SizeLog {
            sizes,
            seen: RefCell::new(Vec::new()),
        }
    }

    /// The size of the image at `url`, remembered.
    pub fn lookup(&self, url: &str) -> Option<(u32, u32)> {
        let size = (self.sizes)(url);
        let mut seen = self.seen.borrow_mut();
        if !seen.iter().any(|(known, _)| known == url) {
            seen.push((url.to_string(), size));
        }
        size
    }

    /// Every URL looked up, once each, in the order of the first lookups.
    pub fn into_images(self) -> ImageLookups {
        self.seen.into_inner()
    }
}

/// The cache folder of one load. Safe to share between the threads of a load.
#[derive(Debug)]
pub struct RenderCache {
    dir: PathBuf,
    /// Set once the folder failed: the load goes on without it, and says so once.
    failed: AtomicBool,
    /// The files of this load's renderings, not yet written.
    pending: Mutex<Pending>,
}

/// Files to write: their bytes one after another in one buffer, so that freeing them once written
/// gives the memory back to the system (thousands of small buffers, interleaved with the entries
/// the load keeps, would leave it stranded between them: about 25 MiB on 10,000 posts).
#[derive(Debug, Default)]
struct Pending {
    bytes: Vec<u8>,
    files: Vec<(Key, std::ops::Range<usize>)>,
}

/// Loads that rendered fewer posts than this (an edit while the server runs) write their files
/// themselves: a thread per edit, each with its own allocator heap, cost more than the few writes.
const WRITE_HERE_BELOW: usize = 32;

/// How many threads are writing the files of finished loads, and a signal for when one is done.
static WRITERS: (Mutex<usize>, Condvar) = (Mutex::new(0), Condvar::new());

/// Waits until the files of every finished load are written.
pub fn wait_for_writes() {
    let (count, done) = &WRITERS;
    let mut writing = count.lock().unwrap_or_else(|p| p.into_inner());
    while *writing > 0 {
        writing = done.wait(writing).unwrap_or_else(|p| p.into_inner());
    }
}

/// Counts one writer in [`WRITERS`] for as long as it lives, even if it panics.
struct Writing;

impl Writing {
    fn start() -> Self {
        *WRITERS.0.lock().unwrap_or_else(|p| p.into_inner()) += 1;
        Writing
    }
}

impl Drop for Writing {
    fn drop(&mut self) {
        let (count, done) = &WRITERS;
        let mut writing = count.lock().unwrap_or_else(|p| p.into_inner());
        *writing = writing.saturating_sub(1);
        done.notify_all();
    }
}

/// Tells apart the temporary files of one process's writers.
static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

impl RenderCache {
    /// The cache in `dir`, created if missing; `None` (and a warning) when it cannot be created.
    pub fn open(dir: &Path) -> Option<Self> {
        match fs::create_dir_all(dir) {
            Ok(()) => Some(RenderCache {
                dir: dir.to_path_buf(),
                failed: AtomicBool::new(false),
                pending: Mutex::new(Pending::default()),
            }),
            Err(error) => {
                tracing::warn!(
                    "render cache {}: {error}; loading without it",
                    dir.display()
                );
                None
            }
        }
    }

    /// The rendering stored under `key`, if any file holds a valid one.
    pub fn get(&self, key: &Key) -> Option<Cached> {
        if self.failed.load(Ordering::Relaxed) {
            return None;
        }
        match fs::read(self.path_of(key)) {
            Ok(bytes) => decode(key, &bytes),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
            Err(error) => {
                self.fail(&error);
                None
            }
        }
    }

    /// Stores `entry` and the `images` it was rendered with under `key`, replacing any file, once
    /// the load is done ([`RenderCache::write_later`]).
    pub fn put(&self, key: &Key, entry: &Entry, images: &[(String, Option<(u32, u32)>)]) {
        if self.failed.load(Ordering::Relaxed) {
            return;
        }
        let Some(bytes) = encode(key, entry, images) else {
            return;
        };
        let mut pending = self.pending.lock().unwrap_or_else(|p| p.into_inner());
        let start = pending.bytes.len();
        pending.bytes.extend_from_slice(&bytes);
        let end = pending.bytes.len();
        pending.files.push((*key, start..end));
    }

    /// Writes the files [`RenderCache::put`] stored, on a thread of its own at a lower priority
    /// than the server's, so the load it ends is not kept waiting. [`wait_for_writes`] waits for
    /// it. Writes them here when they are few, or if no thread can be started.
    pub fn write_later(self) {
        let pending = self.pending.lock().map_or(0, |p| p.files.len());
        if pending == 0 {
            return;
        }
        if pending < WRITE_HERE_BELOW {
            self.write_pending();
            return;
        }
        let writing = Writing::start();
        let cache = std::sync::Arc::new(self);
        let for_thread = std::sync::Arc::clone(&cache);
        let spawned = std::thread::Builder::new()
            .name("render-cache".into())
            .spawn(move || {
                let _writing = writing;
                lower_priority();
                for_thread.write_pending();
                // The files' bytes were the load's largest leftover.
                crate::memory::release_free_memory();
            });
        if spawned.is_err() {
            // The closure, and the count it held, are gone with the error.
            cache.write_pending();
        }
    }

    /// Writes every file [`RenderCache::put`] stored, now.
    pub fn write_pending(&self) {
        let pending = std::mem::take(&mut *self.pending.lock().unwrap_or_else(|p| p.into_inner()));
        for (key, range) in pending.files {
            if self.failed.load(Ordering::Relaxed) {
                return;
            }
            let Some(bytes) = pending.bytes.get(range) else {
                continue;
            };
            if let Err(error) = self.write(&key, bytes) {
                self.fail(&error);
            }
        }
    }

    fn write(&self, key: &Key, bytes: &[u8]) -> std::io::Result<()> {
        let path = self.path_of(key);
        let folder = path.parent().unwrap_or(&self.dir);
        fs::create_dir_all(folder)?;
        let temp = folder.join(format!(
            ".{}.{}.{}.tmp",
            &key.hex()[..16],
            std::process::id(),
            TEMP_COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let written = fs::File::create(&temp)
            .and_then(|mut file| file.write_all(bytes))
            .and_then(|()| fs::rename(&temp, &path));
        if written.is_err() {
            let _ = fs::remove_file(&temp);
        }
        written
    }

    fn path_of(&self, key: &Key) -> PathBuf {
        let hex = key.hex();
        self.dir.join(&hex[..2]).join(format!("{hex}.bin"))
    }

    fn fail(&self, error: &std::io::Error) {
        if !self.failed.swap(true, Ordering::Relaxed) {
            tracing::warn!(
                "render cache {}: {error}; going on without it",
                self.dir.display()
            );
        }
    }
}

/// Makes the calling thread yield the cores to the server's threads (nice 10); on Linux each
/// thread has its own priority.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: `setpriority` on the calling thread's id only changes its scheduling priority.
    unsafe {
        let thread = libc::syscall(libc::SYS_gettid);
        libc::setpriority(libc::PRIO_PROCESS, thread as libc::id_t, 10);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::post::parse_post;

    const POST: &[u8] = b"---\ntitle: Hello\ndate: 2026-02-13T09:30:00+01:00\ntags: [Rust]\n---\n\
        # Hi\n\nSee [the other](other.md).\n\n```rust\nlet x = 1;\n```\n";

    fn inputs(bytes: &[u8]) -> Inputs<'_> {
        Inputs {
            source: "posts/hello.md",
            default_slug: "hello",
            bytes,
            site_author: "Ada",
            raw_html: RawHtml::Sanitize,
        }
    }

    fn entry() -> Entry {
        let text = std::str::from_utf8(POST).expect("UTF-8");
        parse_post("posts/hello.md", "hello", text, "Ada").expect("valid post")
    }

    fn images() -> ImageLookups {
        vec![
            ("/a.png".into(), Some((3, 2))),
            ("/missing.png".into(), None),
        ]
    }

    #[test]
    fn an_entry_comes_back_exactly() {
        let key = key(&inputs(POST));
        let bytes = encode(&key, &entry(), &images()).expect("serializable");
        let cached = decode(&key, &bytes).expect("valid file");
        assert_eq!(cached.entry, entry());
        assert_eq!(cached.entry.html(), entry().html());
        assert_eq!(cached.images, images());
    }

    #[test]
    fn keys_are_written_as_64_lowercase_hex_digits() {
        let mut bytes = [0; 32];
        bytes[0] = 0x0f;
        bytes[31] = 0xa9;
        let hex = Key(bytes).hex();
        assert_eq!(hex.len(), 64);
        assert!(hex.starts_with("0f00") && hex.ends_with("00a9"), "{hex}");
    }

    #[test]
    fn every_input_changes_the_key() {
        let base = key(&inputs(POST));
        let others = [
            Inputs {
                bytes: b"other",
                ..inputs(POST)
            },
            Inputs {
                source: "posts/other.md",
                ..inputs(POST)
            },
            Inputs {
                default_slug: "other",
                ..inputs(POST)
            },
            Inputs {
                site_author: "Bob",
                ..inputs(POST)
            },
            Inputs {
                raw_html: RawHtml::Trust,
                ..inputs(POST)
            },
        ];
        for other in others {
            assert_ne!(key(&other), base, "{other:?}");
        }
        assert_eq!(key(&inputs(POST)), base, "the same inputs, the same key");
        // Length prefixes: moving bytes from one field to the next changes the key.
        let moved = Inputs {
            source: "posts/hello.m",
            default_slug: "dhello",
            ..inputs(POST)
        };
        assert_ne!(key(&moved), base);
    }

    #[test]
    fn a_damaged_or_foreign_file_is_rejected() {
        let key = key(&inputs(POST));
        let good = encode(&key, &entry(), &images()).expect("serializable");
        let mut damaged = Vec::new();
        // Every single flipped byte, header and payload alike.
        for at in 0..good.len() {
            let mut bytes = good.clone();
            bytes[at] ^= 0x20;
            damaged.push(bytes);
        }
        // Every truncation, and bytes appended.
        damaged.extend((0..good.len()).map(|len| good[..len].to_vec()));
        damaged.push([&good[..], b"more"].concat());
        // Random bytes, and a file of another format version with a valid checksum.
        damaged.push(
            (0..4096u32)
                .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
                .collect(),
        );
        let mut other_format = good.clone();
        other_format[4..8].copy_from_slice(&(CACHE_FORMAT + 1).to_le_bytes());
        damaged.push(other_format);
        for bytes in &damaged {
            assert_eq!(decode(&key, bytes), None, "{} bytes", bytes.len());
        }
        // A valid file of another key (another version of Quire, another post).
        let other = super::key(&Inputs {
            bytes: b"other",
            ..inputs(POST)
        });
        assert_eq!(decode(&other, &good), None);
    }

    #[test]
    fn images_must_still_have_their_recorded_sizes() {
        let cached = Cached {
            entry: entry(),
            images: images(),
        };
        let same = |url: &str| (url == "/a.png").then_some((3, 2));
        let resized = |url: &str| (url == "/a.png").then_some((4, 2));
        let appeared = |_: &str| Some((3, 2));
        assert!(cached.images_match(&same));
        assert!(!cached.images_match(&resized));
        assert!(!cached.images_match(&appeared));
    }

    #[test]
    fn the_size_log_remembers_each_url_once_with_its_size() {
        let sizes = |url: &str| (url == "/a.png").then_some((3, 2));
        let log = SizeLog::new(&sizes);
        assert_eq!(log.lookup("/a.png"), Some((3, 2)));
        assert_eq!(log.lookup("/missing.png"), None);
        assert_eq!(log.lookup("/a.png"), Some((3, 2)));
        assert_eq!(log.into_images(), images());
    }

    #[test]
    fn stored_entries_are_found_and_damaged_files_are_replaced() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = RenderCache::open(&dir.path().join("cache")).expect("writable");
        let key = key(&inputs(POST));
        assert_eq!(cache.get(&key), None);
        cache.put(&key, &entry(), &images());
        cache.write_pending();
        assert_eq!(cache.get(&key).map(|c| c.entry), Some(entry()));
        let path = cache.path_of(&key);
        fs::write(&path, b"garbage").expect("overwrite");
        assert_eq!(cache.get(&key), None);
        cache.put(&key, &entry(), &images());
        cache.write_pending();
        assert_eq!(cache.get(&key).map(|c| c.entry), Some(entry()));
        let names: Vec<_> = fs::read_dir(path.parent().expect("folder"))
            .expect("readable")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names.len(), 1, "no temporary file left: {names:?}");
    }

    #[test]
    fn files_are_written_after_the_load_and_waited_for() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = RenderCache::open(&dir.path().join("cache")).expect("writable");
        let keys: Vec<Key> = (0..40u8)
            .map(|n| {
                key(&Inputs {
                    bytes: &[n],
                    ..inputs(POST)
                })
            })
            .collect();
        for key in &keys {
            cache.put(key, &entry(), &images());
        }
        assert!(
            keys.iter().all(|key| !cache.path_of(key).exists()),
            "nothing is written while the load runs"
        );
        let reader = RenderCache::open(&dir.path().join("cache")).expect("writable");
        cache.write_later();
        wait_for_writes();
        for key in &keys {
            assert_eq!(reader.get(key).map(|c| c.entry), Some(entry()));
        }
    }
}
