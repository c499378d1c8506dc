//! `quire export <dir>`: the whole site as static files, for any static host or CDN.
//!
//! Every page is rendered by the same router the server runs (the same components, head tags and
//! hydration scripts), requested in-process and written as `<path>/index.html`. Next to the pages
//! go the JSON documents of the read API ([`crate::urls::data`]), the search index files the home
//! page's island reads in place of the server ([`crate::search::files`]),
//! the feeds, the sitemap, `robots.txt`, a `404.html` without hydration (a static host serves it
//! at any unknown address), each redirect as a page and in `_redirects`, the files of bundled
//! posts, the resized copies of pictures the pages show (`_img/`, see [`crate::content::images`]),
//! the social cards of posts without a picture ([`cards`]), and the site's assets, including the
//! `pkg/` bundle.

use super::{router, AppState};
use crate::app::{shell, Hydration};
use crate::content::images::{variant_names, ImageStore, ROUTE};
use crate::content::PostIndex;
use crate::error::Error;
use crate::filter::paginate;
use crate::model::GroupKind;
use crate::urls::{self, data, ATOM_HREF, RSS_HREF, SITEMAP_HREF, TAGS_HREF};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use percent_encoding::percent_decode_str;
use std::path::{Component, Path, PathBuf};
use std::time::{Duration, Instant};
use tower::ServiceExt;

/// A file in the export folder that marks it as one, so a later export may replace its contents.
pub const MARKER: &str = ".quire-export";

/// What an export wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// HTML pages, the 404 page included.
    pub pages: usize,
    /// Every file written, pages and assets included.
    pub files: usize,
    /// Their total size.
    pub bytes: u64,
    /// How long the export took.
    pub elapsed: Duration,
}

impl Summary {
    /// Counts one file of `bytes`.
    fn add(&mut self, bytes: u64) {
        self.files += 1;
        self.bytes += bytes;
    }

    /// One line for the terminal: `exported 42 pages (130 files, 1.2 MB) to out in 0.41 s`.
    pub fn line(&self, out: &Path) -> String {
        format!(
            "exported {} pages ({} files, {:.1} MB) to {} in {:.2} s",
            self.pages,
            self.files,
            self.bytes as f64 / 1_000_000.0,
            out.display(),
            self.elapsed.as_secs_f64()
        )
    }
}

/// What kind of file an address is written as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// An HTML page, written as `<path>/index.html` so a static host serves it at `<path>/`.
    Page,
    /// A document with its own file name (`rss.xml`, `data/posts/<slug>.json`).
    Document,
}

/// Every address the export renders, pages first: the home page and its further pages, every
/// listed post, the tag list, every tag's pages, every section's pages, every kind of group that has any with its
/// groups' pages; then the data documents, every tag's and group's feeds, the site's feeds, the
/// sitemap and `robots.txt`.
pub fn addresses(index: &PostIndex, page_size: usize) -> Vec<(String, Kind)> {
    fn pages_of<T: Clone>(items: &[T], page_size: usize) -> usize {
        paginate(items, 1, page_size).map_or(1, |page| page.count)
    }
    let summaries: Vec<_> = index.summaries().collect();
    let mut pages = vec!["/".to_string()];
    pages.extend((2..=pages_of(&summaries, page_size)).map(|n| urls::home_page_href(&[], "", n)));
    pages.extend(summaries.iter().map(|post| post.href.clone()));
    pages.push(TAGS_HREF.to_string());
    let mut documents = vec![
        data::SITE.to_string(),
        data::POSTS.to_string(),
        data::TAGS.to_string(),
    ];
    documents.extend(summaries.iter().map(|post| data::post(&post.slug)));
    for tag in index.tags() {
        let posts = index
            .tag(&tag.slug)
            .map(|(_, posts)| posts)
            .unwrap_or_default();
        pages.extend((1..=pages_of(&posts, page_size)).map(|n| urls::tag_page_href(&tag.slug, n)));
        documents.push(data::tag(&tag.slug));
        documents.push(urls::tag_rss_href(&tag.slug));
        documents.push(urls::tag_atom_href(&tag.slug));
    }
    for section in index.sections() {
        let count = paginate(&section.docs, 1, page_size).map_or(1, |page| page.count);
        pages.extend((1..=count).map(|n| urls::section_href(&section.section.href, n)));
    }
    for kind in GroupKind::ALL {
        let groups = index.groups(kind);
        if groups.is_empty() {
            continue;
        }
        pages.push(urls::groups_href(kind));
        documents.push(data::groups(kind));
        for group in groups {
            let slug = &group.term.slug;
            let count = paginate(&group.docs, 1, page_size).map_or(1, |page| page.count);
            pages.extend((1..=count).map(|n| urls::group_page_href(kind, slug, n)));
            documents.push(data::group(kind, slug));
            documents.push(urls::group_rss_href(kind, slug));
            documents.push(urls::group_atom_href(kind, slug));
        }
    }
    documents.extend([RSS_HREF, ATOM_HREF, SITEMAP_HREF, "/robots.txt"].map(String::from));
    let pages = pages.into_iter().map(|address| (address, Kind::Page));
    pages
        .chain(
            documents
                .into_iter()
                .map(|address| (address, Kind::Document)),
        )
        .collect()
}

