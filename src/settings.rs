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
    /// `[redirects]`: old addresses (keys) and where they now live (a path or a full URL),
    /// answered with 301 beside the posts' own aliases.
    #[serde(default)]
    pub redirects: std::collections::BTreeMap<String, String>,
    /// `[images]`: resized copies of local pictures (`responsive`, `widths`, `quality`,
    /// `max_megapixels`); see [`crate::content::images`].
    #[serde(default)]
    pub images: crate::content::images::ImageSettings,
    /// `[social_cards]`: the link-preview pictures drawn for posts without one.
    #[serde(default)]
    pub social_cards: SocialCardsSection,
}

/// The `[social_cards]` table: a 1200x630 PNG drawn for every post without an `image` or a social
/// image of its own ([`crate::social_card`]), for `og:image` and `twitter:image`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SocialCardsSection {
    /// Whether cards are drawn (default true); off, posts' head tags are as without the feature.
    pub enabled: bool,
    /// The blog's own SVG template (relative to the working directory) in place of the built-in
    /// card; its placeholders are listed in [`crate::social_card::template`].
    pub template: Option<PathBuf>,
    /// Font files tried, in order, for the characters the embedded DejaVu Sans lacks (a Japanese
    /// or Chinese font, say). Only these and the embedded fonts are used, never the system's, so
    /// a card looks the same on every machine.
    pub fonts: Vec<PathBuf>,
}

impl Default for SocialCardsSection {
    fn default() -> Self {
        SocialCardsSection {
            enabled: true,
            template: None,
            fonts: Vec::new(),
        }
    }
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
    /// Seconds a complete request head may take to arrive, from accept (the TLS handshake
    /// included) and, on a kept-alive connection, from its first byte; default 10.
    pub head_timeout_seconds: Option<u64>,
    /// Seconds a kept-alive connection may sit between a response and the next request's first
    /// byte; default 60.
    pub idle_timeout_seconds: Option<u64>,
    /// Seconds a request may take from its head to its response; default 30 (answered 408).
    pub request_timeout_seconds: Option<u64>,
    /// Seconds a response write may wait on a client that does not read; default 30.
    pub send_timeout_seconds: Option<u64>,
    /// Most connections open at once; further ones wait in the listen backlog. Default: the
    /// open-files limit (raised to its hard limit at startup) less 128 for files and logs.
    pub max_connections: Option<usize>,
    /// The certificate chain (PEM) to serve HTTPS with; with `tls_key`. Reloaded on SIGHUP and
    /// when the file changes.
    pub tls_cert: Option<PathBuf>,
    /// The private key (PEM: PKCS#8, PKCS#1 or SEC1) of `tls_cert`.
    pub tls_key: Option<PathBuf>,
    /// With TLS on, a plain-HTTP address answering every request with a 308 to HTTPS.
    pub redirect_http: Option<std::net::SocketAddr>,
    /// With TLS on, the `max-age` of `Strict-Transport-Security`; default one year, 0 sends none.
    pub hsts_max_age_seconds: Option<u64>,
}

/// The `max-age` of `Strict-Transport-Security` over HTTPS unless `[server] hsts_max_age_seconds`
/// says: one year, as the HSTS preload list asks.
pub const DEFAULT_HSTS_MAX_AGE_SECONDS: u64 = 365 * 24 * 60 * 60;

/// How long a stopping server waits for requests in flight unless `[server] drain_seconds` says.
pub const DEFAULT_DRAIN_SECONDS: u64 = 10;

impl ServerSection {
    /// The longest a stopping server waits for requests in flight.
    pub fn drain(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.drain_seconds.unwrap_or(DEFAULT_DRAIN_SECONDS))
    }

    /// The longest a request may take, head to response.
    pub fn request_timeout(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.request_timeout_seconds.unwrap_or(30))
    }

    /// The time limits of each connection.
    pub fn connection_timeouts(&self) -> crate::server::connection::Timeouts {
        let seconds =
            |value: Option<u64>, default| std::time::Duration::from_secs(value.unwrap_or(default));
        crate::server::connection::Timeouts {
            head: seconds(self.head_timeout_seconds, 10),
            idle: seconds(self.idle_timeout_seconds, 60),
            send: seconds(self.send_timeout_seconds, 30),
        }
    }

    /// The certificate and key files, when both are set; one without the other is an error.
    pub fn tls_files(&self) -> Result<Option<(PathBuf, PathBuf)>, String> {
        match (&self.tls_cert, &self.tls_key) {
            (Some(cert), Some(key)) => Ok(Some((cert.clone(), key.clone()))),
            (None, None) if self.redirect_http.is_some() => Err(
                "[server] redirect_http: expected tls_cert and tls_key too (it redirects to HTTPS)"
                    .into(),
            ),
            (None, None) => Ok(None),
            (Some(_), None) => Err("[server] tls_key: missing; expected it beside tls_cert".into()),
            (None, Some(_)) => Err("[server] tls_cert: missing; expected it beside tls_key".into()),
        }
    }

    /// The `Strict-Transport-Security` value HTTPS responses carry, if any.
    pub fn hsts(&self) -> Option<String> {
        match self
            .hsts_max_age_seconds
            .unwrap_or(DEFAULT_HSTS_MAX_AGE_SECONDS)
        {
            0 => None,
            seconds => Some(format!("max-age={seconds}")),
        }
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
    /// The address pattern of posts without their own (default `/posts/:slug`); see
    /// [`crate::content::permalink::Permalink`].
    pub permalink: String,
}

