#!/usr/bin/env python3
"""The helper processes of scripts/loadtest.sh (Python standard library only).

    live.py port LOW HIGH                      a free loopback port in [LOW, HIGH]
    live.py seed POSTS EVENTS                  write the versioned posts at revision 1
    live.py paths BASE PAGES MISSING           the wrk path lists: every page type, and 404s
    live.py mutate POSTS EVENTS                add, edit, break, delete a post every interval
    live.py check BASE EVENTS RESULT           fetch the versioned posts, check every answer
    live.py rss PID OUT                        the server's VmRSS every second
    live.py report DIR                         summary, docs/loadtest.md, exit 1 on a failure

Versioned posts (`live-1` ... `live-K`) carry their revision N in the title, the description and
the last paragraph: "live-1 revision N". A response that names two revisions of one post was
rendered from a mix of indexes, or from a half-written file. The mutator appends every change it
makes to EVENTS (JSON lines), so the checker knows which revisions exist, when each was replaced
and which posts were deleted. Settings come from the environment (see scripts/loadtest.sh).
"""

import datetime
import http.client
import json
import os
import random
import re
import socket
import sys
import time

VERSIONED = int(os.environ.get("LOADTEST_VERSIONED", "4"))
SECONDS = float(os.environ.get("LOADTEST_SECONDS", "60"))
INTERVAL = float(os.environ.get("LOADTEST_INTERVAL_MS", "100")) / 1000
CONVERGE_SECONDS = float(os.environ.get("LOADTEST_CONVERGE_SECONDS", "10"))
MAX_STALE_SECONDS = float(os.environ.get("LOADTEST_MAX_STALE_SECONDS", "5"))
WARMUP_SECONDS = float(os.environ.get("LOADTEST_WARMUP_SECONDS", "10"))
RSS_LIMIT = float(os.environ.get("LOADTEST_RSS_LIMIT_PERCENT", "10"))
LIVE_TAG = "Loadtest"
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


def live_slugs():
    return [f"live-{k}" for k in range(1, VERSIONED + 1)]


def live_text(slug, rev):
    """A versioned post: revision `rev` in the title, the description and the last paragraph."""
    day = datetime.date.today() - datetime.timedelta(days=1)
    filler = "\n\n".join(
        f"Paragraph {i} of {slug}: words that make the file several kilobytes long, so that a "
        "reader of a half-written file would see the title without the end of the body. " * 3
        for i in range(1, 9)
    )
    return (
        f'---\ntitle: "Live post {slug} revision {rev}"\ndate: {day.isoformat()}\n'
        f'description: "The description of {slug} revision {rev}."\n'
        f'tags: ["{LIVE_TAG}", "Live"]\n---\n\n{filler}\n\nThe end of {slug} revision {rev}.\n'
    )


def now():
    return time.time()


class Events:
    """The mutator's append-only log, one JSON object a line, flushed at once."""

    def __init__(self, path):
        self.file = open(path, "a", encoding="utf-8")

    def log(self, **event):
        event.setdefault("t", now())
        self.file.write(json.dumps(event) + "\n")
        self.file.flush()


class EventReader:
    """Reads the lines the mutator has appended since the last call."""

    def __init__(self, path):
        self.path = path
        self.offset = 0
        self.events = []
        self.by_slug = {}
        self.done = None

    def poll(self):
        with open(self.path, "rb") as file:
            file.seek(self.offset)
            data = file.read()
        end = data.rfind(b"\n") + 1
        self.offset += end
        for line in data[:end].splitlines():
            event = json.loads(line)
            self.events.append(event)
            if event.get("slug"):
                self.by_slug.setdefault(event["slug"], []).append(event)
            if event["action"] == "done":
                self.done = event

    def deleted_since(self, slug, rev):
        """Whether the mutator deleted `slug` at revision `rev` or later."""
        return any(
            e["action"] == "delete" and e.get("rev", 0) >= rev for e in self.by_slug.get(slug, [])
        )

    def staleness(self, slug, rev, at):
        """Seconds by which the state seen at `at` (revision `rev`, or None for absent) had
        already been replaced on disk: 0 when it was still the newest."""
        events = [e for e in self.by_slug.get(slug, []) if e["t"] <= at]
        if rev is None:
            deletes = [i for i, e in enumerate(events) if e["action"] == "delete"]
            start = deletes[-1] if deletes else len(events)
        else:
            writes = [i for i, e in enumerate(events) if e.get("valid") and e.get("rev") == rev]
            start = writes[0] if writes else len(events)
        for e in events[start + 1 :]:
            replaced = e["action"] == "delete" or (
                e.get("valid") and (rev is None or e.get("rev", 0) > rev)
            )
            if replaced:
                return max(0.0, at - e["t"])
        return 0.0


