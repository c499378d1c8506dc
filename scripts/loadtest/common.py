"""Settings and helpers every load-test helper shares: the knobs from the environment (see
scripts/loadtest.sh), the versioned posts' names and text, the clock, and atomic file writes."""

import datetime
import os
import time

VERSIONED = int(os.environ.get("LOADTEST_VERSIONED", "4"))
SECONDS = float(os.environ.get("LOADTEST_SECONDS", "60"))
INTERVAL = float(os.environ.get("LOADTEST_INTERVAL_MS", "100")) / 1000
CONVERGE_SECONDS = float(os.environ.get("LOADTEST_CONVERGE_SECONDS", "10"))
MAX_STALE_SECONDS = float(os.environ.get("LOADTEST_MAX_STALE_SECONDS", "5"))
WARMUP_SECONDS = float(os.environ.get("LOADTEST_WARMUP_SECONDS", "10"))
RSS_LIMIT = float(os.environ.get("LOADTEST_RSS_LIMIT_PERCENT", "10"))
LIVE_TAG = "Loadtest"


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


def write_atomically(path, text):
    """Writes a whole file under a hidden name, then renames it: readers see old or new bytes."""
    directory, name = os.path.split(path)
    temp = os.path.join(directory, f".{name}.tmp")
    with open(temp, "w", encoding="utf-8") as file:
        file.write(text)
    os.replace(temp, path)