/// Where the file for `address` goes, relative to the export folder: the percent-decoded path,
/// plus `index.html` for pages. Segments that would leave the folder or that a static host could
/// not map back to the address (`..`, an encoded `/`, control characters) are refused.
pub fn file_for(address: &str, kind: Kind) -> Result<PathBuf, Error> {
    let refuse = |reason: &'static str| Error::Unexportable {
        address: address.to_string(),
        reason,
    };
    let mut file = PathBuf::new();
    for segment in address.split('/').filter(|s| !s.is_empty()) {
        let decoded = percent_decode_str(segment)
            .decode_utf8()
            .map_err(|_| refuse("not UTF-8"))?;
        if decoded.contains(['/', '\\']) || decoded.chars().any(char::is_control) {
            return Err(refuse(
                "a path segment holds a slash or a control character",
            ));
        }
        match Path::new(decoded.as_ref()).components().next() {
            Some(Component::Normal(_)) => file.push(decoded.as_ref()),
            _ => return Err(refuse("a path segment is not a plain name")),
        }
    }
    if kind == Kind::Page {
        file.push("index.html");
    }
    Ok(file)
}

/// Exports the site of `state` into `out`, calling `on_file` after each file.
///
/// `out` must be missing, empty, or a previous export (it holds [`MARKER`]); its old contents are
/// then replaced. The assets come from the site root (`LEPTOS_SITE_ROOT`), which must hold the
/// built bundle.
pub async fn export(
    state: AppState,
    out: &Path,
    on_file: &(dyn Fn(&str) + Sync),
) -> Result<Summary, Error> {
    let started = Instant::now();
    let site_root = PathBuf::from(&*state.leptos_options.site_root);
    let bundle = site_root.join(state.bundle.js.trim_start_matches('/'));
    if !bundle.is_file() {
        return Err(Error::refused(
            &bundle,
            std::io::ErrorKind::NotFound,
            "the WASM bundle is missing; build it first (cargo leptos build --release) \
             or point LEPTOS_SITE_ROOT at the built site",
        ));
    }
    prepare(out)?;
    let mut summary = Summary::default();
    let index = state.library.snapshot();
    let app = router(state.clone());
    // Pages render on every core: a few renders per core in flight, each written by its task as
    // it finishes, so writing overlaps rendering.
    let in_flight = std::thread::available_parallelism().map_or(2, |n| n.get() * 4);
    let mut pending = addresses(&index, state.settings.site.page_size).into_iter();
    let mut renders = tokio::task::JoinSet::new();
    let out_dir: std::sync::Arc<Path> = out.into();
    // The resized pictures the pages show, copied once the pages are written.
    let mut shown = std::collections::BTreeSet::new();
    loop {
        while renders.len() < in_flight {
            let Some((address, kind)) = pending.next() else {
                break;
            };
            let app = app.clone();
            let out = std::sync::Arc::clone(&out_dir);
            renders.spawn(async move {
                let body = render(&app, &address, StatusCode::OK).await?;
                let bytes = write_file(&out, &file_for(&address, kind)?, &body)?;
                let copies = match kind {
                    Kind::Page => copies_shown(&body),
                    Kind::Document => Vec::new(),
                };
                Ok::<_, Error>((address, kind, bytes, copies))
            });
        }
        let Some(done) = renders.join_next().await else {
            break;
        };
        let (address, kind, bytes, copies) =
            done.map_err(|e| Error::render("a page of the export", e))??;
        shown.extend(copies);
        summary.add(bytes);
        summary.pages += usize::from(kind == Kind::Page);
        on_file(&address);
    }
    // The search files: made and written on every core.
    {
        use rayon::prelude::*;
        let written = std::sync::Mutex::new(Summary::default());
        index
            .search_files()
            .par_bridge()
            .try_for_each(|(address, body)| {
                let bytes = write_file(out, &file_for(&address, Kind::Document)?, body.as_bytes())?;
                written.lock().unwrap_or_else(|p| p.into_inner()).add(bytes);
                on_file(&address);
                Ok::<_, Error>(())
            })?;
        let written = written.into_inner().unwrap_or_else(|p| p.into_inner());
        summary.files += written.files;
        summary.bytes += written.bytes;
    }
    if let Some(cards) = state.cards.clone() {
        let jobs = cards::jobs(&cards, &state.settings, &index);
        let out = out.to_path_buf();
        let (written, jobs) =
            tokio::task::spawn_blocking(move || (cards::write(&cards, &jobs, &out), jobs))
                .await
                .map_err(|e| Error::render("the social cards", e))?;
        let written = written?;
        summary.files += written.files;
        summary.bytes += written.bytes;
        for job in &jobs {
            on_file(&job.address);
        }
    }
    let base_url = state.settings.site.base_url.clone();
    let images = state
        .library
        .config()
        .cache_dir
        .as_deref()
        .map(ImageStore::new);
    let body = render(&not_found_router(state), "/404.html", StatusCode::NOT_FOUND).await?;
    write(out, Path::new("404.html"), &body, &mut summary)?;
    summary.pages += 1;
    on_file("/404.html");
    write_moved(&index, &base_url, out, &mut summary, on_file)?;
    if let Some(store) = &images {
        copy_images(store, &shown, out, &mut summary, on_file)?;
    }
    copy_assets(&site_root, out, &mut summary, on_file)?;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// Each redirect as a page and in `_redirects`, and each bundled post's files beside it.
fn write_moved(
    index: &PostIndex,
    base_url: &str,
    out: &Path,
    summary: &mut Summary,
    on_file: &(dyn Fn(&str) + Sync),
) -> Result<(), Error> {
    let redirects = moved::redirects(index);
    for (from, to) in &redirects {
        let page = moved::redirect_page(to, base_url);
        write(out, &file_for(from, Kind::Page)?, page.as_bytes(), summary)?;
        on_file(from);
    }
    if !redirects.is_empty() {
        let text = moved::redirects_file(&redirects);
        write(
            out,
            Path::new(moved::REDIRECTS_FILE),
            text.as_bytes(),
            summary,
        )?;
        on_file(&format!("/{}", moved::REDIRECTS_FILE));
    }
    for (address, path) in moved::bundle_files(index)? {
        let body = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
        write(out, &file_for(&address, Kind::Document)?, &body, summary)?;
        on_file(&address);
    }
    Ok(())
}

/// The names of the resized copies `page` shows.
fn copies_shown(page: &[u8]) -> Vec<String> {
    let page = String::from_utf8_lossy(page);
    variant_names(&page).map(String::from).collect()
}

/// Copies each resized copy in `names` from `store` to `_img/` in `out`. A page naming a copy
/// that is not there is an error: the exported page would show a broken picture.
fn copy_images(
    store: &ImageStore,
    names: &std::collections::BTreeSet<String>,
    out: &Path,
    summary: &mut Summary,
    on_file: &(dyn Fn(&str) + Sync),
) -> Result<(), Error> {
    for name in names {
        let Some(path) = store.path_of(name) else {
            continue;
        };
        let body = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
        let address = format!("{ROUTE}/{name}");
        write(out, &file_for(&address, Kind::Document)?, &body, summary)?;
        on_file(&address);
    }
    Ok(())
}

/// A router that renders only the 404 page, without hydration.
fn not_found_router(state: AppState) -> Router {
    let settings = state.shell_settings(Hydration::Off);
    Router::new()
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(
            move |options| shell(options, settings.clone()),
        ))
        .layer(axum::middleware::from_fn(super::html::normalize_pages))
        .with_state(state)
}

