#!/usr/bin/env bash
# make abuse: the release server facing slow and idle clients at its descriptor limit, and
# restarted under load through an inherited socket (issue 16, part 5; docs/abuse.md).
#
#   part 1    the server under `ulimit -n ABUSE_NOFILE` (1024, soft and hard), with short limits
#             in its Leptos.toml (head 5 s, idle 10 s):
#     alone     wrk (--latency, every page type) for ABUSE_SECONDS (30);
#     attacked  the same wrk, and 2 s later ABUSE_TRICKLERS (2000) connections trickling a head
#               and ABUSE_IDLERS (2000) idle kept-alive ones, each timed until the server closes
#               it; afterwards ABUSE_SETTLE_SECONDS (10) with nothing running.
#     memory    the server's VmRSS and descriptors every second.
#   part 2    a socket held by a helper, passed as descriptor 3 (LISTEN_FDS); wrk for
#             ABUSE_RESTART_SECONDS (20) while the server is restarted ABUSE_RESTARTS (3) times.
#
# Prints a summary, writes it under "Last run" in docs/abuse.md, and exits 1 on any failed check
# (one line each). Every step has a time limit; every process and the temporary folder go on
# exit. The binary is ABUSE_BIN (target/release/quire), its site ABUSE_SITE (target/site); the
# other knobs are listed in docs/abuse.md. ABUSE_KEEP=1 keeps the temporary folder.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
export ABUSE_SECONDS=${ABUSE_SECONDS:-30}
export ABUSE_RESTART_SECONDS=${ABUSE_RESTART_SECONDS:-20}
export ABUSE_CONNECTIONS=${ABUSE_CONNECTIONS:-32}
export ABUSE_NOFILE=${ABUSE_NOFILE:-1024}
export ABUSE_ATTACK_LIMIT_SECONDS=${ABUSE_ATTACK_LIMIT_SECONDS:-150}
export ABUSE_SETTLE_SECONDS=${ABUSE_SETTLE_SECONDS:-10}
export ABUSE_RUST_LOG=${ABUSE_RUST_LOG:-info}
seconds=$ABUSE_SECONDS
posts=${ABUSE_POSTS:-50}
pause=${ABUSE_PAUSE_SECONDS:-5}
warmup=${ABUSE_WARMUP_SECONDS:-5}
lead=${ABUSE_WRK_LEAD_SECONDS:-2}
server=$(realpath -m "${ABUSE_BIN:-target/release/quire}")
site_root=$(realpath -m "${ABUSE_SITE:-target/site}")
gen=$(dirname "$server")/examples/gen_corpus
helper=(python3 "$repo/scripts/abuse/abuse.py")
lua=$repo/scripts/loadtest/wrk.lua
# A step that outlives this has hung: the longest (the attackers) ends itself well before.
step_limit=$((ABUSE_ATTACK_LIMIT_SECONDS + seconds + 60))

say() { printf '\033[1mabuse:\033[0m %s\n' "$*" >&2; }
as_root() { if [[ $(id -u) == 0 ]]; then "$@"; else sudo "$@"; fi; }

command -v wrk >/dev/null || {
  say "installing wrk from Debian"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y wrk
}
for tool in curl ss; do
  command -v "$tool" >/dev/null || { say "FAIL: $tool is needed"; exit 1; }
done
# The release build may be being replaced right now; give it a minute before giving up.
for _ in $(seq 1 120); do
  [[ -x $server && -d $site_root/pkg ]] && break
  sleep 0.5
done
[[ -x $server ]] || { say "FAIL: no $server; run make build first (or set ABUSE_BIN)"; exit 1; }
[[ -d $site_root/pkg ]] || { say "FAIL: no $site_root/pkg; run make build first (or set ABUSE_SITE)"; exit 1; }

work=$(mktemp -d)
keep=${ABUSE_KEEP:-}
# shellcheck source=scripts/lib/processes.sh
source "$repo/scripts/lib/processes.sh"
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
# The timeline the report cuts the samples by: `name epoch` lines.
mark() { printf '%s %s\n' "$1" "$(date +%s.%N)" >>"$work/phases.txt"; }
# Facts for the report: `key=value` lines.
fact() { printf '%s=%s\n' "$1" "$2" >>"$work/facts.txt"; }
# Waits for pid $1 (a helper) and says so when it failed; its failure shows in the report.
reap() {
  wait "$1" || say "a helper (pid $1) exited with status $?"
  forget "$1"
}

mkdir -p "$work/site"
if [[ -x $gen ]]; then
  "$gen" "$posts" "$work/site/posts" >&2
else
  "${helper[@]}" posts "$posts" "$work/site/posts"
fi
port=${ABUSE_PORT:-$("${helper[@]}" port 4300 4399)}
base="http://127.0.0.1:$port"
"${helper[@]}" config "$work/site" "$port"
fact binary "$(realpath --relative-to="$repo" "$server")"
fact version "$("$server" --version 2>/dev/null | head -1 || echo unknown)"
fact binary_mtime "$(date -u -r "$server" '+%Y-%m-%d %H:%M UTC')"
fact posts "$posts"

