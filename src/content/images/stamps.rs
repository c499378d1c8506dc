//! Which copies a picture file had when it was last hashed: `<cache_dir>/images/stamps/<key>`,
//! one small file per picture file and settings, holding the file's length, its modification time
//! and the content hash its copies are named by.
//!
//! A start then finds a picture's copies with a `stat` and two small reads (this file and the
//! manifest) instead of reading and hashing the whole picture: ten thousand posts with a photo
//! each are tens of megabytes that a warm start no longer reads, and a server with copies still
//! to make leaves reading and hashing to the background thread too. The stamp is trusted as
//! `make` and cargo trust theirs: an edit that keeps both the length and the modification time
//! is not seen (an editor or `cp` sets a new time). A stamp that is unreadable, of another
//! version of the file or naming a hash with no manifest is ignored, and the picture is read.

use super::store::{ImageStore, PIPELINE_VERSION};
use super::ImageSettings;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// A picture file's version: its length and modification time.
pub type Stamp = (u64, Option<SystemTime>);

/// What a stamp file records.
#[derive(Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Recorded {
    len: u64,
    modified_ns: u128,
    hash: String,
}

/// The content hash the picture at `path` had when its stamp was `stamp`, if a stamp says.
pub fn known(
    store: &ImageStore,
    path: &Path,
    stamp: Stamp,
    settings: &ImageSettings,
) -> Option<String> {
    let modified_ns = nanos(stamp.1)?;
    let text = std::fs::read(stamp_path(store, path, settings)?).ok()?;
    let recorded: Recorded = serde_json::from_slice(&text).ok()?;
    (recorded.len == stamp.0 && recorded.modified_ns == modified_ns).then_some(recorded.hash)
}

/// Records that the picture at `path`, at `stamp`, has the content hash `hash`. A folder that
/// cannot be written only costs the next start a read of the picture.
pub fn remember(
    store: &ImageStore,
    path: &Path,
    stamp: Stamp,
    settings: &ImageSettings,
    hash: &str,
) {
    let (Some(modified_ns), Some(file)) = (nanos(stamp.1), stamp_path(store, path, settings))
    else {
        return;
    };
    let recorded = Recorded {
        len: stamp.0,
        modified_ns,
        hash: hash.to_string(),
    };
    let Ok(text) = serde_json::to_vec(&recorded) else {
        return;
    };
    if let Err(error) = store.write(&file, &text) {
        tracing::debug!("cannot record the stamp of {}: {error}", path.display());
    }
}

/// The stamp file of `path` (made absolute, so two working folders never share one) with the
/// settings that name its copies.
fn stamp_path(store: &ImageStore, path: &Path, settings: &ImageSettings) -> Option<PathBuf> {
    let absolute = std::path::absolute(path).ok()?;
    let mut hash = Sha256::new();
    hash.update(b"quire image stamp");
    hash.update(PIPELINE_VERSION.to_le_bytes());
    hash.update(ImageStore::settings_key(settings));
    hash.update(absolute.as_os_str().as_encoded_bytes());
    let name = super::store::hex(&hash.finalize()[..16]);
    Some(store.dir().join("stamps").join(name))
}

/// `time` in nanoseconds since 1970, if the system gives one.
fn nanos(time: Option<SystemTime>) -> Option<u128> {
    Some(time?.duration_since(UNIX_EPOCH).ok()?.as_nanos())
}
