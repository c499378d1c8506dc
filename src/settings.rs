//! The blog's runtime settings: `Leptos.toml`, environment variables and command-line flags.
//!
//! Precedence, highest first: command-line flag, environment variable, settings file, default.
//! Relative paths are taken from the working directory.

use crate::error::Error;
use crate::model::SiteInfo;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// Settings file read when neither `--config` nor `QUIRE_CONFIG` names one.
pub const DEFAULT_CONFIG_FILE: &str = "Leptos.toml";

/// The settings file as written. Unknown keys are errors, so typos never pass silently.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettingsFile {
    /// `[site]`: what readers see.
    #[serde(default)]
    pub site: SiteInfo,
    /// `[content]`: where posts come from.
    #[serde(default)]
    pub content: ContentSection,
    /// `[server]`: where the server listens and finds its assets.
    #[serde(default)]
    pub server: ServerSection,
}

/// The `[server]` table. Unset values fall back to `LEPTOS_*` variables' defaults (cargo-leptos's
/// `[package.metadata.leptos]` when run from the project); set `LEPTOS_SITE_ADDR` and
/// `LEPTOS_SITE_ROOT` override them, and `--addr` overrides both.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ServerSection {
    /// Address to listen on (`127.0.0.1:3000`).
    pub addr: Option<std::net::SocketAddr>,
    /// The built site: the `pkg/` bundle, stylesheet, images and other public files.
    pub site_root: Option<PathBuf>,
    /// Seconds a stopping server (SIGTERM, SIGINT) waits for requests in flight before it exits
    /// anyway; default [`DEFAULT_DRAIN_SECONDS`].
    pub drain_seconds: Option<u64>,
}

/// How long a stopping server waits for requests in flight unless `[server] drain_seconds` says.
pub const DEFAULT_DRAIN_SECONDS: u64 = 10;

impl ServerSection {
    /// The longest a stopping server waits for requests in flight.
    pub fn drain(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.drain_seconds.unwrap_or(DEFAULT_DRAIN_SECONDS))
    }
}

/// The `[site]` table's defaults.
impl Default for SiteInfo {
    fn default() -> Self {
        SiteInfo {
            title: "Quire".into(),
            description: "A blog written in Markdown and served by Quire.".into(),
            author: "Anonymous".into(),
            base_url: "http://127.0.0.1:3000".into(),
            language: "en".into(),
            page_size: 10,
        }
    }
}

/// The `[content]` table.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ContentSection {
    /// The posts folder.
    pub posts_dir: PathBuf,
    /// Whether the server watches the posts folder and reloads on every change.
    pub watch: bool,
    /// Raw HTML in posts: `sanitize` (default), `escape` or `trust`.
    pub raw_html: crate::content::sanitize::RawHtml,
    /// The largest post file read, in bytes; a larger one is reported and never read. Default
    /// [`DEFAULT_MAX_POST_BYTES`].
    pub max_post_bytes: u64,
    /// The render cache's folder (default [`DEFAULT_CACHE_DIR`]); empty turns the cache off.
    pub cache_dir: PathBuf,
}

/// Where rendered posts are kept between runs unless `[content] cache_dir` says otherwise: under
/// `target/`, which `cargo clean` empties.
pub const DEFAULT_CACHE_DIR: &str = "target/quire-cache";

/// The largest post file read unless `[content] max_post_bytes` says otherwise: 4 MiB, far more
/// than any post a person writes, and little enough that a stray file cannot exhaust memory.
pub const DEFAULT_MAX_POST_BYTES: u64 = 4 * 1024 * 1024;

impl Default for ContentSection {
    fn default() -> Self {
        ContentSection {
            posts_dir: PathBuf::from("posts"),
            watch: true,
            raw_html: Default::default(),
            max_post_bytes: DEFAULT_MAX_POST_BYTES,
            cache_dir: PathBuf::from(DEFAULT_CACHE_DIR),
        }
    }
}

