//! Live reload: the posts folder is watched and the index rebuilt after every change.

use super::Library;
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Changes closer together than this are handled as one (editors write files in several steps).
const DEBOUNCE: Duration = Duration::from_millis(150);

/// Longest a change waits for its reload while more keep coming: a folder that changes without
/// pause (a sync tool, a script writing posts) is still reloaded this often.
const MAX_DELAY: Duration = Duration::from_millis(500);

/// When the reload for a burst of changes is due: [`DEBOUNCE`] after the latest change, but never
/// more than [`MAX_DELAY`] after the first.
pub fn reload_due(first_change: Instant, latest_change: Instant) -> Instant {
    (latest_change + DEBOUNCE).min(first_change + MAX_DELAY)
}

/// Waits for the end of the burst that began with a change just received. Returns `false` when
/// the watcher is gone.
fn wait_for_burst(received: &mpsc::Receiver<()>) -> bool {
    let first = Instant::now();
    let mut latest = first;
    loop {
        let now = Instant::now();
        let due = reload_due(first, latest);
        if now >= due {
            return true;
        }
        match received.recv_timeout(due - now) {
            Ok(()) => latest = Instant::now(),
            Err(mpsc::RecvTimeoutError::Timeout) => return true,
            Err(mpsc::RecvTimeoutError::Disconnected) => return false,
        }
    }
}

/// A running watcher; watching stops when it is dropped.
pub type Watcher = RecommendedWatcher;

/// Whether an event changes what the index would hold. Reads (including our own reloads) and
/// metadata-only changes do not.
pub fn is_content_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) => true,
        EventKind::Modify(notify::event::ModifyKind::Metadata(_)) => false,
        EventKind::Modify(_) => true,
        EventKind::Access(_) | EventKind::Any | EventKind::Other => false,
    }
}

/// Watches the library's posts folder and reloads it after every change. Returns `None` (after
/// logging why) when the folder cannot be watched; the site then serves what it loaded.
pub fn watch(library: Arc<Library>) -> Option<Watcher> {
    let dir = library.config().posts_dir.clone();
    let (changes, received) = mpsc::channel::<()>();
    let handler = move |result: notify::Result<Event>| match result {
        Ok(event) if is_content_change(&event.kind) => {
            let _ = changes.send(());
        }
        Ok(_) => {}
        Err(error) => tracing::warn!("watching posts: {error}"),
    };
    let mut watcher = match notify::recommended_watcher(handler) {
        Ok(watcher) => watcher,
        Err(error) => {
            tracing::warn!(
                "cannot watch {}: {error}; live reload is off",
                dir.display()
            );
            return None;
        }
    };
    if let Err(error) = watcher.watch(&dir, RecursiveMode::Recursive) {
        tracing::warn!(
            "cannot watch {}: {error}; live reload is off",
            dir.display()
        );
        return None;
    }
    std::thread::Builder::new()
        .name("quire-reload".into())
        .spawn(move || {
            // Ends when the watcher (and with it the sender) is dropped.
            while received.recv().is_ok() && wait_for_burst(&received) {
                library.reload();
            }
        })
        .map_err(|error| tracing::warn!("cannot start the reload thread: {error}"))
        .ok()?;
    tracing::info!("watching {} for changes", dir.display());
    Some(watcher)
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{AccessKind, CreateKind, DataChange, MetadataKind, ModifyKind, RemoveKind};

    #[test]
    fn writes_creations_and_removals_reload_but_reads_do_not() {
        assert!(is_content_change(&EventKind::Create(CreateKind::File)));
        assert!(is_content_change(&EventKind::Remove(RemoveKind::File)));
        assert!(is_content_change(&EventKind::Modify(ModifyKind::Data(
            DataChange::Content
        ))));
        assert!(!is_content_change(&EventKind::Access(AccessKind::Read)));
        assert!(!is_content_change(&EventKind::Modify(
            ModifyKind::Metadata(MetadataKind::AccessTime)
        )));
    }

    #[test]
    fn a_quiet_pause_ends_a_burst_but_endless_changes_still_reload_in_bounded_time() {
        let first = Instant::now();
        assert_eq!(reload_due(first, first), first + DEBOUNCE);
        let later = first + Duration::from_millis(100);
        assert_eq!(reload_due(first, later), later + DEBOUNCE);
        // A change every 100 ms for ten seconds: the reload is still due MAX_DELAY after the first.
        let mut latest = first;
        for step in 1..=100 {
            latest = first + Duration::from_millis(100 * step);
            assert!(reload_due(first, latest) <= first + MAX_DELAY);
        }
        assert_eq!(reload_due(first, latest), first + MAX_DELAY);
    }

    /// Writes a post titled `title` at `path`.
    fn write_post(path: &std::path::Path, title: &str) {
        std::fs::write(
            path,
            format!("---\ntitle: {title}\ndate: 2026-01-01\n---\nText.\n"),
        )
        .expect("write post")
    }

    /// The library of `dir`, loaded once.
    fn library_of(dir: &std::path::Path) -> Arc<Library> {
        Arc::new(Library::load(crate::content::LibraryConfig::new(
            dir, "Ada",
        )))
    }

    #[test]
    fn a_folder_that_never_stops_changing_is_still_reloaded() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("busy.md");
        let write = |title: &str| write_post(&path, title);
        write("v0");
        let library = library_of(dir.path());
        let _watcher = watch(Arc::clone(&library)).expect("watchable folder");
        // Edits every 50 ms (closer than DEBOUNCE) for 4 s; the index must move on meanwhile.
        let mut seen = std::collections::BTreeSet::new();
        for version in 1..=80 {
            write(&format!("v{version}"));
            std::thread::sleep(Duration::from_millis(50));
            if let Some(post) = library.snapshot().post("busy") {
                seen.insert(post.summary.title.clone());
            }
        }
        seen.remove("v0");
        assert!(
            !seen.is_empty(),
            "no edit was loaded while edits kept coming: {seen:?}"
        );
    }

    #[test]
    fn editing_a_post_on_disk_shows_up_in_the_index() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("live.md");
        let write = |title: &str| write_post(&path, title);
        write("Before");
        let library = library_of(dir.path());
        let _watcher = watch(Arc::clone(&library)).expect("watchable folder");
        write("After");
        let title = || {
            library
                .snapshot()
                .post("live")
                .map(|p| p.summary.title.clone())
        };
        // Polls the observable outcome; the bound only limits how long a broken watcher is waited for.
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while title().as_deref() != Some("After") && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        assert_eq!(title().as_deref(), Some("After"));
    }
}
