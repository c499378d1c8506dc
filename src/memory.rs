//! The program's memory: which allocator it uses and giving freed memory back (server only).
//!
//! `quire export` allocates with mimalloc and every other command with glibc's malloc
//! ([`Allocator`], chosen before the first allocation). Rendering pages allocates many small
//! short-lived values on every core: with glibc, allocation was about a quarter of a 10,000-post
//! export's CPU (perf), and the export took 1.3-1.5 times as long as with mimalloc (same posts,
//! one after the other; mimalloc at its defaults, which were also the fastest of the settings tried).
//! The server stays on glibc: under `make loadtest`, mimalloc (tuned to return freed pages at once,
//! else it held 80-100 MB) showed one-second peaks of +25% resident memory, allocations returned
//! within the second, where glibc keeps its high-water mark flat (+2%).
//!
//! C libraries (the highlighter's regular expressions, zstd) always allocate with glibc's malloc,
//! so its arenas are capped too.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, Ordering};

/// Set before the first allocation when the command is `export`, never changed after.
static USE_MIMALLOC: AtomicBool = AtomicBool::new(false);

/// The program's global allocator: mimalloc for `quire export`, the system's otherwise. The
/// choice is made once, before anything is allocated ([`choose_allocator`]), so every block is
/// freed by the allocator that made it.
pub struct Allocator;

// SAFETY: each call goes to one allocator for the whole life of the process (the flag is set
// before the first allocation and never again), which upholds `GlobalAlloc`'s contract.
unsafe impl GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if USE_MIMALLOC.load(Ordering::Relaxed) {
            unsafe { mimalloc::MiMalloc.alloc(layout) }
        } else {
            unsafe { System.alloc(layout) }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if USE_MIMALLOC.load(Ordering::Relaxed) {
            unsafe { mimalloc::MiMalloc.alloc_zeroed(layout) }
        } else {
            unsafe { System.alloc_zeroed(layout) }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if USE_MIMALLOC.load(Ordering::Relaxed) {
            unsafe { mimalloc::MiMalloc.dealloc(ptr, layout) }
        } else {
            unsafe { System.dealloc(ptr, layout) }
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if USE_MIMALLOC.load(Ordering::Relaxed) {
            unsafe { mimalloc::MiMalloc.realloc(ptr, layout, new_size) }
        } else {
            unsafe { System.realloc(ptr, layout, new_size) }
        }
    }
}

/// Chooses the allocator from the command line, before anything allocates: the C runtime calls
/// the functions of `.init_array` with `argc` and `argv` before Rust's start-up code runs (see
/// `src/main.rs`). Any argument `export` chooses mimalloc (a folder named so under `serve` only
/// changes the allocator).
///
/// # Safety
///
/// `argv` must hold `argc` valid C strings, as the C runtime passes them.
pub unsafe extern "C" fn choose_allocator(
    argc: std::ffi::c_int,
    argv: *const *const std::ffi::c_char,
    _envp: *const *const std::ffi::c_char,
) {
    if argv.is_null() {
        return;
    }
    let count = usize::try_from(argc).unwrap_or(0);
    for i in 1..count {
        // SAFETY: the caller passes `argc` valid C strings.
        let arg = unsafe { *argv.add(i) };
        if !arg.is_null() && unsafe { std::ffi::CStr::from_ptr(arg) }.to_bytes() == b"export" {
            USE_MIMALLOC.store(true, Ordering::Relaxed);
            return;
        }
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
/// buffers in every thread's malloc arena, which glibc otherwise keeps for reuse.
pub fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `malloc_trim` only returns unused heap pages to the system; it takes no pointer
    // and is safe to call at any time from any thread.
    unsafe {
        libc::malloc_trim(0);
    }
}
