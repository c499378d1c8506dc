//! Math: `$...$` inline and `$$...$$` on its own, in LaTeX (pulldown-cmark's math extension),
//! rendered on the server to MathML Core by pulldown-latex. Browsers lay MathML out themselves,
//! so a post with formulas downloads no script and no web font.
//!
//! A display formula sits in a box that scrolls sideways when it is wider than the screen, and
//! is focusable, so keyboard users can scroll it too. Invalid LaTeX is reported by line and shown
//! as code, as written.

use super::trusted::Trusted;
use crate::error::Problem;
use pulldown_cmark::{CowStr, Event};
use pulldown_latex::config::DisplayMode;
use pulldown_latex::{push_mathml, Parser, RenderConfig, Storage};
use std::ops::Range;

/// The MathML for `latex`, or what is wrong with it.
pub fn to_mathml(latex: &str, display: bool) -> Result<String, String> {
    let storage = Storage::new();
    let events: Vec<_> = Parser::new(latex, &storage).collect();
    if let Some(Err(error)) = events.iter().find(|event| event.is_err()) {
        use std::error::Error as _;
        let reason = error
            .source()
            .map_or_else(|| error.to_string(), |source| source.to_string());
        return Err(reason);
    }
    let config = RenderConfig {
        display_mode: if display {
            DisplayMode::Block
        } else {
            DisplayMode::Inline
        },
        // No `<annotation>` with the source: pulldown-latex writes it unescaped.
        annotation: None,
        ..RenderConfig::default()
    };
    let mut mathml = String::new();
    push_mathml(&mut mathml, events.into_iter(), config).map_err(|error| error.to_string())?;
    Ok(mathml)
}

/// `events` with every formula rendered, its MathML set aside in `trusted`. `line_of` gives the
/// file line of a byte offset. Returns the problems found.
pub fn render<'a>(
    events: &mut [(Event<'a>, Range<usize>)],
    trusted: &mut Trusted,
    line_of: &dyn Fn(usize) -> usize,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut displays = 0;
    for (event, range) in events.iter_mut() {
        let (latex, display) = match event {
            Event::InlineMath(latex) => (std::mem::replace(latex, CowStr::Borrowed("")), false),
            Event::DisplayMath(latex) => (std::mem::replace(latex, CowStr::Borrowed("")), true),
            _ => continue,
        };
        match to_mathml(&latex, display) {
            Ok(mathml) if display => {
                displays += 1;
                *event = trusted.event(format!(
                    "<span class=\"math-display\" tabindex=\"0\" role=\"region\" aria-label=\"Formula {displays}\">{mathml}</span>"
                ));
            }
            Ok(mathml) => *event = trusted.event(mathml),
            Err(reason) => {
                let delimiter = if display { "$$" } else { "$" };
                problems.push(Problem::new(
                    format!("line {}", line_of(range.start)),
                    format!(
                        "invalid LaTeX in {delimiter}{}{delimiter}: {reason}; expected a formula \
                         pulldown-latex can read (it is shown as code)",
                        latex.trim()
                    ),
                ));
                *event = Event::Code(latex);
            }
        }
    }
    problems
}

/// Whether the events hold any formula (most posts do not, and skip the pass).
pub fn any(events: &[(Event<'_>, Range<usize>)]) -> bool {
    events
        .iter()
        .any(|(event, _)| matches!(event, Event::InlineMath(_) | Event::DisplayMath(_)))
}

#[cfg(test)]
mod tests {
    use crate::content::markdown::render;

    #[test]
    fn inline_and_display_formulas_become_mathml() {
        let rendered =
            render("Euler: $e^{i\\pi} + 1 = 0$.\n\n$$\\sum_{k=1}^{n} k = \\frac{n(n+1)}{2}$$\n");
        assert!(rendered.problems.is_empty(), "{:?}", rendered.problems);
        let html = rendered.html;
        assert!(html.contains("<p>Euler: <math"), "{html}");
        assert!(html.contains("<msup>"), "{html}");
        assert!(html.contains("<math display=\"block\""), "{html}");
        assert!(html.contains("<mfrac>"), "{html}");
        assert!(
            html.contains("<span class=\"math-display\" tabindex=\"0\" role=\"region\" aria-label=\"Formula 1\">"),
            "{html}"
        );
        assert!(!html.contains("<script"), "{html}");
    }

    #[test]
    fn invalid_latex_is_reported_by_line_and_shown_as_code() {
        let rendered = render("Fine.\n\nBroken: $\\frac{1}$ here.\n");
        assert_eq!(rendered.problems.len(), 1, "{:?}", rendered.problems);
        assert_eq!(rendered.problems[0].field, "line 3");
        assert!(
            rendered.problems[0]
                .message
                .starts_with("invalid LaTeX in $\\frac{1}$: "),
            "{}",
            rendered.problems[0].message
        );
        assert!(
            rendered.html.contains("<code>\\frac{1}</code>"),
            "{}",
            rendered.html
        );
        assert!(!rendered.html.contains("<math"), "{}", rendered.html);
    }

    #[test]
    fn text_in_formulas_is_escaped_and_prices_are_not_math() {
        let html = render("$\\text{<script>alert(1)</script>}$\n\nIt costs $5 and $10.\n").html;
        assert!(!html.contains("<script"), "{html}");
        assert!(html.contains("It costs $5 and $10."), "{html}");
    }

    #[test]
    fn formulas_survive_the_sanitizer_of_posts_with_raw_html() {
        let html = render("<kbd>x</kbd> and $x^2$ <script>alert(1)</script>\n").html;
        assert!(html.contains("<msup>"), "{html}");
        assert!(!html.contains("<script"), "{html}");
    }
}
