#!/usr/bin/env bash
# make loadtest: the release server under load while its posts change under it (issue 5).
#
#   load      wrk on loopback for LOADTEST_SECONDS (60) over every page type: home, ?tag=, ?q=,
#             pages, posts, tag pages, /tags, feeds, sitemap, JSON data documents, and (a second,
#             smaller wrk) addresses that must answer 404. Anything else is a failure.
#   mutator   every LOADTEST_INTERVAL_MS (100) adds, edits, breaks or deletes a post, in rotation.
#   checker   fetches the versioned posts, whose revision is in the title, the description and the
#             last paragraph, and fails on two revisions in one response, an older revision after a
#             newer one, a 404 for a post never deleted, an incomplete page, or a 5xx; afterwards,
#             the server must show exactly the final folder within LOADTEST_CONVERGE_SECONDS (10).
#   baseline  first, LOADTEST_BASELINE_SECONDS (20) of the same wrk with no edits: the run fails
#             if edits cost more than half the throughput.
#   memory    the server's VmRSS every second; the mean of the last 10 s and the peak after
#             warm-up must stay within 10% of the mean of seconds 10-20.
#
# Prints a summary, writes it under "Last run" in docs/loadtest.md, and exits 1 on any failure.
# Every step has a time limit; every process and the temporary folder go on exit. Knobs:
# LOADTEST_SECONDS, LOADTEST_INTERVAL_MS, LOADTEST_POSTS (200), LOADTEST_CONNECTIONS (32),
# LOADTEST_PORT (default: a free one in 4200-4299), LOADTEST_MAX_STALE_SECONDS (5),
# LOADTEST_CONVERGE_SECONDS, LOADTEST_KEEP=1 (keep the temporary folder).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
export PATH="$HOME/.cargo/bin:$PATH"
export LOADTEST_SECONDS=${LOADTEST_SECONDS:-60}
export LOADTEST_INTERVAL_MS=${LOADTEST_INTERVAL_MS:-100}
export LOADTEST_POSTS=${LOADTEST_POSTS:-200}
export LOADTEST_CONNECTIONS=${LOADTEST_CONNECTIONS:-32}
seconds=$LOADTEST_SECONDS
helper=(python3 "$repo/scripts/loadtest/live.py")
server=$repo/target/release/quire
gen=$repo/target/release/examples/gen_corpus
# A step that outlives this has hung: the load, the drain and the convergence fit well inside.
step_limit=$((seconds + 90))

say() { printf '\033[1mloadtest:\033[0m %s\n' "$*" >&2; }
as_root() { if [[ $(id -u) == 0 ]]; then "$@"; else sudo "$@"; fi; }

command -v wrk >/dev/null || {
  say "installing wrk from Debian"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y wrk
}
# The release build may be being replaced right now; give it a minute before giving up.
for _ in $(seq 1 120); do
  [[ -x $server && -d $repo/target/site/pkg ]] && break
  sleep 0.5
done
[[ -x $server ]] || { say "FAIL: no $server; run make build first"; exit 1; }
[[ -x $gen ]] || cargo build --quiet --release --features ssr --example gen_corpus

work=$(mktemp -d)
keep=${LOADTEST_KEEP:-}
# shellcheck source=scripts/lib/processes.sh
source "$repo/scripts/lib/processes.sh"
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir -p "$work/site"
"$gen" "$LOADTEST_POSTS" "$work/site/posts" >&2
touch "$work/events.jsonl"
"${helper[@]}" seed "$work/site/posts" "$work/events.jsonl"
port=${LOADTEST_PORT:-$("${helper[@]}" port 4200 4299)}
base="http://127.0.0.1:$port"

say "server over $LOADTEST_POSTS posts on $base"
(cd "$work/site" && exec timeout --kill-after=5 $((step_limit + 60)) env LEPTOS_SITE_ROOT="$repo/target/site" \
  LEPTOS_SITE_ADDR="127.0.0.1:$port" QUIRE_DRAFTS=0 RUST_LOG="${LOADTEST_RUST_LOG:-warn}" "$server") >"$work/server.log" 2>&1 &
