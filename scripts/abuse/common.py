"""Settings and helpers every abuse helper shares: the knobs from the environment (see
scripts/abuse.sh), the limits read back from the server's Leptos.toml, the clock, a small HTTP
GET on loopback and the parser of wrk's output."""

import http.client
import json
import os
import re
import time
import tomllib


def knob(name, default):
    return float(os.environ.get(name, default))


SECONDS = knob("ABUSE_SECONDS", "30")
TRICKLERS = int(knob("ABUSE_TRICKLERS", "2000"))
IDLERS = int(knob("ABUSE_IDLERS", "2000"))
OPEN_RATE = knob("ABUSE_OPEN_RATE", "1000")
TRICKLE_MIN = knob("ABUSE_TRICKLE_MIN_SECONDS", "1")
TRICKLE_MAX = knob("ABUSE_TRICKLE_MAX_SECONDS", "2")
SLACK = knob("ABUSE_SLACK_SECONDS", "2")
EARLY = knob("ABUSE_EARLY_SECONDS", "0.5")
ATTACK_LIMIT = knob("ABUSE_ATTACK_LIMIT_SECONDS", "150")
ATTACK_PATH = os.environ.get("ABUSE_ATTACK_PATH", "/robots.txt")
P99_RATIO = knob("ABUSE_P99_RATIO", "5")
RSS_LIMIT = knob("ABUSE_RSS_LIMIT_PERCENT", "10")
PRESSURE = knob("ABUSE_PRESSURE_PERCENT", "90")
RESTART_SECONDS = knob("ABUSE_RESTART_SECONDS", "20")
RESTARTS = int(knob("ABUSE_RESTARTS", "3"))
READY_SECONDS = knob("ABUSE_READY_SECONDS", "30")
CONNECTIONS = int(knob("ABUSE_CONNECTIONS", "32"))
NOFILE = int(knob("ABUSE_NOFILE", "1024"))
# What the server keeps for files and logs out of its open-files limit (src/server/listener.rs).
RESERVED_DESCRIPTORS = 128


def now():
    return time.time()


def limits(config_path):
    """The connection limits the checks hold the server to, read from the Leptos.toml written
    for it (defaults as documented in docs/deploy.md when a key is absent)."""
    with open(config_path, "rb") as file:
        server = tomllib.load(file).get("server", {})
    nofile = NOFILE
    return {
        "head": float(server.get("head_timeout_seconds", 10)),
        "idle": float(server.get("idle_timeout_seconds", 60)),
        "drain": float(server.get("drain_seconds", 10)),
        "max_connections": int(server.get("max_connections", nofile - RESERVED_DESCRIPTORS)),
        "nofile": nofile,
    }


def read_json(path, default=None):
    try:
        with open(path, encoding="utf-8") as file:
            return json.load(file)
    except (FileNotFoundError, json.JSONDecodeError):
        return default


def write_json(path, value):
    temp = f"{path}.tmp"
    with open(temp, "w", encoding="utf-8") as file:
        json.dump(value, file, indent=1, sort_keys=True)
    os.replace(temp, path)


def get(port, path, timeout=10, headers=None):
    """(status, headers dict, body bytes) of GET path on a fresh loopback connection."""
    conn = http.client.HTTPConnection("127.0.0.1", int(port), timeout=timeout)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        body = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        conn.close()


def parse_wrk(path):
    """wrk's result: the LOADTEST_WRK line of scripts/loadtest/wrk.lua (statuses, p50/p99), and
    from wrk's own text the `Socket errors` and `Non-2xx or 3xx responses` lines and the
    --latency distribution. None when the file has no result."""
    try:
        with open(path, encoding="utf-8", errors="replace") as file:
            text = file.read()
    except FileNotFoundError:
        return None
    result = None
    for line in text.splitlines():
        if line.startswith("LOADTEST_WRK "):
            result = json.loads(line.split(" ", 1)[1])
    if result is None:
        return None
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    result["socket_errors"] = dict(zip(["connect", "read", "write", "timeout"],
                                       map(int, errors.groups()))) if errors else {
        k: result["errors"][k] for k in ("connect", "read", "write", "timeout")}
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    result["non_2xx_3xx"] = int(non2xx.group(1)) if non2xx else 0
    result["distribution"] = {m.group(1): m.group(2) for m in
                              re.finditer(r"^\s+(50|75|90|99)%\s+(\S+)", text, re.M)}
    result["rate"] = result["requests"] / (result["duration_us"] / 1e6) if result["duration_us"] else 0
    return result


def phases(path):
    """The driver's timeline: `name epoch` lines (scripts/abuse.sh `mark`)."""
    marks = {}
    try:
        with open(path, encoding="utf-8") as file:
            for line in file:
                parts = line.split()
                if len(parts) == 2:
                    marks[parts[0]] = float(parts[1])
    except FileNotFoundError:
        pass
    return marks
