//! Components inside Markdown: `:::callout`, `::figure`, `:::details`, `::youtube`, `::video`,
//! `:::tabs`, and whatever a blog registers itself (see [`registry`]).
//!
//! A post calls a component on a line of its own ([`syntax`]); rendering is two steps around
//! pulldown-cmark:
//!
//! 1. [`expand`] reads the body line by line (skipping fenced code), checks every call against
//!    its component (name, arguments, nesting) and replaces each directive line by a marker, an
//!    HTML comment holding a random nonce, so that the Markdown between an opening and a closing
//!    line is parsed as the body it is, and every line keeps its number for error reports. A call
//!    that fails its checks keeps its line, shown as text, and is reported by line.
//! 2. [`Expanded::substitute`] replaces each marker event by what the component rendered: its own
//!    markup, set aside in [`Trusted`] so the sanitizer neither sees nor removes it; Markdown from
//!    the call's arguments (a caption), rendered and sanitized like the rest of the body; and
//!    images, resolved like any Markdown image.
//!
//! GitHub's alerts (`> [!NOTE]`, `> [!WARNING]`, ...) are callouts too ([`callout::alert`]).

mod args;
pub mod syntax;

#[cfg(test)]
mod tests;

pub use args::Call;

use super::trusted::Trusted;
use crate::error::Problem;
use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};
use std::ops::Range;

/// What a component renders around its body.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Output {
    /// What comes before the body (everything, for a component without one).
    pub open: Vec<Piece>,
    /// What comes after the body.
    pub close: Vec<Piece>,
}

/// A part of a component's output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    /// Markup the component writes itself; it is kept out of the sanitizer.
    Html(String),
    /// Inline Markdown from the post (a caption), rendered and sanitized like the body.
    Markdown(String),
    /// Plain text, escaped.
    Text(String),
    /// An image, resolved like a Markdown image `![alt](src "title")`: its size, its alt text
    /// checked, relative addresses beside a bundled post.
    Image {
        /// The address as written.
        src: String,
        /// The alt text.
        alt: String,
    },
}

/// Whether a component takes a Markdown body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Body {
    /// Written `::name{...}`, on one line.
    None,
    /// Written `:::name{...}` ... `:::`.
    Required,
    /// Either way.
    Optional,
}

/// A component a post can call.
pub struct Component {
    /// Its name, as posts write it.
    pub name: &'static str,
    /// Other names it answers to (`note` for `callout`); the call's `name` says which was used.
    pub aliases: &'static [&'static str],
    /// Whether it takes a body.
    pub body: Body,
    /// The arguments it accepts; any other is an error.
    pub args: &'static [&'static str],
    /// The component whose body it must sit in directly (`tab` in `tabs`), if any.
    pub parent: Option<&'static str>,
    /// Renders a call, or says what is wrong with it.
    pub render: fn(&Call) -> Result<Output, String>,
}

/// Declares each component's module and lists its components: one line per module.
macro_rules! registry {
    ($($module:ident => [$($component:ident),+]),* $(,)?) => {
        $(pub mod $module;)*

        /// Every component posts can call. A blog adds its own by writing
        /// `src/content/components/<name>.rs`, with a `pub const COMPONENT: Component`, and one
        /// line `<name> => [COMPONENT],` here; `crate_card.rs` is an example.
        pub fn registry() -> &'static [Component] {
            const ALL: &[Component] = &[$($($module::$component),+),*];
            ALL
        }
    };
}

registry! {
    callout => [COMPONENT],
    details => [COMPONENT],
    figure => [COMPONENT],
    youtube => [COMPONENT],
    video => [COMPONENT],
    tabs => [COMPONENT, TAB],
    crate_card => [COMPONENT],
}

/// The component called `name` (or an alias of it).
pub fn find(name: &str) -> Option<&'static Component> {
    registry()
        .iter()
        .find(|c| c.name == name || c.aliases.contains(&name))
}

/// A body with its component calls replaced by markers, and what each marker stands for.
pub struct Expanded {
    /// The body to parse: each valid directive line replaced by one marker line.
    pub markdown: String,
    /// Problems with the calls, by line.
    pub problems: Vec<Problem>,
    /// What each marker stands for, by its number.
    slots: Vec<Vec<Piece>>,
    /// The markers' common prefix: `<!--quire:<nonce>:`.
    prefix: String,
    /// The names of the components called, once each (the page needs `tabs` to load its island,
    /// a player's origin in its CSP, ...).
    pub used: Vec<&'static str>,
}

