//! The command line's commands: settings to state, and `check`, `export` and `new`.

use super::serve::serve;
use super::state::AppState;
use super::{check, cli, export, new_post};
use crate::error::Error;
use crate::settings::Settings;
use leptos::prelude::*;

/// Logs to stderr; `RUST_LOG` picks the level (default `info`).
pub fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_writer(std::io::stderr)
        .try_init();
}

/// Runs one command of the command line.
pub async fn run(command: cli::Command) -> Result<std::process::ExitCode, Error> {
    use std::process::ExitCode;
    match command {
        cli::Command::Serve(args) => serve(args).await.map(|()| ExitCode::SUCCESS),
        cli::Command::Check(args) => {
            let settings = Settings::load(&args.content.overrides())?;
            if args.urls {
                let answers = check::urls(&settings)?;
                match args.format {
                    cli::Format::Text => print!("{}", check::addresses::to_text(&answers)),
                    cli::Format::Json => println!(
                        "{}",
                        serde_json::to_string_pretty(&answers)
                            .map_err(|e| Error::render("the address list", e))?
                    ),
                }
                return Ok(ExitCode::SUCCESS);
            }
            let report = check::run(&settings)?;
            match args.format {
                cli::Format::Text => print!("{}", report.to_text()),
                cli::Format::Json => println!(
                    "{}",
                    serde_json::to_string_pretty(&report)
                        .map_err(|e| Error::render("the check report", e))?
                ),
            }
            Ok(if report.is_clean() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        cli::Command::Export(args) => {
            let settings = Settings {
                // Exported pages go to readers: no problems banner.
                development: false,
                ..Settings::load(&args.content.overrides())?
            };
            let state = AppState::load(leptos_options(&settings)?, &settings);
            let summary = export_with_progress(state, &args.dir).await?;
            println!("{}", summary.line(&args.dir));
            Ok(ExitCode::SUCCESS)
        }
        cli::Command::New(args) => {
            let settings = Settings::load(&args.content.overrides())?;
            let today = chrono::Local::now().date_naive();
            let path = new_post::create(
                &settings.posts_dir,
                &args.title,
                today,
                &settings.site.author,
                &args.tags,
                args.draft,
            )?;
            println!("created {}", path.display());
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// cargo-leptos's options: `[package.metadata.leptos]` when run from the project, overridden by
/// `LEPTOS_*` variables, with `[server]` of the settings file in between (so a deployed binary
/// needs no environment). A release build runs in production unless `LEPTOS_ENV` says otherwise.
pub(super) fn leptos_options(settings: &Settings) -> Result<LeptosOptions, Error> {
    let mut options = get_configuration(None)
        .map(|conf| conf.leptos_options)
        .map_err(|e| Error::Settings {
            file: "Cargo.toml [package.metadata.leptos] / LEPTOS_* environment".into(),
            message: e.to_string(),
        })?;
    let unset = |name: &str| std::env::var_os(name).is_none();
    if let Some(addr) = settings.server.addr.filter(|_| unset("LEPTOS_SITE_ADDR")) {
        options.site_addr = addr;
    }
    if let Some(root) = settings.server.site_root.as_ref() {
        if unset("LEPTOS_SITE_ROOT") {
            options.site_root = root.to_string_lossy().into_owned().into();
        }
    }
    if !cfg!(debug_assertions) && unset("LEPTOS_ENV") {
        options.env = leptos::config::Env::PROD;
    }
    Ok(options)
}

/// Runs [`export::export`] with a progress spinner on stderr, drawn only on a terminal and only
/// once the export takes more than a moment.
async fn export_with_progress(
    state: AppState,
    out: &std::path::Path,
) -> Result<export::Summary, Error> {
    use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
    use std::time::{Duration, Instant};
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
    bar.set_style(
        ProgressStyle::with_template("{spinner} exporting: {pos} files {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    let started = Instant::now();
    let drawing = std::sync::atomic::AtomicBool::new(false);
    let on_file = |address: &str| {
        if started.elapsed() > Duration::from_millis(500)
            && !drawing.swap(true, std::sync::atomic::Ordering::Relaxed)
        {
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        bar.inc(1);
        bar.set_message(address.to_string());
    };
    let result = export::export(state, out, &on_file).await;
    bar.finish_and_clear();
    result
}
