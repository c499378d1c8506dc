//! The render cache: each post's parsed and rendered [`Entry`] kept on disk, so a restart reads
//! what the last run rendered instead of rendering every post again.
//!
//! An entry is found by its [`Key`], a hash of everything the rendering depends on: the file's
//! bytes, its path and default slug, the settings that change the output (`[site] author`,
//! `[content] raw_html`), the Quire version, [`CACHE_FORMAT`] and the build ([`build_id`]). Image sizes come from the
//! assets folder, not from the file, so each entry records the sizes (and resized copies, see
//! [`super::images`]) it was rendered with and is used only while they are still the same
//! ([`Cached::images_match`]). Only posts that parsed are
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

mod file;

pub use file::{decode, encode, key, Cached, ImageLookups, Inputs, Key, CACHE_FORMAT};

use super::images::ImageInfo;
use super::post::Entry;
use super::references::ImageSizes;
use std::cell::RefCell;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Condvar, Mutex};

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

    /// The size and copies of the image at `url`, remembered.
    pub fn lookup(&self, url: &str) -> Option<ImageInfo> {
        let found = (self.sizes)(url);
        let mut seen = self.seen.borrow_mut();
        if !seen.iter().any(|(known, _)| known == url) {
            seen.push((url.to_string(), found.clone()));
        }
        found
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
    pub fn put(&self, key: &Key, entry: &Entry, images: &[(String, Option<ImageInfo>)]) {
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
mod tests;
