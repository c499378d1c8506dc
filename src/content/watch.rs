//! Live reload: the posts folder is watched and the index rebuilt after every change.

use super::Library;
use notify_debouncer_mini::notify::RecursiveMode;
use notify_debouncer_mini::{new_debouncer, DebounceEventResult, Debouncer};
use std::sync::Arc;
use std::time::Duration;

/// Changes closer together than this are handled as one (editors write files in several steps).
const DEBOUNCE: Duration = Duration::from_millis(150);

/// A running watcher; watching stops when it is dropped.
pub type Watcher = Debouncer<notify_debouncer_mini::notify::RecommendedWatcher>;

/// Watches the library's posts folder and reloads it after every change. Returns `None` (after
/// logging why) when the folder cannot be watched; the site then serves what it loaded.
pub fn watch(library: Arc<Library>) -> Option<Watcher> {
    let dir = library.config().posts_dir.clone();
    let reloader = Arc::clone(&library);
    let debouncer = new_debouncer(DEBOUNCE, move |result: DebounceEventResult| match result {
        Ok(events) if !events.is_empty() => {
            reloader.reload();
        }
        Ok(_) => {}
        Err(error) => tracing::warn!("watching posts: {error}"),
    });
    let mut debouncer = match debouncer {
        Ok(debouncer) => debouncer,
        Err(error) => {
            tracing::warn!("cannot watch {}: {error}; live reload is off", dir.display());
            return None;
        }
    };
    if let Err(error) = debouncer.watcher().watch(&dir, RecursiveMode::Recursive) {
        tracing::warn!("cannot watch {}: {error}; live reload is off", dir.display());
        return None;
    }
    tracing::info!("watching {} for changes", dir.display());
    Some(debouncer)
}
