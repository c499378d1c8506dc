#!/usr/bin/env bash
# Cold start of two builds of Quire side by side: milliseconds from launch to the first 200 on /,
# with an empty render cache, over the sample posts (posts/) and over generated posts that use
# components, math and pictures (gen_corpus --rich). Runs alternate between the builds so the
# machine's noise falls on both alike. Prints a Markdown table of medians and new/base ratios.
#
#   bench/cold_ab.sh BASE_BINARY NEW_BINARY [POSTS]
#
# POSTS (default 1000) rich posts come from target/release/examples/gen_corpus (built if
# missing), their pictures copies of posts/richer-posts/harbour.jpg. AB_ROUNDS (default 7).
# Each binary runs in the folder of its own Leptos.toml: NEW in the repository, BASE beside its
# binary if a Leptos.toml is there (an older build may not know newer sections), else the repo's:
#
#   git show <base-commit>:Leptos.toml > /path/to/base/Leptos.toml
set -euo pipefail

base=$(realpath "$1")
new=$(realpath "$2")
posts=${3:-1000}
rounds=${AB_ROUNDS:-7}
repo=$(cd "$(dirname "$0")/.." && pwd)
declare -A home=([base]="$repo" [new]="$repo")
[[ -f $(dirname "$base")/Leptos.toml ]] && home[base]=$(dirname "$base")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
say() { printf '\033[1mcold-ab:\033[0m %s\n' "$*" >&2; }
now_ms() { date +%s%3N; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

[[ -d $repo/target/site/pkg ]] || { echo "cold-ab: no target/site; run make build first" >&2; exit 1; }
gen=$repo/target/release/examples/gen_corpus
[[ -x $gen ]] || (cd "$repo" && cargo build --quiet --release --features ssr --example gen_corpus)
say "generating $posts rich posts"
"$gen" --rich --picture "$repo/posts/richer-posts/harbour.jpg" "$posts" "$work/rich" > /dev/null

# Milliseconds from starting `binary` over the posts folder $2 to its first 200 on /.
cold_start() {
  local binary=$1 folder=$2 dir=$3 port start pid tries=0
  rm -rf "$work/cache"
  port=$(free_port)
  start=$(now_ms)
  (cd "$dir" && LEPTOS_SITE_ROOT="$repo/target/site" LEPTOS_SITE_ADDR="127.0.0.1:$port" QUIRE_DRAFTS=0 \
    RUST_LOG=warn exec "$binary" --posts "$folder" --cache-dir "$work/cache") > /dev/null 2>&1 &
  pid=$!
  until [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/") == 200 ]]; do
    ((++tries < 12000)) || { say "FAIL: $binary over $folder never answered"; exit 1; }
    sleep 0.005
  done
  echo $(($(now_ms) - start))
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

declare -A results
corpora=(samples rich)
for round in $(seq "$rounds"); do
  say "round $round of $rounds"
  for name in base new; do
    for corpus in "${corpora[@]}"; do
      folder=$repo/posts
      [[ $corpus == rich ]] && folder=$work/rich
      figure=$(cold_start "${!name}" "$folder" "${home[$name]}")
      say "$name $corpus: $figure ms"
      results[$name $corpus]+="$figure "
    done
  done
done

echo "| cold start, empty render cache (median of $rounds) | base ms | new ms | new/base |"
echo "|---|---|---|---|"
for corpus in "${corpora[@]}"; do
  b=$(tr ' ' '\n' <<< "${results[base $corpus]}" | grep . | median)
  n=$(tr ' ' '\n' <<< "${results[new $corpus]}" | grep . | median)
  label="sample posts (posts/)"
  [[ $corpus == rich ]] && label="$posts generated posts with components, math and pictures"
  echo "| $label | $b | $n | $(awk -v a="$n" -v b="$b" 'BEGIN { printf "%.2f", a / b }') |"
done
