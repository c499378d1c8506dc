//! What the export writes for addresses that are not pages: each redirect as a small HTML page
//! (any static host) and as one `_redirects` file (Netlify, Cloudflare Pages), and each bundled
//! post's files beside its page.

use crate::content::addresses::Route;
use crate::content::PostIndex;
use crate::error::Error;
use pulldown_cmark_escape::escape_html;
use std::path::{Path, PathBuf};

/// The file Netlify and Cloudflare Pages read their redirects from.
pub const REDIRECTS_FILE: &str = "_redirects";

/// Every redirect of `index`: the old address and where it leads.
pub fn redirects(index: &PostIndex) -> Vec<(&str, &str)> {
    index
        .addresses()
        .into_iter()
        .filter_map(|(from, route)| match route {
            Route::Redirect(to) => Some((from, to.as_str())),
            Route::Post(_) | Route::Section(_) => None,
        })
        .collect()
}

/// A page that sends browsers on to `to` at once (and tells search engines that `to` is the
/// page), for hosts without redirects. `base_url` makes `to` absolute for the canonical link.
pub fn redirect_page(to: &str, base_url: &str) -> String {
    let absolute = crate::urls::absolute(base_url, to);
    let mut href = String::new();
    let mut canonical = String::new();
    // Escaping into a String cannot fail.
    let _ = escape_html(&mut href, to);
    let _ = escape_html(&mut canonical, &absolute);
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>Moved</title>\
         <meta http-equiv=\"refresh\" content=\"0; url={href}\">\
         <link rel=\"canonical\" href=\"{canonical}\">\
         <meta name=\"robots\" content=\"noindex\"></head>\
         <body><p>This page has moved to <a href=\"{href}\">{href}</a>.</p></body></html>\n"
    )
}

/// `_redirects`: one `from to 301` line per redirect.
pub fn redirects_file(redirects: &[(&str, &str)]) -> String {
    let mut text =
        String::from("# Written by `quire export`: old addresses and where they now live.\n");
    for (from, to) in redirects {
        text.push_str(&format!("{from} {to} 301\n"));
    }
    text
}

/// The files beside each bundled post (not its Markdown, not hidden ones), each with the address
/// it is served at: `(<post address>/<file>, <path on disk>)`.
pub fn bundle_files(index: &PostIndex) -> Result<Vec<(String, PathBuf)>, Error> {
    let mut files = Vec::new();
    for entry in index.entries().iter().filter(|e| e.bundle) {
        let Some(folder) = Path::new(&entry.source).parent() else {
            continue;
        };
        let walk = walkdir::WalkDir::new(folder)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for found in walk {
            let found = found.map_err(|e| {
                let path = e.path().unwrap_or(folder).to_path_buf();
                Error::io(&path, e.into())
            })?;
            let path = found.path();
            let markdown = path
                .extension()
                .is_some_and(|ext| ext == "md" || ext == "markdown");
            if !found.file_type().is_file() || markdown {
                continue;
            }
            let relative = path.strip_prefix(folder).unwrap_or(path);
            let segments: Vec<String> = relative
                .components()
                .map(|c| crate::urls::encode(&c.as_os_str().to_string_lossy()))
                .collect();
            files.push((
                format!("{}/{}", entry.summary.href, segments.join("/")),
                path.to_path_buf(),
            ));
        }
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_redirect_page_refreshes_to_the_new_address_and_names_it_canonical() {
        let page = redirect_page("/2024/a&b", "https://blog.example/");
        assert!(
            page.contains("<meta http-equiv=\"refresh\" content=\"0; url=/2024/a&amp;b\">"),
            "{page}"
        );
        assert!(
            page.contains("<link rel=\"canonical\" href=\"https://blog.example/2024/a&amp;b\">"),
            "{page}"
        );
        assert!(page.contains("noindex"), "{page}");
    }

    #[test]
    fn the_redirects_file_has_one_permanent_line_per_redirect() {
        let text = redirects_file(&[("/old", "/new"), ("/a", "https://x.example/a")]);
        let lines: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(lines, ["/old /new 301", "/a https://x.example/a 301"]);
    }
}
