//! `quire check`: load every post exactly as the server would, and report every problem.

use crate::content::{loader, LibraryConfig, PostIndex};
use crate::error::{Error, Problem};
use crate::settings::Settings;
use serde::Serialize;

/// What `check` found.
#[derive(Debug, Serialize)]
pub struct Report {
    /// The posts folder checked.
    pub posts_dir: String,
    /// How many posts loaded (drafts and scheduled posts included).
    pub posts: usize,
    /// Every file with problems.
    pub files: Vec<FileReport>,
}

/// The problems of one file.
#[derive(Debug, Serialize)]
pub struct FileReport {
    /// The file.
    pub file: String,
    /// Each problem: the field (or line) and what was expected.
    pub problems: Vec<Problem>,
}

impl Report {
    /// Whether nothing is wrong.
    pub fn is_clean(&self) -> bool {
        self.files.is_empty()
    }

    /// One line per problem, then a summary line.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for file in &self.files {
            for problem in &file.problems {
                out.push_str(&format!("{}: {problem}\n", file.file));
            }
        }
        let problems: usize = self.files.iter().map(|f| f.problems.len()).sum();
        out.push_str(&format!(
            "checked {} posts in {}: {}\n",
            self.posts,
            self.posts_dir,
            if problems == 0 {
                "no problems".to_string()
            } else {
                format!("{problems} problems in {} files", self.files.len())
            }
        ));
        out
    }
}

/// The report for an index.
pub fn report(posts_dir: &str, index: &PostIndex) -> Report {
    let files = index
        .problems()
        .iter()
        .map(|error| match error {
            Error::Post { file, problems } => FileReport {
                file: file.clone(),
                problems: problems.clone(),
            },
            Error::Io { path, source } => FileReport {
                file: path.clone(),
                problems: vec![Problem::new("file", source.to_string())],
            },
            other => FileReport {
                file: posts_dir.to_string(),
                problems: vec![Problem::new("posts", other.to_string())],
            },
        })
        .collect();
    Report {
        posts_dir: posts_dir.to_string(),
        posts: index.len(),
        files,
    }
}

/// Loads the posts of `settings` (drafts included, so they are checked too) and reports.
///
/// With a render cache folder, each post's address is recorded there, and a post whose address
/// changed since the last check while its old one no longer answers is reported: old links to
/// it would break (an alias keeps them).
pub fn run(settings: &Settings) -> Result<Report, Error> {
    let config = LibraryConfig {
        drafts_visible: true,
        ..settings.library_config(None)
    };
    let mut index = loader::load_dir(&config, None)?;
    if let Some(dir) = &settings.cache_dir {
        if let Some(record) = addresses::read_record(dir) {
            let moved: Vec<Error> = addresses::moved(&record, &index)
                .into_iter()
                .map(|(file, old, new)| {
                    Error::post(
                        file,
                        vec![Problem::new(
                            "address",
                            format!("moved from {old} to {new} since the last check, and {old} no longer answers; add it to `aliases` to keep old links working"),
                        )],
                    )
                })
                .collect();
            index.add_problems(moved);
        }
        addresses::write_record(dir, &index);
    }
    Ok(report(&settings.posts_dir.display().to_string(), &index))
}

/// Every address the blog of `settings` answers (drafts as the settings show them).
pub fn urls(settings: &Settings) -> Result<Vec<addresses::Answer>, Error> {
    let config = settings.library_config(None);
    let index = loader::load_dir(&config, None)?;
    for problem in index.problems() {
        tracing::warn!("{problem}");
    }
    Ok(addresses::answers(&index, settings.site.page_size))
}

pub mod addresses;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::{Overrides, SettingsFile};

    fn check(dir: &std::path::Path) -> Report {
        let overrides = Overrides {
            posts_dir: Some(dir.to_path_buf()),
            cache_dir: Some(std::path::PathBuf::new()),
            ..Overrides::default()
        };
        run(&Settings::resolve(
            SettingsFile::default(),
            &overrides,
            false,
        ))
        .expect("readable")
    }

    #[test]
    fn a_clean_folder_reports_no_problems() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            dir.path().join("a.md"),
            "---\ntitle: A\ndraft: true\n---\nText.\n",
        )
        .expect("write");
        let report = check(dir.path());
        assert!(report.is_clean());
        assert_eq!(report.posts, 1, "drafts are checked too");
        assert!(report.to_text().ends_with(": no problems\n"));
    }

    #[test]
    fn every_problem_is_listed_with_its_file_and_field() {
        let report = check(std::path::Path::new("tests/fixtures/site"));
        assert!(!report.is_clean());
        let text = report.to_text();
        assert!(
            text.contains("tests/fixtures/site/broken.md: title: expected a non-empty string"),
            "{text}"
        );
        assert!(
            text.contains("tests/fixtures/site/broken.md: image.alt: missing"),
            "{text}"
        );
        let json = serde_json::to_value(&report).expect("serializable");
        assert_eq!(json["files"][0]["problems"][1]["field"], "pubDate");
    }
}
