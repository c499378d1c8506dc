//! The error of Quire's server and tools, and the problems of one post file.

use super::ApiError;
use http::StatusCode;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::Path;
use std::sync::Arc;

/// One thing wrong with one field of a post.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// The front-matter key (`title`, `pubDate`, `tags[2]`, ...) or part of the file (`front matter`,
    /// `encoding`, `slug`).
    pub field: String,
    /// What was expected, and what was found.
    pub message: String,
}

impl Problem {
    /// A problem with `field`, explained by `message`.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// A cause kept for the log: any error, shared so that [`Error`] stays `Clone` (an index keeps the
/// problems of its last load and hands them to the next).
pub type Source = Arc<dyn std::error::Error + Send + Sync>;

/// Everything that can go wrong in Quire's server and tools.
///
/// Each message is one line that says everything (the cause included), since that line is what an
/// author reads in the terminal; [`std::error::Error::source`] still gives the typed cause (an
/// `io::ErrorKind`, say) to code that wants it.
#[derive(Clone, Debug)]
pub enum Error {
    /// No post, tag or page at the requested address.
    NotFound(String),
    /// The request itself is malformed (for example, invalid percent-encoding).
    BadRequest(String),
    /// A post file could not be loaded. Lists every problem found in the file at once.
    Post {
        /// The post file, relative to the working directory.
        file: String,
        /// Every problem found in it.
        problems: Vec<Problem>,
    },
    /// The settings file is unreadable or invalid.
    Settings {
        /// The settings file.
        file: String,
        /// Which key is wrong and what was expected.
        message: String,
    },
    /// Reading or writing a file failed.
    Io {
        /// The file or folder.
        path: String,
        /// The operating system's explanation.
        source: Arc<std::io::Error>,
    },
    /// A feed, sitemap, data document or report could not be written.
    Render {
        /// What was being written (`/rss.xml`, `the sitemap`).
        document: String,
        /// The writer's explanation.
        source: Source,
    },
    /// An address the static export cannot turn into a file.
    Unexportable {
        /// The address, as the router answers it.
        address: String,
        /// Why no file can stand for it.
        reason: &'static str,
    },
    /// A TLS certificate or key that cannot be served.
    Certificate {
        /// The PEM file (`[server] tls_cert` or `tls_key`).
        file: String,
        /// What is wrong with it and what was expected.
        message: String,
    },
    /// A command was asked for something it cannot do (a post title with no letters, say).
    Usage(String),
    /// The server state is not in the request's context: a route wired without it.
    MissingState,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::NotFound(what) => write!(f, "not found: {what}"),
            Error::BadRequest(what) => write!(f, "bad request: {what}"),
            Error::Post { file, problems } => write!(f, "{file}: {}", join(problems)),
            Error::Settings { file, message } => write!(f, "{file}: {message}"),
            Error::Io { path, source } => write!(f, "{path}: {source}"),
            Error::Render { document, source } => write!(f, "cannot write {document}: {source}"),
            Error::Unexportable { address, reason } => {
                write!(f, "cannot export {address:?}: {reason}")
            }
            Error::Certificate { file, message } => write!(f, "{file}: {message}"),
            Error::Usage(message) => f.write_str(message),
            Error::MissingState => f.write_str("the server state is missing from this request"),
        }
    }
}

/// Written by hand rather than derived: the causes are shared (`Arc`), and `source` must give the
/// cause itself, not its `Arc`, so that callers can downcast it (to an `io::Error`, say).
impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(&**source),
            Error::Render { source, .. } => Some(&**source),
            _ => None,
        }
    }
}

fn join(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(Problem::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

impl Error {
    /// The HTTP status a response carrying this error gets.
    pub fn status_code(&self) -> StatusCode {
        ApiError::from(self).status_code()
    }

    /// What a reader may see: never file paths or internal details.
    pub fn public_message(&self) -> &'static str {
        ApiError::from(self).public_message()
    }

    /// A post error for `file` with the given problems.
    pub fn post(file: impl Into<String>, problems: Vec<Problem>) -> Self {
        Error::Post {
            file: file.into(),
            problems,
        }
    }

    /// Reading or writing `path` failed with `source`.
    pub fn io(path: impl AsRef<Path>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.as_ref().display().to_string(),
            source: Arc::new(source),
        }
    }

    /// `path` cannot be used, for a reason of Quire's rather than the operating system's.
    pub fn refused(
        path: impl AsRef<Path>,
        kind: std::io::ErrorKind,
        reason: impl Into<String>,
    ) -> Self {
        Error::io(path, std::io::Error::new(kind, reason.into()))
    }

    /// Writing `document` failed with `source` (an error, or a message).
    pub fn render(
        document: impl Into<String>,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        Error::Render {
            document: document.into(),
            source: Arc::from(source.into()),
        }
    }
}

/// The error as the caller of a server function sees it.
impl From<&Error> for ApiError {
    fn from(error: &Error) -> Self {
        match error {
            Error::NotFound(what) => ApiError::NotFound(what.clone()),
            Error::BadRequest(what) => ApiError::BadRequest(what.clone()),
            _ => ApiError::Internal,
        }
    }
}

/// At a server function's edge: what the caller may learn, with the details logged here.
impl From<Error> for ApiError {
    fn from(error: Error) -> Self {
        let api = ApiError::from(&error);
        if api == ApiError::Internal {
            tracing::error!("{error}");
        }
        api
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn post_error_names_the_file_and_every_field() {
        let error = Error::post(
            "posts/a.md",
            vec![
                Problem::new("title", "expected a non-empty string"),
                Problem::new("pubDate", "expected a date"),
            ],
        );
        assert_eq!(
            error.to_string(),
            "posts/a.md: title: expected a non-empty string; pubDate: expected a date"
        );
    }

    #[test]
    fn a_feed_that_cannot_be_written_is_a_500_without_details() {
        let error = Error::render("/rss.xml", "disk on fire");
        assert_eq!(error.status_code(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(!error.public_message().contains("fire"));
    }

    #[test]
    fn an_io_error_keeps_its_cause() {
        let error = Error::io(
            "posts/a.md",
            std::io::Error::from(std::io::ErrorKind::PermissionDenied),
        );
        let source = std::error::Error::source(&error).expect("the cause is kept");
        let io = source
            .downcast_ref::<std::io::Error>()
            .expect("the cause is the io::Error");
        assert_eq!(io.kind(), std::io::ErrorKind::PermissionDenied);
        assert!(error.to_string().starts_with("posts/a.md: "));
        assert_eq!(ApiError::from(error), ApiError::Internal);
    }

    #[test]
    fn not_found_maps_to_404_and_hides_details() {
        let error = Error::NotFound("post /etc/passwd".into());
        assert_eq!(error.status_code(), StatusCode::NOT_FOUND);
        assert!(!error.public_message().contains("passwd"));
    }
}
