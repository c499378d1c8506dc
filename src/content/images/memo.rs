//! One look at each picture per process: what a picture is, remembered by its path, length and
//! modification time, so the posts that share it (a logo on ten thousand of them) cost one read,
//! one hash and at most one encoding between them, and each further post a `stat`.
//!
//! A picture's copies are found by its stamp (`stamps.rs`) without reading it when an earlier
//! lookup recorded one; otherwise the picture is read and hashed. A lookup that finds copies
//! missing makes them itself ([`Encoding::Now`]) or leaves the reading, hashing and making to the
//! background thread ([`Encoding::Background`]), which settles the memo when they are made.
//!
//! The memo trusts the images folder: copies deleted while the process runs are made again at the
//! next start (or when the picture changes), not at the next reload.

use super::stamps::{self, Stamp};
use super::{background, Encoding, ImageError, ImageInfo, ImageSettings, ImageStore};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock, Mutex, OnceLock};

/// What a post learns of a picture it shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Lookup {
    /// Its size and copies; `None` when it is missing or its size is unknown.
    pub info: Option<ImageInfo>,
    /// Why it has no copies, when that is worth telling its author (too large, truncated, not a
    /// picture).
    pub problem: Option<ImageError>,
    /// Whether its copies are being made in the background: `info` then has its size only, and
    /// a later lookup will find the copies (or the problem).
    pub pending: bool,
}

/// The largest picture file read for resizing: far beyond any photo within the pixel limit.
pub const MAX_IMAGE_BYTES: u64 = 256 * 1024 * 1024;

/// Extensions of the pictures that get copies; others (SVG, AVIF, ...) are only sized.
const RESIZED: [&str; 5] = ["png", "jpg", "jpeg", "gif", "webp"];

/// A picture as seen with some settings and some images folder.
type MemoKey = (PathBuf, Option<PathBuf>, ImageSettings);

/// One picture's lookup, made once: threads asking for it at once wait for the first.
type Slot = (Stamp, Arc<OnceLock<Lookup>>);

/// Every picture looked up by this process, with the stamp of the file it was made from.
static MEMO: LazyLock<Mutex<HashMap<MemoKey, Slot>>> = LazyLock::new(Default::default);

/// What the picture at `path` is: its size, and with `store` and `settings.responsive` its
/// copies, made if missing (now, or in the background, as `encoding` says). Nothing for a
/// missing file.
pub fn lookup(
    path: &Path,
    settings: &ImageSettings,
    store: Option<&ImageStore>,
    encoding: Encoding,
) -> Lookup {
    let Ok(metadata) = std::fs::metadata(path) else {
        return Lookup::default();
    };
    if !metadata.is_file() {
        return Lookup::default();
    }
    let stamp = (metadata.len(), metadata.modified().ok());
    let store = store.filter(|_| settings.responsive);
    let key = (
        path.to_path_buf(),
        store.map(|s| s.dir().to_path_buf()),
        settings.clone(),
    );
    let cell = {
        let mut memo = MEMO.lock().unwrap_or_else(|p| p.into_inner());
        let slot = memo
            .entry(key.clone())
            .or_insert_with(|| (stamp, Arc::new(OnceLock::new())));
        if slot.0 != stamp {
            *slot = (stamp, Arc::new(OnceLock::new()));
        }
        Arc::clone(&slot.1)
    };
    let found = cell
        .get_or_init(|| look(path, stamp, settings, store, encoding))
        .clone();
    if !(found.pending && encoding == Encoding::Now) {
        return found;
    }
    // Left to the background by an earlier lookup, wanted now: made here, and the memo settled
    // (the background's turn then finds the manifest).
    let made = look(path, stamp, settings, store, Encoding::Now);
    let mut memo = MEMO.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(slot) = memo.get_mut(&key).filter(|slot| slot.0 == stamp) {
        slot.1 = Arc::new(OnceLock::from(made.clone()));
    }
    made
}

/// [`lookup`], done for the file at `path` whose version is `stamp`.
fn look(
    path: &Path,
    stamp: Stamp,
    settings: &ImageSettings,
    store: Option<&ImageStore>,
    encoding: Encoding,
) -> Lookup {
    let resized = path
        .extension()
        .and_then(|ext| ext.to_str())
        .is_some_and(|ext| RESIZED.contains(&ext.to_ascii_lowercase().as_str()));
    let Some(store) = store.filter(|_| resized) else {
        return Lookup {
            info: header_size(imagesize::size(path)),
            problem: None,
            pending: false,
        };
    };
    let len = stamp.0;
    if len > MAX_IMAGE_BYTES {
        return Lookup {
            info: header_size(imagesize::size(path)),
            problem: Some(ImageError::Unreadable {
                reason: format!("expected at most {MAX_IMAGE_BYTES} bytes, found {len}"),
            }),
            pending: false,
        };
    }
    let recorded = stamps::known(store, path, stamp, settings).and_then(|hash| store.find(&hash));
    if let Some(found) = recorded {
        return found_lookup(found, || imagesize::size(path));
    }
    if encoding == Encoding::Background {
        // Reading and hashing a picture is what a start must not wait for, let alone encoding.
        background::submit(path, settings, store);
        return Lookup {
            info: header_size(imagesize::size(path)),
            problem: None,
            pending: true,
        };
    }
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => {
            return Lookup {
                info: None,
                problem: Some(ImageError::Unreadable {
                    reason: error.to_string(),
                }),
                pending: false,
            }
        }
    };
    let hash = ImageStore::hash(&bytes, settings);
    // A decoder bug on a hostile file must cost that picture its copies, not the load.
    let made = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        store.get_or_make_hashed(&hash, &bytes, settings)
    }))
    .unwrap_or_else(|_| {
        Err(ImageError::Undecodable {
            reason: "the decoder failed".into(),
        })
    });
    stamps::remember(store, path, stamp, settings, &hash);
    found_lookup(made, || imagesize::blob_size(&bytes))
}

/// The lookup of a picture from what its copies are, or why it has none (it is then sized by
/// reading its header with `header`).
fn found_lookup(
    made: Result<ImageInfo, ImageError>,
    header: impl FnOnce() -> imagesize::ImageResult<imagesize::ImageSize>,
) -> Lookup {
    match made {
        Ok(info) => Lookup {
            info: Some(info),
            problem: None,
            pending: false,
        },
        Err(problem) => Lookup {
            info: header_size(header()),
            problem: Some(problem),
            pending: false,
        },
    }
}

/// The size imagesize read from a header, without copies.
fn header_size(size: imagesize::ImageResult<imagesize::ImageSize>) -> Option<ImageInfo> {
    let size = size.ok()?;
    Some(ImageInfo::sized(
        u32::try_from(size.width).ok()?,
        u32::try_from(size.height).ok()?,
    ))
}

/// Forgets what was looked up of `path`, as a new process would.
#[cfg(test)]
pub(super) fn forget(path: &Path) {
    let mut memo = MEMO.lock().unwrap_or_else(|p| p.into_inner());
    memo.retain(|(known, _, _), _| known != path);
}
