"""The mutator's event log (JSON lines): the writer the mutator appends to, and the reader with
which the checker follows it and asks which revision was current when."""

import json

from common import now


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
