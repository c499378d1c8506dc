//! The copies on disk: `<cache_dir>/images/<hash>-<width>.webp`, and a manifest per picture in
//! `<cache_dir>/images/manifests/<hash>.json` saying what was made of it (or why nothing was), so
//! a restart reads a few bytes instead of decoding and encoding again.
//!
//! The hash is SHA-256 of the picture's bytes and of the settings that change the copies
//! (`widths`, `quality`, `max_megapixels`, [`PIPELINE_VERSION`]): an edited picture or new
//! settings get new names, so a name never changes content and can be served `immutable`. Each
//! file is written to a temporary name and renamed, the copies before the manifest, so a reader
//! never sees half a file and a manifest always has its copies. Stale copies are not pruned (as
//! the render cache's files are not); deleting the folder at any time is safe.

use super::names::{variant_name, HASH_DIGITS};
use super::process::process;
use super::{ImageError, ImageInfo, ImageSettings, Variant};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// The version of what the pipeline makes of a picture. Bump it when the copies change for the
/// same bytes and settings (another filter, encoder options), so old copies are not served.
pub const PIPELINE_VERSION: u32 = 1;

/// The images folder of a render cache.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageStore {
    dir: PathBuf,
}

/// What a manifest records of one picture.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
enum Manifest {
    /// Its size as shown, and the size of each copy, narrowest first.
    Made {
        width: u32,
        height: u32,
        copies: Vec<(u32, u32)>,
    },
    /// Why it has no copies.
    Failed(ImageError),
}

/// Tells apart the temporary files of one process's writers.
static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// `bytes` in lowercase hexadecimal: how content hashes name files here.
pub(super) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut text = String::with_capacity(2 * bytes.len());
    for byte in bytes {
        let _ = write!(text, "{byte:02x}");
    }
    text
}

impl ImageStore {
    /// The images folder of the render cache in `cache_dir`; nothing is created until a copy is
    /// written.
    pub fn new(cache_dir: &Path) -> Self {
        ImageStore {
            dir: cache_dir.join("images"),
        }
    }

    /// The folder the copies are in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The content hash naming the copies of `bytes` made with `settings`.
    pub fn hash(bytes: &[u8], settings: &ImageSettings) -> String {
        let mut hash = Sha256::new();
        let mut field = |bytes: &[u8]| {
            hash.update((bytes.len() as u64).to_le_bytes());
            hash.update(bytes);
        };
        field(b"quire images");
        field(&PIPELINE_VERSION.to_le_bytes());
        field(&Self::settings_key(settings));
        field(bytes);
        let mut hex = hex(&hash.finalize());
        hex.truncate(HASH_DIGITS);
        hex
    }

    /// The settings that change the copies (`widths`, `quality`, `max_megapixels`), as bytes.
    pub(super) fn settings_key(settings: &ImageSettings) -> Vec<u8> {
        let mut key = Vec::with_capacity(4 * settings.widths.len() + 13);
        key.extend((settings.widths.len() as u64).to_le_bytes());
        for width in &settings.widths {
            key.extend(width.to_le_bytes());
        }
        key.push(settings.quality);
        key.extend(settings.max_megapixels.to_le_bytes());
        key
    }

    /// The copies of the picture in `bytes`: read from the manifest when one was written for
    /// these bytes and settings (and its copies are all there), made and written otherwise.
    ///
    /// A folder that cannot be written is logged, and the picture is then shown without copies:
    /// a `srcset` must never name a file that is not there.
    pub fn get_or_make(
        &self,
        bytes: &[u8],
        settings: &ImageSettings,
    ) -> Result<ImageInfo, ImageError> {
        self.get_or_make_hashed(&Self::hash(bytes, settings), bytes, settings)
    }

    /// [`ImageStore::get_or_make`] for bytes whose [`ImageStore::hash`] is `hash`.
    pub(super) fn get_or_make_hashed(
        &self,
        hash: &str,
        bytes: &[u8],
        settings: &ImageSettings,
    ) -> Result<ImageInfo, ImageError> {
        if let Some(manifest) = self.read_manifest(hash) {
            return self.info(hash, manifest);
        }
        self.make(hash, bytes, settings)
    }

    /// What was made of the picture whose content hash is `hash`, if a manifest says (and its
    /// copies are all there); `None` when the copies are still to be made.
    pub(super) fn find(&self, hash: &str) -> Option<Result<ImageInfo, ImageError>> {
        let manifest = self.read_manifest(hash)?;
        Some(self.info(hash, manifest))
    }

    /// Makes and writes the copies of the picture in `bytes`, named by `hash`, and its manifest.
    fn make(
        &self,
        hash: &str,
        bytes: &[u8],
        settings: &ImageSettings,
    ) -> Result<ImageInfo, ImageError> {
        let manifest = match process(bytes, settings) {
            Ok(made) => {
                for copy in &made.copies {
                    let name = variant_name(hash, copy.width);
                    if let Err(error) = self.write(&self.dir.join(&name), &copy.bytes) {
                        tracing::warn!(
                            "images folder {}: {error}; pictures are shown without resized copies",
                            self.dir.display()
                        );
                        return Ok(ImageInfo::sized(made.width, made.height));
                    }
                }
                Manifest::Made {
                    width: made.width,
                    height: made.height,
                    copies: made.copies.iter().map(|c| (c.width, c.height)).collect(),
                }
            }
            Err(error) => Manifest::Failed(error),
        };
        if let Ok(text) = serde_json::to_vec(&manifest) {
            if let Err(error) = self.write(&self.manifest_path(hash), &text) {
                tracing::warn!("images folder {}: {error}", self.dir.display());
            }
        }
        self.info(hash, manifest)
    }

    /// The path of the copy `name`, if it is a copy's name (never another file, never outside).
    pub fn path_of(&self, name: &str) -> Option<PathBuf> {
        super::is_variant_name(name).then(|| self.dir.join(name))
    }

    fn info(&self, hash: &str, manifest: Manifest) -> Result<ImageInfo, ImageError> {
        match manifest {
            Manifest::Failed(error) => Err(error),
            Manifest::Made {
                width,
                height,
                copies,
            } => Ok(ImageInfo {
                width,
                height,
                variants: copies
                    .into_iter()
                    .map(|(w, h)| Variant {
                        name: variant_name(hash, w),
                        width: w,
                        height: h,
                    })
                    .collect(),
            }),
        }
    }

    /// The manifest written for `hash`, if it is whole and every copy it names is there.
    fn read_manifest(&self, hash: &str) -> Option<Manifest> {
        let text = fs::read(self.manifest_path(hash)).ok()?;
        let manifest: Manifest = serde_json::from_slice(&text).ok()?;
        if let Manifest::Made { copies, .. } = &manifest {
            let all_there = copies
                .iter()
                .all(|(w, _)| self.dir.join(variant_name(hash, *w)).is_file());
            if !all_there {
                return None;
            }
        }
        Some(manifest)
    }

    fn manifest_path(&self, hash: &str) -> PathBuf {
        self.dir.join("manifests").join(format!("{hash}.json"))
    }

    /// Writes `bytes` to `path` through a temporary file, so no reader sees half of it.
    pub(super) fn write(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        let folder = path.parent().unwrap_or(&self.dir);
        fs::create_dir_all(folder)?;
        let temp = folder.join(format!(
            ".{}.{}.tmp",
            std::process::id(),
            TEMP_COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let written = fs::File::create(&temp)
            .and_then(|mut file| file.write_all(bytes))
            .and_then(|()| fs::rename(&temp, path));
        if written.is_err() {
            let _ = fs::remove_file(&temp);
        }
        written
    }
}
