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
expect /healthz "ok 8 posts"
expect / "<title>The Quire Journal</title>"
expect / "/pkg/quire.js"
expect /posts/hello-quire "Hello, Quire"
expect / "/pkg/quire.wasm"
expect /pkg/quire.js "export"
expect /rss.xml "<rss"
status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/pkg/quire.wasm")
[[ $status == 200 ]] || fail "GET /pkg/quire.wasm answered $status"
echo "ok  GET /pkg/quire.wasm"
[[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/posts/no-such-post") == 404 ]] || fail "unknown post is not 404"
echo "ok  GET /posts/no-such-post is 404"

kill -TERM "$server"
wait "$server" && code=0 || code=$?
server=""
[[ $code == 0 ]] || fail "SIGTERM: the server exited with $code"
echo "ok  SIGTERM: exit 0"

(cd "$root" && "${clean_env[@]}" ./quire export "$work/export" >/dev/null) || fail "quire export failed"
[[ -f $work/export/posts/hello-quire/index.html && -f $work/export/pkg/quire.wasm ]] || fail "the export is incomplete"
echo "ok  quire export"
echo "test-dist: $(basename "$bundle") runs without a toolchain"
