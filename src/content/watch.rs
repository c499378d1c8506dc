//! Live reload: the posts folder is watched and the index rebuilt after every change.

use super::Library;
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;

/// Changes closer together than this are handled as one (editors write files in several steps).
const DEBOUNCE: Duration = Duration::from_millis(150);

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
            while received.recv().is_ok() {
                while received.recv_timeout(DEBOUNCE).is_ok() {}
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
    fn editing_a_post_on_disk_shows_up_in_the_index() {
        use crate::content::{Library, LibraryConfig};
        let dir = tempfile::tempdir().expect("temp dir");
        let write = |title: &str| {
            std::fs::write(
                dir.path().join("live.md"),
                format!("---\ntitle: {title}\ndate: 2026-01-01\n---\nText.\n"),
            )
            .expect("write post")
        };
        write("Before");
        let library = Arc::new(Library::load(LibraryConfig {
            posts_dir: dir.path().to_path_buf(),
            site_author: "Ada".into(),
            drafts_visible: false,
            assets_dir: None,
            raw_html: Default::default(),
        }));
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
