"""The server's footprint (`sample`): once a second, VmRSS from /proc/PID/status and the open
descriptors in /proc/PID/fd (all, and sockets: the listener and one per accepted connection),
as `epoch rss_kb fds sockets` lines, until the process is gone or STOP exists."""

import os
import time

from common import now


def footprint(pid):
    """(rss_kb, fds, sockets) of pid, or None once it is gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="utf-8") as status:
            rss = next(int(l.split()[1]) for l in status if l.startswith("VmRSS:"))
        fds = sockets = 0
        for fd in os.listdir(f"/proc/{pid}/fd"):
            fds += 1
            try:
                if os.readlink(f"/proc/{pid}/fd/{fd}").startswith("socket:"):
                    sockets += 1
            except OSError:
                pass
        return rss, fds, sockets
    except (OSError, StopIteration):
        return None


def cmd_sample(pid, out_path, stop_path):
    start = now()
    with open(out_path, "w", encoding="utf-8") as out:
        second = 0
        while not os.path.exists(stop_path):
            wait = start + second - now()
            if wait > 0:
                time.sleep(wait)
            sample = footprint(pid)
            if sample is None:
                break
            out.write(f"{now():.3f} {sample[0]} {sample[1]} {sample[2]}\n")
            out.flush()
            second += 1
    return 0
