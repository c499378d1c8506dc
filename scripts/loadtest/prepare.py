"""Before the load: a free loopback port (`port`), the versioned posts at revision 1 (`seed`),
and wrk's path lists, every page type and the addresses that must answer 404 (`paths`)."""

import http.client
import json
import os
import random
import re
import sys

from common import live_slugs, live_text, write_atomically
from eventlog import Events
from harness import cmd_port  # noqa: F401 (a command of live.py)

EXPECTED_404 = [
    "/posts/loadtest-missing",
    "/posts/loadtest-missing-2",
    "/tags/loadtest-missing",
    "/tags/loadtest-missing/rss.xml",
    "/data/posts/loadtest-missing.json",
    "/data/tags/loadtest-missing.json",
    "/page/9999",
    "/?page=9999",
    "/no/such/page",
]


def cmd_seed(posts, events_path):
    events = Events(events_path)
    for slug in live_slugs():
        write_atomically(os.path.join(posts, f"{slug}.md"), live_text(slug, 1))
        events.log(action="seed", file=f"{slug}.md", slug=slug, rev=1, valid=True)
    return 0


def get(base, path, timeout=10):
    """(status, body bytes) of GET base+path on a fresh connection."""
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def cmd_paths(base, pages_file, missing_file):
    status, body = get(base, "/data/tags.json")
    if status != 200:
        print(f"/data/tags.json answered {status}", file=sys.stderr)
        return 1
    tags = [t["slug"] for t in json.loads(body)]
    status, body = get(base, "/data/posts.json")
    posts = [p["slug"] for p in json.loads(body)["posts"] if p["slug"].startswith("post-")]
    words = ["server", "markdown", "cache", "latency", "reader", "nothing-matches-this"]
    rng = random.Random(5)
    some_posts = rng.sample(posts, min(60, len(posts)))
    some_tags = tags[:20]
    pages = ["/", "/page/2", "/tags", "/rss.xml", "/atom.xml", "/sitemap.xml", "/robots.txt"]
    pages += ["/data/posts.json", "/data/tags.json", "/data/site.json", "/healthz"]
    pages += ["/favicon.svg", f"/tags/{tags[0]}/page/2", f"/?tag={tags[0]}&page=2"]
    # The stylesheet of the bundle (its name carries a hash of its contents).
    status, body = get(base, "/")
    pages += sorted(set(re.findall(r'"(/pkg/[^"]+\.css)"', body.decode("utf-8", "replace"))))
    pages += [f"/posts/{slug}" for slug in some_posts]
    pages += [f"/data/posts/{slug}.json" for slug in some_posts[:30]]
    pages += [f"/?tag={tag}" for tag in some_tags]
    pages += [f"/?tag={tags[0]}&tag={tag}" for tag in some_tags[1:6]]
    pages += [f"/?q={word}" for word in words]
    pages += [f"/tags/{tag}" for tag in some_tags]
    pages += [f"/data/tags/{tag}.json" for tag in some_tags[:10]]
    pages += [f"/tags/{tag}/rss.xml" for tag in some_tags[:5]]
    pages += [f"/tags/{tag}/atom.xml" for tag in some_tags[:5]]
    # Every path must answer as expected before the load starts, or the run would measure a typo.
    for path in pages + EXPECTED_404:
        status, _ = get(base, path)
        wanted = 404 if path in EXPECTED_404 else 200
        if status != wanted:
            print(f"{path} answered {status} before the load, expected {wanted}", file=sys.stderr)
            return 1
    with open(pages_file, "w", encoding="utf-8") as file:
        file.write("\n".join(pages) + "\n")
    with open(missing_file, "w", encoding="utf-8") as file:
        file.write("\n".join(EXPECTED_404) + "\n")
    print(f"{len(pages)} page paths, {len(EXPECTED_404)} paths that must answer 404")
    return 0
