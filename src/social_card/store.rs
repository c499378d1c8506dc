//! Where drawn cards are kept: `<cache_dir>/cards/<hash>.png` when the render cache is on, and
//! the most recent few megabytes in memory either way. Each card is drawn once per hash, however
//! many requests (or export threads) ask for it at the same moment.

use crate::error::Error;
use axum::body::Bytes;
use std::collections::HashMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// Most bytes of cards kept in memory (a card is some 20-60 KB).
const MEMORY_BYTES: u64 = 32 * 1024 * 1024;

/// Tells temporary files of one process apart.
static TEMP_COUNTER: AtomicUsize = AtomicUsize::new(0);

/// Drawn cards by hash.
pub struct Store {
    /// `<cache_dir>/cards`, when the render cache is on.
    dir: Option<PathBuf>,
    memory: quick_cache::sync::Cache<String, Bytes, Weight>,
    /// One lock per hash being drawn, so a second asker waits for the first one's card.
    drawing: Mutex<HashMap<String, Arc<Mutex<()>>>>,
    /// How many cards this store has drawn (for the tests: never twice for one hash).
    drawn: AtomicUsize,
}

#[derive(Clone)]
struct Weight;

impl quick_cache::Weighter<String, Bytes> for Weight {
    fn weight(&self, key: &String, value: &Bytes) -> u64 {
        (key.len() + value.len()) as u64
    }
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("dir", &self.dir).finish()
    }
}

impl Store {
    /// A store writing under `cache_dir` (the render cache's folder), or in memory only.
    pub fn new(cache_dir: Option<&Path>) -> Store {
        Store {
            dir: cache_dir.map(|dir| dir.join("cards")),
            // quick_cache wants an item-count estimate beside the byte bound.
            memory: quick_cache::sync::Cache::with_weighter(1024, MEMORY_BYTES, Weight),
            drawing: Mutex::new(HashMap::new()),
            drawn: AtomicUsize::new(0),
        }
    }

    /// How many cards have been drawn so far.
    pub fn drawn(&self) -> usize {
        self.drawn.load(Ordering::Relaxed)
    }

    /// The card of `hash`: from memory, from the cache folder, or drawn now by `draw` (and kept).
    /// Blocks: call it from a blocking thread.
    pub fn get_or_draw(
        &self,
        hash: &str,
        draw: impl FnOnce() -> Result<Vec<u8>, Error>,
    ) -> Result<Bytes, Error> {
        if let Some(png) = self.memory.get(hash) {
            return Ok(png);
        }
        let lock = Arc::clone(self.locks().entry(hash.to_string()).or_default());
        let result = {
            let _drawing = lock.lock().unwrap_or_else(|p| p.into_inner());
            self.find_or_draw(hash, draw)
        };
        self.locks().remove(hash);
        result
    }

    fn locks(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<Mutex<()>>>> {
        self.drawing.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn find_or_draw(
        &self,
        hash: &str,
        draw: impl FnOnce() -> Result<Vec<u8>, Error>,
    ) -> Result<Bytes, Error> {
        // Drawn by whoever held the lock before.
        if let Some(png) = self.memory.get(hash) {
            return Ok(png);
        }
        let file = self.dir.as_ref().map(|dir| dir.join(format!("{hash}.png")));
        if let Some(png) = file.as_ref().and_then(|file| std::fs::read(file).ok()) {
            let png = Bytes::from(png);
            self.memory.insert(hash.to_string(), png.clone());
            return Ok(png);
        }
        let png = Bytes::from(draw()?);
        self.drawn.fetch_add(1, Ordering::Relaxed);
        if let Some(file) = &file {
            // A card that cannot be kept on disk is still served; it is drawn again next run.
            if let Err(error) = write_atomically(file, &png) {
                tracing::warn!("{}", Error::io(file, error));
            }
        }
        self.memory.insert(hash.to_string(), png.clone());
        Ok(png)
    }
}

/// Writes `bytes` to a temporary file beside `file`, then renames it: a reader (another server
/// process on the same cache) sees the whole card or none.
fn write_atomically(file: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let folder = file.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder)?;
    let temp = folder.join(format!(
        ".{}.{}.{}.tmp",
        file.file_stem().unwrap_or_default().to_string_lossy(),
        std::process::id(),
        TEMP_COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let written = std::fs::File::create(&temp)
        .and_then(|mut out| out.write_all(bytes))
        .and_then(|()| std::fs::rename(&temp, file));
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}
