#!/usr/bin/env bash
# Proves the release bundle runs on its own: unpacks dist/quire-*.tar.gz into an empty temporary
# folder and, with an environment holding no Rust toolchain (PATH=/usr/bin:/bin, nothing else),
# checks its posts, serves pages, the bundle and the health check, exports the site, and stops
# cleanly on SIGTERM.
set -euo pipefail
cd "$(dirname "$0")/.."

shopt -s nullglob
bundles=(dist/quire-*.tar.gz)
[[ ${#bundles[@]} -eq 1 ]] || { echo "test-dist: expected one dist/quire-*.tar.gz, found ${#bundles[@]}" >&2; exit 1; }
bundle=$(realpath "${bundles[0]}")

work=$(mktemp -d)
server=""
cleanup() {
  [[ -n $server ]] && kill "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

tar -C "$work" -xzf "$bundle"
root=$(echo "$work"/quire-*)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# No Rust, no cargo, no LEPTOS_* variables: only what the bundle brings.
clean_env=(env -i PATH=/usr/bin:/bin HOME="$work" RUST_LOG=warn)

fail() { echo "test-dist: $*" >&2; exit 1; }

"${clean_env[@]}" sh -c 'command -v cargo rustc' >/dev/null && fail "the clean environment still has a Rust toolchain"

(cd "$root" && "${clean_env[@]}" ./quire check >/dev/null) || fail "quire check failed on the bundled posts"

(cd "$root" && exec "${clean_env[@]}" ./quire --addr "127.0.0.1:$port") &
server=$!

for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done

expect() { # path, text the body must contain
  local body
  body=$(curl -fsS "http://127.0.0.1:$port$1") || fail "GET $1 failed"
  grep -qF -- "$2" <<<"$body" || fail "GET $1 does not contain: $2"
  echo "ok  GET $1"
}
expect /healthz "ok 9 posts"
expect / "<title>The Quire Journal</title>"
expect /posts/hello-quire "Hello, Quire"
expect /rss.xml "<rss"

# The bundle the page names: hashed file names, served brotli-compressed and immutable.
home=$(curl -fsS "http://127.0.0.1:$port/")
js=$(grep -oE '/pkg/quire\.[A-Za-z0-9_-]{22}\.js' <<<"$home" | head -n1)
wasm=$(grep -oE '/pkg/quire\.[A-Za-z0-9_-]{22}\.wasm' <<<"$home" | head -n1)
css=$(grep -oE '/pkg/quire\.[A-Za-z0-9_-]{22}\.css' <<<"$home" | head -n1)
[[ -n $js && -n $wasm && -n $css ]] || fail "the home page does not name a hashed bundle (js '$js', wasm '$wasm', css '$css')"
for asset in "$js" "$wasm" "$css"; do
  headers=$(curl -fsS -o /dev/null -D - -H 'Accept-Encoding: br, gzip' "http://127.0.0.1:$port$asset") \
    || fail "GET $asset failed"
  grep -qi '^content-encoding: br' <<<"$headers" || fail "GET $asset is not served brotli-precompressed"
  grep -qi '^cache-control: public, max-age=31536000, immutable' <<<"$headers" || fail "GET $asset is not immutable"
  echo "ok  GET $asset (br, immutable)"
done
expect "$js" "export"
[[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/posts/no-such-post") == 404 ]] || fail "unknown post is not 404"
echo "ok  GET /posts/no-such-post is 404"

kill -TERM "$server"
wait "$server" && code=0 || code=$?
server=""
[[ $code == 0 ]] || fail "SIGTERM: the server exited with $code"
echo "ok  SIGTERM: exit 0"

(cd "$root" && "${clean_env[@]}" ./quire export "$work/export" >/dev/null) || fail "quire export failed"
[[ -f $work/export/posts/hello-quire/index.html && -f $work/export$wasm ]] || fail "the export is incomplete"
echo "ok  quire export"
echo "test-dist: $(basename "$bundle") runs without a toolchain"
