#!/usr/bin/env python3
"""The helper processes of scripts/loadtest.sh (Python standard library only).

    live.py port LOW HIGH                      a free loopback port in [LOW, HIGH]
    live.py seed POSTS EVENTS                  write the versioned posts at revision 1
    live.py paths BASE PAGES MISSING           the wrk path lists: every page type, and 404s
    live.py mutate POSTS EVENTS                add, edit, break, delete a post every interval
    live.py check BASE EVENTS RESULT           fetch the versioned posts, check every answer
    live.py rss PID OUT                        the server's VmRSS every second
    live.py report DIR DOC SERVER_STATUS       summary, the results in DOC, exit 1 on a failure

Versioned posts (`live-1` ... `live-K`) carry their revision N in the title, the description and
the last paragraph: "live-1 revision N". A response that names two revisions of one post was
rendered from a mix of indexes, or from a half-written file. The mutator appends every change it
makes to EVENTS (JSON lines), so the checker knows which revisions exist, when each was replaced
and which posts were deleted. Settings come from the environment (see scripts/loadtest.sh).
"""

# The command line and its dispatch. Each command lives in a sibling module, imported by its
# plain name (this script's folder is on sys.path): common (settings, versioned posts), eventlog
# (the mutator's event log), prepare (port, seed, paths), mutator (mutate), checker (check),
# memory (rss), report (report).

import os
import sys

sys.path.insert(1, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from harness import dispatch  # noqa: E402 (after the path)

from checker import cmd_check
from memory import cmd_rss
from mutator import cmd_mutate
from prepare import cmd_paths, cmd_port, cmd_seed
from report import cmd_report


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
    return dispatch(commands, argv, __doc__)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
