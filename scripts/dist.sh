#!/usr/bin/env bash
# Packs the release build into dist/quire-<version>-<target>.tar.gz: the server binary, the built
# site (target/site), a Leptos.toml pointing at it, the sample posts and an operator's README.
# Run after `cargo leptos build --release` (make dist does both).
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
target=$(rustc -vV | sed -n 's/^host: //p')
name="quire-${version}-${target}"
stage="target/dist/${name}"

for built in target/release/quire target/site/pkg; do
  [[ -e $built ]] || { echo "dist: $built is missing; run cargo leptos build --release first" >&2; exit 1; }
done

rm -rf "$stage"
mkdir -p "$stage" dist
cp target/release/quire "$stage/"
cp -R target/site "$stage/site"
cp -R posts "$stage/posts"
cp scripts/dist/README.md "$stage/README.md"
# The project's settings, with the assets where the bundle keeps them.
sed -e 's|^# site_root = .*|site_root = "site"|' Leptos.toml > "$stage/Leptos.toml"
grep -q '^site_root = "site"' "$stage/Leptos.toml" || {
  echo 'dist: could not set [server] site_root in the bundled Leptos.toml' >&2
  exit 1
}

tar -C target/dist -czf "dist/${name}.tar.gz" "$name"
echo "dist/${name}.tar.gz ($(du -h "dist/${name}.tar.gz" | cut -f1))"
