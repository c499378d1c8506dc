#!/usr/bin/env bash
# make bench: Quire against this machine's ceiling, every figure a ratio taken side by side.
#
#   serving     wrk on the release server (1,000 posts) vs nginx serving the very same HTML bytes
#   cold start  process start to the first 200 (1,000 and 10,000 posts; empty and warm render
#               cache) vs hugo building them
#   bundle      JS + WASM a reader downloads, with the inline page script: raw, gzip, brotli;
#               fails over the 100 KB budget
#   memory      resident memory with 10,000 posts vs the Markdown bytes, loaded and after a
#               reader's visits (home, a far page, tags, a tag, a post, a filter, a search)
#   list pages  first-response bytes (raw and brotli) of the list pages at 1,000 and 10,000 posts
#   export      `quire export` of 10,000 posts: time against hugo's build, bytes against the Markdown
#   search      a reader's first search on the 10,000-post server and on its export, in Chromium
#               (bench/search.mjs): bytes fetched (brotli) and time from the last keystroke
#   lighthouse  phone and desktop scores of the 10,000-post blog's home, a tag page and a search
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
bundle_files=(target/site/pkg/quire*.js target/site/pkg/quire*.wasm target/site/pkg/__wasm_split.*.js)
shopt -u nullglob
[[ -x target/release/quire && ${#bundle_files[@]} -eq 3 ]] || { make build; bundle_files=(target/site/pkg/quire*.js target/site/pkg/quire*.wasm target/site/pkg/__wasm_split.*.js); }
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
# Then after a reader's visits: every list page carries one page of posts, so none of them costs
# more than its page.
mem_tag=$(curl -s "http://127.0.0.1:$port/api/tags" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s)[0].slug))')
visits=(/ /page/50 /tags "/tags/$mem_tag" /posts/post-1 "/?tag=$mem_tag" "/?q=stream+latency" "/api/list?tags=&q=memory+cache&page=")
for path in "${visits[@]}"; do curl -s -o /dev/null "http://127.0.0.1:$port$path"; done
served_kb=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
md_bytes=$(markdown_bytes "$mem_n")
kill "$pid"; wait "$pid" 2>/dev/null || true

# ---- serving ---------------------------------------------------------------------------------
say "serving, 1000 posts: wrk ${duration}s x $connections connections per page, Quire then nginx"
qport=$(free_port)
pid=$(start_quire 1000 "$qport"); pids+=("$pid")
wait_for "http://127.0.0.1:$qport/"
tag=$(curl -s "http://127.0.0.1:$qport/api/tags" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s)[0].slug))')
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

# ---- list pages ------------------------------------------------------------------------------
# First-response bytes of each list page, uncompressed and brotli, at 1,000 and 10,000 posts.
list_paths=(/ /page/50 /tags/TAG /tags/TAG/page/2 "/?tag=TAG" "/?q=stream+latency")
declare -A list_raw list_br
for n in 1000 10000; do
  [[ -d $work/c$n ]] || continue
  say "list page sizes, $n posts"
  lport=$(free_port)
  lpid=$(start_quire "$n" "$lport"); pids+=("$lpid")
  wait_for "http://127.0.0.1:$lport/"
  ltag=$(curl -s "http://127.0.0.1:$lport/api/tags" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s)[0].slug))')
  for path in "${list_paths[@]}"; do
    url="http://127.0.0.1:$lport${path//TAG/$ltag}"
    list_raw[$n $path]=$(curl -s -o /dev/null -w '%{size_download}' "$url")
    list_br[$n $path]=$(curl -s -o /dev/null -H 'Accept-Encoding: br' -w '%{size_download}' "$url")
  done
  kill "$lpid"; wait "$lpid" 2>/dev/null || true
done

