//! `/_problems`, in development only: every problem of the current index (file, field or line,
//! message), as a page that reloads itself when the index changes and as JSON. Release builds
//! and the static export have no such address (404).

use super::AppState;
use crate::content::PostIndex;
use crate::error::Error;
use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::Serialize;

/// The page's address.
pub const PROBLEMS_HREF: &str = "/_problems";

/// Its JSON form, which the page polls.
pub const PROBLEMS_JSON_HREF: &str = "/_problems.json";

/// The routes, for a development server.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(PROBLEMS_HREF, get(page))
        .route(PROBLEMS_JSON_HREF, get(json))
}

/// One problem as the page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Row {
    /// The file (or the settings file), or empty for problems of no one file.
    pub file: String,
    /// The field, or `line N` of the body.
    pub field: String,
    /// What was expected and found.
    pub message: String,
}

/// What `/_problems.json` answers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The index's generation: the page reloads when it changes.
    pub generation: u64,
    /// How many files have problems.
    pub files: usize,
    /// Every problem, in the index's order.
    pub rows: Vec<Row>,
}

/// The problems of `index`, one row each.
pub fn report(index: &PostIndex) -> Report {
    let mut rows = Vec::new();
    for error in index.problems() {
        match error {
            Error::Post { file, problems } => rows.extend(problems.iter().map(|p| Row {
                file: file.clone(),
                field: p.field.clone(),
                message: p.message.clone(),
            })),
            other => rows.push(Row {
                file: String::new(),
                field: String::new(),
                message: other.to_string(),
            }),
        }
    }
    Report {
        generation: index.generation(),
        files: problem_files(index),
        rows,
    }
}

/// How many files have problems (each problem of no one file counts as one).
pub fn problem_files(index: &PostIndex) -> usize {
    let mut files: Vec<&str> = index
        .problems()
        .iter()
        .map(|error| match error {
            Error::Post { file, .. } => file.as_str(),
            _ => "",
        })
        .collect();
    let unnamed = files.iter().filter(|f| f.is_empty()).count();
    files.retain(|f| !f.is_empty());
    files.sort_unstable();
    files.dedup();
    files.len() + unnamed
}

/// The banner's text: `1 post has problems`, `3 posts have problems`.
pub fn banner_text(files: usize) -> String {
    match files {
        1 => "1 post has problems".to_string(),
        n => format!("{n} posts have problems"),
    }
}

/// Polls the JSON form and reloads when the index's generation changes.
const RELOAD_SCRIPT: &str = "(()=>{const g=document.body.dataset.generation;\
setInterval(async()=>{try{const r=await fetch('/_problems.json',{cache:'no-store'});\
const j=await r.json();if(String(j.generation)!==g)location.reload();}catch(e){}},1500);})();";

/// The page for `report`.
pub fn render(report: &Report) -> String {
    let escape = |text: &str| {
        let mut out = String::with_capacity(text.len());
        // Writing to a String cannot fail.
        let _ = pulldown_cmark_escape::escape_html(&mut out, text);
        out
    };
    let mut html = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"robots\" content=\"noindex\"><title>Problems · Quire</title>\
         <style>body{{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;\
         padding:0 1rem}}table{{border-collapse:collapse;width:100%}}td,th{{text-align:left;\
         vertical-align:top;padding:.4rem .6rem;border-bottom:1px solid #ccc}}\
         code{{font-size:.9em}}</style></head><body data-generation=\"{}\"><main>\
         <h1>Problems</h1>",
        report.generation
    );
    if report.rows.is_empty() {
        html.push_str("<p>No post has problems.</p>");
    } else {
        html.push_str(&format!(
            "<p>{}. The list updates as files are saved.</p><table><thead><tr><th>File</th>\
             <th>Field or line</th><th>Problem</th></tr></thead><tbody>",
            escape(&banner_text(report.files))
        ));
        for row in &report.rows {
            html.push_str(&format!(
                "<tr><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
                escape(&row.file),
                escape(&row.field),
                escape(&row.message)
            ));
        }
        html.push_str("</tbody></table>");
    }
    html.push_str(&format!(
        "<p><a href=\"/\">Back to the blog</a></p></main><script>{RELOAD_SCRIPT}</script></body></html>"
    ));
    html
}

async fn page(State(state): State<AppState>) -> Response {
    let body = render(&report(&state.library.snapshot()));
    (
        [
            (CONTENT_TYPE, "text/html; charset=utf-8"),
            (CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

async fn json(State(state): State<AppState>) -> Response {
    match serde_json::to_string(&report(&state.library.snapshot())) {
        Ok(body) => (
            [
                (CONTENT_TYPE, "application/json"),
                (CACHE_CONTROL, "no-store"),
            ],
            body,
        )
            .into_response(),
        Err(e) => Error::render(PROBLEMS_JSON_HREF, e).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::index::Loaded;
    use crate::content::post::parse_post;

    fn index() -> PostIndex {
        let post = |slug: &str, text: &str| Loaded {
            source: format!("posts/{slug}.md"),
            result: parse_post(&format!("posts/{slug}.md"), slug, text, "Ada"),
        };
        PostIndex::build(
            vec![
                post("good", "---\ntitle: Good\n---\nBody.\n"),
                post("broken", "---\ntitle: ''\ndate: soon\n---\n"),
                post("shortcode", "---\ntitle: S\n---\n{{< youtube x >}}\n"),
            ],
            false,
            None,
        )
    }

    #[test]
    fn the_report_lists_every_problem_by_file_and_counts_the_files() {
        let report = report(&index());
        assert_eq!(report.files, 2);
        let rows: Vec<(&str, &str)> = report
            .rows
            .iter()
            .map(|r| (r.file.as_str(), r.field.as_str()))
            .collect();
        assert_eq!(
            rows,
            [
                ("posts/broken.md", "title"),
                ("posts/broken.md", "date"),
                ("posts/shortcode.md", "line 4"),
            ]
        );
        assert_eq!(banner_text(report.files), "2 posts have problems");
        assert_eq!(banner_text(1), "1 post has problems");
    }

    #[test]
    fn the_page_escapes_what_files_say_and_reloads_on_a_new_generation() {
        let report = Report {
            generation: 7,
            files: 1,
            rows: vec![Row {
                file: "posts/<b>.md".into(),
                field: "title".into(),
                message: "found \"<script>\"".into(),
            }],
        };
        let html = render(&report);
        assert!(html.contains("posts/&lt;b&gt;.md"), "{html}");
        assert!(!html.contains("<script>\""), "{html}");
        assert!(html.contains("data-generation=\"7\""));
        assert!(html.contains("fetch('/_problems.json'"));
    }
}