/// Where rendered posts are kept between runs unless `[content] cache_dir` says otherwise: under
/// `target/`, which `cargo clean` empties.
pub const DEFAULT_CACHE_DIR: &str = "target/quire-cache";

pub use crate::content::DEFAULT_MAX_POST_BYTES;

impl Default for ContentSection {
    fn default() -> Self {
        ContentSection {
            posts_dir: PathBuf::from("posts"),
            watch: true,
            raw_html: Default::default(),
            max_post_bytes: DEFAULT_MAX_POST_BYTES,
            cache_dir: PathBuf::from(DEFAULT_CACHE_DIR),
            permalink: crate::content::permalink::DEFAULT_PATTERN.to_string(),
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
        let server = &settings.server;
        for (key, value) in [
            ("head_timeout_seconds", server.head_timeout_seconds),
            ("idle_timeout_seconds", server.idle_timeout_seconds),
            ("request_timeout_seconds", server.request_timeout_seconds),
            ("send_timeout_seconds", server.send_timeout_seconds),
            ("max_connections", server.max_connections.map(|n| n as u64)),
        ] {
            if value == Some(0) {
                return Err(Error::Settings {
                    file: file.display().to_string(),
                    message: format!("[server] {key}: expected a number of at least 1, found 0"),
                });
            }
        }
        if let Err(message) = server.tls_files() {
            return Err(Error::Settings {
                file: file.display().to_string(),
                message,
            });
        }
        if let Err(message) =
            crate::content::permalink::Permalink::parse(&settings.content.permalink)
        {
            return Err(Error::Settings {
                file: file.display().to_string(),
                message: format!("[content] permalink: {message}"),
            });
        }
        if let Err(message) = settings.images.check() {
            return Err(Error::Settings {
                file: file.display().to_string(),
                message,
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
    /// The address pattern of posts.
    pub permalink: crate::content::permalink::Permalink,
    /// The `[redirects]` table, in address order.
    pub redirects: Vec<crate::content::addresses::SiteRedirect>,
    /// The `[images]` table.
    pub images: crate::content::images::ImageSettings,
    /// The settings file, as `[redirects]` problems name it.
    pub file_name: String,
    /// The `[social_cards]` values.
    pub social_cards: SocialCardsSection,
    /// Development mode (a debug build, as `cargo leptos watch` makes): every page shows a banner
    /// when posts have problems, and `/_problems` lists them. The static export turns it off.
    pub development: bool,
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
        let file_name = overrides
            .config
            .as_deref()
            .unwrap_or(Path::new(DEFAULT_CONFIG_FILE))
            .display()
            .to_string();
        Ok(Settings {
            file_name,
            ..Settings::resolve(file.unwrap_or_default(), overrides, cfg!(debug_assertions))
        })
    }

    /// Applies overrides to a parsed file: flag/environment over file over default.
    pub fn resolve(file: SettingsFile, overrides: &Overrides, development: bool) -> Settings {
        let drafts_visible = overrides.drafts.unwrap_or(development);
        Settings {
            development,
            posts_dir: overrides
                .posts_dir
                .clone()
                .unwrap_or(file.content.posts_dir),
            watch: file.content.watch,
            // Checked by `SettingsFile::parse`; a file built in code falls back to the default.
            permalink: crate::content::permalink::Permalink::parse(&file.content.permalink)
                .unwrap_or_default(),
            redirects: file
                .redirects
                .iter()
                .map(|(from, to)| crate::content::addresses::SiteRedirect {
                    from: from.clone(),
                    to: to.clone(),
                })
                .collect(),
            file_name: DEFAULT_CONFIG_FILE.to_string(),
            images: file.images,
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
            social_cards: file.social_cards,
            drafts_visible,
        }
    }

    /// How the posts are loaded: the posts folder and the settings that change what is read and
    /// rendered. Images are sized from `assets_dir` (the site root), when given.
    pub fn library_config(&self, assets_dir: Option<PathBuf>) -> crate::content::LibraryConfig {
        crate::content::LibraryConfig {
            drafts_visible: self.drafts_visible,
            assets_dir,
            raw_html: self.raw_html,
            max_post_bytes: self.max_post_bytes,
            cache_dir: self.cache_dir.clone(),
            permalink: self.permalink.clone(),
            redirects: self.redirects.clone(),
            redirects_source: self.file_name.clone(),
            images: self.images.clone(),
            ..crate::content::LibraryConfig::new(&self.posts_dir, &self.site.author)
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
mod tests;