# ---- export and search -----------------------------------------------------------------------
search_words=${BENCH_SEARCH_WORDS:-stream latency}
if [[ -d $work/c10000 ]]; then
  say "export of 10,000 posts, then a first search on the server and on the export"
  # Like hugo_build: best of 3, each from nothing (an empty render cache and no earlier export).
  export_once() {
    rm -rf "$work/export10000" "$work/export-cache"
    local start
    start=$(now_ms)
    (cd "$work/c10000" && env LEPTOS_SITE_ROOT="$repo/target/site" QUIRE_DRAFTS=0 RUST_LOG=warn \
      QUIRE_CACHE_DIR="$work/export-cache" "$repo/target/release/quire" export "$work/export10000") >/dev/null
    echo $(($(now_ms) - start))
  }
  export_ms=$(best_of_3 export_once)
  export_bytes=$(du -sb "$work/export10000" | cut -f1)
  md10k_bytes=$(markdown_bytes 10000)
  sport=$(free_port)
  spid=$(start_quire 10000 "$sport"); pids+=("$spid")
  wait_for "http://127.0.0.1:$sport/"
  read -r search_serve_ms search_serve_bytes search_serve_raw search_serve_requests < <(
    node bench/search.mjs "http://127.0.0.1:$sport" "$search_words" |
      node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const r=JSON.parse(s);console.log(r.ms,r.bytes,r.raw,r.requests)})')
  # Lighthouse (phone and desktop) on the 10,000-post blog's home, a tag page and a search.
  say "lighthouse on the 10,000-post server"
  stag=$(curl -s "http://127.0.0.1:$sport/api/tags" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s)[0].slug))')
  lighthouse_rows=()
  for lpage in "home /" "tag /tags/$stag" "search /?q=stream+latency"; do
    read -r lname lpath <<<"$lpage"
    for form in mobile desktop; do
      report="$work/lh-$lname-$form.json"
      preset=(); [[ $form == desktop ]] && preset=(--preset=desktop)
      CHROME_PATH=${CHROMIUM_PATH:-/usr/bin/chromium} lighthouse "http://127.0.0.1:$sport$lpath" --quiet \
        --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run --disable-quic --disable-dev-shm-usage" \
        --only-categories=performance,accessibility,best-practices,seo --output=json --output-path="$report" "${preset[@]}" >/dev/null 2>&1 || true
      lighthouse_rows+=("$(node -e '
        const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
        const s = (c) => Math.round((r.categories[c]?.score ?? 0) * 100);
        console.log(`| ${process.argv[2]} | ${process.argv[3]} | ${s("performance")} | ${s("accessibility")} | ${s("best-practices")} | ${s("seo")} |`);' \
        "$report" "$lname \`$lpath\`" "$form" 2>/dev/null || echo "| $lname | $form | no report | | | |")")
    done
  done
  kill "$spid"; wait "$spid" 2>/dev/null || true
  eport=$(free_port)
  http-server "$work/export10000" -a 127.0.0.1 -p "$eport" -c-1 --silent &
  pids+=($!)
  wait_for "http://127.0.0.1:$eport/"
  read -r search_export_ms search_export_bytes search_export_raw search_export_requests < <(
    node bench/search.mjs "http://127.0.0.1:$eport" "$search_words" |
      node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const r=JSON.parse(s);console.log(r.ms,r.bytes,r.raw,r.requests)})')
fi

