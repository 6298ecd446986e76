# The two commands: `make build` (set up + validate + build the site into site/)
# and `make test` (set up + run every test, browser tests included).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME_STAMP := $(VENV)/.runtime-installed
DEV_STAMP := $(VENV)/.dev-installed
SYSTEM_STAMP := $(VENV)/.system-installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: build serve check test setup setup-dev system-deps clean-venv bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(RUNTIME_STAMP): requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

$(DEV_STAMP): requirements-dev.txt $(RUNTIME_STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# Debian packages the browser tests need: Chromium (driven by Playwright) and nginx (the real server).
$(SYSTEM_STAMP): | $(BIN)/python
	@if ! command -v chromium >/dev/null || ! command -v nginx >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium nginx-light >/dev/null; \
	fi
	touch $@

setup: $(RUNTIME_STAMP)
setup-dev: $(DEV_STAMP) $(SYSTEM_STAMP)

## Validate content/ and build the public site into site/.
build: setup
	$(BIN)/portal check
	$(BIN)/mkdocs build --strict

## Live preview with drafts and scheduled items, reloading on content/, docs/, overrides/ changes.
## --dirty: only pages whose content changed are re-rendered (see hooks/portal/fingerprint.py).
serve: setup
	$(BIN)/mkdocs serve --livereload --dirty

## Validate content/ only.
check: setup
	$(BIN)/portal check

## Set up and run the whole test suite (unit, build, browser).
test: setup-dev
	$(BIN)/python -m pytest

## Benchmark (bench/README.md): floor vs cold/warm build, memory, serve latency; BENCH_ARGS="--sizes 1000,2000".
bench: setup
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean-venv:
	rm -rf $(VENV)
