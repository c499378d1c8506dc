//! Shortcodes and template tags from other engines, which Quire does not run: Hugo's
//! `{{< name >}}` and `{{% name %}}`, Zola's `{{ name(...) }}` and `{% name(...) %}`, Jekyll's
//! Liquid `{% name %}`. Each is reported by line (the post is still served, the call shown as
//! written), with what to write instead for the common ones.

use crate::error::Problem;
use pulldown_cmark::{Event, Tag, TagEnd};
use std::ops::Range;

/// Most calls reported per post; the rest are counted in the last report.
pub const MAX_REPORTED: usize = 20;

/// One call found in a body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Call {
    /// The line of the file it starts on.
    pub line: usize,
    /// Which engine's syntax it is written in.
    pub syntax: Syntax,
    /// The shortcode's or tag's name.
    pub name: String,
}

/// The syntaxes recognized.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    /// `{{< name >}}`
    HugoAngle,
    /// `{{% name %}}`
    HugoPercent,
    /// `{{ name(...) }}`
    ZolaInline,
    /// `{% name(...) %}`
    ZolaBody,
    /// `{% name ... %}`
    Liquid,
}

impl Syntax {
    fn describe(self, name: &str) -> String {
        match self {
            Syntax::HugoAngle => format!("Hugo shortcode {{{{< {name} >}}}}"),
            Syntax::HugoPercent => format!("Hugo shortcode {{{{% {name} %}}}}"),
            Syntax::ZolaInline => format!("Zola shortcode {{{{ {name}(...) }}}}"),
            Syntax::ZolaBody => format!("Zola shortcode {{% {name}(...) %}}"),
            Syntax::Liquid => format!("Liquid tag {{% {name} %}}"),
        }
    }
}

/// What to write instead of the common shortcodes.
fn advice(name: &str) -> &'static str {
    match name {
        "highlight" | "code" => "write a fenced code block (```lang) instead",
        "figure" | "img" | "image" | "resize_image" => {
            "write a Markdown image ![alt](path \"caption\") instead"
        }
        "ref" | "relref" | "post_url" | "link" => {
            "write a Markdown link to the post's file ([text](other-post.md)) instead"
        }
        "youtube" | "vimeo" | "gist" | "tweet" | "x" | "instagram" => {
            "write a link to the page instead"
        }
        "include" | "include_relative" => "paste the included text into the post instead",
        "raw" | "endraw" => "remove the tag; Quire prints text as written",
        "details" => "write a <details> element instead (raw HTML is kept under `raw_html`)",
        _ => "replace it with Markdown or HTML",
    }
}

/// The calls in `markdown` outside code (fenced, indented and inline), closing forms
/// (`{{< /name >}}`, `{% end %}`, `{% endname %}`) left out. `parsed` is its events with
/// offsets; `first_line` the line of the file the body starts on.
pub fn find(markdown: &str, parsed: &[(Event, Range<usize>)], first_line: usize) -> Vec<Call> {
    if !markdown.contains("{{") && !markdown.contains("{%") {
        return Vec::new();
    }
    let mut code: Vec<Range<usize>> = Vec::new();
    let mut open: Option<usize> = None;
    for (event, range) in parsed {
        match event {
            Event::Start(Tag::CodeBlock(_)) => open = Some(range.start),
            Event::End(TagEnd::CodeBlock) => {
                code.push(open.take().unwrap_or(range.start)..range.end);
            }
            Event::Code(_) => code.push(range.clone()),
            _ => {}
        }
    }
    let in_code = |at: usize| code.iter().any(|r| r.contains(&at));
    let mut calls = Vec::new();
    let bytes = markdown.as_bytes();
    let mut at = 0;
    while let Some(found) = markdown[at..].find('{').map(|i| i + at) {
        at = found + 1;
        if in_code(found) {
            continue;
        }
        if let Some((syntax, name, end)) = call_at(markdown, found) {
            let line = first_line + bytes[..found].iter().filter(|&&b| b == b'\n').count();
            calls.push(Call { line, syntax, name });
            at = end;
        }
    }
    calls
}