# The server under the descriptor limit: `ulimit -n` sets the soft and the hard limit at once.
start_server() {
  (cd "$work/site" && ulimit -n "$ABUSE_NOFILE" && exec timeout --kill-after=5 $((step_limit * 2 + 60)) \
    env LEPTOS_ENV=PROD LEPTOS_OUTPUT_NAME=quire LEPTOS_SITE_ROOT="$site_root" QUIRE_DRAFTS=0 \
    RUST_LOG="$ABUSE_RUST_LOG" "$server" serve --addr "127.0.0.1:$port") >"$work/server.log" 2>&1 &
  wrapper=$!
  pids+=("$wrapper")
  server_pid=""
  for _ in $(seq 1 1200); do
    kill -0 "$wrapper" 2>/dev/null || return 1
    [[ -n $server_pid ]] || server_pid=$(awk '{print $1}' "/proc/$wrapper/task/$wrapper/children" 2>/dev/null || true)
    [[ -n $server_pid && $(curl -s -m 2 "$base/healthz" || true) == ok* ]] && return 0
    sleep 0.05
  done
  return 1
}

say "part 1: server over $posts posts on $base, open files $ABUSE_NOFILE"
start_server || {
  cat "$work/server.log" >&2
  say "FAIL: the server did not answer /healthz within 60 s"
  exit 1
}
say "$(curl -s "$base/healthz")"
fact server_nofile "$(awk '/^Max open files/ {print $4, $5}' "/proc/$server_pid/limits")"
fact backlog "$(ss -Hltn "sport = :$port" | awk '{print $3; exit}')"
fact logged_max_connections "$(sed -n 's/.*at most \([0-9]*\) connections.*/\1/p' "$work/server.log" | head -1)"
timeout 60 "${helper[@]}" paths "$port" "$work/pages.txt" >&2

spawn "$work/sample.log" "${helper[@]}" sample "$server_pid" "$work/samples.txt" "$work/stop-sampling"
sampler=$last_pid
wrk_run() {
  local out=$1 length=$2
  spawn "$out" wrk -t2 -c"$ABUSE_CONNECTIONS" -d"${length}s" --timeout 10s --latency \
    -s "$lua" "$base" -- "$work/pages.txt" 2xx
}

# A warm-up first, not measured: the page cache fills and the baseline is not penalised by it.
say "${warmup} s: wrk warm-up"
timeout --kill-after=5 60 wrk -t2 -c"$ABUSE_CONNECTIONS" -d"${warmup}s" -s "$lua" "$base" -- "$work/pages.txt" 2xx \
  >"$work/wrk-warmup.out" 2>&1 || true
say "${seconds} s: wrk x $ABUSE_CONNECTIONS connections alone (the baseline)"
mark baseline_start
wrk_run "$work/wrk-baseline.out" "$seconds"
reap "$last_pid"
mark baseline_end
sleep "$pause"

say "${seconds} s: the same wrk; after ${lead} s, ${ABUSE_TRICKLERS:-2000} trickling and ${ABUSE_IDLERS:-2000} idle connections"
mark attack_start
wrk_run "$work/wrk-attack.out" "$seconds"
wrk_attack=$last_pid
sleep "$lead"
mark attackers_start
spawn "$work/attackers.log" "${helper[@]}" attack "$port" "$work/attackers.json"
attackers=$last_pid
reap "$wrk_attack"
mark wrk_end
reap "$attackers"
mark attackers_end
[[ -s $work/attackers.log ]] && cat "$work/attackers.log" >&2
say "the attackers are done; ${ABUSE_SETTLE_SECONDS} s to settle"
sleep "$ABUSE_SETTLE_SECONDS"
mark settle_end
# Connections the server still holds on its port: anything not listening and not TIME-WAIT
# (the attackers are gone, so a connection left would be CLOSE-WAIT on the server's side).
fact server_sockets_after_attack "$(ss -Htan "sport = :$port" | awk '$1 != "LISTEN" && $1 != "TIME-WAIT"' | wc -l)"
touch "$work/stop-sampling"
reap "$sampler"

# SIGTERM must stop the server cleanly (exit 0), within drain_seconds.
mark term
kill -TERM "$server_pid" 2>/dev/null || true
server_status=0
wait "$wrapper" || server_status=$?
forget "$wrapper"
mark server_exit

port2=${ABUSE_RESTART_PORT:-$("${helper[@]}" port 4400 4499)}
say "part 2: ${ABUSE_RESTART_SECONDS} s of wrk on a held socket (127.0.0.1:$port2), ${ABUSE_RESTARTS:-3} restarts"
spawn "$work/restarts.log" "${helper[@]}" restarts "$server" "$site_root" "$work" "$lua" "$port2"
reap "$last_pid"
[[ -s $work/restarts.log ]] && cat "$work/restarts.log" >&2

# The run's files, for a closer look: target/ is not committed.
mkdir -p "$repo/target/abuse"
cp "$work"/{phases.txt,facts.txt,samples.txt,server.log,server-restart-*.log,wrk-*.out,attackers.json,restarts.json,pages.txt,site/Leptos.toml} \
  "$repo/target/abuse/" 2>/dev/null || true

status=0
timeout 60 "${helper[@]}" report "$work" "$repo/docs/abuse.md" "$server_status" || status=$?
say "the run's files are in target/abuse/; the summary is in docs/abuse.md"
exit "$status"
