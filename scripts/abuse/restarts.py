"""Restarts through an inherited socket (`restarts`): this process holds the listening socket, as
systemd's socket unit does, and the server only ever serves it (LISTEN_FDS=1, descriptor 3).

It binds 127.0.0.1:PORT (backlog 4096), starts the server on it and waits for it to log that it
is serving, then runs wrk (scripts/loadtest/wrk.lua over the page list, 2 threads,
ABUSE_CONNECTIONS connections) for ABUSE_RESTART_SECONDS (20) and a prober that opens a fresh
connection for every request (one every 20 ms, `/` and `/healthz` in turn, `Connection: close`),
so connections are being made while each restart happens. ABUSE_RESTARTS (3) times, evenly spread over the
run, it restarts the server in the order that leaves no gap: start the new process (it takes
the same socket; connections queue in the backlog while it loads), wait until it logs that it
is serving, and only then SIGTERM the old one, which stops accepting, finishes its requests and
exits; both accept from the one socket in between. At the end the last server gets SIGTERM.

The result (each restart's times and exit statuses, the prober's counts) goes to
restarts.json, wrk's output to wrk-restarts.out. The checks are made by the report."""

import fcntl
import json
import os
import re
import resource
import signal
import socket
import subprocess
import sys
import threading
import time

from common import (CONNECTIONS, NOFILE, READY_SECONDS, RESTARTS, RESTART_SECONDS, get, now,
                    read_json)

SERVING = re.compile(r"serving .* on http://")
# The descriptor the socket is passed on to the shell, which moves it to 3 before exec (dash
# takes single-digit descriptors only).
HANDOFF_FD = 9


class Servers:
    """The servers started so far, each with its log file."""

    def __init__(self, binary, site_root, folder, port, fd):
        self.binary, self.site_root, self.folder, self.port, self.fd = (
            binary, site_root, folder, port, fd)
        self.started = []

    def start(self, name):
        log_path = os.path.join(self.folder, f"{name}.log")
        log = open(log_path, "wb")
        env = dict(os.environ, LEPTOS_ENV="PROD", LEPTOS_OUTPUT_NAME="quire",
                   LEPTOS_SITE_ROOT=self.site_root, QUIRE_DRAFTS="0",
                   RUST_LOG=os.environ.get("ABUSE_RUST_LOG", "info"))
        # LISTEN_PID must be the server's own pid: the shell exports its own, then becomes the
        # server (as in tests/connections.rs), with the socket moved to descriptor 3 on the way.
        script = (f'ulimit -n {NOFILE}; export LISTEN_PID=$$ LISTEN_FDS=1; '
                  f'exec "$0" "$@" 3<&{HANDOFF_FD} {HANDOFF_FD}<&-')
        process = subprocess.Popen(
            ["sh", "-c", script, self.binary, "serve", "--addr", f"127.0.0.1:{self.port}"],
            cwd=os.path.join(self.folder, "site"), env=env, stdin=subprocess.DEVNULL,
            stdout=log, stderr=subprocess.STDOUT, pass_fds=(self.fd,))
        log.close()
        self.started.append((name, process, log_path))
        return process, log_path

    def stop_all(self):
        for _, process, _ in self.started:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for _, process, _ in self.started:
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_serving(process, log_path, limit):
    """Seconds until the server logged that it is serving, or None (it exited or took longer)."""
    start = now()
    while now() - start < limit:
        with open(log_path, encoding="utf-8", errors="replace") as file:
            if SERVING.search(file.read()):
                return now() - start
        if process.poll() is not None:
            return None
        time.sleep(0.01)
    return None


def stop(process, limit):
    """SIGTERM, then (exit status, seconds to exit); a server still running after `limit` is
    killed and reported with status None."""
    start = now()
    process.send_signal(signal.SIGTERM)
    try:
        status = process.wait(limit)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        status = None
    return status, now() - start


class Prober(threading.Thread):
    """A fresh connection for each request, every 20 ms, until told to stop: the home page and
    /healthz in turn, as a reader and a load balancer would. Counts failed connections, statuses
    by path, and the slowest answer."""

    PATHS = ("/", "/healthz")

    def __init__(self, port):
        super().__init__(daemon=True)
        self.port = port
        self.halt = threading.Event()
        self.attempts = 0
        self.failures = {}
        self.statuses = {path: {} for path in self.PATHS}
        self.slowest = 0.0
        self.slowest_at = None

    def run(self):
        while not self.halt.is_set():
            path = self.PATHS[self.attempts % len(self.PATHS)]
            start = now()
            self.attempts += 1
            try:
                status = get(self.port, path, timeout=10, headers={"Connection": "close"})[0]
                counts = self.statuses[path]
                counts[str(status)] = counts.get(str(status), 0) + 1
            except (OSError, ValueError) as error:
                kind = type(error).__name__
                self.failures[kind] = self.failures.get(kind, 0) + 1
            took = now() - start
            if took > self.slowest:
                self.slowest, self.slowest_at = took, start
            self.halt.wait(max(0.0, 0.02 - took))


