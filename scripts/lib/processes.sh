# shellcheck shell=bash disable=SC2154 # work and step_limit are the sourcing script's
# Sourced by the harnesses (scripts/loadtest.sh, scripts/abuse.sh): the background processes a
# run starts, each under a time limit, and their end on exit. The sourcing script sets `work`
# (its temporary folder), `step_limit` (seconds) and `keep` (1 keeps the folder), and calls
# `trap cleanup EXIT`.

pids=()

# Stops the processes this script started (TERM, then KILL after 10 s) and removes the folder.
# shellcheck disable=SC2317 # run by the EXIT trap
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if [[ ${keep:-} == 1 ]]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}

# Forgets a pid once waited for: the system may give it to another process.
forget() {
  local kept=() pid
  for pid in "${pids[@]}"; do [[ $pid == "$1" ]] || kept+=("$pid"); done
  pids=("${kept[@]}")
}

# Runs "${@:2}" in the background under the step limit, its output in the file $1; its pid goes
# to $last_pid.
spawn() {
  local out=$1
  shift
  timeout --kill-after=5 "$step_limit" "$@" >"$out" 2>&1 &
  last_pid=$!
  pids+=("$last_pid")
}
