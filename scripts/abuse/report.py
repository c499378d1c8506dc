"""The report (`report`): reads the run's files (wrk results, the attackers' rows, the footprint
samples, the restarts, the server logs, the driver's timeline and facts), decides pass or fail
(one line per failed check), prints the summary and writes it under "Last run" in the doc."""

import datetime
import glob
import os
import statistics
import sys

from common import (ATTACK_LIMIT, EARLY, IDLERS, P99_RATIO, PRESSURE, RESTARTS, RSS_LIMIT, SLACK, TRICKLERS,
                    parse_wrk, phases, read_json)
from harness import write_last_run


def read(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as file:
            return file.read()
    except FileNotFoundError:
        return None


def facts(path):
    """The driver's `key=value` lines (scripts/abuse.sh `fact`)."""
    found = {}
    for line in (read(path) or "").splitlines():
        if "=" in line:
            key, value = line.split("=", 1)
            found[key] = value
    return found


def machine():
    model = next((l.split(":", 1)[1].strip() for l in (read("/proc/cpuinfo") or "").splitlines()
                  if l.startswith("model name")), "unknown CPU")
    memory = next((int(l.split()[1]) for l in (read("/proc/meminfo") or "").splitlines()
                   if l.startswith("MemTotal:")), 0)
    somaxconn = (read("/proc/sys/net/core/somaxconn") or "?").strip()
    syn_retries = (read("/proc/sys/net/ipv4/tcp_syn_retries") or "?").strip()
    return (f"{os.cpu_count()} cores ({model}), {memory / 1048576:.1f} GiB, Linux "
            f"{os.uname().release}, somaxconn {somaxconn}, tcp_syn_retries {syn_retries}")


def ms(us):
    return f"{us / 1000:.2f}"


def spread(values):
    if not values:
        return "-"
    values = sorted(values)
    p99 = values[min(len(values) - 1, int(len(values) * 0.99))]
    return (f"{values[0]:.2f} / {statistics.median(values):.2f} / {p99:.2f} / "
            f"{values[-1]:.2f}")


def log_problems(paths):
    lines = []
    for path in paths:
        lines += [(os.path.basename(path), l) for l in (read(path) or "").splitlines()]
    panics = [l for l in lines if "panicked" in l[1]]
    errors = [l for l in lines if " ERROR " in l[1] or l[1].startswith("ERROR")]
    return len(lines), panics, errors


def cmd_report(work, doc_path, server_status):
    failures = []
    fail = failures.append
    limits = read_json(os.path.join(work, "site", "limits.json"), {})
    marks = phases(os.path.join(work, "phases.txt"))
    known = facts(os.path.join(work, "facts.txt"))
    head, idle = limits.get("head", 0), limits.get("idle", 0)
    drain, cap = limits.get("drain", 10), limits.get("max_connections", 0)

    # ---- part 1: wrk alone and under attack ----
    baseline = parse_wrk(os.path.join(work, "wrk-baseline.out"))
    attacked = parse_wrk(os.path.join(work, "wrk-attack.out"))
    runs = [("wrk alone", baseline), ("wrk under attack", attacked)]
    for name, run in runs:
        if run is None:
            fail(f"{name}: wrk printed no result")
            continue
        errors = sum(run["socket_errors"].values())
        if errors:
            fail(f"{name}: {errors} socket errors {run['socket_errors']}")
        if run["non_2xx_3xx"] or run["unexpected"]:
            kinds = ", ".join(f"{n} x {k}" for k, n in sorted(run["unexpected_kinds"].items()))
            fail(f"{name}: {run['non_2xx_3xx']} non-2xx/3xx responses, "
                 f"{run['unexpected']} not 2xx ({kinds})")
        if run["requests"] == 0:
            fail(f"{name}: no request answered")
    ratio = None
    if baseline and attacked and baseline["latency_us"]["p99"]:
        ratio = attacked["latency_us"]["p99"] / baseline["latency_us"]["p99"]
        if ratio > P99_RATIO:
            fail(f"p99 latency under attack is {ratio:.2f}x the p99 alone "
                 f"({ms(attacked['latency_us']['p99'])} vs {ms(baseline['latency_us']['p99'])} ms; "
                 f"limit {P99_RATIO:g}x)")

    # ---- part 1: the attackers, each timed from the client side ----
    attack = read_json(os.path.join(work, "attackers.json"))
    kinds = {}
    if attack is None:
        fail("the attackers wrote no result")
    else:
        for kind, wanted, limit in [("trickle", TRICKLERS, head), ("idle", IDLERS, idle)]:
            rows = [r for r in attack["rows"] if r["kind"] == kind]
            outcomes = {}
            for r in rows:
                outcomes[r["outcome"]] = outcomes.get(r["outcome"], 0) + 1
            closed = [r for r in rows if r["outcome"] == "closed by the server"]
            holds = [r["closed"] - r["clock"] for r in closed]
            early = [h for h in holds if h < limit - EARLY]
            late = [h for h in holds if h > limit + SLACK]
            answered = [r for r in rows if r["answered"] is not None]
            waits = [r["answered"] - r["t0"] for r in answered]
            bad = [r for r in answered if r["status"] != 200]
            late_408 = sum(1 for r in closed if r["late_status"] == 408)
            kinds[kind] = {
                "count": len(rows), "answered": len(answered), "closed": len(closed),
                "early": len(early), "late": len(late), "left_open": outcomes.get("left open", 0),
                "outcomes": outcomes, "holds": holds, "limit": limit, "waits": waits,
                "bad": len(bad), "408": late_408,
            }
            label = "trickling" if kind == "trickle" else "idle"
            what = "head" if kind == "trickle" else "idle"
            if len(rows) != wanted:
                fail(f"{label} attackers: {len(rows)} of {wanted} reported")
            others = {k: v for k, v in outcomes.items() if k != "closed by the server"}
            open_for = [attack["start"] + ATTACK_LIMIT - r["clock"] for r in rows
                        if r["outcome"] == "left open" and r["clock"] is not None]
            if others:
                fail(f"{label} attackers: not all closed by the server: "
                     + ", ".join(f"{v} {k}" for k, v in sorted(others.items()))
                     + (f" (still open {min(open_for):.1f} s and more after their clock started, "
                        f"{what} limit {limit:g} s)" if open_for else ""))
            if bad:
                fail(f"{label} attackers: {len(bad)} first answers not 200 "
                     f"(first: {bad[0]['status']})")
            if early:
                fail(f"{label} attackers: {len(early)} of {len(closed)} closed before the {what} "
                     f"limit ({limit:g} s - {EARLY:g} s), shortest hold {min(early):.2f} s")
            if late:
                fail(f"{label} attackers: {len(late)} of {len(closed)} held past the {what} limit "
                     f"+ slack ({limit:g} + {SLACK:g} s), longest {max(late):.2f} s")

    # ---- part 1: the server's side ----
    samples = []
    for line in (read(os.path.join(work, "samples.txt")) or "").splitlines():
        parts = line.split()
        if len(parts) == 4:
            samples.append((float(parts[0]), int(parts[1]), int(parts[2]), int(parts[3])))
    memory = None

    def between(a, b):
        return [s for s in samples if marks.get(a, 1e20) <= s[0] < marks.get(b, -1)]

    before = between("baseline_end", "attack_start")
    during = between("attackers_start", "attackers_end")
    attacked_window = between("attackers_start", "wrk_end")
    after = between("attackers_end", "settle_end")[-3:]
    if before and after:
        rss_before = statistics.mean(s[1] for s in before)
        rss_after = statistics.mean(s[1] for s in after)
        memory = {
            "before": rss_before, "after": rss_after,
            "peak": max(s[1] for s in during) if during else rss_after,
            "drift": (rss_after - rss_before) / rss_before * 100,
        }
        if memory["drift"] > RSS_LIMIT:  # less than before is memory given back, not a failure
            fail(f"resident memory {memory['drift']:+.1f}% after the attack "
                 f"({memory['before'] / 1024:.1f} MiB before, {memory['after'] / 1024:.1f} MiB after; "
                 f"limit {RSS_LIMIT:g}%)")
    else:
        fail("too few memory samples around the attack")
    # Sockets besides the connections (the listener, the runtime's signal pipe) are those open
    # in the pause before the attack, when no connection is; every other one is a connection.
    own = min((s[3] for s in before), default=1)
    peak_connections = max((s[3] - own for s in during), default=0)
    full = cap * PRESSURE / 100
    at_cap = sum(1 for s in attacked_window if s[3] - own >= full)
    if cap and peak_connections > cap:
        fail(f"connection cap: {peak_connections} connections open at once, cap {cap}")
    if cap and peak_connections < full:
        fail(f"pressure: the attack held at most {peak_connections} connections, under "
             f"{PRESSURE:g}% of the cap {cap} (the attack did not reach the cap)")
    left = known.get("server_sockets_after_attack")
    if left not in (None, "0"):
        fail(f"{left} connections still open on the server's side after the attackers left "
             "(ss: not LISTEN, not TIME-WAIT)")
    if known.get("server_nofile") and known["server_nofile"] != f"{limits.get('nofile')} {limits.get('nofile')}":
        fail(f"the server ran with open files {known['server_nofile']} (soft hard), not "
             f"{limits.get('nofile')}")
    logged_cap = known.get("logged_max_connections")
    if logged_cap and cap and logged_cap != str(cap):
        fail(f"the server logged at most {logged_cap} connections; expected {cap} "
             f"(open files {limits.get('nofile')} less 128)")
    lines_1, panics_1, errors_1 = log_problems([os.path.join(work, "server.log")])
    if panics_1:
        fail(f"the server panicked: {panics_1[0][1][:200]}")
    if errors_1:
        fail(f"the server logged {len(errors_1)} errors: {errors_1[0][1][:200]}")
    stop_s = marks["server_exit"] - marks["term"] if "server_exit" in marks and "term" in marks else None
    if server_status != "0":
        fail(f"the server exited with status {server_status} on SIGTERM (expected 0)")
    if stop_s is not None and stop_s > drain + SLACK:
        fail(f"the server took {stop_s:.1f} s to exit on SIGTERM (drain_seconds {drain:g} + {SLACK:g})")

    # ---- part 2: restarts through the held socket ----
    restarts = read_json(os.path.join(work, "restarts.json"))
    restarted = parse_wrk(os.path.join(work, "wrk-restarts.out"))
    failed_connections = None
    if restarts is None:
        fail("restarts: no result")
    else:
        if restarts.get("error"):
            fail(f"restarts: {restarts['error']}")
        done = [r for r in restarts["restarts"] if r.get("old_status") is not None or "old_exit_s" in r]
        if len(done) != RESTARTS and not restarts.get("error"):
            fail(f"restarts: {len(done)} of {RESTARTS} done")
        for k, row in enumerate(restarts["restarts"], 1):
            if "old_exit_s" in row and row.get("old_status") != 0:
                fail(f"restart {k}: the old server exited with status {row.get('old_status')} "
                     f"(None: killed after {drain:g} + 5 s)")
            if row.get("old_exit_s", 0) > drain + SLACK:
                fail(f"restart {k}: the old server took {row['old_exit_s']:.1f} s to exit "
                     f"(drain_seconds {drain:g} + {SLACK:g})")
        if "final_status" in restarts and restarts["final_status"] != 0:
            fail(f"restarts: the last server exited with status {restarts['final_status']} "
                 f"(None: killed after {drain:g} + 5 s)")
        prober = restarts.get("prober", {})
        probe_failures = sum(prober.get("failures", {}).values())
        # A page must be 200; /healthz may be 503 while a new process loads its posts (it
        # accepts from the shared socket before it is ready), which is counted, not failed.
        statuses = prober.get("statuses", {})
        probe_bad = sum(v for path, counts in statuses.items() for k, v in counts.items()
                        if k != "200" and not (path == "/healthz" and k == "503"))
        if probe_failures:
            fail(f"restarts: {probe_failures} of {prober['attempts']} fresh connections failed "
                 f"{prober['failures']}")
        if probe_bad:
            fail(f"restarts: {probe_bad} fresh-connection answers not 200 {statuses}")
        if restarted is None:
            if not restarts.get("error"):
                fail("restarts: wrk printed no result")
        else:
            errors = sum(restarted["socket_errors"].values())
            failed_connections = errors + probe_failures
            if errors:
                fail(f"restarts: wrk had {errors} socket errors {restarted['socket_errors']}")
            if restarted["non_2xx_3xx"] or restarted["unexpected"]:
                fail(f"restarts: wrk got {restarted['non_2xx_3xx']} non-2xx/3xx responses, "
                     f"{restarted['unexpected']} not 2xx")
    logs_2 = sorted(glob.glob(os.path.join(work, "server-restart-*.log")))
    lines_2, panics_2, errors_2 = log_problems(logs_2)
    if panics_2:
        fail(f"restarts: a server panicked ({panics_2[0][0]}): {panics_2[0][1][:200]}")
    if errors_2:
        fail(f"restarts: the servers logged {len(errors_2)} errors ({errors_2[0][0]}): "
             f"{errors_2[0][1][:200]}")

    # ---- the summary ----
    out = []
    when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    out.append(f"Run {when} (`make abuse`) on {machine()}.")
    out.append("")
    out.append(f"Server: `{known.get('binary', '?')}` ({known.get('version', '?')}, built "
               f"{known.get('binary_mtime', '?')}), {known.get('posts', '?')} posts, open files "
               f"{known.get('server_nofile', '?')} (soft hard), listen backlog "
               f"{known.get('backlog', '?')}, at most {logged_cap or '?'} connections (logged). "
               f"Limits in its Leptos.toml: head {head:g} s, idle {idle:g} s, drain {drain:g} s"
               + ".")
    out.append("")
    out.append("| wrk | requests | req/s | non-2xx/3xx | socket errors | p50 / p99 / max ms |")
    out.append("|---|---|---|---|---|---|")
    for name, run in runs + [("wrk through 3 restarts", restarted)]:
        if run is None:
            out.append(f"| {name} | no result | | | | |")
            continue
        e = run["socket_errors"]
        out.append(f"| {name} ({run['duration_us'] / 1e6:.0f} s, {os.environ.get('ABUSE_CONNECTIONS', '32')} "
                   f"connections) | {run['requests']} | {run['rate']:.0f} | {run['non_2xx_3xx']} | "
                   f"{sum(e.values())} (connect {e['connect']}, read {e['read']}, write {e['write']}, "
                   f"timeout {e['timeout']}) | {ms(run['latency_us']['p50'])} / "
                   f"{ms(run['latency_us']['p99'])} / {ms(run['latency_us']['max'])} |")
    if ratio is not None:
        out.append(f"| p99 under attack / alone | | | | | **{ratio:.2f}x** (limit {P99_RATIO:g}x) |")
    out.append("")
    if kinds:
        out.append("| attackers | count | answered (accepted) | closed by the server | closed early "
                   "| held past limit + slack | left open | hold s: min / median / p99 / max | limit "
                   "| waited for the first answer s: median / max |")
        out.append("|---|---|---|---|---|---|---|---|---|---|")
        for kind, k in kinds.items():
            label = "trickling a head" if kind == "trickle" else "idle keep-alive"
            waits = sorted(k["waits"])
            wait = f"{statistics.median(waits):.2f} / {waits[-1]:.2f}" if waits else "-"
            out.append(f"| {label} | {k['count']} | {k['answered']} | {k['closed']} | {k['early']} | "
                       f"{k['late']} | {k['left_open']} | {spread(k['holds'])} | {k['limit']:g} s "
                       f"(+{SLACK:g}, -{EARLY:g}) | {wait} |")
        out.append("")
        out.append(f"- Attackers: {attack['count']} connections opened at "
                   f"{os.environ.get('ABUSE_OPEN_RATE', '1000')}/s, done in "
                   f"{attack['end'] - attack['start']:.1f} s; at most {attack['peak_held']} held at "
                   f"once (answered, not yet closed); their event loop was at most "
                   f"{attack['loop_lag_max_s'] * 1000:.0f} ms late; closes seen as "
                   + ", ".join(f"{n} {h}" for h, n in sorted(
                       _count(r["how"] for r in attack["rows"] if r["how"]).items()))
                   + f"; {sum(k['408'] for k in kinds.values())} answered 408 before the close.")
    out.append(f"- Server connections (sockets in /proc/PID/fd less the {own} open before the "
               f"attack): at most {peak_connections} (cap {cap}); at least {PRESSURE:g}% of the cap "
               f"in {at_cap} of the {len(attacked_window)} samples while wrk ran beside the "
               f"attackers; {left if left is not None else '?'} left on the server's port after "
               "the attack.")
    if memory:
        out.append(f"- Resident memory: {memory['before'] / 1024:.1f} MiB before the attack, "
                   f"{memory['peak'] / 1024:.1f} MiB at most during it, {memory['after'] / 1024:.1f} MiB "
                   f"after it (mean of the last 3 s of the {os.environ.get('ABUSE_SETTLE_SECONDS', '10')} s "
                   f"settle): {memory['drift']:+.1f}% (limit {RSS_LIMIT:g}%).")
    out.append(f"- Server log: {lines_1} lines, {len(panics_1)} panics, {len(errors_1)} errors; exit "
               f"status {server_status} on SIGTERM"
               + (f" after {stop_s:.2f} s." if stop_s is not None else "."))
    if restarts is not None:
        rows = "; ".join(
            f"{k}: at {r['at_s']:.1f} s, new one serving after "
            + (f"{r['new_ready_s']:.2f} s" if r.get("new_ready_s") is not None else "never")
            + (f", old one exited {r.get('old_status')} after {r['old_exit_s']:.2f} s"
               if "old_exit_s" in r else "")
            for k, r in enumerate(restarts["restarts"], 1))
        prober = restarts.get("prober", {})
        first = restarts.get("first_ready_s")
        out.append(f"- Restarts through a held socket (backlog {restarts.get('backlog')}): first "
                   "server serving after " + (f"{first:.2f} s" if first is not None else "never")
                   + f"; {rows or 'none'}; the last one exited {restarts.get('final_status', '-')} "
                   f"on SIGTERM" + (f" after {restarts['final_exit_s']:.2f} s." if "final_exit_s" in restarts else "."))
        out.append(f"- Fresh connections during the restarts: {prober.get('attempts', 0)}, "
                   f"{sum(prober.get('failures', {}).values())} failed; statuses "
                   + "; ".join(f"`{path}` " + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items()))
                               for path, counts in prober.get("statuses", {}).items())
                   + f"; slowest {prober.get('slowest_s', 0) * 1000:.0f} ms"
                   + (f" (at {prober['slowest_at_s']:.1f} s)" if prober.get("slowest_at_s") is not None else "")
                   + f". Server logs: {lines_2} lines, {len(panics_2)} panics, {len(errors_2)} errors.")
    out.append(f"- **Failed connections through the restarts: "
               f"{failed_connections if failed_connections is not None else '?'}.**")
    out.append("")
    if failures:
        out.append(f"**FAILED ({len(failures)} {'check' if len(failures) == 1 else 'checks'}):**")
        out.append("")
        out += [f"- {f}" for f in failures]
    else:
        out.append("**Passed.**")
    summary = "\n".join(out) + "\n"
    print(summary)
    for line in failures:
        print(f"FAIL: {line}", file=sys.stderr)

    if doc_path:
        write_last_run(doc_path, summary, "Abuse test")
    return 1 if failures else 0


def _count(items):
    counts = {}
    for item in items:
        counts[item] = counts.get(item, 0) + 1
    return counts
