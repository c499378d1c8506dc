//! Posts shown before their pictures' copies were made are rendered again once they are.
//!
//! A server loads with [`super::images::Encoding::Background`]: a picture without copies is
//! shown sized, and its post is recorded in [`super::PostIndex::pending_images`] without a file
//! stamp. When the background makes copies, this thread reloads the library, which reads those
//! posts again (and only those, with the files that changed): their pages get a `srcset`, and the
//! page cache drops what showed them (`crate::server::invalidation`).
//!
//! Pictures finishing close together are taken in one reload: it waits until the queue is empty,
//! but no longer than [`BATCH`] after the first, so a blog with thousands of new pictures is
//! refreshed a batch at a time rather than once per picture.

use super::{images, Library};
use std::sync::{Arc, Weak};
use std::time::Duration;

/// Longest a made picture waits for the others before its posts are rendered again.
pub const BATCH: Duration = Duration::from_secs(2);

/// How often a thread with nothing to do checks that its library is still there.
const IDLE_CHECK: Duration = Duration::from_secs(60);

/// Starts the background's encoding (held until now, so it did not slow the first load) and the
/// thread that reloads `library` when pictures it showed pending get their copies.
/// It ends when the library is dropped. Logged and skipped if no thread can be started.
pub fn follow(library: &Arc<Library>) {
    images::start_background();
    let library = Arc::downgrade(library);
    let started = std::thread::Builder::new()
        .name("quire-refresh".into())
        .spawn(move || run(&library));
    if let Err(error) = started {
        tracing::warn!("cannot start the refresh thread: {error}; new pictures get their copies at the next start");
    }
}

fn run(library: &Weak<Library>) {
    // From zero: pictures made before this thread started count too.
    let mut seen = 0;
    loop {
        let now = images::wait_for_finished(seen, IDLE_CHECK);
        let Some(library) = library.upgrade() else {
            return;
        };
        let idle = if now == seen {
            // Nothing made for a while. A post read while its picture was being settled can be
            // left pending with nothing queued: it is read again now.
            images::wait_until_idle(Duration::ZERO)
        } else {
            images::wait_until_idle(BATCH)
        };
        if now == seen && !idle {
            continue;
        }
        seen = images::finished();
        if library.snapshot().pending_images().is_empty() {
            continue;
        }
        let index = library.reload();
        tracing::info!(
            "pictures resized; {} posts still wait for theirs",
            index.pending_images().len()
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::images::{tests::picture, Encoding, ImageSettings};
    use crate::content::LibraryConfig;
    use image::ImageFormat;

    /// A library over a bundle `trip/` showing `pic.png`, with copies left to the background.
    fn library_with_a_new_picture(dir: &std::path::Path) -> Arc<Library> {
        let posts = dir.join("posts");
        std::fs::create_dir_all(posts.join("trip")).expect("mkdir");
        std::fs::write(
            posts.join("trip/index.md"),
            "---\ntitle: Trip\ndate: 2026-01-01\n---\n![The harbour](./pic.png)\n",
        )
        .expect("write post");
        std::fs::write(
            posts.join("trip/pic.png"),
            picture(1000, 500, ImageFormat::Png),
        )
        .expect("write picture");
        load(dir)
    }

    /// The library over what `library_with_a_new_picture` wrote (a restart).
    fn load(dir: &std::path::Path) -> Arc<Library> {
        let posts = dir.join("posts");
        Arc::new(Library::load(LibraryConfig {
            cache_dir: Some(dir.join("cache")),
            images: ImageSettings::default(),
            image_encoding: Encoding::Background,
            ..LibraryConfig::new(&posts, "Ada")
        }))
    }

    fn html(library: &Library) -> String {
        library
            .snapshot()
            .post("trip")
            .map(|post| post.html.clone())
            .expect("the post is listed")
    }

    #[test]
    fn a_post_is_served_sized_at_once_and_gets_its_srcset_when_the_copies_are_made() {
        let dir = tempfile::tempdir().expect("temp dir");
        let library = library_with_a_new_picture(dir.path());
        let first = html(&library);
        assert!(first.contains(r#"width="1000" height="500""#), "{first}");
        assert!(!first.contains("srcset"), "{first}");
        let source = dir.path().join("posts/trip/index.md").display().to_string();
        let pending = library.snapshot().pending_images().to_vec();
        assert_eq!(pending, [source]);
        follow(&library);
        // Polls the outcome; the bound only limits how long a broken refresh is waited for.
        let deadline = std::time::Instant::now() + Duration::from_secs(60);
        while !html(&library).contains("srcset") && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        let later = html(&library);
        assert!(later.contains(" srcset=\"/_img/"), "{later}");
        assert!(library.snapshot().pending_images().is_empty());
        // What the refresh rendered was kept: a restart shows the srcset without waiting.
        crate::content::render_cache::wait_for_writes();
        let restarted = load(dir.path());
        assert!(html(&restarted).contains(" srcset=\"/_img/"));
        assert!(restarted.snapshot().pending_images().is_empty());
    }
}
