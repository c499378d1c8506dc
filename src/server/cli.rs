//! The command line of the server binary.

use crate::settings::{parse_flag, Overrides};
use clap::parser::ValueSource;
use clap::{ArgMatches, Args, CommandFactory, FromArgMatches, Parser, Subcommand};
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
    /// Check every post as the server would load it; exit status 1 when anything is wrong.
    Check(CheckArgs),
    /// Write a new post with valid front matter to the posts folder.
    New(NewArgs),
    /// Write the whole site as static files (pages, data, feeds, sitemap, assets) to a folder.
    Export(ExportArgs),
}

/// Where the settings and posts are: the options every command shares.
#[derive(Clone, Debug, Default, Args)]
pub struct ContentArgs {
    /// Settings file [default: Leptos.toml]
    #[arg(long, env = "QUIRE_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Posts folder (overrides `[content] posts_dir`)
    #[arg(long = "posts", env = "QUIRE_POSTS_DIR", value_name = "DIR")]
    pub posts_dir: Option<PathBuf>,
    /// Render cache folder (overrides `[content] cache_dir`; empty turns the cache off)
    #[arg(long = "cache-dir", env = "QUIRE_CACHE_DIR", value_name = "DIR", value_parser = path_or_empty)]
    pub cache_dir: Option<PathBuf>,
}

impl ContentArgs {
    /// The settings overrides these options and the environment give (`QUIRE_DRAFTS` included;
    /// `check` reads drafts whatever it says).
    pub fn overrides(&self) -> Overrides {
        Overrides {
            config: self.config.clone(),
            posts_dir: self.posts_dir.clone(),
            drafts: drafts_from_env(),
            cache_dir: self.cache_dir.clone(),
        }
    }
}

/// How `check` reports.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One line per problem and a summary.
    #[default]
    Text,
    /// One JSON document, for machines.
    Json,
}

/// Options of `check`.
#[derive(Clone, Debug, Default, Args)]
pub struct CheckArgs {
    /// Settings and posts folder.
    #[command(flatten)]
    pub content: ContentArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Print every address the blog answers (pages, posts, feeds, redirects) instead.
    #[arg(long)]
    pub urls: bool,
}

/// Options of `new`.
#[derive(Clone, Debug, Default, Args)]
pub struct NewArgs {
    /// The post's title.
    pub title: String,
    /// Tags, comma-separated (`--tags rust,web`).
    #[arg(long, value_delimiter = ',')]
    pub tags: Vec<String>,
    /// Mark the post as a draft.
    #[arg(long)]
    pub draft: bool,
    /// Settings and posts folder.
    #[command(flatten)]
    pub content: ContentArgs,
}

/// Options of `export`.
#[derive(Clone, Debug, Default, Args)]
pub struct ExportArgs {
    /// The folder to write: missing, empty, or a previous export (whose contents are replaced).
    pub dir: PathBuf,
    /// Settings and posts folder.
    #[command(flatten)]
    pub content: ContentArgs,
}

/// A folder, or an empty value (which clap's own path parser refuses) that turns a feature off.
fn path_or_empty(value: &str) -> Result<PathBuf, std::convert::Infallible> {
    Ok(PathBuf::from(value))
}

/// `QUIRE_DRAFTS`, when set to a flag value.
fn drafts_from_env() -> Option<bool> {
    std::env::var("QUIRE_DRAFTS")
        .ok()
        .as_deref()
        .and_then(parse_flag)
}

/// Options of `serve`.
#[derive(Clone, Debug, Default, Args)]
pub struct ServeArgs {
    /// Settings and posts folder.
    #[command(flatten)]
    pub content: ContentArgs,
    /// Address to listen on (overrides LEPTOS_SITE_ADDR)
    #[arg(long, value_name = "HOST:PORT")]
    pub addr: Option<SocketAddr>,
    /// Serve HTTPS with this PEM certificate chain (overrides `[server] tls_cert`)
    #[arg(
        long,
        env = "QUIRE_TLS_CERT",
        value_name = "FILE",
        requires = "tls_key"
    )]
    pub tls_cert: Option<PathBuf>,
    /// The PEM private key of --tls-cert (overrides `[server] tls_key`)
    #[arg(
        long,
        env = "QUIRE_TLS_KEY",
        value_name = "FILE",
        requires = "tls_cert"
    )]
    pub tls_key: Option<PathBuf>,
}

