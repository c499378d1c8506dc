#!/usr/bin/env python3
"""The helper processes of scripts/abuse.sh (Python standard library only).

    abuse.py port LOW HIGH                       a free loopback port in [LOW, HIGH]
    abuse.py posts COUNT DIR                     small posts, when no gen_corpus binary is built
    abuse.py config DIR PORT                     DIR/Leptos.toml with the short limits; DIR/limits.json
    abuse.py paths PORT OUT                      wrk's path list: every page type, each checked 200
    abuse.py sample PID OUT STOP                 the server's VmRSS and descriptors every second
    abuse.py attack PORT OUT                     the trickling and idle attackers, timed per connection
    abuse.py restarts BIN SITE_ROOT WORK LUA PORT  wrk through three restarts on a held socket
    abuse.py report WORK DOC SERVER_STATUS       summary, the results in DOC, exit 1 on a failure

Settings come from the environment (see scripts/abuse.sh and docs/abuse.md).
"""

# The command line and its dispatch. Each command lives in a sibling module, imported by its
# plain name (this script's folder is on sys.path): common (settings, limits, wrk's output),
# prepare (port, posts, config, paths), memory (sample), attackers (attack), restarts
# (restarts), report (report).

import os
import sys

sys.path.insert(1, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from harness import dispatch  # noqa: E402 (after the path)

from attackers import cmd_attack
from memory import cmd_sample
from prepare import cmd_config, cmd_paths, cmd_port, cmd_posts
from report import cmd_report
from restarts import cmd_restarts


def main(argv):
    commands = {
        "port": (cmd_port, 2),
        "posts": (cmd_posts, 2),
        "config": (cmd_config, 2),
        "paths": (cmd_paths, 2),
        "sample": (cmd_sample, 3),
        "attack": (cmd_attack, 2),
        "restarts": (cmd_restarts, 5),
        "report": (cmd_report, 3),
    }
    return dispatch(commands, argv, __doc__)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
