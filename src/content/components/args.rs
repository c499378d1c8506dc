//! A checked component call and the questions components ask of its arguments.

use pulldown_cmark_escape::{escape_href, escape_html};
use std::collections::BTreeMap;

/// One call of a component in a post.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Call {
    /// The name as written (a component's name or one of its aliases).
    pub name: String,
    /// The `[label]`, if any.
    pub label: Option<String>,
    /// The arguments: a value, or `None` for a flag.
    pub args: BTreeMap<String, Option<String>>,
    /// The line of the file it is on.
    pub line: usize,
    /// Whether it has a body (`:::name`).
    pub container: bool,
    /// Which call of this component in the post it is, from 1 (for unique ids).
    pub ordinal: usize,
    /// The component whose body it is directly in, with that call's ordinal.
    pub parent: Option<(String, usize)>,
    /// Its place among its parent's direct children, from 0.
    pub index_in_parent: usize,
    /// The direct children of a body (name and label), known when the body closes.
    pub children: Vec<(String, Option<String>)>,
    /// The address of the bundle the post is in, against which relative addresses resolve.
    pub base: Option<String>,
}

impl Call {
    /// The value of `key`, if given (a flag has none).
    pub fn get(&self, key: &str) -> Option<&str> {
        self.args.get(key).and_then(|value| value.as_deref())
    }

    /// The value of `key`, or an error saying it is required.
    pub fn required(&self, key: &str, what: &str) -> Result<&str, String> {
        match self.args.get(key) {
            Some(Some(value)) if !value.trim().is_empty() => Ok(value),
            Some(_) => Err(format!(
                "`{}` needs a value for `{key}`; expected {key}=\"{what}\"",
                self.name
            )),
            None => Err(format!(
                "`{}` needs `{key}`; expected {key}=\"{what}\"",
                self.name
            )),
        }
    }

    /// Whether the flag `key` is set (`{open}` or `open=true`).
    pub fn flag(&self, key: &str) -> Result<bool, String> {
        match self.args.get(key) {
            None => Ok(false),
            Some(None) => Ok(true),
            Some(Some(value)) => match value.as_str() {
                "true" | "yes" => Ok(true),
                "false" | "no" => Ok(false),
                other => Err(format!(
                    "`{}`: expected `{key}` to be true or false, found {other:?}",
                    self.name
                )),
            },
        }
    }

    /// The label, or the value of `key`, or `None`.
    pub fn label_or(&self, key: &str) -> Option<&str> {
        self.label
            .as_deref()
            .filter(|label| !label.is_empty())
            .or_else(|| self.get(key))
    }

    /// An address argument: relative, or `https` (`http` too when `insecure` allows it).
    pub fn url(&self, key: &str, what: &str) -> Result<Option<&str>, String> {
        let Some(value) = self.get(key) else {
            return Ok(None);
        };
        let value = value.trim();
        let lower = value.to_ascii_lowercase();
        let scheme = value.find(':').filter(|at| {
            value[..*at]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && !value[..*at].contains('/')
        });
        if scheme.is_some() && !lower.starts_with("https://") {
            return Err(format!(
                "`{}`: expected `{key}` to be {what} (a path or an https:// address), found {value:?}",
                self.name
            ));
        }
        Ok(Some(value))
    }

    /// An address argument (see [`Call::url`]) resolved as a Markdown link is: a file beside a
    /// bundled post gets the bundle's address.
    pub fn resolved_url(&self, key: &str, what: &str) -> Result<Option<String>, String> {
        Ok(self.url(key, what)?.map(|url| {
            crate::content::references::beside(self.base.as_deref(), url)
                .unwrap_or_else(|| url.to_string())
        }))
    }

    /// The call as written, to show as text.
    pub fn source(&self) -> String {
        let mut text = format!("::{}", self.name);
        if let Some(label) = &self.label {
            text.push_str(&format!("[{label}]"));
        }
        if !self.args.is_empty() {
            let args: Vec<String> = self
                .args
                .iter()
                .map(|(key, value)| match value {
                    Some(value) => format!("{key}={value:?}"),
                    None => key.clone(),
                })
                .collect();
            text.push_str(&format!("{{{}}}", args.join(" ")));
        }
        text
    }
}

/// `text` escaped for HTML text and attribute values.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let _ = escape_html(&mut out, text);
    out
}

/// `url` escaped for an `href` or `src` attribute.
pub fn href(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    let _ = escape_href(&mut out, url);
    out
}