impl Cli {
    /// The command line in `args` (the program's name first). Settings and posts options given
    /// before a subcommand apply to it (`quire --config blog.toml export out`) unless the
    /// subcommand gives its own; either beats the environment.
    pub fn try_parse_args<I, T>(args: I) -> Result<Self, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        let matches = Cli::command().try_get_matches_from(args)?;
        let mut cli = Cli::from_arg_matches(&matches)?;
        if let (Some(command), Some((_, sub_matches))) =
            (cli.command.as_mut(), matches.subcommand())
        {
            command
                .content_mut()
                .inherit(&cli.serve.content, &matches, sub_matches);
        }
        Ok(cli)
    }

    /// The command to run: `serve` (with the top-level options) when none is given.
    pub fn into_command(self) -> Command {
        self.command.unwrap_or(Command::Serve(self.serve))
    }
}

impl Command {
    /// The settings and posts options of the command.
    fn content_mut(&mut self) -> &mut ContentArgs {
        match self {
            Command::Serve(args) => &mut args.content,
            Command::Check(args) => &mut args.content,
            Command::New(args) => &mut args.content,
            Command::Export(args) => &mut args.content,
        }
    }
}

impl ContentArgs {
    /// Takes each option `outer` was given on the command line (before the subcommand) and this
    /// subcommand was not: the environment fills both, so only a flag may override.
    fn inherit(&mut self, outer: &ContentArgs, outer_matches: &ArgMatches, own: &ArgMatches) {
        let given = |matches: &ArgMatches, id: &str| {
            matches.value_source(id) == Some(ValueSource::CommandLine)
        };
        let take = |id: &str| given(outer_matches, id) && !given(own, id);
        if take("config") {
            self.config.clone_from(&outer.config);
        }
        if take("posts_dir") {
            self.posts_dir.clone_from(&outer.posts_dir);
        }
        if take("cache_dir") {
            self.cache_dir.clone_from(&outer.cache_dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_takes_the_same_content_options() {
        for args in [
            &["quire", "--posts", "p", "--config", "c.toml"][..],
            &["quire", "serve", "--posts", "p", "--config", "c.toml"],
            &["quire", "check", "--posts", "p", "--config", "c.toml"],
            &[
                "quire", "export", "out", "--posts", "p", "--config", "c.toml",
            ],
            &[
                "quire", "new", "A title", "--posts", "p", "--config", "c.toml",
            ],
        ] {
            let content = match Cli::try_parse_from(args).expect("valid").into_command() {
                Command::Serve(a) => a.content,
                Command::Check(a) => a.content,
                Command::Export(a) => a.content,
                Command::New(a) => a.content,
            };
            assert_eq!(content.posts_dir, Some(PathBuf::from("p")), "{args:?}");
            assert_eq!(content.config, Some(PathBuf::from("c.toml")), "{args:?}");
        }
    }

    #[test]
    fn options_before_a_subcommand_apply_to_it_unless_it_gives_its_own() {
        let cli = Cli::try_parse_args([
            "quire", "--config", "c.toml", "--posts", "p", "export", "out",
        ])
        .expect("valid");
        let Command::Export(args) = cli.into_command() else {
            panic!("expected export");
        };
        assert_eq!(args.content.config, Some(PathBuf::from("c.toml")));
        assert_eq!(args.content.posts_dir, Some(PathBuf::from("p")));
        let cli = Cli::try_parse_args([
            "quire",
            "--config",
            "outer.toml",
            "check",
            "--config",
            "own.toml",
        ])
        .expect("valid");
        let Command::Check(args) = cli.into_command() else {
            panic!("expected check");
        };
        assert_eq!(args.content.config, Some(PathBuf::from("own.toml")));
    }

    #[test]
    fn an_empty_cache_dir_flag_is_accepted_to_turn_the_cache_off() {
        let cli = Cli::try_parse_from(["quire", "check", "--cache-dir", ""]).expect("valid");
        let Command::Check(args) = cli.into_command() else {
            panic!("expected check");
        };
        assert_eq!(args.content.overrides().cache_dir, Some(PathBuf::new()));
        let cli = Cli::try_parse_from(["quire", "--cache-dir", "c"]).expect("valid");
        assert_eq!(
            cli.serve.content.overrides().cache_dir,
            Some(PathBuf::from("c"))
        );
    }
}
