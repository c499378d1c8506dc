#!/usr/bin/env bash
# Two builds of Quire side by side on this machine: the static export of a generated blog and the
# server under wrk, each run alternating between the builds so that the machine's noise falls on
# both alike. Prints a Markdown table of medians and new/base ratios.
#
#   bench/ab.sh BASE_BINARY NEW_BINARY [POSTS]
#
# Both binaries serve the site root target/site (make build). POSTS (default 10000) posts are
# generated once by target/release/examples/gen_corpus. Knobs: AB_ROUNDS (3), AB_SECONDS of wrk
# per run (10), AB_CONNECTIONS (64), AB_SKIP_EXPORT=1. Needs wrk (Debian package wrk). Each run's
# figure goes to stderr as it comes.
set -euo pipefail

base=$(realpath "$1")
new=$(realpath "$2")
posts=${3:-10000}
rounds=${AB_ROUNDS:-3}
seconds=${AB_SECONDS:-10}
connections=${AB_CONNECTIONS:-64}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
server=
cleanup() {
  [[ -n $server ]] && kill "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
say() { printf '\033[1mab:\033[0m %s\n' "$*" >&2; }
now_ms() { date +%s%3N; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

command -v wrk > /dev/null || { echo "ab: wrk is missing (apt-get install wrk)" >&2; exit 1; }
[[ -d $repo/target/site/pkg ]] || { echo "ab: no target/site; run make build first" >&2; exit 1; }
gen=$repo/target/release/examples/gen_corpus
[[ -x $gen ]] || (cd "$repo" && cargo build --quiet --release --features ssr --example gen_corpus)
say "generating $posts posts"
"$gen" "$posts" "$work/posts" > /dev/null

# One export (the render cache warm, as after a first run): milliseconds.
export_ms() {
  local binary=$1 name=$2 start
  start=$(now_ms)
  LEPTOS_OUTPUT_NAME=quire LEPTOS_SITE_ROOT="$repo/target/site" "$binary" export "$work/out-$name" \
    --posts "$work/posts" --cache-dir "$work/cache-$name" > /dev/null 2>&1
  echo $(($(now_ms) - start))
}

# Requests per second of wrk against `binary` on `kind`: `hit` (one post page, from the page
# cache) or `miss` (a new search on every request: rendered, normalized and kept each time).
serve_rps() {
  local binary=$1 name=$2 kind=$3 port script=
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  LEPTOS_OUTPUT_NAME=quire LEPTOS_SITE_ROOT="$repo/target/site" LEPTOS_ENV=PROD "$binary" --addr "127.0.0.1:$port" \
    --posts "$work/posts" --cache-dir "$work/cache-$name" > /dev/null 2>&1 &
  server=$!
  for _ in $(seq 600); do
    curl -sf "http://127.0.0.1:$port/healthz" > /dev/null && break
    sleep 0.1
  done
  local path=/posts/$(basename "$(find "$work/posts" -name '*.md' | sort | head -1)" .md)
  if [[ $kind == miss ]]; then
    script=$work/miss.lua
    printf '%s\n' 'counter = 0' 'request = function()' \
      '  counter = counter + 1' \
      '  return wrk.format("GET", "/?q=stream+" .. counter .. "&tag=" .. (counter % 7))' 'end' > "$script"
  fi
  curl -sf "http://127.0.0.1:$port$path" > /dev/null
  wrk -t2 -c"$connections" -d"${seconds}s" -H 'Accept-Encoding: br' ${script:+-s "$script"} \
    "http://127.0.0.1:$port$path" | awk '/Requests\/sec/ { print int($2) }'
  kill "$server" && wait "$server" 2>/dev/null || true
  server=
}

say "warming both render caches"
export_ms "$base" base > /dev/null
export_ms "$new" new > /dev/null
measures=("export ms" "hit req/s" "miss req/s")
[[ ${AB_SKIP_EXPORT:-} == 1 ]] && measures=("hit req/s" "miss req/s")
declare -A results
for round in $(seq "$rounds"); do
  say "round $round of $rounds"
  for name in base new; do
    binary=${!name}
    for measure in "${measures[@]}"; do
      key=${measure%% *}
      case $key in
        export) figure=$(export_ms "$binary" "$name") ;;
        *) figure=$(serve_rps "$binary" "$name" "$key") ;;
      esac
      say "$name $measure: $figure"
      results[$name $key]+="$figure "
    done
  done
done

echo "| measure ($posts posts, median of $rounds) | base | new | new/base |"
echo "|---|---|---|---|"
for measure in "${measures[@]}"; do
  key=${measure%% *}
  b=$(tr ' ' '\n' <<< "${results[base $key]}" | grep . | median)
  n=$(tr ' ' '\n' <<< "${results[new $key]}" | grep . | median)
  echo "| $measure | $b | $n | $(awk -v a="$n" -v b="$b" 'BEGIN { printf "%.2f", a / b }') |"
done