def cmd_restarts(binary, site_root, folder, lua, port):
    """Works in `folder` (the run's temporary folder): serves folder/site, requests the paths
    of folder/pages.txt, writes folder/restarts.json, folder/wrk-restarts.out and one log per
    server, folder/server-restart-K.log."""
    port = int(port)
    pages = os.path.join(folder, "pages.txt")
    out_path = os.path.join(folder, "restarts.json")
    wrk_out = os.path.join(folder, "wrk-restarts.out")
    limits = read_json(os.path.join(folder, "site", "limits.json"))
    drain = limits["drain"]
    holder = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    holder.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    holder.bind(("127.0.0.1", port))
    holder.listen(4096)
    handoff = fcntl.fcntl(holder.fileno(), fcntl.F_DUPFD, HANDOFF_FD)
    if handoff != HANDOFF_FD:
        os.dup2(handoff, HANDOFF_FD)
        os.close(handoff)
    servers = Servers(binary, site_root, folder, port, HANDOFF_FD)
    result = {"port": port, "restarts": [], "wrk_seconds": RESTART_SECONDS, "backlog": 4096,
              "wrk_out": wrk_out}
    prober = Prober(port)

    def on_term(signum, _frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, on_term)
    try:
        run(servers, result, prober, lua, pages, port, drain)
    finally:
        prober.halt.set()
        if result.get("wrk") is not None and result["wrk"].poll() is None:
            result["wrk"].terminate()
            result["wrk"].wait()
        result.pop("wrk", None)
        servers.stop_all()
        holder.close()
        origin = result.get("wrk_started", 0)
        result["prober"] = {"attempts": prober.attempts, "failures": prober.failures,
                            "statuses": prober.statuses, "slowest_s": round(prober.slowest, 3),
                            "slowest_at_s": round(prober.slowest_at - origin, 2)
                            if prober.slowest_at else None}
        result["logs"] = [log for _, _, log in servers.started]
        result["rlimit_nofile"] = list(resource.getrlimit(resource.RLIMIT_NOFILE))
    return finish(result, out_path)


def run(servers, result, prober, lua, pages, port, drain):
    """The first server, wrk and the prober, the restarts, the last SIGTERM."""
    current, log_path = servers.start("server-restart-0")
    result["first_pid"] = current.pid
    result["first_ready_s"] = wait_serving(current, log_path, READY_SECONDS)
    if result["first_ready_s"] is None:
        result["error"] = f"the first server never logged that it was serving ({log_path})"
        return
    status = get(port, "/healthz")[0]
    if status != 200:
        result["error"] = f"/healthz answered {status} through the held socket"
        return
    start = result["wrk_started"] = now()
    with open(result["wrk_out"], "wb") as out:
        result["wrk"] = wrk = subprocess.Popen(
            ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{RESTART_SECONDS:.0f}s", "--timeout", "10s",
             "--latency", "-s", lua, f"http://127.0.0.1:{port}", "--", pages, "2xx"],
            stdout=out, stderr=subprocess.STDOUT)
    prober.start()
    for k in range(1, RESTARTS + 1):
        due = start + RESTART_SECONDS * k / (RESTARTS + 1)
        time.sleep(max(0.0, due - now()))
        at = now() - start
        new, new_log = servers.start(f"server-restart-{k}")
        ready = wait_serving(new, new_log, READY_SECONDS)
        row = {"at_s": round(at, 2), "old_pid": current.pid, "new_pid": new.pid,
               "new_ready_s": ready}
        result["restarts"].append(row)
        if ready is None:
            result["error"] = f"restart {k}: the new server never logged that it was serving ({new_log})"
            return
        row["old_status"], row["old_exit_s"] = stop(current, drain + 5)
        current = new
    wrk.wait(RESTART_SECONDS + 30)
    prober.halt.set()
    prober.join(15)
    result["final_status"], result["final_exit_s"] = stop(current, drain + 5)


def finish(result, out_path):
    with open(out_path, "w", encoding="utf-8") as file:
        json.dump(result, file, indent=1)
    if result.get("error"):
        print(f"restarts: {result['error']}", file=sys.stderr)
        return 1
    return 0
