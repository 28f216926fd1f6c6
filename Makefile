# worldclock: two commands on a fresh machine.
#   make run    installs what is missing, builds the server and site, serves on 127.0.0.1:3000
#   make test   installs what is missing, then fmt, clippy, Rust tests and the Playwright suite
#   make dist   the server as operators deploy it and `make bench` measures it (fat LTO)
#
# The build calls cargo, wasm-bindgen and wasm-opt itself: cargo-leptos is not needed (it took
# 26 of a cold build's 44 minutes to install). `cargo leptos watch` still works for those who
# have it, from the settings in Cargo.toml. Nothing here downloads a binary: tools come from
# crates.io (cargo install), npm and Debian.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

# wasm-bindgen-cli must match the wasm-bindgen crate exactly; Cargo.toml pins it with `=`.
WASM_BINDGEN_VERSION := $(shell sed -n 's/^wasm-bindgen = { version = "=\([0-9.]*\)".*/\1/p' Cargo.toml)
WASM_SPLIT_VERSION := 0.2.4
CHROMIUM := /usr/bin/chromium
# Root installs Debian packages directly; anyone else through sudo.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# npm's binaryen (wasm-opt 132) first: Debian's binaryen 108 makes bundles Chromium rejects.
# cargo install puts tools in $CARGO_HOME/bin (default ~/.cargo/bin).
CARGO_BIN := $(or $(CARGO_HOME),$(HOME)/.cargo)/bin
export PATH := $(CURDIR)/end2end/node_modules/.bin:$(CARGO_BIN):$(PATH)
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
export CARGO_TERM_COLOR := never

.PHONY: help tools build site server dist run test lint test-rust test-e2e test-deploy bench bench-browser clean

help:
	@echo "make run    install what is missing, build, serve on http://127.0.0.1:3000"
	@echo "make test   install what is missing, then every check and test (Rust and Playwright)"
	@echo "make build  install what is missing, build the server and site"
	@echo "make dist   the server as deployed and benchmarked (fat LTO), target/dist/worldclock"
	@echo "make bench  the performance benchmarks, server and browser; rewrites BENCHMARKS.md"

## Installs ------------------------------------------------------------------------------

tools: .wasm-target wasm-bindgen-cli wasm-split-cli end2end/node_modules/.package-lock.json chromium

.PHONY: .wasm-target wasm-bindgen-cli wasm-split-cli chromium nginx
.wasm-target:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown \
	  || rustup target add wasm32-unknown-unknown

# Not --locked: the CLI's lock file names a yanked crate and that install fails.
wasm-bindgen-cli:
	@if [ -z "$(WASM_BINDGEN_VERSION)" ]; then echo "Cargo.toml does not pin wasm-bindgen with ="; exit 1; fi
	@if ! wasm-bindgen --version 2>/dev/null | grep -q " $(WASM_BINDGEN_VERSION)$$"; then \
	  echo "installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (about 2 minutes)"; \
	  cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION); \
	fi

# wasm-split cuts the code of Leptos' lazy functions (`#[lazy]`) out of the bundle into chunks
# fetched when first called: the version cargo-leptos 0.3 uses, from crates.io (about a minute).
wasm-split-cli:
	@if ! cargo install --list | grep -qx "wasm_split_cli_support v$(WASM_SPLIT_VERSION):"; then \
	  echo "installing wasm-split-cli $(WASM_SPLIT_VERSION) (about a minute)"; \
	  cargo install wasm_split_cli_support --version $(WASM_SPLIT_VERSION) --features build-binary --locked; \
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

# The site (target/site) and the server (target/release/worldclock), as `make run` serves them
# and the Playwright suite tests them. The release profile optimises without LTO: the fat-LTO
# build (`make dist`) runs 4% leaner under load and took 6 more minutes to build.
build: tools site server

WASM := target/wasm32-unknown-unknown/wasm-release/worldclock.wasm
BINDGEN_DIR := target/wasm-bindgen
# The features rustc's wasm32 target enables by default, so wasm-opt may keep (and use) them.
WASM_FEATURES := --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue

# Clippy's lints ride on the builds: as `cargo clippy` does, cargo runs the workspace's own
# crates through clippy-driver (rustc with clippy's lints, making the same code), but in a
# build, not a check, so the dependencies are compiled once, not checked once for clippy and
# built again. The WASM is linted as the site builds (`hydrate`, wasm32; a cold `make test`
# after `make run` saves the 1 min 50 s a separate wasm32 check took), the host crates as the
# tests build (`ssr`). CLIPPY_ARGS is how `cargo clippy -- -D warnings` hands clippy-driver its
# flags.
CLIPPY_BUILD := RUSTC_WORKSPACE_WRAPPER=clippy-driver \
  CLIPPY_ARGS=-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__