impl SettingsFile {
    /// Parses settings text; errors name `file` and the offending key.
    pub fn parse(text: &str, file: &Path) -> Result<Self, Error> {
        let settings: SettingsFile = toml::from_str(text).map_err(|e| Error::Settings {
            file: file.display().to_string(),
            message: e.message().to_string()
                + &e.span()
                    .map(|span| format!(" (at line {})", line_of(text, span.start)))
                    .unwrap_or_default(),
        })?;
        if settings.site.page_size == 0 {
            return Err(Error::Settings {
                file: file.display().to_string(),
                message: "[site] page_size: expected a number of at least 1, found 0".into(),
            });
        }
        if settings.content.max_post_bytes == 0 {
            return Err(Error::Settings {
                file: file.display().to_string(),
                message: "[content] max_post_bytes: expected a number of at least 1, found 0"
                    .into(),
            });
        }
        Ok(settings)
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .map_or(1, |head| head.matches('\n').count() + 1)
}

/// What the process was started with, before the settings file is read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Overrides {
    /// `--config`, or else `QUIRE_CONFIG`.
    pub config: Option<PathBuf>,
    /// `--posts`, or else `QUIRE_POSTS_DIR`.
    pub posts_dir: Option<PathBuf>,
    /// `QUIRE_DRAFTS`: `1`/`true` shows drafts, `0`/`false` hides them, whatever the build.
    pub drafts: Option<bool>,
    /// `--cache-dir`, or else `QUIRE_CACHE_DIR`; empty turns the render cache off.
    pub cache_dir: Option<PathBuf>,
}

/// The settings in force.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// The `[site]` values, with `base_url` trimmed of its trailing slash.
    pub site: SiteInfo,
    /// Whether drafts are listed: in debug builds (development) unless `QUIRE_DRAFTS` says otherwise.
    pub drafts_visible: bool,
    /// The posts folder.
    pub posts_dir: PathBuf,
    /// Whether the posts folder is watched for changes.
    pub watch: bool,
    /// The `[server]` values.
    pub server: ServerSection,
    /// What happens to raw HTML in posts.
    pub raw_html: crate::content::sanitize::RawHtml,
    /// The largest post file read, in bytes.
    pub max_post_bytes: u64,
    /// The render cache's folder, or `None` when it is off.
    pub cache_dir: Option<PathBuf>,
}

impl Settings {
    /// Reads the settings file and applies the overrides. A missing default file means defaults
    /// (and a log line); a missing file named explicitly is an error.
    pub fn load(overrides: &Overrides) -> Result<Settings, Error> {
        let file = match &overrides.config {
            Some(path) => Some(read(path)?),
            None => {
                let path = Path::new(DEFAULT_CONFIG_FILE);
                if path.exists() {
                    Some(read(path)?)
                } else {
                    tracing::info!(
                        "no {DEFAULT_CONFIG_FILE} in the working directory; using default settings"
                    );
                    None
                }
            }
        };
        Ok(Settings::resolve(
            file.unwrap_or_default(),
            overrides,
            cfg!(debug_assertions),
        ))
    }

    /// Applies overrides to a parsed file: flag/environment over file over default.
    pub fn resolve(file: SettingsFile, overrides: &Overrides, development: bool) -> Settings {
        let drafts_visible = overrides.drafts.unwrap_or(development);
        Settings {
            posts_dir: overrides
                .posts_dir
                .clone()
                .unwrap_or(file.content.posts_dir),
            watch: file.content.watch,
            raw_html: file.content.raw_html,
            max_post_bytes: file.content.max_post_bytes,
            cache_dir: Some(
                overrides
                    .cache_dir
                    .clone()
                    .unwrap_or(file.content.cache_dir),
            )
            .filter(|dir| !dir.as_os_str().is_empty()),
            site: SiteInfo {
                base_url: file.site.base_url.trim_end_matches('/').to_string(),
                ..file.site
            },
            server: file.server,
            drafts_visible,
        }
    }

    /// How the posts are loaded: the posts folder and the settings that change what is read and
    /// rendered. Images are sized from `assets_dir` (the site root), when given.
    pub fn library_config(&self, assets_dir: Option<PathBuf>) -> crate::content::LibraryConfig {
        crate::content::LibraryConfig {
            posts_dir: self.posts_dir.clone(),
            site_author: self.site.author.clone(),
            drafts_visible: self.drafts_visible,
            assets_dir,
            raw_html: self.raw_html,
            max_post_bytes: self.max_post_bytes,
            cache_dir: self.cache_dir.clone(),
        }
    }
}

