"""The mutator (`mutate`): every interval it adds, edits, breaks or deletes a post, in rotation,
logging each change; at the end it repairs what is broken and logs the final folder."""

import os
import random
import re
import time

from common import INTERVAL, LIVE_TAG, SECONDS, live_slugs, live_text, now, write_atomically
from eventlog import Events

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
