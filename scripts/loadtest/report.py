"""The report (`report`): reads the run's files (wrk results, checker result, event log, memory
samples, server log), decides pass or fail, prints the summary and writes it under "Last run"."""

import datetime
import json
import os

from common import INTERVAL, RSS_LIMIT, SECONDS, WARMUP_SECONDS
from harness import write_last_run


def load_wrk(path):
    try:
        with open(path, encoding="utf-8") as file:
            for line in file:
                if line.startswith("LOADTEST_WRK "):
                    return json.loads(line.split(" ", 1)[1])
    except FileNotFoundError:
        pass
    return None


def mib(kb):
    return f"{kb / 1024:.1f} MiB"


def cmd_report(work, doc_path, server_status):
    failures = []

    def read(name):
        try:
            with open(os.path.join(work, name), encoding="utf-8", errors="replace") as file:
                return file.read()
        except FileNotFoundError:
            failures.append(f"no {name}: a helper did not finish")
            return ""

    pages = load_wrk(os.path.join(work, "wrk-pages.out"))
    missing = load_wrk(os.path.join(work, "wrk-missing.out"))
    no_edits = load_wrk(os.path.join(work, "wrk-baseline.out"))
    checker = json.loads(read("checker.json") or "null") or {
        "rounds": 0, "checks": {}, "requests": 0, "reconnects": 0, "statuses": {}, "failures": 0,
        "failure_lines": [], "revisions_seen": {}, "max_stale_s": 0, "max_stale_what": "",
        "converged_s": None,
    }
    events = [json.loads(line) for line in read("events.jsonl").splitlines() if line.strip()]
    done = next((e for e in events if e["action"] == "done"), None)
    samples = [tuple(map(int, l.split())) for l in read("rss.txt").splitlines() if l.strip()]
    log = read("server.log").splitlines()

    # wrk: every page 2xx, every missing path 404, no socket errors.
    runs = [("pages without edits", no_edits), ("pages", pages), ("404 paths", missing)]
    for name, run in runs:
        if run is None:
            failures.append(f"wrk ({name}) printed no result")
            continue
        five = sum(v for k, v in run["statuses"].items() if k.startswith("5"))
        if five:
            failures.append(f"wrk ({name}): {five} responses 5xx")
        if run["unexpected"]:
            kinds = ", ".join(f"{n} x {k}" for k, n in sorted(run["unexpected_kinds"].items()))
            failures.append(f"wrk ({name}): {run['unexpected']} unexpected answers ({kinds})")
        socket_errors = sum(v for k, v in run["errors"].items() if k != "status")
        if socket_errors:
            failures.append(f"wrk ({name}): socket errors {run['errors']}")
    if checker["failures"]:
        first = "".join(f"\n  - {line}" for line in checker["failure_lines"][:20])
        failures.append(f"checker: {checker['failures']} failed checks, the first ones:{first}")
    if checker["converged_s"] is None:
        failures.append("the server never showed the mutator's final folder")
    if sum(checker["revisions_seen"].values()) <= len(checker["revisions_seen"]):
        failures.append("the checker never saw a post change: no edit reached the server")
    if done is None:
        failures.append("the mutator did not finish")

    # Memory: baseline is the mean over the window after warm-up, end the mean over the last one.
    rss = dict(samples)
    last = max(rss) if rss else 0
    warmup = min(WARMUP_SECONDS, last / 3)
    window = max(1.0, min(10.0, (last - warmup) / 2))
    base_vals = [v for t, v in samples if warmup <= t < warmup + window]
    end_vals = [v for t, v in samples if t > last - window]
    after = [v for t, v in samples if t >= warmup]
    memory = None
    if base_vals and end_vals:
        baseline = sum(base_vals) / len(base_vals)
        end = sum(end_vals) / len(end_vals)
        peak = max(after)
        memory = {
            "start": samples[0][1],
            "baseline": baseline,
            "end": end,
            "max": peak,
            "drift": (end - baseline) / baseline * 100,
            "peak_drift": (peak - baseline) / baseline * 100,
            "windows": f"{warmup:.0f}-{warmup + window:.0f} s and {last - window:.0f}-{last} s",
        }
        if abs(memory["drift"]) > RSS_LIMIT:
            failures.append(f"resident memory moved {memory['drift']:+.1f}% after warm-up")
        if memory["peak_drift"] > RSS_LIMIT:
            failures.append(f"resident memory peaked {memory['peak_drift']:+.1f}% over the level after warm-up")
    else:
        failures.append("too few memory samples")

    panics = [l for l in log if "panicked" in l]
    errors = [l for l in log if " ERROR " in l or l.startswith("ERROR")]
    if panics:
        failures.append(f"the server panicked: {panics[0][:200]}")
    if errors:
        failures.append(f"the server logged {len(errors)} errors: {errors[0][:200]}")
    if server_status != "0":
        failures.append(f"the server exited with status {server_status} on SIGTERM (expected 0)")

    # ---- the summary ----
    def rate(run):
        return run["requests"] / (run["duration_us"] / 1e6) if run and run["duration_us"] else 0

    # Edits may cost at most half the throughput of the same pages without them.
    edit_ratio = rate(pages) / rate(no_edits) if pages and rate(no_edits) else None
    if edit_ratio is not None and edit_ratio < 0.5:
        failures.append(f"with edits the pages were served at {edit_ratio:.2f}x the rate without (expected at least 0.5x)")

    lines = []
    lines.append(f"Run {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')} "
                 f"on {os.cpu_count()} cores: {SECONDS:.0f} s of load, a mutation every "
                 f"{INTERVAL * 1000:.0f} ms, {os.environ.get('LOADTEST_POSTS', '200')} posts, "
                 f"wrk {os.environ.get('LOADTEST_CONNECTIONS', '32')} connections "
                 f"(`make loadtest`).")
    lines.append("")
    lines.append("| load | requests | req/s | statuses | unexpected | socket errors | p50 / p99 ms |")
    lines.append("|---|---|---|---|---|---|---|")
    for name, run in runs:
        if run is None:
            lines.append(f"| {name} | no result | | | | | |")
            continue
        statuses = ", ".join(f"{k}: {v}" for k, v in sorted(run["statuses"].items()))
        socket_errors = sum(v for k, v in run["errors"].items() if k != "status")
        lines.append(
            f"| wrk, {name} | {run['requests']} | {rate(run):.0f} | {statuses} | {run['unexpected']} "
            f"| {socket_errors} | {run['latency_us']['p50'] / 1000:.2f} / "
            f"{run['latency_us']['p99'] / 1000:.2f} |"
        )
    if edit_ratio is not None:
        lines.append(f"| pages with edits / without | | {edit_ratio:.2f}x | | | | |")
    statuses = ", ".join(f"{k}: {v}" for k, v in checker["statuses"].items())
    lines.append(f"| checker | {checker['requests']} | | {statuses} | {checker['failures']} failed checks | | |")
    lines.append("")
    if done:
        counts = ", ".join(f"{v} {k}s" for k, v in done["counts"].items())
        lines.append(f"- Mutations: {sum(done['counts'].values())} in {done['seconds']:.1f} s "
                     f"({counts}); at most {done['max_late_ms']} ms late; {done['posts']} posts at the end.")
    checks = ", ".join(f"{v} {k}" for k, v in checker["checks"].items())
    lines.append(f"- Checker: {sum(checker['checks'].values())} checks in {checker['rounds']} rounds "
                 f"({checks}); {checker['failures']} failed; {checker['reconnects']} reconnections.")
    seen = ", ".join(f"{s}: {n}" for s, n in checker["revisions_seen"].items())
    lines.append(f"- Revisions of the versioned posts the checker saw: {seen}. Longest a replaced "
                 f"version was still served: {checker['max_stale_s']} s"
                 + (f" ({checker['max_stale_what']})" if checker["max_stale_what"] else "") + ".")
    converged = checker["converged_s"]
    lines.append("- After the last mutation the server showed the final folder "
                 + (f"within {converged} s." if converged is not None else "NEVER (within the limit)."))
    if memory:
        lines.append(
            f"- Resident memory: {mib(memory['start'])} at the start, {mib(memory['baseline'])} after "
            f"warm-up, {mib(memory['end'])} at the end, {mib(memory['max'])} at most; drift "
            f"{memory['drift']:+.1f}%, peak {memory['peak_drift']:+.1f}% (means over {memory['windows']}; "
            f"limit {RSS_LIMIT:.0f}%)."
        )
    lines.append(f"- Server log: {len(log)} lines, {len(panics)} panics, {len(errors)} errors; "
                 f"exit status {server_status} on SIGTERM.")
    lines.append("")
    if failures:
        lines.append("**FAILED:**")
        lines.append("")
        lines += [f"- {f}" for f in failures]
    else:
        lines.append("**Passed.**")
    summary = "\n".join(lines) + "\n"
    print(summary)

    if doc_path:
        write_last_run(doc_path, summary, "Load test")
    return 1 if failures else 0
