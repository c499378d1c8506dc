//! `quire check --urls`: every address the blog answers, to compare with the old site's sitemap
//! before a move; and addresses that moved since the last check, which would break old links.

use crate::content::addresses::Route;
use crate::content::PostIndex;
use crate::server::export::{self, Kind};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// One address and what it answers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Answer {
    /// The address (a path).
    pub address: String,
    /// What it is: `page`, `feed`, `post <file>`, or `301 <where>`.
    pub answer: String,
}

/// Every address `index` answers with a page, a feed or a redirect, sorted: the pages and
/// feeds the export writes (`page_size` posts a page), each post with its file, and every
/// redirect with its target. The data documents and search files of the API are left out.
pub fn answers(index: &PostIndex, page_size: usize) -> Vec<Answer> {
    let posts: BTreeMap<&str, &str> = index
        .entries()
        .iter()
        .map(|e| (e.summary.href.as_str(), e.source.as_str()))
        .collect();
    let mut answers: Vec<Answer> = export::addresses(index, page_size)
        .into_iter()
        .filter(|(address, _)| !address.starts_with("/data/"))
        .map(|(address, kind)| {
            let answer = match (posts.get(address.as_str()), kind) {
                (Some(file), _) => format!("post {file}"),
                (None, Kind::Page) => "page".to_string(),
                (None, Kind::Document) => "feed".to_string(),
            };
            Answer { address, answer }
        })
        .collect();
    answers.extend(
        index
            .addresses()
            .into_iter()
            .filter_map(|(from, route)| match route {
                Route::Redirect(to) => Some(Answer {
                    address: from.to_string(),
                    answer: format!("301 {to}"),
                }),
                Route::Post(_) | Route::Section(_) => None,
            }),
    );
    answers.sort_by(|a, b| a.address.cmp(&b.address));
    answers
}

/// The text form: one `address answer` line each.
pub fn to_text(answers: &[Answer]) -> String {
    answers
        .iter()
        .map(|a| format!("{} {}\n", a.address, a.answer))
        .collect()
}

/// The file, kept in the render cache's folder, where a check records each post's address.
pub const RECORD: &str = "addresses.txt";

/// Each post's address in `index`, by file: the record a later check compares with.
pub fn record(index: &PostIndex) -> String {
    index
        .entries()
        .iter()
        .map(|e| format!("{}\t{}\n", e.source, e.summary.href))
        .collect()
}

/// The posts of `record` (an earlier check's) whose address changed and whose old address no
/// longer answers: `(file, old, new)`.
pub fn moved<'r>(record: &'r str, index: &PostIndex) -> Vec<(&'r str, &'r str, String)> {
    let now: BTreeMap<&str, &str> = index
        .entries()
        .iter()
        .map(|e| (e.source.as_str(), e.summary.href.as_str()))
        .collect();
    record
        .lines()
        .filter_map(|line| line.split_once('\t'))
        .filter_map(|(file, old)| {
            let new = now.get(file)?;
            (old != *new && index.route(old).is_none()).then(|| (file, old, new.to_string()))
        })
        .collect()
}

/// Reads the record in `dir`, if any.
pub fn read_record(dir: &Path) -> Option<String> {
    std::fs::read_to_string(dir.join(RECORD)).ok()
}

/// Writes the record of `index` in `dir` (a failure only costs the next check its comparison).
pub fn write_record(dir: &Path, index: &PostIndex) {
    let written =
        std::fs::create_dir_all(dir).and_then(|()| std::fs::write(dir.join(RECORD), record(index)));
    if let Err(error) = written {
        tracing::warn!("{}: cannot record the addresses: {error}", dir.display());
    }
}
