//! Search and list pages end to end: the server function, the index and the static export's
//! files decide the same pages, and a list page's size does not grow with the blog.

mod common;

use common::{fixture_state, request, run, send};
use quire::model::ListPage;
use quire::search::files::{doc_href, Fetched};
use quire::server::{router, AppState};
use quire::urls::HomeQuery;
use std::collections::HashMap;
use std::path::Path;
use std::sync::LazyLock;

const WORDS: &[&str] = &[
    "rust",
    "borrow",
    "island",
    "hydration",
    "bread",
    "dough",
    "kyoto",
    "temple",
    "garden",
    "compiler",
    "async",
    "tokio",
    "leptos",
    "flour",
    "salt",
    "train",
    "river",
    "lantern",
];

/// A blog of `count` posts whose titles, tags and bodies mix [`WORDS`], the same every run.
fn write_blog(dir: &Path, count: usize) {
    for n in 0..count {
        let pick = |k: usize| WORDS[(n * 7 + k * 5 + n / 3) % WORDS.len()];
        let tags = ["Rust", "Travel", "Food", "Web Dev"];
        let text = format!(
            "---\ntitle: {} and {}\ndate: 2026-01-{:02}T{:02}:{:02}:00Z\ntags: [{}, {}]\n---\n\
             A post about {} with {} in it.\n\n```rust\nlet {} = 1;\n```\n\nMore on {}.\n",
            pick(0),
            pick(1),
            1 + n % 28,
            n % 24,
            n % 60,
            tags[n % 4],
            tags[(n / 4) % 4],
            pick(2),
            pick(3),
            pick(4),
            pick(5),
        );
        std::fs::write(dir.join(format!("post-{n:04}.md")), text).expect("write a post");
    }
}

async fn get(app: axum::Router, uri: &str) -> (u16, String) {
    let answer = send(app, request("GET", uri, &[], "")).await;
    (answer.status.as_u16(), answer.body)
}

struct Blog {
    _dir: tempfile::TempDir,
    state: AppState,
    app: axum::Router,
}

fn blog(count: usize) -> Blog {
    let dir = tempfile::tempdir().expect("temp dir");
    write_blog(dir.path(), count);
    let state = fixture_state(dir.path(), false, |file| file.site.page_size = 5);
    let app = router(state.clone());
    Blog {
        _dir: dir,
        state,
        app,
    }
}

static SMALL: LazyLock<Blog> = LazyLock::new(|| blog(40));
static LARGE: LazyLock<Blog> = LazyLock::new(|| blog(800));

fn query(tags: &[&str], search: &str, page: Option<&str>) -> HomeQuery {
    HomeQuery {
        tags: tags.iter().map(|t| t.to_string()).collect(),
        search: search.into(),
        page: page.map(Into::into),
    }
}

fn queries() -> Vec<HomeQuery> {
    vec![
        query(&[], "", None),
        query(&[], "", Some("3")),
        query(&["rust"], "", None),
        query(&["rust", "travel"], "", Some("2")),
        query(&["nope", "food"], "", None),
        query(&[], "hydration", None),
        query(&[], "hydr", Some("2")),
        query(&[], "Kyoto temple", None),
        query(&["web-dev"], "rust", None),
        query(&[], "let", None),
        query(&[], "zzz", None),
        query(&[], "a", None),
    ]
}

/// The page the static export's files make for `query`, fetched as the island fetches them.
fn from_files(files: &HashMap<String, String>, total: usize, query: &HomeQuery) -> ListPage {
    let mut fetched = Fetched::new(total as u32);
    for needed in fetched.needed(query) {
        let text = files.get(&needed.href()).map(String::as_str);
        fetched.add(needed, text);
    }
    assert!(fetched.needed(query).is_empty(), "{query:?}");
    let page = fetched.page(query, 5).expect("in range");
    for doc in fetched.docs_needed(&page) {
        assert!(fetched.add_doc(doc, &files[&doc_href(doc)]), "{doc}");
    }
    fetched.list_page(&page).expect("every post fetched")
}

#[test]
fn the_server_function_the_index_and_the_export_files_decide_the_same_pages() {
    run(async {
        let blog = &*SMALL;
        let index = blog.state.library.snapshot();
        let files: HashMap<String, String> = index.search_files().collect();
        for query in queries() {
            let from_index = index.list_page(&query, 5).expect("in range");
            let (status, body) = get(blog.app.clone(), &query.list_href()).await;
            assert_eq!(status, 200, "{query:?}: {body}");
            let from_api: ListPage = serde_json::from_str(&body).expect("a list page");
            assert_eq!(from_api, from_index, "{query:?}");
            assert_eq!(
                from_files(&files, index.len(), &query),
                from_index,
                "{query:?}"
            );
        }
    })
}

#[test]
fn search_reads_bodies_ranks_titles_first_and_marks_excerpts() {
    let index = SMALL.state.library.snapshot();
    let page = index
        .list_page(&query(&[], "kyoto", None), 100)
        .expect("page 1");
    assert!(page.matched > 0);
    let in_title = |c: &quire::model::Card| c.post.title.to_lowercase().contains("kyoto");
    let at = page
        .posts
        .iter()
        .position(|c| !in_title(c))
        .expect("some posts hold the word only in their bodies");
    assert!(at > 0, "and some in their titles");
    {
        assert!(
            page.posts[at..].iter().all(|c| !in_title(c)),
            "titles first"
        );
        assert!(
            page.posts[at].excerpt.contains("<mark>kyoto</mark>"),
            "{:?}",
            page.posts[at]
        );
    }
    // Words only in code blocks are not found.
    let code = index
        .list_page(&query(&[], "let", None), 100)
        .expect("page 1");
    assert_eq!(code.matched, 0);
}

#[test]
fn past_the_last_page_the_server_function_answers_404() {
    run(async {
        let (status, _) = get(SMALL.app.clone(), "/api/list?tags=&q=&page=99").await;
        assert_eq!(status, 404);
        let (status, _) = get(SMALL.app.clone(), "/api/list?tags=&q=&page=x").await;
        assert_eq!(status, 404);
    })
}

#[test]
fn a_list_page_does_not_grow_with_the_blog() {
    run(async {
        for address in ["/", "/page/3", "/?tag=rust", "/?q=kyoto", "/tags/rust"] {
            let (status, small) = get(SMALL.app.clone(), address).await;
            assert_eq!(status, 200, "{address}");
            let (status, large) = get(LARGE.app.clone(), address).await;
            assert_eq!(status, 200, "{address}");
            // Twenty times the posts; the page differs only in its counts and page links.
            assert!(
                large.len() < small.len() + 1_000,
                "{address}: {} bytes for 40 posts, {} for 800",
                small.len(),
                large.len()
            );
        }
    })
}
