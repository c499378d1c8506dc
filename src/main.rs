//! The Quire server binary: read settings, load the posts, serve.

#[cfg(feature = "ssr")]
fn main() -> std::process::ExitCode {
    use clap::Parser;
    // Before any thread starts (see `limit_malloc_arenas`).
    quire::content::limit_malloc_arenas();
    quire::server::init_tracing();
    let cli = quire::server::cli::Cli::parse();
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
    match runtime.block_on(quire::server::run(cli.into_command())) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("quire: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}

#[cfg(not(feature = "ssr"))]
fn main() {
    // The browser build starts from `quire::hydrate` in lib.rs.
}
