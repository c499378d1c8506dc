//! The error of a server function, as the caller (the home page's island, an API client) sees it.

use http::StatusCode;
use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

/// What a server function answers when it fails. Serialized as JSON in the response body; the
/// response's status is [`ApiError::status_code`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ApiError {
    /// No post, tag or page at the requested address (what was asked for, in the caller's terms).
    #[error("not found: {0}")]
    NotFound(String),
    /// The request itself is malformed: a missing or unreadable argument.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// The server failed; the details are in its log, not here.
    #[error("internal error")]
    Internal,
    /// The call never got an answer it could read (network, encoding), seen by the caller.
    #[error("server function call failed: {0}")]
    Call(String),
}

impl ApiError {
    /// The HTTP status a response carrying this error gets.
    pub fn status_code(&self) -> StatusCode {
        match self {
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Internal | ApiError::Call(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// What a reader may see.
    pub fn public_message(&self) -> &'static str {
        match self {
            ApiError::NotFound(_) => "There is nothing at this address.",
            ApiError::BadRequest(_) => "The address of this request is malformed.",
            ApiError::Internal | ApiError::Call(_) => {
                "Something went wrong on our side. Please try again."
            }
        }
    }
}

impl FromServerFnError for ApiError {
    type Encoder = JsonEncoding;

    /// Arguments that are missing, malformed or sent with the wrong method are the caller's
    /// mistake (400); anything else is a failed call.
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(message)
            | ServerFnErrorErr::MissingArg(message)
            | ServerFnErrorErr::Deserialization(message)
            | ServerFnErrorErr::UnsupportedRequestMethod(message) => ApiError::BadRequest(message),
            other => ApiError::Call(other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_argument_is_the_callers_mistake() {
        let error = ApiError::from_server_fn_error(ServerFnErrorErr::MissingArg("slug".into()));
        assert_eq!(error, ApiError::BadRequest("slug".into()));
        assert_eq!(error.status_code(), StatusCode::BAD_REQUEST);
    }

    #[test]
    fn an_internal_error_carries_nothing_but_its_kind_over_the_wire() {
        let json = serde_json::to_string(&ApiError::Internal).expect("serializes");
        assert_eq!(json, r#""Internal""#);
        assert_eq!(
            ApiError::Internal.status_code(),
            StatusCode::INTERNAL_SERVER_ERROR
        );
    }
}
