"""Before the attacks: a free loopback port (`port`), posts when no gen_corpus binary is at hand
(`posts`), the server's Leptos.toml with the short limits and the limits the checks use read back
from it (`config`), and wrk's path list over every page type (`paths`)."""

import datetime
import json
import os
import random
import re
import sys

from common import get, limits, write_json
from harness import cmd_port  # noqa: F401 (a command of abuse.py)

TAGS = ["Rust", "Web", "Servers", "Writing", "Linux", "Networking", "Security", "Coffee"]
WORDS = ["server", "markdown", "cache", "latency", "reader", "socket", "request", "backlog",
         "timeout", "kernel", "browser", "feed", "quietly", "always", "the", "a", "of", "and"]


def cmd_posts(count, folder):
    """`count` small posts (about 1.5 KB each), the same on every run: `Rust` is on every other
    one, so its tag page has a second page; every post has one to three tags."""
    rng = random.Random(16)
    os.makedirs(folder, exist_ok=True)
    today = datetime.date.today()
    for n in range(1, int(count) + 1):
        tags = [TAGS[0]] if n % 2 else []
        tags += rng.sample(TAGS[1:], 1 + rng.randrange(2))

        def sentence(k):
            return " ".join(rng.choice(WORDS) for _ in range(k)).capitalize() + "."

        body = "\n\n".join(" ".join(sentence(12) for _ in range(4)) for _ in range(3))
        text = (f'---\ntitle: "Abuse post {n}"\n'
                f"date: {(today - datetime.timedelta(days=n)).isoformat()}\n"
                f'description: "{sentence(10)}"\n'
                f"tags: [{', '.join(json.dumps(t) for t in tags)}]\n---\n\n"
                f"{body}\n\n## Notes\n\n- {sentence(6)}\n- {sentence(6)}\n\n"
                "```rust\nfn main() { println!(\"post " + str(n) + "\"); }\n```\n")
        with open(os.path.join(folder, f"post-{n:03}.md"), "w", encoding="utf-8") as file:
            file.write(text)
    return 0


def cmd_config(folder, port):
    """Writes folder/Leptos.toml and records its limits in folder/limits.json. The limits are
    short so that a run is bounded (docs/abuse.md): ABUSE_HEAD_SECONDS (5), ABUSE_IDLE_SECONDS
    (10), ABUSE_DRAIN_SECONDS (10); max_connections is left to its default (the open-files limit
    less 128)."""
    head = int(os.environ.get("ABUSE_HEAD_SECONDS", "5"))
    idle = int(os.environ.get("ABUSE_IDLE_SECONDS", "10"))
    drain = int(os.environ.get("ABUSE_DRAIN_SECONDS", "10"))
    text = f"""# Written by scripts/abuse.sh: short limits, so the attacks end within the run.
[site]
title = "Quire under abuse"
base_url = "http://127.0.0.1:{port}"

[content]
posts_dir = "posts"
cache_dir = "cache"

[server]
head_timeout_seconds = {head}
idle_timeout_seconds = {idle}
drain_seconds = {drain}
"""
    path = os.path.join(folder, "Leptos.toml")
    with open(path, "w", encoding="utf-8") as file:
        file.write(text)
    write_json(os.path.join(folder, "limits.json"), limits(path))
    return 0


def cmd_paths(port, pages_file):
    """Every page type, each checked to answer 200 before the load: home and its page 2, ?tag=
    (one and two tags), ?q= (words that match and one that does not), posts, tag pages (and a
    page 2), /tags, the feeds (site and tag), the sitemap, robots.txt, the data documents,
    /healthz, the icon and the bundle's stylesheet."""
    status, _, body = get(port, "/data/tags.json")
    if status != 200:
        print(f"/data/tags.json answered {status}", file=sys.stderr)
        return 1
    tags = [t["slug"] for t in json.loads(body)]
    status, _, body = get(port, "/data/posts.json")
    posts = [p["slug"] for p in json.loads(body)["posts"]]
    rng = random.Random(5)
    some_posts = rng.sample(posts, min(40, len(posts)))
    some_tags = tags[:12]
    pages = ["/", "/tags", "/rss.xml", "/atom.xml", "/sitemap.xml", "/robots.txt", "/healthz",
             "/data/posts.json", "/data/tags.json", "/data/site.json", "/favicon.svg"]
    if len(posts) > 10:
        pages.append("/page/2")
    _, _, home = get(port, "/")
    pages += sorted(set(re.findall(r'"(/pkg/[^"]+\.css)"', home.decode("utf-8", "replace"))))
    pages += [f"/posts/{slug}" for slug in some_posts]
    pages += [f"/data/posts/{slug}.json" for slug in some_posts[:20]]
    pages += [f"/?tag={tag}" for tag in some_tags]
    pages += [f"/?tag={tags[0]}&tag={tag}" for tag in some_tags[1:4]]
    pages += [f"/?q={word}" for word in ["server", "latency", "markdown", "nothing-matches-this"]]
    pages += [f"/tags/{tag}" for tag in some_tags]
    pages += [f"/data/tags/{tag}.json" for tag in some_tags[:6]]
    pages += [f"/tags/{tag}/rss.xml" for tag in some_tags[:3]]
    pages += [f"/tags/{tag}/atom.xml" for tag in some_tags[:3]]
    if get(port, f"/tags/{tags[0]}/page/2")[0] == 200:
        pages += [f"/tags/{tags[0]}/page/2", f"/?tag={tags[0]}&page=2"]
    # Every path must answer 200 before the load, or the run would measure a typo.
    for path in pages:
        status = get(port, path)[0]
        if status != 200:
            print(f"{path} answered {status} before the load, expected 200", file=sys.stderr)
            return 1
    with open(pages_file, "w", encoding="utf-8") as file:
        file.write("\n".join(pages) + "\n")
    print(f"{len(pages)} page paths over {len(posts)} posts and {len(tags)} tags")
    return 0
