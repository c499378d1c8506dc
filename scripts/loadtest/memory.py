"""Resident memory (`rss`): the server's VmRSS from /proc/PID/status, one sample a second."""

import time

from common import SECONDS, now


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
