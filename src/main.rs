//! The Quire server binary: read settings, load the posts, serve.

#[cfg(feature = "ssr")]
fn main() -> std::process::ExitCode {
    // Before any thread starts.
    quire::memory::limit_malloc_arenas();
    quire::server::init_tracing();
    let cli = quire::server::cli::Cli::try_parse_args(std::env::args_os())
        .unwrap_or_else(|error| error.exit());
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("quire: cannot start the async runtime: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(quire::server::run(cli.into_command()));
    // The render cache's files are written after each load; a next start reads them.
    quire::content::render_cache::wait_for_writes();
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("quire: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// glibc's malloc, or mimalloc for `quire export`: see `quire::memory`.
#[cfg(feature = "ssr")]
#[global_allocator]
static ALLOCATOR: quire::memory::Allocator = quire::memory::Allocator;

/// Chooses the allocator before anything allocates: the C runtime calls the functions of
/// `.init_array` (with `argc`, `argv` and `envp`) before Rust's own start-up code, which
/// allocates.
#[cfg(all(feature = "ssr", target_os = "linux"))]
#[used]
#[unsafe(link_section = ".init_array")]
static CHOOSE_ALLOCATOR: unsafe extern "C" fn(
    std::ffi::c_int,
    *const *const std::ffi::c_char,
    *const *const std::ffi::c_char,
) = quire::memory::choose_allocator;

#[cfg(not(feature = "ssr"))]
fn main() {
    // The browser build starts from `quire::hydrate` in lib.rs.
}
