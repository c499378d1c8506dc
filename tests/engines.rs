//! Blogs in each engine's own layout (`tests/fixtures/engines/`), read as they are: every post
//! loads, every old address answers, taxonomies and sections render, and `quire check --urls`
//! lists what `expected-urls.txt` beside each fixture says.
//!
//! After a deliberate change, `QUIRE_BLESS=1 cargo test --test engines` rewrites the lists; read
//! the diff before committing it.

mod common;

use axum::http::StatusCode;
use common::{fixture_state, request, run, send, Answer};
use quire::server::{check, router, AppState};

const ENGINES: &str = "tests/fixtures/engines";

/// Routers are built one at a time, as the server does (building them concurrently can stall).
static BUILDING: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn app(state: AppState) -> axum::Router {
    let _one_at_a_time = BUILDING.lock().unwrap_or_else(|e| e.into_inner());
    router(state)
}

fn state(engine: &str, permalink: &str) -> AppState {
    let permalink = permalink.to_string();
    fixture_state(format!("{ENGINES}/{engine}"), false, move |file| {
        file.content.permalink = permalink;
    })
}

/// The problems of the engine's blog, as `file: field` lines.
fn problems(state: &AppState) -> Vec<String> {
    state
        .library
        .snapshot()
        .problems()
        .iter()
        .map(|e| e.to_string())
        .collect()
}

/// `quire check --urls` against the list kept beside the fixture.
fn urls_match_the_expected_list(engine: &str, state: &AppState) {
    let index = state.library.snapshot();
    let listed = check::addresses::to_text(&check::addresses::answers(
        &index,
        state.settings.site.page_size,
    ));
    let path = format!("{ENGINES}/{engine}.expected-urls.txt");
    if std::env::var_os("QUIRE_BLESS").is_some() {
        std::fs::write(&path, &listed).expect("writable fixture");
    }
    let expected = std::fs::read_to_string(&path).expect("the expected list");
    assert_eq!(listed, expected, "{engine}: `quire check --urls` changed");
}

/// `GET uri`, its body without the comments Leptos leaves between text nodes.
async fn get(app: axum::Router, uri: &str) -> Answer {
    let mut answer = send(app, request("GET", uri, &[], "")).await;
    let mut body = String::with_capacity(answer.body.len());
    let mut rest = answer.body.as_str();
    while let Some(start) = rest.find("<!--") {
        body.push_str(&rest[..start]);
        rest = rest[start..]
            .find("-->")
            .map_or("", |end| &rest[start + end + 3..]);
    }
    body.push_str(rest);
    answer.body = body;
    answer
}

/// Where `uri` leads after its redirects (at most three), and whether each was permanent.
async fn lands(app: axum::Router, uri: &str) -> Option<String> {
    let mut at = uri.to_string();
    for _ in 0..3 {
        let (code, location) = status(app.clone(), &at).await;
        if !(code == StatusCode::MOVED_PERMANENTLY || code == StatusCode::PERMANENT_REDIRECT) {
            return (at != uri).then_some(at);
        }
        at = location?;
    }
    None
}

async fn status(app: axum::Router, uri: &str) -> (StatusCode, Option<String>) {
    let answer = get(app, uri).await;
    (answer.status, answer.header("location").map(str::to_string))
}

