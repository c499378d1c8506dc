//! Tests of `page_cache`.

use super::*;

fn accepting(values: &[&str]) -> Coding {
    let mut headers = HeaderMap::new();
    for value in values {
        headers.append(
            ACCEPT_ENCODING,
            HeaderValue::from_str(value).expect("test input is valid"),
        );
    }
    Coding::accepted(&headers)
}

#[test]
fn brotli_is_preferred_unless_the_client_rates_gzip_higher() {
    assert_eq!(accepting(&["gzip, deflate, br, zstd"]), Coding::Brotli);
    assert_eq!(accepting(&["gzip", "br"]), Coding::Brotli);
    assert_eq!(accepting(&["br;q=0.5, gzip;q=0.8"]), Coding::Gzip);
    assert_eq!(accepting(&["GZIP"]), Coding::Gzip);
    assert_eq!(accepting(&["*"]), Coding::Brotli);
    assert_eq!(accepting(&["*;q=0.5, br;q=0"]), Coding::Gzip);
}

#[test]
fn no_or_refused_codings_mean_the_plain_bytes() {
    assert_eq!(accepting(&[]), Coding::Identity);
    assert_eq!(accepting(&["identity"]), Coding::Identity);
    assert_eq!(accepting(&["br;q=0, gzip;q=0"]), Coding::Identity);
    assert_eq!(accepting(&["deflate"]), Coding::Identity);
    assert_eq!(
        accepting(&["br;q=zero"]),
        Coding::Brotli,
        "a bad q counts as 1"
    );
}

#[test]
fn a_response_is_kept_only_for_clients_that_accept_its_form() {
    let with = |coding: Option<&'static str>| {
        let mut response = Response::new(Body::empty());
        if let Some(coding) = coding {
            response
                .headers_mut()
                .insert(CONTENT_ENCODING, HeaderValue::from_static(coding));
        }
        response
    };
    assert!(Coding::Brotli.matches(&with(Some("br"))));
    assert!(Coding::Brotli.matches(&with(None)));
    assert!(!Coding::Brotli.matches(&with(Some("gzip"))));
    assert!(!Coding::Identity.matches(&with(Some("br"))));
    assert!(Coding::Gzip.matches(&with(Some("gzip"))));
}

fn collect(chunks: &[&'static str], limit: usize) -> Result<Bytes, Body> {
    let stream = futures_util::stream::iter(
        chunks
            .iter()
            .map(|c| Ok::<_, std::io::Error>(Bytes::from_static(c.as_bytes())))
            .collect::<Vec<_>>(),
    );
    tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("test input is valid")
        .block_on(collect_up_to(Body::from_stream(stream), limit))
}

#[test]
fn a_body_within_the_limit_is_collected() {
    assert_eq!(
        collect(&["ab", "cd"], 4).expect("test input is valid"),
        Bytes::from_static(b"abcd")
    );
    assert_eq!(collect(&[], 4).expect("test input is valid"), Bytes::new());
}

#[test]
fn a_body_over_the_limit_is_given_back_whole() {
    let body = collect(&["ab", "cd", "ef"], 3).expect_err("over the limit");
    let bytes = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("test input is valid")
        .block_on(axum::body::to_bytes(body, usize::MAX))
        .expect("test input is valid");
    assert_eq!(bytes, Bytes::from_static(b"abcdef"));
}

fn entry(len: usize) -> Arc<Entry> {
    let body = Bytes::from(vec![b'x'; len]);
    let etag = etag_for(&body).expect("an entity tag");
    Arc::new(Entry::new(StatusCode::OK, HeaderMap::new(), body, etag))
}

#[test]
fn the_kept_bytes_stay_under_the_budget_and_the_newest_response_is_kept() {
    let budget = 1024 * 1024;
    let cache = PageCache::with_capacity(budget);
    let index = Arc::new(PostIndex::default());
    cache.put(&index, "/a".into(), entry(1000));
    cache.put(&index, "/a".into(), entry(1000));
    assert_eq!(cache.len(), 1, "a replaced entry is not counted twice");
    for n in 0..2000 {
        cache.put(&index, format!("/?q={n}"), entry(4000));
        assert!(cache.bytes() <= budget, "{} bytes kept", cache.bytes());
    }
    assert!(cache.len() < 2000, "older responses made room");
    assert!(cache.len() > 100, "but the cache did not start over");
    cache.put(&index, "/c".into(), entry(1));
    assert!(cache.get(&index, "/c").is_some());
}

#[test]
fn etags_follow_the_bytes() {
    assert_eq!(etag_for(b"<p>a</p>"), etag_for(b"<p>a</p>"));
    assert_ne!(etag_for(b"<p>a</p>"), etag_for(b"<p>b</p>"));
}

#[test]
fn if_none_match_accepts_lists_weak_forms_and_the_wildcard() {
    let etag = etag_for(b"page").expect("an entity tag");
    let mut written = HeaderMap::new();
    written.typed_insert(etag.clone());
    let value = written[axum::http::header::ETAG]
        .to_str()
        .expect("test input is valid")
        .to_string();
    let header = |text: &str| {
        let mut headers = HeaderMap::new();
        headers.insert(
            axum::http::header::IF_NONE_MATCH,
            HeaderValue::from_str(text).expect("test input is valid"),
        );
        headers.typed_get::<IfNoneMatch>().expect("a valid header")
    };
    let unchanged = |text: &str| !header(text).precondition_passes(&etag);
    assert!(unchanged(&value));
    assert!(unchanged(&format!("\"other\", W/{value}")));
    assert!(unchanged("*"));
    assert!(!unchanged("\"other\""));
}

fn numbered(generation: u64, titles: &[&str]) -> Arc<PostIndex> {
    use crate::content::index::Loaded;
    let loaded = titles
        .iter()
        .enumerate()
        .map(|(i, title)| {
            let source = format!("posts/p{i}.md");
            let text = format!(
                "---\ntitle: {title}\ndate: 2026-01-{:02}\n---\nText.\n",
                i + 1
            );
            Loaded {
                result: crate::content::post::parse_post(&source, &format!("p{i}"), &text, "Ada"),
                source,
            }
        })
        .collect();
    let mut index = PostIndex::build(loaded, false, None);
    index.set_generation(generation);
    Arc::new(index)
}

#[test]
fn a_newer_index_keeps_only_the_responses_it_would_render_the_same() {
    let cache = PageCache::default();
    let entry = entry(1);
    let first = numbered(1, &["A", "B", "C", "D"]);
    for address in ["/", "/posts/p0", "/posts/p1", "/posts/p3"] {
        cache.put(&first, address.into(), entry.clone());
    }
    // p0 is edited: its page, its neighbour p1's and every list go; p3's page stays.
    let second = numbered(2, &["A!", "B", "C", "D"]);
    assert!(cache.get(&second, "/").is_none());
    assert!(cache.get(&second, "/posts/p0").is_none());
    assert!(cache.get(&second, "/posts/p1").is_none());
    assert!(cache.get(&second, "/posts/p3").is_some());
    assert_eq!(cache.len(), 1);
    // A render from the older index neither comes back nor turns the cache back.
    cache.put(&first, "/".into(), entry.clone());
    assert!(cache.get(&first, "/").is_none());
    assert!(cache.get(&second, "/posts/p3").is_some());
    cache.put(&second, "/tags".into(), entry);
    assert_eq!(cache.len(), 2);
}
