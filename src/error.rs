//! The one error type of Quire.
//!
//! It crosses the wire as the error of every server function, so it holds strings only. Internal
//! details are logged on the server; what a reader sees is [`Error::public_message`].

use http::StatusCode;
use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};
use std::fmt;

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

/// Everything that can go wrong in Quire.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum Error {
    /// No post, tag or page at the requested address.
    #[error("not found: {0}")]
    NotFound(String),
    /// The request itself is malformed (for example, invalid percent-encoding).
    #[error("bad request: {0}")]
    BadRequest(String),
    /// A post file could not be loaded. Lists every problem found in the file at once.
    #[error("{file}: {}", join(.problems))]
    Post {
        /// The post file, relative to the working directory.
        file: String,
        /// Every problem found in it.
        problems: Vec<Problem>,
    },
    /// The settings file is unreadable or invalid.
    #[error("{file}: {message}")]
    Settings {
        /// The settings file.
        file: String,
        /// Which key is wrong and what was expected.
        message: String,
    },
    /// Reading from disk failed.
    #[error("{path}: {message}")]
    Io {
        /// The file or folder.
        path: String,
        /// The operating system's explanation.
        message: String,
    },
    /// A feed or sitemap could not be written.
    #[error("cannot write {document}: {message}")]
    Render {
        /// What was being written (`/rss.xml`, `the sitemap`).
        document: String,
        /// The writer's explanation.
        message: String,
    },
    /// The server function call itself failed (network, encoding, missing server state).
    #[error("server function failed: {0}")]
    ServerFn(String),
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
        match self {
            Error::NotFound(_) => StatusCode::NOT_FOUND,
            Error::BadRequest(_) => StatusCode::BAD_REQUEST,
            Error::Post { .. }
            | Error::Settings { .. }
            | Error::Io { .. }
            | Error::Render { .. }
            | Error::ServerFn(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// What a reader may see: never file paths or internal details.
    pub fn public_message(&self) -> &'static str {
        match self {
            Error::NotFound(_) => "There is nothing at this address.",
            Error::BadRequest(_) => "The address of this request is malformed.",
            _ => "Something went wrong on our side. Please try again.",
        }
    }

    /// A post error for `file` with the given problems.
    pub fn post(file: impl Into<String>, problems: Vec<Problem>) -> Self {
        Error::Post {
            file: file.into(),
            problems,
        }
    }
}

impl FromServerFnError for Error {
    type Encoder = JsonEncoding;

    /// Arguments that are missing, malformed or sent with the wrong method are the caller's
    /// mistake (400); anything else is the server's.
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(message)
            | ServerFnErrorErr::MissingArg(message)
            | ServerFnErrorErr::Deserialization(message)
            | ServerFnErrorErr::UnsupportedRequestMethod(message) => Error::BadRequest(message),
            other => Error::ServerFn(other.to_string()),
        }
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
        let error = Error::Render {
            document: "/rss.xml".into(),
            message: "disk on fire".into(),
        };
        assert_eq!(error.status_code(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(!error.public_message().contains("fire"));
    }

    #[test]
    fn not_found_maps_to_404_and_hides_details() {
        let error = Error::NotFound("post /etc/passwd".into());
        assert_eq!(error.status_code(), StatusCode::NOT_FOUND);
        assert!(!error.public_message().contains("passwd"));
    }
}
