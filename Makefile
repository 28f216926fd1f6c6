# worldclock: two commands on a fresh machine.
#   make run    installs what is missing, builds the release server and site, serves on 127.0.0.1:3000
#   make test   installs what is missing, then fmt, clippy, Rust tests and the Playwright suite
#
# Nothing here downloads a binary: tools come from crates.io (cargo install), npm and Debian.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

CARGO_LEPTOS_VERSION := 0.3.10
# wasm-bindgen-cli must match the wasm-bindgen crate exactly; Cargo.toml pins it with `=`.
WASM_BINDGEN_VERSION := $(shell sed -n 's/^wasm-bindgen = { version = "=\([0-9.]*\)".*/\1/p' Cargo.toml)
CHROMIUM := /usr/bin/chromium
# Root installs Debian packages directly; anyone else through sudo.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# npm's binaryen (wasm-opt 132) first: cargo-leptos runs wasm-opt on release builds and would
# otherwise download one, and Debian's binaryen 108 makes bundles Chromium rejects.
# cargo install puts tools in $CARGO_HOME/bin (default ~/.cargo/bin).
CARGO_BIN := $(or $(CARGO_HOME),$(HOME)/.cargo)/bin
export PATH := $(CURDIR)/end2end/node_modules/.bin:$(CARGO_BIN):$(PATH)
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
export CARGO_TERM_COLOR := never

.PHONY: help tools build run test lint test-rust test-e2e test-deploy bench clean

help:
	@echo "make run    install what is missing, build, serve on http://127.0.0.1:3000"
	@echo "make test   install what is missing, then every check and test (Rust and Playwright)"
	@echo "make build  install what is missing, build the release server and site"
	@echo "make bench  the performance benchmarks; rewrites BENCHMARKS.md"

## Installs ------------------------------------------------------------------------------

tools: .wasm-target cargo-leptos wasm-bindgen-cli end2end/node_modules/.package-lock.json chromium

.PHONY: .wasm-target cargo-leptos wasm-bindgen-cli chromium nginx
.wasm-target:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown \
	  || rustup target add wasm32-unknown-unknown

cargo-leptos:
	@if ! cargo leptos --version 2>/dev/null | grep -q " $(CARGO_LEPTOS_VERSION)$$"; then \
	  echo "installing cargo-leptos $(CARGO_LEPTOS_VERSION) (about 13 minutes on 2 cores)"; \
	  cargo install cargo-leptos --locked --version $(CARGO_LEPTOS_VERSION); \
	fi

# Not --locked: the CLI's lock file names a yanked crate and that install fails.
wasm-bindgen-cli:
	@if [ -z "$(WASM_BINDGEN_VERSION)" ]; then echo "Cargo.toml does not pin wasm-bindgen with ="; exit 1; fi
	@if ! wasm-bindgen --version 2>/dev/null | grep -q " $(WASM_BINDGEN_VERSION)$$"; then \
	  echo "installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (about 2 minutes)"; \
	  cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION); \
	fi

end2end/node_modules/.package-lock.json: end2end/package-lock.json end2end/package.json
	cd end2end && npm ci --no-audit --no-fund
	@touch $@

chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
	  echo "installing Debian's chromium"; \
	  $(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q chromium; \
	fi

# Debian's nginx, for the deployment test (its service is not started: the test runs its own).
nginx:
	@if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then \
	  echo "installing Debian's nginx"; \
	  $(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q nginx openssl; \
	fi

## Build and run ---------------------------------------------------------------------------

build: tools
	cargo leptos build --release

run: build
	./target/release/worldclock

## Checks and tests --------------------------------------------------------------------------

test: tools lint test-rust test-e2e test-deploy

# At the workspace root, cargo without -p builds the app (the root package) alone; the
# benchmark's crates (bench/loadgen, and bench/baseline, the axum-SSE yardstick) are checked
# with -p.
lint:
	cargo fmt --all --check
	cargo clippy --features ssr --all-targets -- -D warnings
	cargo clippy -p loadgen -p baseline --all-targets -- -D warnings
	cargo clippy --features hydrate --lib --target wasm32-unknown-unknown -- -D warnings

test-rust:
	cargo test --features ssr
	cargo test --features hydrate --lib
	cargo test -p loadgen

# Builds the release server and site fresh, then Playwright starts that server itself.
test-e2e: build
	cd end2end && npx playwright test

# nginx in front of two instances: buffering, failover with resume, SIGTERM, HTTP/2 tabs,
# and reports answered by either instance (killed midway, cancelled, the page).
test-deploy: build nginx
	cd end2end && npx playwright test -c deploy.config.ts

## Benchmarks -----------------------------------------------------------------------------

# The standard set of the performance issue; rewrites BENCHMARKS.md (about 6 minutes).
bench: build
	cargo build --release -p loadgen -p baseline
	./target/release/loadgen suite --out BENCHMARKS.md

clean:
	cargo clean
	rm -rf end2end/node_modules end2end/test-results
