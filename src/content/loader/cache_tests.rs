//! Tests of `loader` through the render cache: a warm load gives the index of a cold one, and
//! corrupt, stale or unusable cache files never change what is served.

use super::tests::{config, write};
use super::*;

fn png(width: u8, height: u8) -> Vec<u8> {
    [
        &[0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a][..],
        &[
            0, 0, 0, 13, b'I', b'H', b'D', b'R', 0, 0, 0, width, 0, 0, 0, height, 8, 6, 0, 0, 0,
        ],
    ]
    .concat()
}

/// A folder of posts (one with an image), an assets folder and a cache folder.
struct Cached {
    root: tempfile::TempDir,
}

impl Cached {
    fn new() -> Self {
        let root = tempfile::tempdir().expect("temp dir");
        let posts = root.path().join("posts");
        for n in 0..20 {
            let text = format!(
                "---\ntitle: Post {n}\ndate: 2026-01-{:02}\ntags: [t{}]\n---\n\
                     # Part\n\nText with `code` and a [link](https://example.com).\n\n\
                     ```rust\nfn main() {{ let x = {n}; }}\n```\n",
                n % 28 + 1,
                n % 3
            );
            write(&posts, &format!("p{n:02}.md"), text.as_bytes());
        }
        write(
            &posts,
            "pic.md",
            b"---\ntitle: Pic\ndate: 2026-02-01\n---\n![A cat](/images/cat.png)\n",
        );
        write(&posts, "broken.md", b"---\ntitle: [\n---\n");
        write(&root.path().join("site"), "images/cat.png", &png(3, 2));
        Cached { root }
    }

    /// The index as loaded without the render cache.
    fn load_uncached(&self) -> PostIndex {
        let config = LibraryConfig {
            cache_dir: None,
            ..self.config()
        };
        load_dir(&config, None).expect("readable")
    }

    fn config(&self) -> LibraryConfig {
        LibraryConfig {
            assets_dir: Some(self.root.path().join("site")),
            cache_dir: Some(self.cache_dir()),
            ..config(&self.root.path().join("posts"))
        }
    }

    fn cache_dir(&self) -> PathBuf {
        self.root.path().join("cache")
    }

    /// Every file in the cache folder.
    fn files(&self) -> Vec<PathBuf> {
        let mut files = Vec::new();
        for shard in fs::read_dir(self.cache_dir()).expect("cache folder") {
            for file in fs::read_dir(shard.expect("shard").path()).expect("shard folder") {
                files.push(file.expect("file").path());
            }
        }
        files.sort();
        files
    }

    /// A load, once the cache files it writes are written.
    fn load(&self) -> PostIndex {
        let index = load_dir(&self.config(), None).expect("readable");
        render_cache::wait_for_writes();
        index
    }
}

fn pages(index: &PostIndex) -> Vec<(crate::model::PostSummary, String)> {
    index
        .entries()
        .iter()
        .map(|e| (e.summary.clone(), e.html()))
        .collect()
}

#[test]
fn a_warm_load_gives_the_index_of_a_cold_one() {
    let site = Cached::new();
    let uncached = site.load_uncached();
    let cold = site.load();
    assert_eq!(site.files().len(), 21, "every post that parsed is stored");
    let warm = site.load();
    for index in [&cold, &warm] {
        assert_eq!(index.entries(), uncached.entries());
        assert_eq!(pages(index), pages(&uncached));
        let messages = |index: &PostIndex| {
            index
                .problems()
                .iter()
                .map(Error::to_string)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            messages(index),
            messages(&uncached),
            "broken.md stays reported"
        );
    }
    assert!(pages(&warm)
        .iter()
        .any(|(_, html)| html.contains("width=\"3\" height=\"2\"")));
}

