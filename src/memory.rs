//! The server's memory: its allocator's tuning and giving freed memory back (server only).
//!
//! The server binary allocates with mimalloc (`src/main.rs`). Rendering pages allocates many small
//! short-lived values, on every core; with glibc's malloc, allocation was about a quarter of a
//! 10,000-post export (perf), and the export took 1.3-1.5 times as long as with mimalloc (same
//! posts, side by side). Left at its defaults, mimalloc kept about 35 MB more of a 10,000-post
//! blog resident (91 MB against 56 MB after loading): it commits its arenas eagerly and returns
//! freed pages only after a delay. [`tune_allocator`] turns both off, which measured no slower.
//!
//! C libraries (the highlighter's regular expressions, zstd) still allocate with glibc's malloc,
//! so its arenas are capped too.

/// mimalloc's option numbers, from `mimalloc.h` of the mimalloc 3 sources that `libmimalloc-sys`
/// 0.1.49 builds (its bindings name only the older options). A test checks the option count of
/// that header, so another version fails it instead of setting the wrong options.
mod option {
    /// `mi_option_arena_eager_commit`: commit a new arena's memory when it is reserved.
    pub const ARENA_EAGER_COMMIT: i32 = 4;
    /// `mi_option_purge_delay`: milliseconds before freed pages go back to the system.
    pub const PURGE_DELAY: i32 = 15;
    /// `_mi_option_last`: how many options that header declares.
    #[cfg(test)]
    pub const COUNT: i32 = 47;
}

/// Sets mimalloc's tuning. It runs before `main` (from `.init_array`, see `src/main.rs`), ahead of
/// the first allocation, since mimalloc reserves its first arena then.
pub extern "C" fn tune_allocator() {
    // SAFETY: setting options only changes the allocator's tuning; the numbers are checked against
    // the built header's option count (see `option`).
    unsafe {
        libmimalloc_sys::mi_option_set(option::ARENA_EAGER_COMMIT, 0);
        libmimalloc_sys::mi_option_set(option::PURGE_DELAY, 0);
    }
}

/// Puts back mimalloc's delay before freed pages return to the system (10 ms), for commands that
/// run once and exit, where time matters more than memory: a 10,000-post export returning every
/// page at once took 1.2 times as long.
pub fn favour_speed() {
    // SAFETY: as in `tune_allocator`.
    unsafe {
        libmimalloc_sys::mi_option_set(option::PURGE_DELAY, 10);
    }
}

/// Caps glibc's malloc arenas at two: it gives each thread that meets contention an arena of
/// its own (up to eight per core), and memory freed in one is never reused by another. Call it
/// first in `main`, before any thread starts.
pub fn limit_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `mallopt` only changes the allocator's tuning; called before other threads exist.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

/// Gives the memory a load freed back to the system: parsing posts on every core leaves freed
/// buffers in every thread's part of the heap, which both allocators otherwise keep for reuse.
pub fn release_free_memory() {
    // SAFETY: `mi_collect` only frees what mimalloc holds unused; safe from any thread.
    unsafe {
        libmimalloc_sys::mi_collect(true);
    }
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `malloc_trim` only returns unused heap pages to the system; it takes no pointer
    // and is safe to call at any time from any thread.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_option_numbers_are_those_of_the_built_mimalloc() {
        assert_eq!(libmimalloc_sys::_mi_option_last, super::option::COUNT);
        // SAFETY: reading and setting options is allowed at any time.
        unsafe {
            libmimalloc_sys::mi_option_set(super::option::PURGE_DELAY, 7);
            assert_eq!(
                libmimalloc_sys::mi_option_get(super::option::PURGE_DELAY),
                7
            );
        }
    }
}