# The browser half: the library with `hydrate` for WASM (size-optimised: every visitor
# downloads it), linked with its relocations so wasm-split can cut the lazy functions' code
# into chunks (the reports page's), then its JS glue, wasm-opt of each module, then hashed
# names and precompressed copies. The steps after cargo run only when the bundle, the
# stylesheet, a public asset or the layout script changed since the site was last laid out
# (wasm-opt alone takes half a minute). `cargo leptos watch --split` does the same.
SITE_STAMP := target/site/pkg/hash.txt
SPLIT_DIR := target/wasm-split
site:
	$(CLIPPY_BUILD) cargo rustc --lib --target wasm32-unknown-unknown --profile wasm-release \
	  --no-default-features --features hydrate -- -C link-arg=--emit-relocs
	@if [ -f $(SITE_STAMP) ] && [ -z "$$(find $(WASM) style public scripts/site.mjs -newer $(SITE_STAMP) | head -1)" ]; then \
	  echo "site: target/site is up to date"; \
	else \
	  set -x; \
	  rm -rf $(SPLIT_DIR) $(BINDGEN_DIR); \
	  wasm-split-cli --out-name worldclock $(WASM) $(SPLIT_DIR); \
	  wasm-bindgen --target web --no-typescript --keep-lld-exports --out-dir $(BINDGEN_DIR) \
	    --out-name worldclock $(SPLIT_DIR)/worldclock.wasm; \
	  for module in $(BINDGEN_DIR)/worldclock_bg.wasm $$(ls $(SPLIT_DIR)/*.wasm | grep -v '/worldclock.wasm$$'); do \
	    wasm-opt -Oz $(WASM_FEATURES) --strip-debug --strip-producers $$module -o $$module; \
	  done; \
	  node scripts/site.mjs $(BINDGEN_DIR) $(SPLIT_DIR) target/site; \
	fi

server:
	cargo build --release --bin worldclock --no-default-features --features ssr,jemalloc

# What operators deploy and `make bench` measures: one codegen unit and fat LTO, so hyper's,
# tokio's and bytes' code inlines into the path every event takes (4% less CPU at 5,000
# streams ten times a second, BENCHMARKS.md).
dist: tools site
	cargo build --profile dist --bin worldclock --no-default-features --features ssr,jemalloc

run: build
	./target/release/worldclock

## Checks and tests --------------------------------------------------------------------------

test: tools lint test-rust test-e2e test-deploy

# Formatting, and clippy over the WASM as the site builds (the host crates' clippy rides on
# test-rust).
lint: site
	cargo fmt --all --check

# Every Rust test of the workspace, linted as it is compiled: the app with `ssr` (its model
# and UI tests run under `ssr`; the hydrate-only code is the browser's and is tested by
# Playwright), the benchmark's load generator and its yardstick.
test-rust:
	$(CLIPPY_BUILD) cargo test --workspace --all-targets --features worldclock/ssr

# Builds the release server and site fresh, then Playwright starts that server itself.
test-e2e: build
	cd end2end && npx playwright test

# nginx in front of two instances: buffering, failover with resume, SIGTERM, HTTP/2 tabs,
# and reports answered by either instance (killed midway, cancelled, the page).
test-deploy: build nginx
	cd end2end && npx playwright test -c deploy.config.ts

## Benchmarks -----------------------------------------------------------------------------

# The standard set of the performance issue; rewrites BENCHMARKS.md (about 6 minutes).
bench: dist
	cargo build --release -p loadgen -p baseline
	WORLDCLOCK_SERVER_BINARY=./target/dist/worldclock ./target/release/loadgen suite --out BENCHMARKS.md
	WORLDCLOCK_SERVER_BINARY=./target/dist/worldclock node bench/browser/run.mjs --out BENCHMARKS.md

# The browser section alone (about 3 minutes): Playwright drives Debian's Chromium against the
# release server; rewrites only that section of BENCHMARKS.md.
bench-browser: tools site server
	WORLDCLOCK_SERVER_BINARY=./target/release/worldclock node bench/browser/run.mjs --out BENCHMARKS.md

clean:
	cargo clean
	rm -rf end2end/node_modules end2end/test-results
