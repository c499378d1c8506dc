//! The content pipeline under generated input: seeds, mutations of them, token soup and random
//! bytes (see `tests/fuzz/pipeline.rs` for the invariants). `make test` runs a few hundred
//! folders (`QUIRE_FUZZ_CASES` sets how many); `make fuzz` runs the same checks for ten minutes.

#![cfg(feature = "ssr")]

#[path = "fuzz/pipeline.rs"]
mod pipeline;

use pipeline::{check, check_html, folder, seeds, seeds_dir, Folder};
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use quire::content::sanitize::RawHtml;
use std::sync::Arc;

const MODES: [RawHtml; 3] = [RawHtml::Sanitize, RawHtml::Escape, RawHtml::Trust];

#[test]
fn every_seed_alone_and_all_seeds_together_keep_the_invariants() {
    let seeds = seeds(&seeds_dir());
    assert!(seeds.len() >= 10, "the seeds folder holds the corpus");
    for mode in MODES {
        for seed in &seeds {
            let alone = Folder {
                files: vec![seed.clone()],
                mode,
            };
            check(&alone).unwrap_or_else(|e| panic!("{} ({mode:?}): {e}", seed.stem));
        }
        let together = Folder {
            files: seeds.clone(),
            mode,
        };
        check(&together).unwrap_or_else(|e| panic!("all seeds ({mode:?}): {e}"));
    }
}

#[test]
fn the_checks_see_the_script_a_trusted_post_lets_through() {
    // The same seed that passes in `sanitize` mode fails the HTML check when trusted: the check
    // reads the pipeline's real output.
    let seed = std::fs::read_to_string(seeds_dir().join("raw-html.md")).expect("seed");
    for (mode, safe) in [
        (RawHtml::Trust, false),
        (RawHtml::Sanitize, true),
        (RawHtml::Escape, true),
    ] {
        let entry = quire::content::post::parse_post_with(
            "raw-html.md",
            "raw-html",
            &seed,
            "A",
            &|_| None,
            mode,
        )
        .expect("the seed loads");
        assert_eq!(
            check_html(&entry.html()).is_ok(),
            safe,
            "{mode:?}: {}",
            entry.html()
        );
    }
}

#[test]
fn the_html_checker_catches_what_would_run_script() {
    for bad in [
        "<script>alert(1)</script>",
        "<p><SCRIPT src=x></SCRIPT></p>",
        "<img src=x onerror=alert(1)>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href='JaVaScRiPt:alert(1)'>x</a>",
        "<a href=\"&#106;avascript:alert(1)\">x</a>",
        "<a href=\"&#x6A;avascript&colon;alert(1)\">x</a>",
        "<a href=\"java\tscript:alert(1)\">x</a>",
        "<a href=\" \u{1}javascript:alert(1)\">x</a>",
        "<img src=\"data:image/svg+xml,<svg onload=alert(1)>\">",
        "<svg><a xlink:href=\"javascript:1\">x</a></svg>",
        "<iframe src=\"https://example.com\"></iframe>",
        "<div style=\"background:url(javascript:1)\">x</div>",
    ] {
        assert!(check_html(bad).is_err(), "{bad} passed the checker");
    }
    for good in [
        "<p>a &lt;script&gt; in text, javascript: in text</p>",
        "<a href=\"https://example.com/?a=1&amp;b=2\">x</a> <a href=\"mailto:a@b.c\">m</a>",
        "<a href=\"- javascript:alert(1)\">relative</a> <a href=\"a/b:c\">relative</a>",
        "<a href=\"/posts/a#b\">x</a> <a href=\"../x.md\">y</a> <a href=\"#\">z</a>",
        "<img src=\"/images/a.png\" alt=\"on the hill\" title=\"onload=1\">",
        "<pre><code class=\"language-js\">x &lt; y</code></pre><!-- <script> -->",
    ] {
        assert_eq!(check_html(good), Ok(()), "{good}");
    }
}

#[test]
fn generated_folders_never_panic_lose_a_post_or_let_script_through() {
    let cases = std::env::var("QUIRE_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(300);
    let config = Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    };
    let strategy = folder(Arc::new(seeds(&seeds_dir())));
    let result = TestRunner::new(config).run(&strategy, |folder| {
        check(&folder).map_err(TestCaseError::fail)
    });
    if let Err(failure) = result {
        panic!("{failure}");
    }
}