fn read(path: &Path) -> Result<SettingsFile, Error> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::Settings {
        file: path.display().to_string(),
        message: format!("cannot read the settings file: {e}"),
    })?;
    SettingsFile::parse(&text, path)
}

/// Reads `QUIRE_DRAFTS`: `1`/`true`/`yes` or `0`/`false`/`no`; anything else is ignored.
pub fn parse_flag(value: &str) -> Option<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Some(true),
        "0" | "false" | "no" | "off" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<SettingsFile, Error> {
        SettingsFile::parse(text, Path::new("Leptos.toml"))
    }

    #[test]
    fn raw_html_is_sanitized_unless_the_file_says_escape_or_trust() {
        use crate::content::sanitize::RawHtml;
        let default = Settings::resolve(parse("").unwrap(), &Overrides::default(), false);
        assert_eq!(default.raw_html, RawHtml::Sanitize);
        for (text, mode) in [("escape", RawHtml::Escape), ("trust", RawHtml::Trust)] {
            let file = parse(&format!("[content]\nraw_html = \"{text}\"\n")).unwrap();
            assert_eq!(
                Settings::resolve(file, &Overrides::default(), false).raw_html,
                mode
            );
        }
        let error = parse("[content]\nraw_html = \"allow\"\n").unwrap_err();
        assert!(
            error.to_string().contains("raw_html") || error.to_string().contains("line 2"),
            "{error}"
        );
    }

    #[test]
    fn the_server_section_names_an_address_and_a_site_root() {
        let file = parse("[server]\naddr = \"0.0.0.0:8080\"\nsite_root = \"site\"\n").unwrap();
        let settings = Settings::resolve(file, &Overrides::default(), false);
        assert_eq!(settings.server.addr, Some("0.0.0.0:8080".parse().unwrap()));
        assert_eq!(settings.server.site_root, Some(PathBuf::from("site")));
        let error = parse("[server]\naddr = \"port 80\"\n").unwrap_err();
        assert!(error.to_string().contains("Leptos.toml"), "{error}");
        assert!(error.to_string().contains("line 2"), "{error}");
    }

    #[test]
    fn every_documented_key_is_read() {
        let file = parse(
            "[site]\ntitle = \"T\"\ndescription = \"D\"\nauthor = \"A\"\n\
             base_url = \"https://example.com\"\nlanguage = \"fr\"\n[content]\nposts_dir = \"content\"\nwatch = false\n",
        )
        .expect("valid settings");
        assert_eq!(file.site.title, "T");
        assert_eq!(file.site.description, "D");
        assert_eq!(file.site.author, "A");
        assert_eq!(file.site.base_url, "https://example.com");
        assert_eq!(file.site.language, "fr");
        assert_eq!(file.content.posts_dir, PathBuf::from("content"));
        assert!(!file.content.watch);
        assert!(
            SettingsFile::default().content.watch,
            "watching is on by default"
        );
    }

    #[test]
    fn missing_keys_take_defaults() {
        let file = parse("[site]\ntitle = \"Only\"\n").expect("valid settings");
        assert_eq!(file.site.title, "Only");
        assert_eq!(file.site.language, "en");
        assert_eq!(file.content.posts_dir, PathBuf::from("posts"));
    }

    #[test]
    fn an_unknown_key_names_the_key_the_file_and_the_line() {
        let error = parse("[site]\ntitle = \"T\"\ntitel = \"typo\"\n").expect_err("unknown key");
        let message = error.to_string();
        assert!(message.starts_with("Leptos.toml:"), "{message}");
        assert!(message.contains("titel"), "{message}");
        assert!(message.contains("line 3"), "{message}");
    }

    #[test]
    fn a_page_size_of_zero_is_rejected() {
        let message = parse("[site]\npage_size = 0\n")
            .expect_err("zero")
            .to_string();
        assert!(message.contains("page_size"), "{message}");
        assert_eq!(
            parse("[site]\npage_size = 3\n")
                .ok()
                .map(|f| f.site.page_size),
            Some(3)
        );
    }

    #[test]
    fn the_post_size_limit_defaults_to_4_mib_and_may_be_set_but_not_to_zero() {
        let default = Settings::resolve(parse("").unwrap(), &Overrides::default(), false);
        assert_eq!(default.max_post_bytes, 4 * 1024 * 1024);
        let file = parse("[content]\nmax_post_bytes = 65536\n").expect("valid settings");
        assert_eq!(
            Settings::resolve(file, &Overrides::default(), false).max_post_bytes,
            65536
        );
        let message = parse("[content]\nmax_post_bytes = 0\n")
            .expect_err("zero")
            .to_string();
        assert!(message.contains("max_post_bytes"), "{message}");
        let message = parse("[content]\nmax_post_bytes = -1\n")
            .expect_err("negative")
            .to_string();
        assert!(message.contains("line 2"), "{message}");
    }

    #[test]
    fn a_wrong_type_names_the_file() {
        let message = parse("[site]\ntitle = 3\n")
            .expect_err("wrong type")
            .to_string();
        assert!(
            message.starts_with("Leptos.toml:") && message.contains("string"),
            "{message}"
        );
    }

    #[test]
    fn overrides_win_over_the_file() {
        let file = parse("[content]\nposts_dir = \"from-file\"\n").expect("valid");
        let plain = Settings::resolve(file.clone(), &Overrides::default(), false);
        assert_eq!(plain.posts_dir, PathBuf::from("from-file"));
        let overrides = Overrides {
            posts_dir: Some("from-flag".into()),
            ..Overrides::default()
        };
        assert_eq!(
            Settings::resolve(file, &overrides, false).posts_dir,
            PathBuf::from("from-flag")
        );
    }

    #[test]
    fn the_cache_dir_defaults_under_target_and_an_empty_value_turns_it_off() {
        let resolve = |file: &str, flag: Option<&str>| {
            let overrides = Overrides {
                cache_dir: flag.map(PathBuf::from),
                ..Overrides::default()
            };
            Settings::resolve(parse(file).expect("valid"), &overrides, false).cache_dir
        };
        assert_eq!(resolve("", None), Some(PathBuf::from(DEFAULT_CACHE_DIR)));
        let file = "[content]\ncache_dir = \"from-file\"\n";
        assert_eq!(resolve(file, None), Some(PathBuf::from("from-file")));
        assert_eq!(
            resolve(file, Some("from-flag")),
            Some(PathBuf::from("from-flag"))
        );
        assert_eq!(resolve(file, Some("")), None);
        assert_eq!(resolve("[content]\ncache_dir = \"\"\n", None), None);
    }

    #[test]
    fn drafts_follow_the_build_unless_quire_drafts_says_otherwise() {
        let file = SettingsFile::default();
        let dev = Settings::resolve(file.clone(), &Overrides::default(), true);
        assert!(dev.drafts_visible);
        let prod = Settings::resolve(file.clone(), &Overrides::default(), false);
        assert!(!prod.drafts_visible);
        let forced = Overrides {
            drafts: parse_flag("1"),
            ..Overrides::default()
        };
        assert!(Settings::resolve(file, &forced, false).drafts_visible);
        assert_eq!(parse_flag("maybe"), None);
    }

    #[test]
    fn the_site_table_is_what_pages_show_with_its_address_trimmed_and_unknown_keys_refused() {
        let file = parse("[site]\ntitle = \"Notes\"\nbase_url = \"https://notes.example/\"\n")
            .expect("valid [site]");
        let site = Settings::resolve(file, &Overrides::default(), false).site;
        assert_eq!(site.title, "Notes");
        assert_eq!(site.base_url, "https://notes.example");
        assert_eq!(site.page_size, 10, "unset keys keep their defaults");
        let message = parse("[site]\ndrafts_visible = true\n")
            .expect_err("drafts are shown by the build or QUIRE_DRAFTS, not a [site] key")
            .to_string();
        assert!(message.contains("drafts_visible"), "{message}");
    }

    #[test]
    fn a_missing_explicit_settings_file_is_an_error() {
        let overrides = Overrides {
            config: Some("no/such/Quire.toml".into()),
            ..Overrides::default()
        };
        let message = Settings::load(&overrides).expect_err("missing").to_string();
        assert!(message.starts_with("no/such/Quire.toml:"), "{message}");
    }
}
