#!/usr/bin/env bash
# Installs what building (and, with --tests, testing) Quire needs. Idempotent: every step checks
# first and skips what is already present at the right version. Only package registries are used
# (crates.io, npm, Debian), never direct downloads.
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_LEPTOS_VERSION=0.3.7
# The wasm-bindgen CLI must match the wasm-bindgen crate in Cargo.lock exactly.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
with_tests=false
[[ "${1:-}" == "--tests" ]] && with_tests=true

say() { printf 'setup: %s\n' "$*"; }
as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

for component in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^$component"; then
    say "adding $component"
    rustup component add "$component"
  fi
done

if ! cargo leptos --version 2>/dev/null | grep -q " $CARGO_LEPTOS_VERSION\$"; then
  say "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 12 minutes, once)"
  cargo install --locked "cargo-leptos@$CARGO_LEPTOS_VERSION" --features no_downloads
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION\$"; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (matches Cargo.lock)"
  # Not --locked: the CLI's own lock file names a crate version the registry lacks.
  cargo install --force wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# Node packages of end2end/: @playwright/test, and binaryen for wasm-opt in release builds.
stamp=end2end/node_modules/.quire-lock
if ! cmp -s end2end/package-lock.json "$stamp"; then
  say "installing end2end Node packages from package-lock.json"
  (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
  cp end2end/package-lock.json "$stamp"
fi

# Chromium; a Japanese font, so the screenshot baselines show the sample's 日本語 tag as text;
# and Java for the Nu HTML Checker (vnu-jar).
if $with_tests && { [[ ! -x /usr/bin/chromium ]] || [[ ! -d /usr/share/fonts/opentype/ipafont-gothic ]] \
    || ! command -v java >/dev/null; }; then
  say "installing Debian's chromium, fonts-ipafont-gothic and a Java runtime for the browser tests"
  as_root apt-get update
  packages=(chromium fonts-ipafont-gothic)
  command -v java >/dev/null || packages+=(default-jre-headless)
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "${packages[@]}"
fi

say "ready"
