//! Tests of `render_cache`.

use super::*;
use crate::content::images::{ImageInfo, Variant};
use crate::content::post::parse_post;
use crate::content::sanitize::RawHtml;

const POST: &[u8] = b"---\ntitle: Hello\ndate: 2026-02-13T09:30:00+01:00\ntags: [Rust]\n---\n\
        # Hi\n\nSee [the other](other.md).\n\n```rust\nlet x = 1;\n```\n";

fn inputs(bytes: &[u8]) -> Inputs<'_> {
    Inputs {
        source: "posts/hello.md",
        default_slug: "hello",
        bytes,
        site_author: "Ada",
        raw_html: RawHtml::Sanitize,
        permalink: crate::content::permalink::DEFAULT_PATTERN,
        folder: "",
        bundle: false,
        draft: false,
    }
}

fn entry() -> Entry {
    let text = std::str::from_utf8(POST).expect("UTF-8");
    parse_post("posts/hello.md", "hello", text, "Ada").expect("valid post")
}

fn images() -> ImageLookups {
    vec![
        ("/a.png".into(), Some(ImageInfo::sized(3, 2))),
        ("/missing.png".into(), None),
    ]
}

#[test]
fn an_entry_comes_back_exactly() {
    let key = key(&inputs(POST));
    let bytes = encode(&key, &entry(), &images()).expect("serializable");
    let cached = decode(&key, &bytes).expect("valid file");
    assert_eq!(cached.entry, entry());
    assert_eq!(cached.entry.html(), entry().html());
    assert_eq!(cached.images, images());
}

#[test]
fn keys_are_written_as_64_lowercase_hex_digits() {
    let mut bytes = [0; 32];
    bytes[0] = 0x0f;
    bytes[31] = 0xa9;
    let hex = Key(bytes).hex();
    assert_eq!(hex.len(), 64);
    assert!(hex.starts_with("0f00") && hex.ends_with("00a9"), "{hex}");
}

#[test]
fn every_input_changes_the_key() {
    let base = key(&inputs(POST));
    let others = [
        Inputs {
            bytes: b"other",
            ..inputs(POST)
        },
        Inputs {
            source: "posts/other.md",
            ..inputs(POST)
        },
        Inputs {
            default_slug: "other",
            ..inputs(POST)
        },
        Inputs {
            site_author: "Bob",
            ..inputs(POST)
        },
        Inputs {
            raw_html: RawHtml::Trust,
            ..inputs(POST)
        },
    ];
    for other in others {
        assert_ne!(key(&other), base, "{other:?}");
    }
    assert_eq!(key(&inputs(POST)), base, "the same inputs, the same key");
    // Length prefixes: moving bytes from one field to the next changes the key.
    let moved = Inputs {
        source: "posts/hello.m",
        default_slug: "dhello",
        ..inputs(POST)
    };
    assert_ne!(key(&moved), base);
}

#[test]
fn a_damaged_or_foreign_file_is_rejected() {
    let key = key(&inputs(POST));
    let good = encode(&key, &entry(), &images()).expect("serializable");
    let mut damaged = Vec::new();
    // Every single flipped byte, header and payload alike.
    for at in 0..good.len() {
        let mut bytes = good.clone();
        bytes[at] ^= 0x20;
        damaged.push(bytes);
    }
    // Every truncation, and bytes appended.
    damaged.extend((0..good.len()).map(|len| good[..len].to_vec()));
    damaged.push([&good[..], b"more"].concat());
    // Random bytes, and a file of another format version with a valid checksum.
    damaged.push(
        (0..4096u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect(),
    );
    let mut other_format = good.clone();
    other_format[4..8].copy_from_slice(&(CACHE_FORMAT + 1).to_le_bytes());
    damaged.push(other_format);
    for bytes in &damaged {
        assert_eq!(decode(&key, bytes), None, "{} bytes", bytes.len());
    }
    // A valid file of another key (another version of Quire, another post).
    let other = super::key(&Inputs {
        bytes: b"other",
        ..inputs(POST)
    });
    assert_eq!(decode(&other, &good), None);
}

#[test]
fn images_must_still_have_their_recorded_sizes() {
    let cached = Cached {
        entry: entry(),
        images: images(),
    };
    let same = |url: &str| (url == "/a.png").then(|| ImageInfo::sized(3, 2));
    let resized = |url: &str| (url == "/a.png").then(|| ImageInfo::sized(4, 2));
    let appeared = |_: &str| Some(ImageInfo::sized(3, 2));
    // The same size, but copies now (responsive images turned on, or another quality).
    let copied = |url: &str| {
        (url == "/a.png").then(|| ImageInfo {
            variants: vec![Variant {
                name: "0123456789abcdef0123-3.webp".into(),
                width: 3,
                height: 2,
            }],
            ..ImageInfo::sized(3, 2)
        })
    };
    assert!(cached.images_match(&same));
    assert!(!cached.images_match(&resized));
    assert!(!cached.images_match(&appeared));
    assert!(!cached.images_match(&copied));
}

#[test]
fn the_size_log_remembers_each_url_once_with_its_size() {
    let sizes = |url: &str| (url == "/a.png").then(|| ImageInfo::sized(3, 2));
    let log = SizeLog::new(&sizes);
    assert_eq!(log.lookup("/a.png"), Some(ImageInfo::sized(3, 2)));
    assert_eq!(log.lookup("/missing.png"), None);
    assert_eq!(log.lookup("/a.png"), Some(ImageInfo::sized(3, 2)));
    assert_eq!(log.into_images(), images());
}

#[test]
fn stored_entries_are_found_and_damaged_files_are_replaced() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cache = RenderCache::open(&dir.path().join("cache")).expect("writable");
    let key = key(&inputs(POST));
    assert_eq!(cache.get(&key), None);
    cache.put(&key, &entry(), &images());
    cache.write_pending();
    assert_eq!(cache.get(&key).map(|c| c.entry), Some(entry()));
    let path = cache.path_of(&key);
    fs::write(&path, b"garbage").expect("overwrite");
    assert_eq!(cache.get(&key), None);
    cache.put(&key, &entry(), &images());
    cache.write_pending();
    assert_eq!(cache.get(&key).map(|c| c.entry), Some(entry()));
    let names: Vec<_> = fs::read_dir(path.parent().expect("folder"))
        .expect("readable")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names.len(), 1, "no temporary file left: {names:?}");
}

#[test]
fn files_are_written_after_the_load_and_waited_for() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cache = RenderCache::open(&dir.path().join("cache")).expect("writable");
    let keys: Vec<Key> = (0..40u8)
        .map(|n| {
            key(&Inputs {
                bytes: &[n],
                ..inputs(POST)
            })
        })
        .collect();
    for key in &keys {
        cache.put(key, &entry(), &images());
    }
    assert!(
        keys.iter().all(|key| !cache.path_of(key).exists()),
        "nothing is written while the load runs"
    );
    let reader = RenderCache::open(&dir.path().join("cache")).expect("writable");
    cache.write_later();
    wait_for_writes();
    for key in &keys {
        assert_eq!(reader.get(key).map(|c| c.entry), Some(entry()));
    }
}