# ---- bundle ----------------------------------------------------------------------------------
# The bundle's files, plus the page script inlined in a page's HTML (loader and router): for the
# home page, and for a post that uses tabs (the sample post richer-posts, served from posts/).
bundle_bytes() {
  node -e '
  const fs = require("fs"), zlib = require("zlib");
  const [page, ...bundle] = process.argv.slice(1);
  const html = fs.readFileSync(page, "utf8");
  const inline = /<script type="module">([\s\S]*?)<\/script>/.exec(html);
  if (!inline) throw new Error("no page script in " + page);
  if (page.endsWith("tabs.html") && !html.includes("data-component=\"Tabs_")) throw new Error("no tabs island in " + page);
  const files = bundle.map((f) => fs.readFileSync(f)).concat([Buffer.from(inline[1])]);
  const sum = (f) => files.map(f).reduce((a, b) => a + b, 0);
  console.log(sum((b) => b.length), sum((b) => zlib.gzipSync(b, { level: 9 }).length),
    sum((b) => zlib.brotliCompressSync(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length));' "$@"
}
read -r raw gz br < <(bundle_bytes "$work/static/home.html" "${bundle_files[@]}")
sport=$(free_port)
(cd "$repo" && exec env LEPTOS_SITE_ROOT="$repo/target/site" LEPTOS_SITE_ADDR="127.0.0.1:$sport" QUIRE_DRAFTS=0 \
  QUIRE_CACHE_DIR="$work/cache-samples" RUST_LOG=warn "$repo/target/release/quire") > /dev/null 2>&1 &
spid=$!
for _ in $(seq 600); do
  curl -sf -o "$work/static/tabs.html" "http://127.0.0.1:$sport/posts/richer-posts" && break
  sleep 0.1
done
kill "$spid"; wait "$spid" 2>/dev/null || true
read -r traw tgz tbr < <(bundle_bytes "$work/static/tabs.html" "${bundle_files[@]}")

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
  echo "| Quire, after ${#visits[@]} pages (\`/\`, \`/page/50\`, \`/tags\`, a tag, a post, a filter, a search, a search call) | $((served_kb / 1024)) MiB | $((md_bytes / 1048576)) MiB | $(ratio "$((served_kb * 1024))" "$md_bytes") |"
  echo
  echo "| list page (bytes of the first response) | 1,000 posts raw | 1,000 posts brotli | 10,000 posts raw | 10,000 posts brotli |"
  echo "|---|---|---|---|---|"
  for path in "${list_paths[@]}"; do
    echo "| \`$path\` | ${list_raw[1000 $path]:-} | ${list_br[1000 $path]:-} | ${list_raw[10000 $path]:-} | ${list_br[10000 $path]:-} |"
  done
  if [[ -n ${export_ms:-} ]]; then
    echo
    echo "| export (10,000 posts) | Quire | hugo build | Quire / hugo | bytes written | Markdown | written / Markdown |"
    echo "|---|---|---|---|---|---|---|"
    echo "| \`quire export\` | ${export_ms} ms | ${hugo_ms[10000]} ms | $(ratio "$export_ms" "${hugo_ms[10000]}") | $((export_bytes / 1048576)) MiB | $((md10k_bytes / 1048576)) MiB | $(ratio "$export_bytes" "$md10k_bytes") |"
    echo
    echo "| first search (10,000 posts), \`$search_words\` | fetched (brotli) | fetched (raw) | requests | last keystroke to results |"
    echo "|---|---|---|---|---|"
    echo "| \`quire serve\` | $((search_serve_bytes / 1000)) KB | $((search_serve_raw / 1000)) KB | $search_serve_requests | $search_serve_ms ms |"
    echo "| static export | $((search_export_bytes / 1000)) KB | $((search_export_raw / 1000)) KB | $search_export_requests | $search_export_ms ms |"
    echo
    echo "| Lighthouse, 10,000 posts | form | Performance | Accessibility | Best Practices | SEO |"
    echo "|---|---|---|---|---|---|"
    printf '%s\n' "${lighthouse_rows[@]}"
  fi
  echo
  echo "| bundle (JS + WASM + inline page script) | raw | gzip | brotli | budget (brotli) |"
  echo "|---|---|---|---|---|"
  echo "| home page | $((raw / 1000)) KB | $((gz / 1000)) KB | $((br / 1000)) KB | $((budget_bytes / 1000)) KB: $([[ $br -le $budget_bytes ]] && echo met || echo EXCEEDED) |"
  echo "| a post with tabs (\`/posts/richer-posts\`) | $((traw / 1000)) KB | $((tgz / 1000)) KB | $((tbr / 1000)) KB | $((budget_bytes / 1000)) KB: $([[ $tbr -le $budget_bytes ]] && echo met || echo EXCEEDED) |"
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
