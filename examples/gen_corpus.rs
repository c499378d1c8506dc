//! Writes a deterministic corpus of blog posts for the benchmarks (`make bench`).
//!
//! ```sh
//! cargo run --release --features ssr --example gen_corpus -- <count> <dir>
//! ```
//!
//! Every post is the same size and shape on every run: YAML front matter that both Quire and
//! Hugo read (`title`, `date`, `description`, `tags`), a few sections with headings, paragraphs,
//! a list, a code block and a link, about 4 KB of Markdown in all. Tags come from a pool of 50
//! and follow a skewed distribution, as on real blogs.
//!
//! With `--rich`, posts also use components (a callout, an alert, tabs, details), math, and
//! every tenth is a bundle with a figure whose picture is a copy of `--picture FILE`.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

/// A small deterministic generator (SplitMix64), so the corpus never depends on a crate's RNG.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const WORDS: &[&str] = &[
    "server",
    "render",
    "markdown",
    "post",
    "reader",
    "page",
    "browser",
    "request",
    "cache",
    "index",
    "tag",
    "signal",
    "component",
    "route",
    "stream",
    "bundle",
    "latency",
    "memory",
    "static",
    "dynamic",
    "writer",
    "draft",
    "feed",
    "theme",
    "layout",
    "query",
    "filter",
    "build",
    "deploy",
    "release",
    "the",
    "a",
    "of",
    "and",
    "with",
    "without",
    "every",
    "quickly",
    "quietly",
    "always",
    "never",
    "before",
    "after",
    "because",
    "while",
    "small",
    "large",
    "careful",
    "fast",
];

const TAGS: &[&str] = &[
    "Rust",
    "Web Dev",
    "Leptos",
    "Axum",
    "Tokio",
    "WASM",
    "CSS",
    "HTML",
    "Performance",
    "Testing",
    "Writing",
    "Meta",
    "Travel",
    "Cooking",
    "Books",
    "Music",
    "Photography",
    "Design",
    "Databases",
    "Linux",
    "Networking",
    "Security",
    "Accessibility",
    "Typography",
    "Hiking",
    "Gardening",
    "Coffee",
    "Tea",
    "Cycling",
    "Running",
    "Chess",
    "Go",
    "Python",
    "TypeScript",
    "Haskell",
    "Elixir",
    "Kotlin",
    "Swift",
    "Zig",
    "Nix",
    "Docker",
    "Kubernetes",
    "Observability",
    "Career",
    "Learning in Public",
    "Weeknotes",
    "Open Source",
    "Hardware",
    "Keyboards",
    "Astronomy",
];

fn sentence(random: &mut Random, words: usize) -> String {
    let mut text = String::new();
    for i in 0..words {
        let word = random.pick(WORDS);
        if i == 0 {
            let mut chars = word.chars();
            if let Some(first) = chars.next() {
                text.extend(first.to_uppercase());
                text.push_str(chars.as_str());
            }
        } else {
            text.push(' ');
            text.push_str(word);
        }
    }
    text.push('.');
    text
}