/// A call whose body is still open.
struct Open {
    call: Option<Call>,
    component: Option<&'static Component>,
    close_slot: Option<usize>,
    line: usize,
    children: Vec<(String, Option<String>)>,
    /// Where the opening line's marker is, to fill in once the children are known.
    open_slot: Option<usize>,
    /// The opening line as written.
    source: String,
}

/// Reads the calls in `markdown`, whose first line is line `first_line` of its file.
/// Relative addresses in arguments resolve against `base`, a bundled post's address.
pub fn expand(markdown: &str, first_line: usize, base: Option<&str>) -> Expanded {
    let nonce = Trusted::new();
    let prefix = format!("<!--quire:{}:", nonce_text(&nonce));
    let mut out = Expanded {
        markdown: String::with_capacity(markdown.len()),
        problems: Vec::new(),
        slots: Vec::new(),
        prefix,
        used: Vec::new(),
    };
    if !markdown.contains("::") {
        out.markdown.push_str(markdown);
        return out;
    }
    let mut fence: Option<(char, usize)> = None;
    let mut stack: Vec<Open> = Vec::new();
    let mut counts: std::collections::HashMap<&'static str, usize> = Default::default();
    for (index, line) in markdown.split_inclusive('\n').enumerate() {
        let number = first_line + index;
        let content = line.trim_end_matches(['\n', '\r']);
        if let Some(next) = fence_change(content, fence) {
            fence = next;
            out.markdown.push_str(line);
            continue;
        }
        if fence.is_some() {
            out.markdown.push_str(line);
            continue;
        }
        let Some(parsed) = syntax::parse(content) else {
            out.markdown.push_str(line);
            continue;
        };
        let directive = match parsed {
            Ok(syntax::Line::Close) => match stack.pop() {
                Some(open) => {
                    match open.close_slot {
                        Some(slot) => out.push_marker(slot, line),
                        None => out.markdown.push_str(line),
                    }
                    finish(&mut out, open);
                    continue;
                }
                None => {
                    out.problems.push(Problem::new(
                        format!("line {number}"),
                        "found `:::` with no component open; expected it to close a `:::name` line above",
                    ));
                    out.markdown.push_str(line);
                    continue;
                }
            },
            Ok(syntax::Line::Open(directive)) => directive,
            Err(message) => {
                out.problems
                    .push(Problem::new(format!("line {number}"), message));
                out.markdown.push_str(line);
                continue;
            }
        };
        let parent = stack.last_mut();
        if let Some(parent) = parent {
            parent
                .children
                .push((directive.name.clone(), directive.label.clone()));
        }
        let container = directive.container;
        let checked =
            check(&directive, &stack, &mut counts, number, base).and_then(|(call, component)| {
                if container {
                    return Ok((call, component, Vec::new()));
                }
                // A component without a body renders now: it needs nothing that follows.
                let output = (component.render)(&call)?;
                let mut pieces = output.open;
                pieces.extend(output.close);
                Ok((call, component, pieces))
            });
        match checked {
            Ok((call, component, pieces)) => {
                if !out.used.contains(&component.name) {
                    out.used.push(component.name);
                }
                let slot = out.slots.len();
                out.slots.push(pieces);
                out.push_marker(slot, line);
                if container {
                    let close_slot = out.slots.len();
                    out.slots.push(Vec::new());
                    stack.push(Open {
                        call: Some(call),
                        component: Some(component),
                        close_slot: Some(close_slot),
                        line: number,
                        children: Vec::new(),
                        open_slot: Some(slot),
                        source: content.to_string(),
                    });
                }
            }
            Err(message) => {
                out.problems.push(Problem::new(
                    format!("line {number}"),
                    format!("{message}; the call is shown as text"),
                ));
                out.markdown.push_str(line);
                if container {
                    // Its body and closing line stay as they are.
                    stack.push(Open {
                        call: None,
                        component: None,
                        close_slot: None,
                        line: number,
                        children: Vec::new(),
                        open_slot: None,
                        source: String::new(),
                    });
                }
            }
        }
    }
    while let Some(open) = stack.pop() {
        if let Some(call) = &open.call {
            out.problems.push(Problem::new(
                format!("line {}", open.line),
                format!(
                    "`:::{}` is never closed; expected a line `:::` after its body (it is closed at the end of the post)",
                    call.name
                ),
            ));
        }
        if let Some(slot) = open.close_slot {
            if !out.markdown.ends_with('\n') {
                out.markdown.push('\n');
            }
            out.markdown.push('\n');
            out.push_marker(slot, "\n");
        }
        finish(&mut out, open);
    }
    out
}