#[test]
fn a_zola_site_keeps_its_paths_aliases_sections_and_bundles() {
    run(async move {
        let state = state("zola", "/:section/:slug");
        let problems = problems(&state);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].contains("a-note.md: line 8: Zola shortcode {{ youtube(...) }}"),
            "{problems:?}"
        );
        urls_match_the_expected_list("zola", &state);
        let app = app(state);
        let post = get(app.clone(), "/2025/06/26/Rust-1.88.0").await;
        assert_eq!(post.status, StatusCode::OK);
        assert!(post.body.contains("Part 2 of 2 of"), "the series box");
        assert!(
            post.body.contains("<time datetime=\"2025-06-26\""),
            "dated by its path"
        );
        assert!(post.body.contains("href=\"/authors/the-release-team\""));
        assert_eq!(
            status(app.clone(), "/releases/1.88.0.html").await,
            (
                StatusCode::MOVED_PERMANENTLY,
                Some("/2025/06/26/Rust-1.88.0".into())
            )
        );
        assert_eq!(
            status(app.clone(), "/posts/older-release").await,
            (
                StatusCode::MOVED_PERMANENTLY,
                Some("/blog/older-release".into())
            )
        );
        let bundle = get(app.clone(), "/blog/older-release").await;
        assert!(
            bundle
                .body
                .contains("src=\"/blog/older-release/chart.png\" srcset=\"/_img/"),
            "{}",
            bundle.body
        );
        assert!(
            bundle
                .body
                .contains("alt=\"Downloads per day\" width=\"4\" height=\"3\""),
            "{}",
            bundle.body
        );
        assert_eq!(
            status(app.clone(), "/blog/older-release/chart.png").await.0,
            StatusCode::OK
        );
        assert_eq!(
            status(app.clone(), "/blog/older-release/data.csv").await.0,
            StatusCode::OK
        );
        let section = get(app.clone(), "/blog").await;
        assert_eq!(section.status, StatusCode::OK);
        assert!(
            section.body.contains("<h1>The Blog</h1>"),
            "{}",
            section.body
        );
        assert!(section.body.contains("Everything we <em>release</em>."));
        assert!(section.body.contains("Rust 1.87.0") && section.body.contains("Rust 1.88.0"));
        assert!(
            !section.body.contains("A note"),
            "notes/ is another section"
        );
        assert!(get(app.clone(), "/notes")
            .await
            .body
            .contains("<h1>Notes</h1>"));
        assert_eq!(
            status(app.clone(), "/blog/page/2").await.0,
            StatusCode::NOT_FOUND
        );
        let series = get(app.clone(), "/series/versions").await;
        let (older, newer) = (
            series.body.find("Rust 1.87.0").expect("part 1"),
            series.body.find("Rust 1.88.0").expect("part 2"),
        );
        assert!(older < newer, "a series lists its oldest part first");
        assert_eq!(
            status(app.clone(), "/categories/releases/atom.xml").await.0,
            StatusCode::OK
        );
        assert_eq!(
            status(app, "/_problems").await.0,
            StatusCode::NOT_FOUND,
            "not in production"
        );
    });
}

#[test]
fn a_hugo_site_keeps_its_urls_aliases_bundles_and_json_front_matter() {
    run(async move {
        let state = state("hugo", "/:section/:slug");
        let problems = problems(&state);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].contains("json-post.md: line 9: Hugo shortcode {{< highlight >}}"),
            "{problems:?}"
        );
        urls_match_the_expected_list("hugo", &state);
        let app = app(state);
        let first = get(app.clone(), "/2024/01/first-steps").await;
        assert_eq!(first.status, StatusCode::OK);
        assert!(first.body.contains("Part 1 of 2 of"));
        assert!(first.body.contains("Updated <time datetime=\"2024-02-01\""));
        assert!(first.body.contains("card.png\""), "the link-preview image");
        for old in ["/old/first/", "/first.html", "/2024/01/first-steps/"] {
            assert_eq!(
                lands(app.clone(), old).await.as_deref(),
                Some("/2024/01/first-steps"),
                "{old}"
            );
        }
        let second = get(app.clone(), "/posts/second").await;
        assert!(
            second.body.contains("src=\"/posts/second/cover.png\""),
            "the cover beside the bundle"
        );
        assert!(second.body.contains("alt=\"A red square\""));
        let section = get(app.clone(), "/posts").await;
        let (pinned, older) = (
            section.body.find("Second steps").expect("pinned"),
            section.body.find("Written in JSON").expect("json"),
        );
        assert!(pinned < older);
        assert!(get(app.clone(), "/posts/json-post")
            .await
            .body
            .contains("Written in JSON"));
        assert_eq!(
            status(app.clone(), "/posts/expired").await.0,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            status(app.clone(), "/posts/draft").await.0,
            StatusCode::NOT_FOUND
        );
        let category = get(app.clone(), "/categories/tutorials").await;
        assert!(
            category.body.contains("Posts in Tutorials"),
            "spelled as in the oldest post"
        );
        assert_eq!(
            status(app, "/authors/grace-hopper/rss.xml").await.0,
            StatusCode::OK
        );
    });
}