#[test]
fn a_warm_load_takes_posts_from_the_cache() {
    let site = Cached::new();
    site.load();
    // Replace one stored entry with another title under the same key: the next load serves it.
    let text = fs::read(site.root.path().join("posts/p00.md")).expect("post");
    let key = render_cache::key(&Inputs {
        source: &site.root.path().join("posts/p00.md").display().to_string(),
        default_slug: "p00",
        bytes: &text,
        site_author: "Ada",
        raw_html: Default::default(),
        permalink: crate::content::permalink::DEFAULT_PATTERN,
        folder: "",
        bundle: false,
        draft: false,
    });
    let path = site
        .files()
        .into_iter()
        .find(|p| p.to_string_lossy().contains(&key.hex()))
        .expect("p00 stored");
    let mut cached = render_cache::decode(&key, &fs::read(&path).expect("file")).expect("valid");
    cached.entry.summary.title = "From the cache".into();
    let bytes = render_cache::encode(&key, &cached.entry, &cached.images).expect("encodable");
    fs::write(&path, bytes).expect("rewrite");
    assert_eq!(
        site.load().post("p00").expect("p00").summary.title,
        "From the cache"
    );
}

#[test]
fn corrupt_cache_files_are_ignored_and_rewritten() {
    let site = Cached::new();
    let cold = site.load();
    let files = site.files();
    let good: Vec<Vec<u8>> = files.iter().map(|p| fs::read(p).expect("file")).collect();
    let damage: [fn(&mut Vec<u8>); 4] = [
        |bytes| {
            let last = bytes.len() - 1;
            bytes[last] ^= 1;
        },
        |bytes| bytes.truncate(bytes.len() / 2),
        |bytes| *bytes = (0..bytes.len()).map(|i| (i * 7919 % 251) as u8).collect(),
        // Another format version, checksum intact.
        |bytes| bytes[4] = bytes[4].wrapping_add(1),
    ];
    for (n, (path, bytes)) in files.iter().zip(&good).enumerate() {
        let mut bytes = bytes.clone();
        damage[n % damage.len()](&mut bytes);
        fs::write(path, bytes).expect("damage");
    }
    let warm = site.load();
    assert_eq!(warm.entries(), cold.entries());
    assert_eq!(pages(&warm), pages(&cold));
    let rewritten: Vec<Vec<u8>> = files.iter().map(|p| fs::read(p).expect("file")).collect();
    assert_eq!(rewritten, good, "every damaged file is written again");
}

#[test]
fn a_changed_post_is_rendered_again() {
    let site = Cached::new();
    site.load();
    let path = site.root.path().join("posts/p01.md");
    let text = fs::read_to_string(&path)
        .expect("post")
        .replace("Post 1", "Edited");
    fs::write(&path, text).expect("edit");
    let index = site.load();
    assert_eq!(index.post("p01").expect("p01").summary.title, "Edited");
    assert_eq!(
        site.files().len(),
        22,
        "the new version stored beside the old"
    );
}

#[test]
fn a_changed_image_size_renders_the_post_again() {
    let site = Cached::new();
    let html = |index: &PostIndex| index.post("pic").expect("pic").html;
    assert!(html(&site.load()).contains("width=\"3\" height=\"2\""));
    write(&site.root.path().join("site"), "images/cat.png", &png(4, 2));
    assert!(html(&site.load()).contains("width=\"4\" height=\"2\""));
    fs::remove_file(site.root.path().join("site/images/cat.png")).expect("delete");
    assert!(!html(&site.load()).contains("width="));
}

#[test]
fn an_unusable_cache_folder_still_loads_every_post() {
    let site = Cached::new();
    let uncached = site.load_uncached();
    // A file where the folder should be: it can be neither created nor written.
    write(site.root.path(), "cache", b"not a folder");
    let index = site.load();
    assert_eq!(index.entries(), uncached.entries());
    assert_eq!(index.len(), 21);
    // A cache folder whose shard folders are files: every write fails, every post loads.
    fs::remove_file(site.cache_dir()).expect("delete");
    fs::create_dir(site.cache_dir()).expect("folder");
    for n in 0..=255u8 {
        write(&site.cache_dir(), &format!("{n:02x}"), b"not a folder");
    }
    assert_eq!(site.load().entries(), uncached.entries());
}
