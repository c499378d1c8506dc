//! Copies made off the load path: a queue of pictures whose copies a server's load found missing,
//! worked through one at a time by a thread of lowered priority (`nice` 10 on Linux), so a start
//! or an edit serves at once and the encoding takes what readers leave of the machine.
//!
//! Nothing is made until [`start`] is called (by the server once its first load is done, so
//! the encoding does not compete with the load for the cores); from then on the thread starts
//! with the first picture queued and ends when the queue is empty. Each picture
//! is made by a [`Encoding::Now`] lookup, which writes its copies and manifest and settles the
//! memo; [`finished`] then counts one more, and [`wait_for_finished`] wakes whoever follows it
//! (the server's refresh, which renders the posts that showed the picture again).

use super::{memo, Encoding, ImageSettings, ImageStore};
use std::collections::{HashSet, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::{Condvar, LazyLock, Mutex};
use std::time::{Duration, Instant};

/// One picture whose copies are to be made.
type Job = (PathBuf, ImageSettings, ImageStore);

/// The pictures waiting, the one being made, and how many were made.
#[derive(Default)]
struct Queue {
    jobs: VecDeque<Job>,
    /// The pictures queued or being made (path and images folder), each queued once.
    queued: HashSet<(PathBuf, PathBuf)>,
    /// Whether the thread is running.
    working: bool,
    /// Whether [`start`] was called: until then pictures only queue.
    started: bool,
    /// How many pictures were made since the process started.
    finished: u64,
}

static QUEUE: LazyLock<Mutex<Queue>> = LazyLock::new(Default::default);

/// Signalled when a picture is made and when the queue empties.
static CHANGED: Condvar = Condvar::new();

fn queue() -> std::sync::MutexGuard<'static, Queue> {
    QUEUE.lock().unwrap_or_else(|p| p.into_inner())
}

/// Queues the picture at `path` for its copies with `settings` in `store`, unless it is queued.
pub fn submit(path: &Path, settings: &ImageSettings, store: &ImageStore) {
    let mut queue = queue();
    if !queue
        .queued
        .insert((path.to_path_buf(), store.dir().to_path_buf()))
    {
        return;
    }
    queue
        .jobs
        .push_back((path.to_path_buf(), settings.clone(), store.clone()));
    if queue.started {
        spawn_worker(&mut queue);
    }
}

/// Lets the background make the queued pictures' copies, and those queued from now on.
pub fn start() {
    let mut queue = queue();
    queue.started = true;
    if !queue.jobs.is_empty() {
        spawn_worker(&mut queue);
    }
}

/// Starts the thread unless it runs.
fn spawn_worker(queue: &mut Queue) {
    if queue.working {
        return;
    }
    let spawned = std::thread::Builder::new()
        .name("quire-images".into())
        .spawn(work);
    match spawned {
        Ok(_) => queue.working = true,
        Err(error) => {
            // Left pending: the next start (or an export) makes them.
            tracing::warn!("cannot start the images thread: {error}; resized copies wait");
            queue.jobs.clear();
            queue.queued.clear();
        }
    }
}

/// The thread: makes the queued pictures' copies until none is left.
fn work() {
    lower_priority();
    loop {
        let job = {
            let mut queue = queue();
            match queue.jobs.pop_front() {
                Some(job) => job,
                None => {
                    queue.working = false;
                    CHANGED.notify_all();
                    return;
                }
            }
        };
        let (path, settings, store) = job;
        let started = Instant::now();
        let found = memo::lookup(&path, &settings, Some(&store), Encoding::Now);
        tracing::debug!(
            "resized copies of {}: {} in {} ms",
            path.display(),
            found.info.map_or(0, |info| info.variants.len()),
            started.elapsed().as_millis()
        );
        let mut queue = queue();
        queue.queued.remove(&(path, store.dir().to_path_buf()));
        queue.finished += 1;
        CHANGED.notify_all();
    }
}

/// Asks the system to run this thread after the others (readers' requests, loads).
fn lower_priority() {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: `gettid` has no preconditions; `setpriority` on our own thread id only changes
        // its scheduling and reports failure through its return value.
        let result = unsafe {
            let tid = libc::gettid();
            libc::setpriority(libc::PRIO_PROCESS, tid as libc::id_t, 10)
        };
        if result != 0 {
            tracing::debug!("cannot lower the images thread's priority");
        }
    }
}

/// How many pictures the background has made since the process started.
pub fn finished() -> u64 {
    queue().finished
}

/// Waits until more than `seen` pictures are made or `timeout` passes; returns how many are made.
pub fn wait_for_finished(seen: u64, timeout: Duration) -> u64 {
    let deadline = Instant::now() + timeout;
    let mut queue = queue();
    loop {
        let now = Instant::now();
        if queue.finished > seen || now >= deadline {
            return queue.finished;
        }
        queue = CHANGED
            .wait_timeout(queue, deadline - now)
            .unwrap_or_else(|p| p.into_inner())
            .0;
    }
}

/// Waits until no picture is being made (none is before [`start`]), or `timeout` passes; returns
/// whether none is.
pub fn wait_until_idle(timeout: Duration) -> bool {
    let deadline = Instant::now() + timeout;
    let mut queue = queue();
    loop {
        let now = Instant::now();
        if !queue.working {
            return true;
        }
        if now >= deadline {
            return false;
        }
        queue = CHANGED
            .wait_timeout(queue, deadline - now)
            .unwrap_or_else(|p| p.into_inner())
            .0;
    }
}