#[test]
fn a_jekyll_site_keeps_its_permalinks_and_redirects_and_hides_drafts() {
    run(async move {
        let state = state("jekyll", "/:year/:month/:day/:slug");
        let problems = problems(&state);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].contains("hello-jekyll.md: line 19: Liquid tag {% include %}"),
            "{problems:?}"
        );
        urls_match_the_expected_list("jekyll", &state);
        let app = app(state);
        let hello = get(app.clone(), "/blog/hello-jekyll").await;
        assert_eq!(hello.status, StatusCode::OK);
        assert!(hello.body.contains("Ada Lovelace"));
        for old in [
            "/blog/hello-jekyll.html",
            "/hello.html",
            "/2023/03/04/hello-jekyll/",
        ] {
            assert_eq!(
                lands(app.clone(), old).await.as_deref(),
                Some("/blog/hello-jekyll"),
                "{old}"
            );
        }
        let home = get(app.clone(), "/").await;
        assert!(home.body.contains("The teaser."), "the excerpt separator");
        assert!(
            home.body.find("Dated by its name") < home.body.find("Hello, Jekyll"),
            "sticky first"
        );
        assert_eq!(
            status(app.clone(), "/2023/05/06/no-front-date").await.0,
            StatusCode::OK
        );
        assert!(!home.body.contains("Work in progress") && !home.body.contains("Unpublished"));
        assert_eq!(status(app, "/categories/notes").await.0, StatusCode::OK);
    });
}

#[test]
fn an_astro_project_reads_its_blog_collection() {
    run(async move {
        let state = state("astro", "/blog/:slug");
        assert_eq!(problems(&state), Vec::<String>::new());
        urls_match_the_expected_list("astro", &state);
        let app = app(state);
        let first = get(app.clone(), "/blog/first-post").await;
        assert_eq!(first.status, StatusCode::OK);
        assert!(
            first
                .body
                .contains("src=\"/blog-placeholder-3.jpg\" alt=\"\""),
            "the hero image"
        );
        assert!(first.body.contains("Updated <time datetime=\"2022-07-10\""));
        assert!(get(app.clone(), "/authors/astro-learner")
            .await
            .body
            .contains("Second post"));
        assert_eq!(
            status(app, "/posts/first-post").await.0,
            StatusCode::MOVED_PERMANENTLY
        );
    });
}

#[test]
fn development_servers_list_every_problem_at_underscore_problems_with_a_banner() {
    let mut settings = quire::settings::Settings::resolve(
        quire::settings::SettingsFile::default(),
        &quire::settings::Overrides {
            posts_dir: Some(format!("{ENGINES}/hugo").into()),
            ..Default::default()
        },
        true,
    );
    settings.site.title = "Dev".into();
    let options = leptos::prelude::LeptosOptions::builder()
        .output_name("quire")
        .site_root(common::SITE_ROOT)
        .build();
    run(async move {
        let app = app(AppState::load(options, &settings));
        let page = get(app.clone(), "/_problems").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("json-post.md"), "{}", page.body);
        assert!(page.body.contains("line 9"));
        let json = get(app.clone(), "/_problems.json").await;
        assert!(json.body.contains("\"files\":1"), "{}", json.body);
        let home = get(app, "/").await;
        assert!(
            home.body
                .contains("<a href=\"/_problems\">1 post has problems</a>"),
            "{}",
            home.body
        );
    });
}
