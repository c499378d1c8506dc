//! The command line of the server binary.

use crate::settings::{parse_flag, Overrides};
use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;

/// Quire: a blog engine for Markdown posts.
#[derive(Debug, Parser)]
#[command(name = "quire", version, about)]
pub struct Cli {
    /// What to do; `serve` when omitted.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Options of `serve`, accepted without the subcommand too.
    #[command(flatten)]
    pub serve: ServeArgs,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the blog (the default).
    Serve(ServeArgs),
}

/// Options of `serve`.
#[derive(Clone, Debug, Default, Args)]
pub struct ServeArgs {
    /// Settings file [default: Leptos.toml]
    #[arg(long, env = "QUIRE_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Posts folder (overrides `[content] posts_dir`)
    #[arg(long = "posts", env = "QUIRE_POSTS_DIR", value_name = "DIR")]
    pub posts_dir: Option<PathBuf>,
    /// Address to listen on (overrides LEPTOS_SITE_ADDR)
    #[arg(long, value_name = "HOST:PORT")]
    pub addr: Option<SocketAddr>,
}

impl ServeArgs {
    /// The settings overrides these options and the environment give.
    pub fn overrides(&self) -> Overrides {
        Overrides {
            config: self.config.clone(),
            posts_dir: self.posts_dir.clone(),
            drafts: std::env::var("QUIRE_DRAFTS")
                .ok()
                .as_deref()
                .and_then(parse_flag),
        }
    }
}

impl Cli {
    /// The serve options, from the subcommand or the top level.
    pub fn into_serve_args(self) -> ServeArgs {
        match self.command {
            Some(Command::Serve(args)) => args,
            None => self.serve,
        }
    }
}