/// The call starting at byte `at` (a `{`): its syntax, name and end; `None` for anything else
/// and for closing forms.
fn call_at(text: &str, at: usize) -> Option<(Syntax, String, usize)> {
    let rest = &text[at..];
    let (opening, closing) = if rest.starts_with("{{<") {
        ("{{<", ">}}")
    } else if rest.starts_with("{{%") {
        ("{{%", "%}}")
    } else if rest.starts_with("{{") {
        ("{{", "}}")
    } else if rest.starts_with("{%") {
        ("{%", "%}")
    } else {
        return None;
    };
    let inner_end = rest.find(closing)?;
    // A call fits on a few lines; a stray `{{` must not swallow the rest of the post.
    let inner = &rest[opening.len()..inner_end];
    if inner.len() > 2000 {
        return None;
    }
    let inner = inner.trim().trim_start_matches('-').trim_start();
    let name: String = inner
        .chars()
        .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
        .collect();
    if name.is_empty() || inner.starts_with('/') {
        return None;
    }
    let after = inner[name.len()..].trim_start();
    let syntax = match opening {
        "{{<" => Syntax::HugoAngle,
        "{{%" => Syntax::HugoPercent,
        // `{{ name(...) }}` is Zola; Liquid's `{{ page.title }}` outputs are left alone (they
        // print as written and name no tag).
        "{{" if after.starts_with('(') => Syntax::ZolaInline,
        "{{" => return None,
        _ if after.starts_with('(') => Syntax::ZolaBody,
        _ if name == "end" || name.starts_with("end") => return None,
        _ => Syntax::Liquid,
    };
    Some((syntax, name, at + inner_end + closing.len()))
}

/// The reports for `calls`: one per call up to [`MAX_REPORTED`], then one counting the rest.
pub fn problems(calls: &[Call]) -> Vec<Problem> {
    let mut problems: Vec<Problem> = calls
        .iter()
        .take(MAX_REPORTED)
        .map(|call| {
            Problem::new(
                format!("line {}", call.line),
                format!(
                    "{} is not run by Quire and is shown as written; {}",
                    call.syntax.describe(&call.name),
                    advice(&call.name)
                ),
            )
        })
        .collect();
    if calls.len() > MAX_REPORTED {
        problems.push(Problem::new(
            "body",
            format!(
                "{} more shortcodes or template tags after line {}",
                calls.len() - MAX_REPORTED,
                calls[MAX_REPORTED - 1].line
            ),
        ));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::Parser;

    fn calls(markdown: &str) -> Vec<(usize, Syntax, String)> {
        let parsed: Vec<_> = Parser::new_ext(markdown, crate::content::markdown::options())
            .into_offset_iter()
            .collect();
        find(markdown, &parsed, 10)
            .into_iter()
            .map(|c| (c.line, c.syntax, c.name))
            .collect()
    }

    #[test]
    fn each_engine_s_syntax_is_found_with_its_line() {
        let text = "Intro {{< youtube abc >}}.\n\n{{% notice info %}}\nHi\n{{% /notice %}}\n\n\
                    {{ gallery(images=[\"a\"]) }}\n\n{% quote(author=\"A\") %}\nQ\n{% end %}\n\n\
                    {% include note.html %}\n{% endraw %}\n";
        assert_eq!(
            calls(text),
            [
                (10, Syntax::HugoAngle, "youtube".to_string()),
                (12, Syntax::HugoPercent, "notice".to_string()),
                (16, Syntax::ZolaInline, "gallery".to_string()),
                (18, Syntax::ZolaBody, "quote".to_string()),
                (22, Syntax::Liquid, "include".to_string()),
            ]
        );
    }

    #[test]
    fn code_liquid_outputs_and_stray_braces_are_not_calls() {
        let text = "```\n{{< youtube abc >}}\n```\n\n    {% include x %}\n\n\
                    Inline `{{< ref \"a\" >}}` and {{ page.title }} and {braces} and {{ unclosed\n";
        assert_eq!(calls(text), []);
    }

    #[test]
    fn reports_name_the_line_and_say_what_to_write_instead_and_stop_at_a_limit() {
        let one = problems(&[Call {
            line: 7,
            syntax: Syntax::HugoAngle,
            name: "highlight".into(),
        }]);
        assert_eq!(one[0].field, "line 7");
        assert!(
            one[0].message.contains("{{< highlight >}}"),
            "{}",
            one[0].message
        );
        assert!(
            one[0].message.contains("fenced code block"),
            "{}",
            one[0].message
        );
        let many: Vec<Call> = (1..=25)
            .map(|line| Call {
                line,
                syntax: Syntax::Liquid,
                name: "x".into(),
            })
            .collect();
        let reported = problems(&many);
        assert_eq!(reported.len(), MAX_REPORTED + 1);
        assert!(reported[MAX_REPORTED].message.starts_with("5 more"));
    }
}
