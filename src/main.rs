//! The Quire server binary: read settings, load the posts, serve.

#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() -> std::process::ExitCode {
    use clap::Parser;
    quire::server::init_tracing();
    let cli = quire::server::cli::Cli::parse();
    match quire::server::run(cli.into_command()).await {
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
