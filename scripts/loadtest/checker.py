"""The checker (`check`): fetches the versioned posts on one kept-alive connection, checks every
answer against the mutator's event log (one revision, never older, never stale for long), then
waits for the server to show the final folder, and writes its result as JSON."""

import http.client
import json
import re
import time

from common import CONVERGE_SECONDS, LIVE_TAG, MAX_STALE_SECONDS, SECONDS, live_slugs, now
from eventlog import EventReader


class Checker:
    def __init__(self, base, events_path):
        host, port = base.removeprefix("http://").split(":")
        self.host, self.port = host, int(port)
        self.conn = None
        self.events = EventReader(events_path)
        self.max_seen = {slug: 1 for slug in live_slugs()}
        self.seen_revs = {slug: set() for slug in live_slugs()}
        self.checks = {}
        self.statuses = {}
        self.failures = []
        self.failure_count = 0
        self.max_stale = 0.0
        self.max_stale_what = ""
        self.stale_over = 0
        self.retries = 0

    def fail(self, what):
        self.failure_count += 1
        if len(self.failures) < 50:
            self.failures.append(f"{time.strftime('%H:%M:%S')} {what}")

    def fetch(self, path):
        """(status, body, started) with one kept-alive connection; status 0 on a socket error."""
        started = now()
        while True:
            reused = self.conn is not None
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection(self.host, self.port, timeout=10)
                self.conn.request("GET", path, headers={"Accept-Encoding": "identity"})
                response = self.conn.getresponse()
                body = response.read()
                self.statuses[response.status] = self.statuses.get(response.status, 0) + 1
                return response.status, body, started
            except (OSError, http.client.HTTPException) as error:
                self.conn.close()
                self.conn = None
                # A kept-alive connection the server closed between requests is HTTP as usual:
                # retried once on a new connection (and counted). A new one failing is an error.
                if reused:
                    self.retries += 1
                    continue
                self.fail(f"{path}: socket error: {error!r}")
                self.statuses[0] = self.statuses.get(0, 0) + 1
                return 0, b"", started

    def count(self, kind):
        self.checks[kind] = self.checks.get(kind, 0) + 1

    def stale(self, slug, rev, at, where):
        self.events.poll()
        age = self.events.staleness(slug, rev, at)
        if age > self.max_stale:
            self.max_stale = age
            state = f"revision {rev}" if rev is not None else "absent"
            self.max_stale_what = f"{where} showed {slug} {state}, replaced {age:.1f} s earlier"
        if age > MAX_STALE_SECONDS:
            self.stale_over += 1

    def seen(self, slug, revs, path, at, complete_list):
        """Checks the revisions of `slug` named in one response: at most one, never older than
        one seen before; absent only after the mutator deleted it."""
        if len(revs) > 1:
            self.fail(f"{path}: {slug} in two versions at once: revisions {sorted(revs)}")
            return
        if revs:
            rev = revs.pop()
            self.seen_revs[slug].add(rev)
            if rev < self.max_seen[slug]:
                self.fail(f"{path}: {slug} revision {rev} after revision {self.max_seen[slug]}")
            self.max_seen[slug] = max(self.max_seen[slug], rev)
            self.stale(slug, rev, at, path)
        elif complete_list:
            self.events.poll()
            if not self.events.deleted_since(slug, self.max_seen[slug]):
                self.fail(f"{path}: {slug} missing, but it was never deleted at revision "
                          f"{self.max_seen[slug]} or later")
            self.stale(slug, None, at, path)

    def revisions(self, text, slug):
        return {int(n) for n in re.findall(rf"{re.escape(slug)} revision (\d+)", text)}

    def check_post_page(self, slug):
        path = f"/posts/{slug}"
        status, body, at = self.fetch(path)
        self.count("post page")
        if status == 0:
            return
        if status == 404:
            self.seen(slug, set(), path, at, complete_list=True)
            return
        if status != 200:
            self.fail(f"{path}: status {status}")
            return
        text = body.decode("utf-8", "replace")
        if not text.rstrip().endswith("</html>"):
            self.fail(f"{path}: incomplete HTML ({len(body)} bytes)")
        revs = self.revisions(text, slug)
        if len(revs) == 1:
            rev = next(iter(revs))
            title = re.search(r"<title>([^<]*)</title>", text)
            if not title or f"{slug} revision {rev}" not in title.group(1):
                self.fail(f"{path}: <title> does not name revision {rev}")
            if f"<p>The end of {slug} revision {rev}.</p>" not in text:
                self.fail(f"{path}: the body does not end with revision {rev}")
            if f'content="The description of {slug} revision {rev}."' not in text:
                self.fail(f"{path}: the meta description does not name revision {rev}")
        elif not revs:
            self.fail(f"{path}: 200 without any revision of {slug}")
        self.seen(slug, revs, path, at, complete_list=True)

    def check_post_json(self, slug):
        path = f"/data/posts/{slug}.json"
        status, body, at = self.fetch(path)
        self.count("post data")
        if status == 0:
            return
        if status == 404:
            self.seen(slug, set(), path, at, complete_list=True)
            return
        if status != 200:
            self.fail(f"{path}: status {status}")
            return
        try:
            post = json.loads(body)["post"]
            fields = {
                "title": post["summary"]["title"],
                "description": post["summary"]["description"],
                "html": post["html"],
            }
        except (ValueError, KeyError, TypeError) as error:
            self.fail(f"{path}: not the expected JSON: {error!r}")
            return
        per_field = {k: self.revisions(v, slug) for k, v in fields.items()}
        revs = set().union(*per_field.values())
        if len(revs) == 1 and not all(per_field.values()):
            missing = [k for k, v in per_field.items() if not v]
            self.fail(f"{path}: {', '.join(missing)} without the revision")
        self.seen(slug, revs, path, at, complete_list=True)

    def check_list(self):
        path = "/data/posts.json"
        status, body, at = self.fetch(path)
        self.count("posts.json")
        if status == 0:
            return
        if status != 200:
            self.fail(f"{path}: status {status}")
            return
        try:
            posts = {p["slug"]: p for p in json.loads(body)["posts"]}
        except (ValueError, KeyError, TypeError) as error:
            self.fail(f"{path}: not the expected JSON: {error!r}")
            return
        if len(posts) < 100:
            self.fail(f"{path}: only {len(posts)} posts")
        for slug in live_slugs():
            if slug in posts:
                title = self.revisions(posts[slug]["title"], slug)
                description = self.revisions(posts[slug]["description"], slug)
                if title != description:
                    self.fail(f"{path}: {slug} title revision {title} != description {description}")
                self.seen(slug, title | description, path, at, complete_list=True)
            else:
                self.seen(slug, set(), path, at, complete_list=True)

    def check_document(self, path, kind, ending, complete_list):
        status, body, at = self.fetch(path)
        self.count(kind)
        if status == 0:
            return
        if status != 200:
            self.fail(f"{path}: status {status}")
            return
        text = body.decode("utf-8", "replace")
        if not text.rstrip().endswith(ending):
            self.fail(f"{path}: incomplete ({len(body)} bytes, does not end with {ending})")
        for slug in live_slugs():
            self.seen(slug, self.revisions(text, slug), path, at, complete_list)

    def run(self):
        deadline = now() + SECONDS
        rounds = 0
        while now() < deadline:
            for slug in live_slugs():
                self.check_post_page(slug)
                self.check_post_json(slug)
            self.check_list()
            # The home page carries every post's summary for filtering in the browser.
            self.check_document("/", "home page", "</html>", complete_list=True)
            self.check_document("/rss.xml", "feed", "</rss>", complete_list=False)
            self.check_document("/atom.xml", "feed", "</feed>", complete_list=False)
            self.check_document(f"/tags/{LIVE_TAG.lower()}", "tag page", "</html>", False)
            rounds += 1
        return rounds

    def converge(self):
        """Once the mutator is done: the time until the server shows exactly the final folder."""
        deadline = now() + CONVERGE_SECONDS + 30
        while self.events.done is None and now() < deadline:
            self.events.poll()
            time.sleep(0.1)
        if self.events.done is None:
            self.fail("the mutator never finished")
            return None
        done = self.events.done
        started = now()
        last = ""
        while now() - started < CONVERGE_SECONDS:
            status, body, _ = self.fetch("/healthz")
            ok = status == 200 and body.decode().strip() == f"ok {done['posts']} posts"
            last = f"/healthz said {body.decode().strip()!r}, expected {done['posts']} posts"
            for slug, rev in done["versioned"].items():
                status, body, _ = self.fetch(f"/posts/{slug}")
                want = f"revision {rev}" if rev is not None else "404"
                got = (
                    f"revision {sorted(self.revisions(body.decode('utf-8', 'replace'), slug))}"
                    if status == 200 else str(status)
                )
                if rev is None:
                    good = status == 404
                else:
                    good = status == 200 and self.revisions(body.decode("utf-8", "replace"), slug) == {rev}
                if not good:
                    ok = False
                    last = f"/posts/{slug} showed {got}, expected {want}"
            if ok:
                return now() - started
            time.sleep(0.1)
        self.fail(f"the server did not show the final folder within {CONVERGE_SECONDS:.0f} s: {last}")
        return None


def cmd_check(base, events_path, result_path):
    checker = Checker(base, events_path)
    rounds = checker.run()
    converged = checker.converge()
    if checker.stale_over:
        checker.fail(
            f"{checker.stale_over} times a response showed a versioned post more than "
            f"{MAX_STALE_SECONDS:.0f} s after it was replaced on disk (worst: {checker.max_stale_what})"
        )
    result = {
        "rounds": rounds,
        "checks": checker.checks,
        "requests": sum(checker.statuses.values()),
        "reconnects": checker.retries,
        "statuses": {str(k): v for k, v in sorted(checker.statuses.items())},
        "failures": checker.failure_count,
        "failure_lines": checker.failures,
        "revisions_seen": {s: len(r) for s, r in checker.seen_revs.items()},
        "max_stale_s": round(checker.max_stale, 2),
        "max_stale_what": checker.max_stale_what,
        "converged_s": None if converged is None else round(converged, 2),
    }
    with open(result_path, "w", encoding="utf-8") as file:
        json.dump(result, file, indent=1)
    return 0