# ---- port, seed, paths ---------------------------------------------------------------------


def cmd_port(low, high):
    ports = list(range(int(low), int(high) + 1))
    random.shuffle(ports)
    for port in ports:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            print(port)
            return 0
    print(f"no free port in {low}-{high}", file=sys.stderr)
    return 1


def write_atomically(path, text):
    """Writes a whole file under a hidden name, then renames it: readers see old or new bytes."""
    directory, name = os.path.split(path)
    temp = os.path.join(directory, f".{name}.tmp")
    with open(temp, "w", encoding="utf-8") as file:
        file.write(text)
    os.replace(temp, path)


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


# ---- mutator -------------------------------------------------------------------------------

BREAKAGES = [
    ("front matter not closed", lambda text: text.replace("\n---\n", "\n", 1)),
    ("YAML syntax error", lambda text: text.replace('title: "', 'title: [unclosed "', 1)),
    ("a date that does not exist", lambda text: re.sub(r"date: \S+", "date: 2026-02-30", text, 1)),
    ("title missing", lambda text: re.sub(r"title: .*\n", "", text, 1)),
]


def cmd_mutate(posts, events_path):
    """Every INTERVAL: add, edit, break, delete, in rotation, for SECONDS; then repairs what it
    broke and logs the state the server must converge to."""
    events = Events(events_path)
    rng = random.Random(17)
    corpus = sorted(n for n in os.listdir(posts) if n.startswith("post-") and n.endswith(".md"))
    originals = {}
    live = {slug: {"rev": 1, "present": True, "broken": False} for slug in live_slugs()}
    added = []
    broken_corpus = []
    counts = {"add": 0, "edit": 0, "break": 0, "delete": 0}
    next_added = 1
    turn = {"bump": 0, "delete": 0, "break": 0}
    late = 0.0

    def original(name):
        if name not in originals:
            with open(os.path.join(posts, name), encoding="utf-8") as file:
                originals[name] = file.read()
        return originals[name]

    def write_in_place(name, text):
        # As an editor saving over the file: truncate, then write.
        with open(os.path.join(posts, name), "w", encoding="utf-8") as file:
            file.write(text)

    def next_live(want_present):
        return [s for s in live_slugs() if live[s]["present"] == want_present]

    def bump(slug, action):
        state = live[slug]
        state["rev"] += 1
        state["present"], state["broken"] = True, False
        write_atomically(os.path.join(posts, f"{slug}.md"), live_text(slug, state["rev"]))
        events.log(action=action, file=f"{slug}.md", slug=slug, rev=state["rev"], valid=True)

    def add(cycle):
        nonlocal next_added
        absent = next_live(False)
        if absent:
            bump(absent[0], "add")
            return
        name = f"lt-added-{next_added}.md"
        next_added += 1
        write_in_place(
            name,
            f'---\ntitle: "Added post {next_added - 1}"\ndate: 2025-06-01\n'
            f'description: "Added by the load test."\ntags: ["{LIVE_TAG}", "Added"]\n---\n\n'
            "A post the load test added.\n",
        )
        added.append(name)
        events.log(action="add", file=name, valid=True)

    def edit(cycle):
        if cycle % 2 == 0:
            present = next_live(True)
            slug = present[turn["bump"] % len(present)] if present else None
            turn["bump"] += 1
            if slug:
                bump(slug, "edit")
                return
        if broken_corpus:
            name = broken_corpus.pop(0)
            detail = "repaired"
        else:
            name = rng.choice(corpus)
            detail = "title changed"
        text = original(name).replace('title: "', f'title: "Edited {cycle}: ', 1)
        write_in_place(name, text)
        events.log(action="edit", file=name, detail=detail, valid=True)

    def break_one(cycle):
        kind, damage = BREAKAGES[turn["break"] % len(BREAKAGES)]
        turn["break"] += 1
        present = [s for s in next_live(True) if not live[s]["broken"]]
        if cycle % 2 == 1 and present:
            slug = present[cycle // 2 % len(present)]
            name = f"{slug}.md"
            text = damage(live_text(slug, live[slug]["rev"] + 1))
            live[slug]["broken"] = True
            write_in_place(name, text)
            events.log(action="break", file=name, slug=slug, detail=kind, valid=False)
            return
        name = rng.choice([n for n in corpus if n not in broken_corpus])
        write_in_place(name, damage(original(name)))
        broken_corpus.append(name)
        events.log(action="break", file=name, detail=kind, valid=False)

    def delete(cycle):
        present = next_live(True)
        if cycle % 3 == 2 and present:
            slug = present[turn["delete"] % len(present)]
            turn["delete"] += 1
            os.remove(os.path.join(posts, f"{slug}.md"))
            live[slug]["present"] = False
            live[slug]["broken"] = False
            events.log(action="delete", file=f"{slug}.md", slug=slug, rev=live[slug]["rev"])
        elif added:
            name = added.pop(0)
            os.remove(os.path.join(posts, name))
            events.log(action="delete", file=name)

    actions = [("add", add), ("edit", edit), ("break", break_one), ("delete", delete)]
    start = now()
    tick = 0
    while True:
        due = start + tick * INTERVAL
        if due - start >= SECONDS:
            break
        wait = due - now()
        if wait > 0:
            time.sleep(wait)
        late = max(late, now() - due)
        name, action = actions[tick % len(actions)]
        action(tick // len(actions))
        counts[name] += 1
        tick += 1
    # Leave a folder of valid posts, so the server's final state is known exactly.
    for name in broken_corpus:
        write_in_place(name, original(name))
        events.log(action="edit", file=name, detail="repaired at the end", valid=True)
    for slug in live_slugs():
        if live[slug]["broken"]:
            bump(slug, "edit")
    files = [n for n in os.listdir(posts) if n.endswith(".md") and not n.startswith(".")]
    events.log(
        action="done",
        counts=counts,
        ticks=tick,
        seconds=now() - start,
        max_late_ms=round(late * 1000, 1),
        posts=len(files),
        versioned={s: (live[s]["rev"] if live[s]["present"] else None) for s in live_slugs()},
    )
    return 0


# ---- checker -------------------------------------------------------------------------------


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


# ---- resident memory -----------------------------------------------------------------------


def cmd_rss(pid, out_path):
    start = now()
    with open(out_path, "w", encoding="utf-8") as out:
        second = 0
        while second <= SECONDS:
            wait = start + second - now()
            if wait > 0:
                time.sleep(wait)
            try:
                with open(f"/proc/{pid}/status", encoding="utf-8") as status:
                    rss = next(int(l.split()[1]) for l in status if l.startswith("VmRSS:"))
            except (OSError, StopIteration):
                break
            out.write(f"{second} {rss}\n")
            out.flush()
            second += 1
    return 0


# ---- report --------------------------------------------------------------------------------


def load_wrk(path):
    try:
        with open(path, encoding="utf-8") as file:
            for line in file:
                if line.startswith("LOADTEST_WRK "):
                    return json.loads(line.split(" ", 1)[1])
    except FileNotFoundError:
        pass
    return None


def mib(kb):
    return f"{kb / 1024:.1f} MiB"


def cmd_report(work, doc_path, server_status):
    failures = []

    def read(name):
        try:
            with open(os.path.join(work, name), encoding="utf-8", errors="replace") as file:
                return file.read()
        except FileNotFoundError:
            failures.append(f"no {name}: a helper did not finish")
            return ""

    pages = load_wrk(os.path.join(work, "wrk-pages.out"))
    missing = load_wrk(os.path.join(work, "wrk-missing.out"))
    no_edits = load_wrk(os.path.join(work, "wrk-baseline.out"))
    checker = json.loads(read("checker.json") or "null") or {
        "rounds": 0, "checks": {}, "requests": 0, "reconnects": 0, "statuses": {}, "failures": 0,
        "failure_lines": [], "revisions_seen": {}, "max_stale_s": 0, "max_stale_what": "",
        "converged_s": None,
    }
    events = [json.loads(line) for line in read("events.jsonl").splitlines() if line.strip()]
    done = next((e for e in events if e["action"] == "done"), None)
    samples = [tuple(map(int, l.split())) for l in read("rss.txt").splitlines() if l.strip()]
    log = read("server.log").splitlines()

    # wrk: every page 2xx, every missing path 404, no socket errors.
    runs = [("pages without edits", no_edits), ("pages", pages), ("404 paths", missing)]
    for name, run in runs:
        if run is None:
            failures.append(f"wrk ({name}) printed no result")
            continue
        five = sum(v for k, v in run["statuses"].items() if k.startswith("5"))
        if five:
            failures.append(f"wrk ({name}): {five} responses 5xx")
        if run["unexpected"]:
            kinds = ", ".join(f"{n} x {k}" for k, n in sorted(run["unexpected_kinds"].items()))
            failures.append(f"wrk ({name}): {run['unexpected']} unexpected answers ({kinds})")
        socket_errors = sum(v for k, v in run["errors"].items() if k != "status")
        if socket_errors:
            failures.append(f"wrk ({name}): socket errors {run['errors']}")
    if checker["failures"]:
        first = "".join(f"\n  - {line}" for line in checker["failure_lines"][:20])
        failures.append(f"checker: {checker['failures']} failed checks, the first ones:{first}")
    if checker["converged_s"] is None:
        failures.append("the server never showed the mutator's final folder")
    if sum(checker["revisions_seen"].values()) <= len(checker["revisions_seen"]):
        failures.append("the checker never saw a post change: no edit reached the server")
    if done is None:
        failures.append("the mutator did not finish")

    # Memory: baseline is the mean over the window after warm-up, end the mean over the last one.
    rss = dict(samples)
    last = max(rss) if rss else 0
    warmup = min(WARMUP_SECONDS, last / 3)
    window = max(1.0, min(10.0, (last - warmup) / 2))
    base_vals = [v for t, v in samples if warmup <= t < warmup + window]
    end_vals = [v for t, v in samples if t > last - window]
    after = [v for t, v in samples if t >= warmup]
    memory = None
    if base_vals and end_vals:
        baseline = sum(base_vals) / len(base_vals)
        end = sum(end_vals) / len(end_vals)
        peak = max(after)
        memory = {
            "start": samples[0][1],
            "baseline": baseline,
            "end": end,
            "max": peak,
            "drift": (end - baseline) / baseline * 100,
            "peak_drift": (peak - baseline) / baseline * 100,
            "windows": f"{warmup:.0f}-{warmup + window:.0f} s and {last - window:.0f}-{last} s",
        }
        if abs(memory["drift"]) > RSS_LIMIT:
            failures.append(f"resident memory moved {memory['drift']:+.1f}% after warm-up")
        if memory["peak_drift"] > RSS_LIMIT:
            failures.append(f"resident memory peaked {memory['peak_drift']:+.1f}% over the level after warm-up")
    else:
        failures.append("too few memory samples")

    panics = [l for l in log if "panicked" in l]
    errors = [l for l in log if " ERROR " in l or l.startswith("ERROR")]
    if panics:
        failures.append(f"the server panicked: {panics[0][:200]}")
    if errors:
        failures.append(f"the server logged {len(errors)} errors: {errors[0][:200]}")
    if server_status != "0":
        failures.append(f"the server exited with status {server_status} on SIGTERM (expected 0)")

    # ---- the summary ----
    def rate(run):
        return run["requests"] / (run["duration_us"] / 1e6) if run and run["duration_us"] else 0

    # Edits may cost at most half the throughput of the same pages without them.
    edit_ratio = rate(pages) / rate(no_edits) if pages and rate(no_edits) else None
    if edit_ratio is not None and edit_ratio < 0.5:
        failures.append(f"with edits the pages were served at {edit_ratio:.2f}x the rate without (expected at least 0.5x)")

    lines = []
    lines.append(f"Run {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')} "
                 f"on {os.cpu_count()} cores: {SECONDS:.0f} s of load, a mutation every "
                 f"{INTERVAL * 1000:.0f} ms, {os.environ.get('LOADTEST_POSTS', '200')} posts, "
                 f"wrk {os.environ.get('LOADTEST_CONNECTIONS', '32')} connections "
                 f"(`make loadtest`).")
    lines.append("")
    lines.append("| load | requests | req/s | statuses | unexpected | socket errors | p50 / p99 ms |")
    lines.append("|---|---|---|---|---|---|---|")
    for name, run in runs:
        if run is None:
            lines.append(f"| {name} | no result | | | | | |")
            continue
        statuses = ", ".join(f"{k}: {v}" for k, v in sorted(run["statuses"].items()))
        socket_errors = sum(v for k, v in run["errors"].items() if k != "status")
        lines.append(
            f"| wrk, {name} | {run['requests']} | {rate(run):.0f} | {statuses} | {run['unexpected']} "
            f"| {socket_errors} | {run['latency_us']['p50'] / 1000:.2f} / "
            f"{run['latency_us']['p99'] / 1000:.2f} |"
        )
    if edit_ratio is not None:
        lines.append(f"| pages with edits / without | | {edit_ratio:.2f}x | | | | |")
    statuses = ", ".join(f"{k}: {v}" for k, v in checker["statuses"].items())
    lines.append(f"| checker | {checker['requests']} | | {statuses} | {checker['failures']} failed checks | | |")
    lines.append("")
    if done:
        counts = ", ".join(f"{v} {k}s" for k, v in done["counts"].items())
        lines.append(f"- Mutations: {sum(done['counts'].values())} in {done['seconds']:.1f} s "
                     f"({counts}); at most {done['max_late_ms']} ms late; {done['posts']} posts at the end.")
    checks = ", ".join(f"{v} {k}" for k, v in checker["checks"].items())
    lines.append(f"- Checker: {sum(checker['checks'].values())} checks in {checker['rounds']} rounds "
                 f"({checks}); {checker['failures']} failed; {checker['reconnects']} reconnections.")
    seen = ", ".join(f"{s}: {n}" for s, n in checker["revisions_seen"].items())
    lines.append(f"- Revisions of the versioned posts the checker saw: {seen}. Longest a replaced "
                 f"version was still served: {checker['max_stale_s']} s"
                 + (f" ({checker['max_stale_what']})" if checker["max_stale_what"] else "") + ".")
    converged = checker["converged_s"]
    lines.append("- After the last mutation the server showed the final folder "
                 + (f"within {converged} s." if converged is not None else "NEVER (within the limit)."))
    if memory:
        lines.append(
            f"- Resident memory: {mib(memory['start'])} at the start, {mib(memory['baseline'])} after "
            f"warm-up, {mib(memory['end'])} at the end, {mib(memory['max'])} at most; drift "
            f"{memory['drift']:+.1f}%, peak {memory['peak_drift']:+.1f}% (means over {memory['windows']}; "
            f"limit {RSS_LIMIT:.0f}%)."
        )
    lines.append(f"- Server log: {len(log)} lines, {len(panics)} panics, {len(errors)} errors; "
                 f"exit status {server_status} on SIGTERM.")
    lines.append("")
    if failures:
        lines.append("**FAILED:**")
        lines.append("")
        lines += [f"- {f}" for f in failures]
    else:
        lines.append("**Passed.**")
    summary = "\n".join(lines) + "\n"
    print(summary)

    if doc_path:
        heading = "## Last run"
        try:
            with open(doc_path, encoding="utf-8") as file:
                text = file.read()
        except FileNotFoundError:
            text = "# Load test\n\n"
        head = text.split(f"\n{heading}\n", 1)[0].rstrip("\n")
        with open(doc_path, "w", encoding="utf-8") as file:
            file.write(f"{head}\n\n{heading}\n\n{summary}")
    return 1 if failures else 0


def main(argv):
    commands = {
        "port": (cmd_port, 2),
        "seed": (cmd_seed, 2),
        "paths": (cmd_paths, 3),
        "mutate": (cmd_mutate, 2),
        "check": (cmd_check, 3),
        "rss": (cmd_rss, 2),
        "report": (cmd_report, 3),
    }
    if len(argv) < 2 or argv[1] not in commands or len(argv) - 2 != commands[argv[1]][1]:
        print(__doc__, file=sys.stderr)
        return 2
    return commands[argv[1]][0](*argv[2:])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
