"""What the Python helpers of the harnesses (scripts/loadtest/live.py, scripts/abuse/abuse.py)
share: a free loopback port, the command line's dispatch, and the "Last run" section of a doc.
Each entry script puts this folder on sys.path before importing its modules."""

import random
import socket
import sys


def cmd_port(low, high):
    """Prints a loopback port in [low, high] that nothing listens on now."""
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


def dispatch(commands, argv, usage):
    """Runs `argv[1]` from `commands` (name -> (function, number of arguments)); the usage and
    exit status 2 for anything else."""
    if len(argv) < 2 or argv[1] not in commands or len(argv) - 2 != commands[argv[1]][1]:
        print(usage, file=sys.stderr)
        return 2
    return commands[argv[1]][0](*argv[2:])


def write_last_run(doc_path, summary, title):
    """Replaces the "## Last run" section at the end of the doc at `doc_path` (made with the
    heading `title` if missing) with `summary`."""
    heading = "## Last run"
    try:
        with open(doc_path, encoding="utf-8") as file:
            text = file.read()
    except FileNotFoundError:
        text = f"# {title}\n\n"
    top = text.split(f"\n{heading}\n", 1)[0].rstrip("\n")
    with open(doc_path, "w", encoding="utf-8") as file:
        file.write(f"{top}\n\n{heading}\n\n{summary}")