async fn render(app: &Router, address: &str, expected: StatusCode) -> Result<Vec<u8>, Error> {
    let failed = |message: String| Error::render(address, message);
    let request = Request::get(address)
        .header(crate::pages::home::EXPORT_HEADER, "1")
        .body(Body::empty())
        .map_err(|e| failed(e.to_string()))?;
    let response = app
        .clone()
        .oneshot(request)
        .await
        .map_err(|e| failed(e.to_string()))?;
    let status = response.status();
    let body = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .map_err(|e| failed(e.to_string()))?;
    if status != expected {
        return Err(failed(format!(
            "answered {status}: {}",
            String::from_utf8_lossy(&body).trim()
        )));
    }
    Ok(body.to_vec())
}

/// Makes `out` an empty export folder, refusing to empty anything that is not a previous export.
fn prepare(out: &Path) -> Result<(), Error> {
    let io = |e| Error::io(out, e);
    if out.exists() {
        let is_empty = std::fs::read_dir(out).map_err(io)?.next().is_none();
        if !is_empty && !out.join(MARKER).is_file() {
            return Err(Error::refused(
                out,
                std::io::ErrorKind::AlreadyExists,
                format!(
                    "not empty and not a previous export (no {MARKER} file); \
                     choose an empty or new folder"
                ),
            ));
        }
        for entry in std::fs::read_dir(out).map_err(io)? {
            let path = entry.map_err(io)?.path();
            let removed = if path.is_dir() && !path.is_symlink() {
                std::fs::remove_dir_all(&path)
            } else {
                std::fs::remove_file(&path)
            };
            removed.map_err(io)?;
        }
    }
    std::fs::create_dir_all(out).map_err(io)?;
    std::fs::write(
        out.join(MARKER),
        "Written by `quire export`; the next export replaces this folder's contents.\n",
    )
    .map_err(io)
}

fn write(out: &Path, file: &Path, body: &[u8], summary: &mut Summary) -> Result<(), Error> {
    summary.add(write_file(out, file, body)?);
    Ok(())
}

/// Writes `body` to `file` in `out`, making its folder; the bytes written.
fn write_file(out: &Path, file: &Path, body: &[u8]) -> Result<u64, Error> {
    let path = out.join(file);
    let io = |e| Error::io(&path, e);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    std::fs::write(&path, body).map_err(io)?;
    Ok(body.len() as u64)
}

/// Copies the site root (bundle, stylesheet, images, favicon) into `out`, in name order, without
/// following symbolic links.
fn copy_assets(
    root: &Path,
    out: &Path,
    summary: &mut Summary,
    on_file: &(dyn Fn(&str) + Sync),
) -> Result<(), Error> {
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(root).to_path_buf();
            Error::io(&path, e.into())
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let name = entry.path().strip_prefix(root).unwrap_or(entry.path());
        let body = std::fs::read(entry.path()).map_err(|e| Error::io(entry.path(), e))?;
        write(out, name, &body, summary)?;
        on_file(&format!("/{}", name.display()));
    }
    Ok(())
}

mod cards;
mod moved;

#[cfg(test)]
mod tests;