/// The nonce of `trusted` as text (the markers reuse the placeholders' nonce).
fn nonce_text(trusted: &Trusted) -> &str {
    trusted.nonce()
}

/// Checks a call: a known component, arguments it accepts, a body if it needs one, the right
/// parent.
fn check(
    directive: &syntax::Directive,
    stack: &[Open],
    counts: &mut std::collections::HashMap<&'static str, usize>,
    line: usize,
    base: Option<&str>,
) -> Result<(Call, &'static Component), String> {
    let Some(component) = find(&directive.name) else {
        let mut names: Vec<&str> = registry().iter().map(|c| c.name).collect();
        names.sort_unstable();
        return Err(format!(
            "unknown component `{}`; expected one of {}",
            directive.name,
            names.join(", ")
        ));
    };
    match (component.body, directive.container) {
        (Body::None, true) => {
            return Err(format!(
                "`{}` takes no body; expected `::{}{{...}}` (two colons) on one line",
                directive.name, directive.name
            ))
        }
        (Body::Required, false) => {
            return Err(format!(
                "`{}` needs a body; expected `:::{}` (three colons), its body, then `:::`",
                directive.name, directive.name
            ))
        }
        _ => {}
    }
    let parent = stack.last().and_then(|open| open.call.as_ref());
    let parent_name = stack.last().and_then(|open| open.component).map(|c| c.name);
    if let Some(required) = component.parent {
        if parent_name != Some(required) {
            return Err(format!(
                "`{}` belongs directly inside `:::{required}`",
                directive.name
            ));
        }
    }
    if let Some(unknown) = directive
        .args
        .keys()
        .find(|key| !component.args.contains(&key.as_str()))
    {
        let expected = if component.args.is_empty() {
            "no arguments".to_string()
        } else {
            format!("one of {}", component.args.join(", "))
        };
        return Err(format!(
            "`{}` has no argument `{unknown}`; expected {expected}",
            directive.name
        ));
    }
    let ordinal = counts.entry(component.name).or_default();
    *ordinal += 1;
    let index_in_parent = stack
        .last()
        .map_or(0, |open| open.children.len().saturating_sub(1));
    Ok((
        Call {
            name: directive.name.clone(),
            label: directive.label.clone(),
            args: directive.args.clone(),
            line,
            container: directive.container,
            ordinal: *ordinal,
            parent: parent.map(|p| (p.name.clone(), p.ordinal)),
            index_in_parent,
            children: Vec::new(),
            base: base.map(str::to_string),
        },
        component,
    ))
}

/// Renders a closed container now that its children are known.
fn finish(out: &mut Expanded, open: Open) {
    let (Some(mut call), Some(component), Some(slot), Some(close_slot)) =
        (open.call, open.component, open.open_slot, open.close_slot)
    else {
        return;
    };
    call.children = open.children;
    match (component.render)(&call) {
        Ok(output) => {
            out.slots[slot] = output.open;
            out.slots[close_slot] = output.close;
        }
        Err(message) => {
            out.problems.push(Problem::new(
                format!("line {}", call.line),
                format!("{message}; the call is shown as text"),
            ));
            out.slots[slot] = as_text(&open.source);
            out.slots[close_slot] = as_text(":::");
        }
    }
}

/// A directive line shown as a paragraph of text.
fn as_text(line: &str) -> Vec<Piece> {
    vec![
        Piece::Html("<p>".into()),
        Piece::Text(line.to_string()),
        Piece::Html("</p>\n".into()),
    ]
}

