//! The plain-HTTP listener of a server with TLS (`[server] redirect_http`): every request is
//! answered 308 (method and body kept) with the same address over HTTPS.

use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use std::sync::Arc;

/// Where the HTTPS site is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// `[site] base_url`, when it is an `https://` address: every redirect goes there.
    Origin(String),
    /// The host the client asked for, on the HTTPS listener's port.
    SameHost {
        /// The HTTPS listener's port (left out of the address when it is 443).
        port: u16,
    },
}

impl Target {
    /// The target for a blog at `base_url` served over HTTPS on `port`.
    pub fn new(base_url: &str, port: u16) -> Self {
        if base_url.starts_with("https://") {
            Target::Origin(base_url.trim_end_matches('/').to_string())
        } else {
            Target::SameHost { port }
        }
    }
}

/// The HTTPS address for a request to `host` (its `Host` header or authority, if any) with the
/// target `path_and_query`; `None` when no usable host is known.
pub fn https_location(target: &Target, host: Option<&str>, path_and_query: &str) -> Option<String> {
    let path = if path_and_query.starts_with('/') {
        path_and_query
    } else {
        "/"
    };
    match target {
        Target::Origin(origin) => Some(format!("{origin}{path}")),
        Target::SameHost { port } => {
            let host = host_without_port(host?)?;
            let port = match port {
                443 => String::new(),
                port => format!(":{port}"),
            };
            Some(format!("https://{host}{port}{path}"))
        }
    }
}

/// The host of a `Host` value (`example.com:80`, `[::1]:8080`), if it is a plain name or address:
/// anything else could turn the redirect into an address the client did not ask for.
fn host_without_port(value: &str) -> Option<&str> {
    let host = if value.starts_with('[') {
        &value[..=value.find(']')?]
    } else {
        value.split(':').next().unwrap_or(value)
    };
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']');
    (!host.is_empty() && host.chars().all(allowed)).then_some(host)
}

/// The router of the plain-HTTP listener.
pub fn router(target: Target) -> Router {
    Router::new()
        .fallback(redirect)
        .with_state(Arc::new(target))
}

async fn redirect(State(target): State<Arc<Target>>, request: Request) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|value| value.to_str().ok())
        .or_else(|| request.uri().authority().map(|a| a.as_str()));
    let path = request
        .uri()
        .path_and_query()
        .map_or("/", |path| path.as_str());
    match https_location(&target, host, path) {
        Some(location) => (
            StatusCode::PERMANENT_REDIRECT,
            [(header::LOCATION, location)],
        )
            .into_response(),
        None => (
            StatusCode::BAD_REQUEST,
            "this server answers over HTTPS; the request named no host to send you to\n",
        )
            .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_goes_to_the_same_host_and_address_over_https() {
        let target = Target::SameHost { port: 443 };
        let at = |host, path| https_location(&target, host, path);
        assert_eq!(
            at(Some("blog.example:80"), "/posts/a?tag=rust").as_deref(),
            Some("https://blog.example/posts/a?tag=rust")
        );
        assert_eq!(
            at(Some("blog.example"), "/").as_deref(),
            Some("https://blog.example/")
        );
        assert_eq!(
            at(Some("[::1]:8080"), "/x").as_deref(),
            Some("https://[::1]/x")
        );
        let elsewhere = Target::SameHost { port: 8443 };
        assert_eq!(
            https_location(&elsewhere, Some("127.0.0.1:8080"), "/tags").as_deref(),
            Some("https://127.0.0.1:8443/tags")
        );
    }

    #[test]
    fn an_https_base_url_is_where_every_redirect_goes() {
        let target = Target::new("https://blog.example/", 8443);
        assert_eq!(target, Target::Origin("https://blog.example".into()));
        assert_eq!(
            https_location(&target, Some("www.blog.example"), "/posts/a").as_deref(),
            Some("https://blog.example/posts/a")
        );
        assert_eq!(
            Target::new("http://127.0.0.1:3000", 8443),
            Target::SameHost { port: 8443 }
        );
    }

    #[test]
    fn hosts_that_are_not_plain_names_get_no_redirect() {
        let target = Target::SameHost { port: 443 };
        for host in ["evil.example/@x", "a b", "", "user@host", "[::1"] {
            assert_eq!(https_location(&target, Some(host), "/"), None, "{host:?}");
        }
        assert_eq!(https_location(&target, None, "/"), None);
    }
}
