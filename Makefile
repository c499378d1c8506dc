# Quire: the two commands are `make run` and `make test`; the rest are their steps.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
# wasm-opt (from the npm package binaryen) and cargo-installed tools.
export PATH := $(CURDIR)/end2end/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: run test setup setup-tests build serve export dist dist-test bench loadtest abuse fuzz watch lint unit e2e clean

## Set up what is missing, build the release, serve http://127.0.0.1:3000
run: setup build serve

## Set up what is missing, then run every check: format, lints, unit and integration tests,
## the release build and the browser tests against it.
test: setup-tests lint unit build dist-test e2e

setup:
	scripts/setup.sh

setup-tests:
	scripts/setup.sh --tests

## Release server binary (target/release/quire) and site assets (target/site): the bundle's file
## names carry a hash of their contents and each file has brotli and gzip copies beside it.
build:
	LEPTOS_HASH_FILES=true cargo leptos build --release --precompress --split --lib-features=hydrate,split

serve:
	LEPTOS_ENV=PROD LEPTOS_SITE_ROOT=target/site ./target/release/quire

## The whole site as static files in target/export, for any static host or CDN.
export: setup build
	LEPTOS_ENV=PROD LEPTOS_SITE_ROOT=target/site ./target/release/quire export target/export

## Release bundle: dist/quire-<version>-<target>.tar.gz (binary, site/, Leptos.toml, posts/, README).
dist: setup build
	scripts/dist.sh

## Unpacks the bundle into a temporary folder and serves it with no Rust toolchain on the PATH.
dist-test:
	scripts/dist.sh
	scripts/test-dist.sh

## Benchmarks against nginx and hugo (installs wrk, nginx, hugo); see bench/README.md.
bench: setup build
	bench/run.sh

## Load test: 60 s of wrk on every page type while posts change every 100 ms (docs/loadtest.md).
loadtest: setup build
	scripts/loadtest.sh

## Abuse test: wrk beside 2,000 trickling and 2,000 idle connections under `ulimit -n 1024`, then
## three restarts under wrk through an inherited socket (docs/abuse.md).
abuse: setup build
	scripts/abuse.sh

## Fuzzing: the content pipeline on generated posts for QUIRE_FUZZ_SECONDS (600) (docs/fuzzing.md).
fuzz: setup
	cargo run --release --features ssr --example fuzz

## Development: debug build, drafts shown, live reload on code and post changes.
watch: setup
	cargo leptos watch

lint:
	cargo fmt --check
	cargo clippy --features ssr --all-targets -- -D warnings
	cargo clippy --lib --features hydrate --target wasm32-unknown-unknown -- -D warnings

unit:
	cargo test --features ssr

## Browser tests; Playwright starts target/release/quire itself (see end2end/playwright.config.ts).
e2e:
	cd end2end && CI=1 npx playwright test

clean:
	cargo clean
	rm -rf dist end2end/test-results end2end/playwright-report