/// If `line` opens or closes a fenced code block, the fence state after it.
fn fence_change(line: &str, fence: Option<(char, usize)>) -> Option<Option<(char, usize)>> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let trimmed = &line[indent..];
    let marker = trimmed.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let length = trimmed.len() - trimmed.trim_start_matches(marker).len();
    if length < 3 {
        return None;
    }
    match fence {
        None => {
            // A backtick fence's info string may not contain backticks.
            let info = &trimmed[length..];
            (marker == '~' || !info.contains('`')).then_some(Some((marker, length)))
        }
        Some((open, open_length)) => {
            (marker == open && length >= open_length && trimmed[length..].trim().is_empty())
                .then_some(None)
        }
    }
}

impl Expanded {
    /// Writes the marker for `slot` in place of a directive line.
    fn push_marker(&mut self, slot: usize, line: &str) {
        self.markdown.push_str(&self.prefix);
        self.markdown.push_str(&slot.to_string());
        self.markdown.push_str("-->");
        if line.ends_with('\n') {
            self.markdown.push('\n');
        }
    }

    /// The slot a marker event stands for.
    fn slot_of(&self, html: &str) -> Option<usize> {
        html.trim_end()
            .strip_prefix(self.prefix.as_str())?
            .strip_suffix("-->")?
            .parse()
            .ok()
    }

    /// `events` with each marker replaced by what its component rendered, markup set aside in
    /// `trusted`; GitHub alerts become callouts. Markers the parser did not see on a line of
    /// their own (inside raw HTML) are reported.
    pub fn substitute<'a>(
        &self,
        events: Vec<(Event<'a>, Range<usize>)>,
        trusted: &mut Trusted,
        line_of: &dyn Fn(usize) -> usize,
    ) -> (Vec<(Event<'a>, Range<usize>)>, Vec<Problem>) {
        let mut out = Vec::with_capacity(events.len());
        let mut problems = Vec::new();
        let has_markers = !self.slots.is_empty();
        for (event, range) in events {
            match event {
                Event::Html(ref html) if has_markers => match self.slot_of(html) {
                    Some(slot) => {
                        for piece in self.slots.get(slot).into_iter().flatten() {
                            push_piece(&mut out, piece, &range, trusted);
                        }
                    }
                    None => {
                        if html.contains(self.prefix.as_str()) {
                            problems.push(Problem::new(
                                format!("line {}", line_of(range.start)),
                                "a component call inside raw HTML is left out; expected it at the start of a line, outside HTML blocks",
                            ));
                        }
                        out.push((event, range));
                    }
                },
                Event::Start(Tag::BlockQuote(Some(kind))) => {
                    out.push((trusted.event(callout::alert_open(kind)), range));
                }
                Event::End(TagEnd::BlockQuote(Some(_))) => {
                    out.push((trusted.event(callout::CLOSE.to_string()), range));
                }
                other => out.push((other, range)),
            }
        }
        (out, problems)
    }
}

/// Appends the events of one piece, at the marker's `range`.
fn push_piece<'a>(
    out: &mut Vec<(Event<'a>, Range<usize>)>,
    piece: &Piece,
    range: &Range<usize>,
    trusted: &mut Trusted,
) {
    match piece {
        Piece::Html(html) => out.push((trusted.event(html.clone()), range.clone())),
        Piece::Markdown(text) => {
            let parser = pulldown_cmark::Parser::new_ext(text, inline_options());
            for event in parser {
                match event {
                    Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) => {}
                    other => out.push((other.into_static(), range.clone())),
                }
            }
        }
        Piece::Text(text) => out.push((Event::Text(CowStr::from(text.clone())), range.clone())),
        Piece::Image { src, alt } => {
            out.push((
                Event::Start(Tag::Image {
                    link_type: LinkType::Inline,
                    dest_url: CowStr::from(src.clone()),
                    title: CowStr::Borrowed(""),
                    id: CowStr::Borrowed(""),
                }),
                range.clone(),
            ));
            if !alt.is_empty() {
                out.push((Event::Text(CowStr::from(alt.clone())), range.clone()));
            }
            out.push((Event::End(TagEnd::Image), range.clone()));
        }
    }
}

/// The options for Markdown in arguments: inline syntax only matters.
fn inline_options() -> pulldown_cmark::Options {
    pulldown_cmark::Options::ENABLE_STRIKETHROUGH
}
