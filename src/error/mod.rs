//! Quire's errors, in two kinds.
//!
//! [`Error`] is the one error of the server and the command-line tools: it names the file, the
//! field or the address, and keeps its cause (`#[source]`) for the log. [`ApiError`] is what
//! crosses the wire as the error of every server function: the status and a public message, never
//! a path or a cause. An [`Error`] becomes an [`ApiError`] at the server function's edge, where the
//! internal details are logged.

mod api;
#[cfg(feature = "ssr")]
mod internal;

pub use api::ApiError;
#[cfg(feature = "ssr")]
pub use internal::{Error, Problem};