wrapper=$!
pids+=("$wrapper")
server_pid=""
for _ in $(seq 1 1200); do
  kill -0 "$wrapper" 2>/dev/null || { cat "$work/server.log" >&2; say "FAIL: the server exited"; exit 1; }
  [[ -n $server_pid ]] || server_pid=$(awk '{print $1}' "/proc/$wrapper/task/$wrapper/children" 2>/dev/null || true)
  [[ -n $server_pid && $(curl -s -m 2 "$base/healthz" || true) == ok* ]] && break
  sleep 0.05
done
[[ -n $server_pid && $(curl -s -m 2 "$base/healthz" || true) == ok* ]] || { say "FAIL: no /healthz within 60 s"; exit 1; }
say "$(curl -s "$base/healthz")"
timeout 60 "${helper[@]}" paths "$base" "$work/pages.txt" "$work/missing.txt" >&2

# The baseline: the same pages under the same load with no post changing, so the run can say
# what edits cost (issue 13: at least half the throughput).
baseline_seconds=${LOADTEST_BASELINE_SECONDS:-20}
say "${baseline_seconds} s: wrk x $LOADTEST_CONNECTIONS connections, no edits (the baseline)"
timeout --kill-after=5 "$step_limit" wrk -t2 -c"$LOADTEST_CONNECTIONS" -d"${baseline_seconds}s" --timeout 10s \
  -s "$repo/scripts/loadtest/wrk.lua" "$base" -- "$work/pages.txt" 2xx >"$work/wrk-baseline.out" 2>&1 || true

say "${seconds} s: wrk x $LOADTEST_CONNECTIONS connections, a mutation every $LOADTEST_INTERVAL_MS ms, the checker"
lua=$repo/scripts/loadtest/wrk.lua
spawn "$work/rss.log" "${helper[@]}" rss "$server_pid" "$work/rss.txt"
rss=$last_pid
spawn "$work/mutator.log" "${helper[@]}" mutate "$work/site/posts" "$work/events.jsonl"
mutator=$last_pid
spawn "$work/checker.log" "${helper[@]}" check "$base" "$work/events.jsonl" "$work/checker.json"
checker=$last_pid
spawn "$work/wrk-pages.out" wrk -t2 -c"$LOADTEST_CONNECTIONS" -d"${seconds}s" --timeout 10s \
  -s "$lua" "$base" -- "$work/pages.txt" 2xx
wrk_pages=$last_pid
spawn "$work/wrk-missing.out" wrk -t1 -c2 -d"${seconds}s" --timeout 10s \
  -s "$lua" "$base" -- "$work/missing.txt" 404
wrk_missing=$last_pid

# Each helper's exit status; a failure shows in the report (a missing result file).
for pid in "$wrk_pages" "$wrk_missing" "$mutator" "$checker" "$rss"; do
  wait "$pid" || say "a helper (pid $pid) exited with status $?"
  forget "$pid"
done
for log in mutator checker rss; do
  [[ -s $work/$log.log ]] && { say "$log said:"; cat "$work/$log.log" >&2; }
done

# SIGTERM must stop the server cleanly (exit 0) once the load is over.
kill -TERM "$server_pid" 2>/dev/null || true
server_status=0
wait "$wrapper" || server_status=$?
forget "$wrapper"

# The run's files, for a closer look: target/ is not committed.
mkdir -p "$repo/target/loadtest"
cp "$work"/{events.jsonl,checker.json,rss.txt,server.log,wrk-pages.out,wrk-missing.out,wrk-baseline.out,pages.txt} "$repo/target/loadtest/" 2>/dev/null || true

status=0
timeout 60 "${helper[@]}" report "$work" "$repo/docs/loadtest.md" "$server_status" || status=$?
say "the run's files are in target/loadtest/; the summary is in docs/loadtest.md"
exit "$status"