fn paragraph(random: &mut Random) -> String {
    (0..5)
        .map(|_| {
            let words = 8 + random.below(10);
            sentence(random, words)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Post `n` of `count`: newest first by number, one day apart.
/// What a rich post adds (`--rich`): components, an alert, math and a picture, as a technical
/// blog's posts use them. Every tenth post is a bundle with its picture beside it; the pictures
/// are one file's copies, so the image pipeline works once per content, as it should.
fn rich_sections(n: usize, out: &mut String) {
    let _ = writeln!(
        out,
        ":::note\nThis is post {n}; the callout holds **Markdown**.\n:::\n\n> [!WARNING]\n> An alert, GitHub style.\n"
    );
    let _ = writeln!(
        out,
        "::::tabs\n:::tab[Rust]\n```rust\nfn main() {{ println!(\"{n}\"); }}\n```\n:::\n:::tab[Shell]\n```sh\necho {n}\n```\n:::\n::::\n"
    );
    let _ = writeln!(
        out,
        "The sum $\\sum_{{k=1}}^{{{n}}} k = \\frac{{n(n+1)}}{{2}}$ holds.\n\n$$\ne^{{i\\pi}} + 1 = 0\n$$\n"
    );
    let _ = writeln!(
        out,
        ":::details[More about {n}]\nA folded paragraph.\n:::\n"
    );
    if n % 10 == 0 {
        let _ = writeln!(
            out,
            "::figure{{src=\"picture.jpg\" alt=\"The picture of post {n}\" caption=\"A *caption*.\"}}\n"
        );
    }
}

fn post(n: usize, count: usize, random: &mut Random, rich: bool) -> String {
    let days_back = count - n;
    let (year, day_of_year) = (2026 - (days_back / 365) as i32, days_back % 365);
    let month = day_of_year / 31 % 12 + 1;
    let day = day_of_year % 28 + 1;
    let title = format!("{} {n}", sentence(random, 4).trim_end_matches('.'));
    let tag_count = 1 + random.below(4);
    let mut tags: Vec<&str> = Vec::new();
    while tags.len() < tag_count {
        // Skewed: low-numbered tags are far more common.
        let tag = TAGS[random.below(TAGS.len()).min(random.below(TAGS.len()))];
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    let mut out = String::with_capacity(4096);
    let _ = writeln!(out, "---");
    let _ = writeln!(out, "title: \"{title}\"");
    let _ = writeln!(out, "date: {year}-{month:02}-{day:02}");
    let _ = writeln!(out, "description: \"{}\"", sentence(random, 14));
    let _ = writeln!(
        out,
        "tags: [{}]",
        tags.iter()
            .map(|t| format!("\"{t}\""))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let _ = writeln!(out, "---\n");
    let _ = writeln!(out, "{}\n", paragraph(random));
    if rich {
        rich_sections(n, &mut out);
    }
    for section in 1..=3 {
        let _ = writeln!(out, "## {}\n", sentence(random, 3).trim_end_matches('.'));
        let _ = writeln!(out, "{}\n", paragraph(random));
        match section {
            1 => {
                for _ in 0..4 {
                    let _ = writeln!(out, "- {}", sentence(random, 6));
                }
                out.push('\n');
            }
            2 => {
                let _ = writeln!(
                    out,
                    "```rust\nfn handler_{n}(request: &Request) -> Response {{\n    let page = render(request.path());\n    Response::ok(page)\n}}\n```\n"
                );
            }
            _ => {
                let _ = writeln!(
                    out,
                    "See [the previous post](/posts/post-{}) and <https://example.com/{n}>.\n",
                    n.saturating_sub(1).max(1)
                );
            }
        }
        let _ = writeln!(out, "{}\n", paragraph(random));
    }
    out
}

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().collect();
    let rich = args.iter().any(|a| a == "--rich");
    args.retain(|a| a != "--rich");
    let picture = args.iter().position(|a| a == "--picture").map(|at| {
        let path = args.get(at + 1).cloned().unwrap_or_default();
        args.drain(at..(at + 2).min(args.len()));
        path
    });
    let (Some(count), Some(dir)) = (
        args.get(1).and_then(|c| c.parse::<usize>().ok()),
        args.get(2),
    ) else {
        eprintln!("usage: gen_corpus [--rich [--picture FILE.jpg]] <count> <dir>");
        return ExitCode::FAILURE;
    };
    let dir = Path::new(dir);
    if let Err(error) = std::fs::create_dir_all(dir) {
        eprintln!("cannot create {}: {error}", dir.display());
        return ExitCode::FAILURE;
    }
    let mut random = Random(42);
    let mut bytes = 0;
    for n in 1..=count {
        let text = post(n, count, &mut random, rich);
        bytes += text.len();
        let written = if rich && n % 10 == 0 {
            // A bundle: index.md and its picture.
            let folder = dir.join(format!("post-{n}"));
            std::fs::create_dir_all(&folder)
                .and_then(|()| std::fs::write(folder.join("index.md"), &text))
                .and_then(|()| match &picture {
                    Some(picture) => std::fs::copy(picture, folder.join("picture.jpg")).map(drop),
                    None => Ok(()),
                })
        } else {
            std::fs::write(dir.join(format!("post-{n}.md")), text)
        };
        if let Err(error) = written {
            eprintln!("cannot write post {n}: {error}");
            return ExitCode::FAILURE;
        }
    }
    println!("wrote {count} posts ({bytes} bytes) to {}", dir.display());
    ExitCode::SUCCESS
}
