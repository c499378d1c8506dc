#!/usr/bin/env bash
# make bench: Quire against this machine's ceiling, every figure a ratio taken side by side.
#
#   serving     wrk on the release server (1,000 posts) vs nginx serving the very same HTML bytes
#   cold start  process start to the first 200 (1,000 and 10,000 posts; empty and warm render
#               cache) vs hugo building them
#   bundle      JS + WASM a reader downloads, with the inline page script: raw, gzip, brotli;
#               fails over the 100 KB budget
#   memory      resident memory with 10,000 posts vs the Markdown bytes
#
# Writes bench/results.md, bench/results.json and bench/chart.svg. Knobs: BENCH_DURATION (seconds
# of wrk per page, default 10), BENCH_CONNECTIONS (default 64), BENCH_SKIP_10K=1.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
export PATH="$repo/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH"
duration=${BENCH_DURATION:-10}
connections=${BENCH_CONNECTIONS:-64}
budget_bytes=$((100 * 1000))

say() { printf '\033[1mbench:\033[0m %s\n' "$*" >&2; }
as_root() { if [[ $(id -u) == 0 ]]; then "$@"; else sudo "$@"; fi; }

# ---- tools -----------------------------------------------------------------------------------
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || missing+=(nginx)
command -v hugo >/dev/null || missing+=(hugo)
if ((${#missing[@]})); then
  say "installing ${missing[*]} from Debian"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
shopt -s nullglob
bundle_files=(target/site/pkg/quire*.js target/site/pkg/quire*.wasm)
shopt -u nullglob
[[ -x target/release/quire && ${#bundle_files[@]} -eq 2 ]] || { make build; bundle_files=(target/site/pkg/quire*.js target/site/pkg/quire*.wasm); }
cargo build --quiet --release --features ssr --example gen_corpus
gen=target/release/examples/gen_corpus

work=$(mktemp -d)
# nginx's workers run as an unprivileged user: they must be able to read the saved pages.
chmod 755 "$work"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# Waits (at most 60 s) until $1 answers 200.
wait_for() {
  for _ in $(seq 1 1200); do
    [[ $(curl -s -o /dev/null -w '%{http_code}' "$1") == 200 ]] && return 0
    sleep 0.05
  done
  say "FAIL: $1 did not answer 200 within 60 s"
  exit 1
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
now_ms() { date +%s%3N; }

for n in 1000 10000; do
  [[ $n == 10000 && ${BENCH_SKIP_10K:-} == 1 ]] && continue
  "$gen" "$n" "$work/c$n/posts" >&2
done
markdown_bytes() { du -sb "$work/c$1/posts" | cut -f1; }

# Starts the release server over corpus $1 on port $2 and prints its pid. Its render cache is
# $work/cache$1.
start_quire() {
  (cd "$work/c$1" && exec env LEPTOS_SITE_ROOT="$repo/target/site" LEPTOS_SITE_ADDR="127.0.0.1:$2" \
    QUIRE_DRAFTS=0 QUIRE_CACHE_DIR="$work/cache$1" RUST_LOG=warn "$repo/target/release/quire") >/dev/null 2>&1 &
  echo $!
}

# Milliseconds from starting the server over corpus $1 to its first 200 on /, every post rendered
# (an empty render cache).
cold_start() {
  rm -rf "$work/cache$1"
  warm_start "$1"
}

# cold_start, with the render cache the previous start left.
warm_start() {
  local port start pid
  port=$(free_port)
  start=$(now_ms)
  pid=$(start_quire "$1" "$port")
  local tries=0
  until [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/") == 200 ]]; do
    ((++tries < 12000)) || { say "FAIL: the server over $1 posts never answered"; exit 1; }
    sleep 0.005
  done
  echo $(($(now_ms) - start))
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

# Milliseconds hugo takes to build corpus $1 into a site (home, posts, tag pages, feeds, sitemap).
hugo_build() {
  local site=$work/hugo$1
  if [[ ! -d $site ]]; then
    mkdir -p "$site/content" "$site/layouts/_default"
    cp -R "$work/c$1/posts" "$site/content/posts"
    printf 'baseURL = "http://127.0.0.1/"\ntitle = "Bench"\n[pagination]\n  pagerSize = 10\n' > "$site/hugo.toml"
    printf '<!DOCTYPE html><html><head><title>{{ .Title }}</title></head><body>{{ block "main" . }}{{ end }}</body></html>\n' > "$site/layouts/_default/baseof.html"
    printf '{{ define "main" }}<article><h1>{{ .Title }}</h1><time>{{ .Date.Format "2006-01-02" }}</time>{{ range .Params.tags }}<a href="/tags/{{ . | urlize }}">{{ . }}</a>{{ end }}{{ .Content }}</article>{{ end }}\n' > "$site/layouts/_default/single.html"
    printf '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Summary }}</li>{{ end }}</ul>{{ end }}\n' > "$site/layouts/_default/list.html"
    cp "$site/layouts/_default/list.html" "$site/layouts/index.html"
  fi
  rm -rf "$site/public"
  local start
  start=$(now_ms)
  hugo --quiet --source "$site" --destination "$site/public" >/dev/null 2>&1
  echo $(($(now_ms) - start))
}

best_of_3() { local best=""; for _ in 1 2 3; do local t; t=$("$@"); [[ -z $best || $t -lt $best ]] && best=$t; done; echo "$best"; }

# ---- cold start ------------------------------------------------------------------------------
declare -A cold warm hugo_ms
for n in 1000 10000; do
  [[ -d $work/c$n ]] || continue
  say "cold start, $n posts (best of 3, Quire and hugo)"
  cold[$n]=$(best_of_3 cold_start "$n")
  warm[$n]=$(best_of_3 warm_start "$n")
  hugo_ms[$n]=$(best_of_3 hugo_build "$n")
done

# ---- memory ----------------------------------------------------------------------------------
mem_n=10000; [[ -d $work/c10000 ]] || mem_n=1000
say "memory with $mem_n posts"
port=$(free_port)
pid=$(start_quire "$mem_n" "$port"); pids+=("$pid")
wait_for "http://127.0.0.1:$port/healthz"
sleep 0.5
rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
# Then after serving the first pages (the home page carries every post's summary for filtering
# in the browser, so rendering it for 10,000 posts is the largest single allocation).
for path in / /tags /posts/post-1; do curl -s -o /dev/null "http://127.0.0.1:$port$path"; done
served_kb=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
md_bytes=$(markdown_bytes "$mem_n")
kill "$pid"; wait "$pid" 2>/dev/null || true

# ---- serving ---------------------------------------------------------------------------------
say "serving, 1000 posts: wrk ${duration}s x $connections connections per page, Quire then nginx"
qport=$(free_port)
pid=$(start_quire 1000 "$qport"); pids+=("$pid")
wait_for "http://127.0.0.1:$qport/"
tag=$(curl -s "http://127.0.0.1:$qport/data/tags.json" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s)[0].slug))')
declare -A page_paths=([home]="/" [post]="/posts/post-500" [tag]="/tags/$tag" [filtered]="/?tag=$tag")
pages=(home post tag filtered)
mkdir -p "$work/static"
for page in "${pages[@]}"; do
  curl -sf -o "$work/static/$page.html" "http://127.0.0.1:$qport${page_paths[$page]}"
done
nport=$(free_port)
cat > "$work/nginx.conf" <<EOF
worker_processes 2;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  types { text/html html; }
  server { listen 127.0.0.1:$nport; root $work/static; }
}
EOF
"$nginx_bin" -c "$work/nginx.conf" -p "$work" &
pids+=($!)
chmod -R a+rX "$work/static"
wait_for "http://127.0.0.1:$nport/home.html"

# wrk against $1; prints "requests_per_second p50_ms p99_ms".
measure() {
  wrk -t2 -c"$connections" -d"${duration}s" --latency "$1" | awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) } /^Requests\/sec/ { rps = $2 }
    END { printf "%.0f %.2f %.2f\n", rps, p50, p99 }'
}
declare -A q_rps q_p50 q_p99 n_rps n_p50 n_p99
for page in "${pages[@]}"; do
  say "  $page: ${page_paths[$page]}"
  read -r q_rps[$page] q_p50[$page] q_p99[$page] < <(measure "http://127.0.0.1:$qport${page_paths[$page]}")
  read -r n_rps[$page] n_p50[$page] n_p99[$page] < <(measure "http://127.0.0.1:$nport/$page.html")
done

# ---- bundle ----------------------------------------------------------------------------------
# The bundle's files, plus the page script inlined in the home page's HTML (loader and router).
read -r raw gz br < <(node -e '
  const fs = require("fs"), zlib = require("zlib");
  const [home, ...bundle] = process.argv.slice(1);
  const inline = /<script type="module">([\s\S]*?)<\/script>/.exec(fs.readFileSync(home, "utf8"));
  if (!inline) throw new Error("no page script in " + home);
  const files = bundle.map((f) => fs.readFileSync(f)).concat([Buffer.from(inline[1])]);
  const sum = (f) => files.map(f).reduce((a, b) => a + b, 0);
  console.log(sum((b) => b.length), sum((b) => zlib.gzipSync(b, { level: 9 }).length),
    sum((b) => zlib.brotliCompressSync(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length));' "$work/static/home.html" "${bundle_files[@]}")

# ---- report ----------------------------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
cores=$(nproc); mem_gib=$(awk '/MemTotal/ {printf "%.0f", $2 / 1048576}' /proc/meminfo)
{
  echo "Measured $(date -u +%Y-%m-%d) on $cores cores and $mem_gib GiB, wrk ${duration} s x $connections connections per page (\`make bench\`)."
  echo
  echo "| page (1,000 posts) | Quire req/s | nginx req/s | Quire / nginx | Quire p50 / p99 ms | nginx p50 / p99 ms | p99 Quire / nginx |"
  echo "|---|---|---|---|---|---|---|"
  for page in "${pages[@]}"; do
    echo "| $page \`${page_paths[$page]}\` | ${q_rps[$page]} | ${n_rps[$page]} | $(ratio "${q_rps[$page]}" "${n_rps[$page]}") | ${q_p50[$page]} / ${q_p99[$page]} | ${n_p50[$page]} / ${n_p99[$page]} | $(ratio "${q_p99[$page]}" "${n_p99[$page]}") |"
  done
  echo
  echo "| cold start | Quire (start to first 200) | Quire, warm render cache | hugo build | Quire / hugo | warm Quire / hugo |"
  echo "|---|---|---|---|---|---|"
  for n in 1000 10000; do
    [[ -n ${cold[$n]:-} ]] && echo "| $n posts | ${cold[$n]} ms | ${warm[$n]} ms | ${hugo_ms[$n]} ms | $(ratio "${cold[$n]}" "${hugo_ms[$n]}") | $(ratio "${warm[$n]}" "${hugo_ms[$n]}") |"
  done
  echo
  echo "| memory ($mem_n posts) | resident | Markdown | resident / Markdown |"
  echo "|---|---|---|---|"
  echo "| Quire, loaded | $((rss_kb / 1024)) MiB | $((md_bytes / 1048576)) MiB | $(ratio "$((rss_kb * 1024))" "$md_bytes") |"
  echo "| Quire, after \`/\`, \`/tags\`, a post | $((served_kb / 1024)) MiB | $((md_bytes / 1048576)) MiB | $(ratio "$((served_kb * 1024))" "$md_bytes") |"
  echo
  echo "| bundle (JS + WASM + inline page script) | raw | gzip | brotli | budget (brotli) |"
  echo "|---|---|---|---|---|"
  echo "| home page | $((raw / 1000)) KB | $((gz / 1000)) KB | $((br / 1000)) KB | $((budget_bytes / 1000)) KB: $([[ $br -le $budget_bytes ]] && echo met || echo EXCEEDED) |"
} > bench/results.md

{
  printf '{"date":"%s","cores":%s,"pages":[' "$(date -u +%Y-%m-%d)" "$cores"
  sep=""
  for page in "${pages[@]}"; do
    printf '%s{"name":"%s","quire_rps":%s,"nginx_rps":%s,"quire_p99_ms":%s,"nginx_p99_ms":%s}' "$sep" "$page" \
      "${q_rps[$page]}" "${n_rps[$page]}" "${q_p99[$page]}" "${n_p99[$page]}"
    sep=","
  done
  printf '],"cold_start":['
  sep=""
  for n in 1000 10000; do
    [[ -n ${cold[$n]:-} ]] || continue
    printf '%s{"posts":%s,"quire_ms":%s,"quire_warm_ms":%s,"hugo_ms":%s}' "$sep" "$n" "${cold[$n]}" "${warm[$n]}" "${hugo_ms[$n]}"
    sep=","
  done
  printf '],"memory":{"posts":%s,"rss_bytes":%s,"rss_served_bytes":%s,"markdown_bytes":%s},' "$mem_n" "$((rss_kb * 1024))" "$((served_kb * 1024))" "$md_bytes"
  printf '"bundle":{"raw":%s,"gzip":%s,"brotli":%s,"budget":%s}}\n' "$raw" "$gz" "$br" "$budget_bytes"
} > bench/results.json

cargo run --quiet --release --features ssr --example bench_chart -- bench/results.json bench/chart.svg
cat bench/results.md
if ((br > budget_bytes)); then
  say "FAIL: the home page's JS + WASM is $((br / 1000)) KB brotli, over the $((budget_bytes / 1000)) KB budget"
  exit 1
fi
