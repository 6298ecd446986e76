# The two commands: `make build` (set up + validate + build the site into site/)
# and `make test` (set up + run every test, browser tests included).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME_STAMP := $(VENV)/.runtime-installed
DEV_STAMP := $(VENV)/.dev-installed
SYSTEM_STAMP := $(VENV)/.system-installed
JS_DIR := tests/js
JS_STAMP := $(JS_DIR)/node_modules/.installed
# The web editor (Decap CMS, served at /quan-tri/) and its local backend (decap-server): package-lock.json.
EDITOR_STAMP := node_modules/.installed
# The second engine, ProperDocs (tests/integration/test_engines.py): a venv of its own, never next to MkDocs.
PD_VENV := .venv-properdocs
PD_BIN := $(PD_VENV)/bin
PD_STAMP := $(PD_VENV)/.properdocs-installed
export NO_MKDOCS_2_WARNING := 1
# Address of the live preview: `make serve ADDR=127.0.0.1:8001`.
ADDR ?= 127.0.0.1:8000

.PHONY: build serve edit check test test-fast lint setup setup-dev system-deps clean-venv bench audit

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(RUNTIME_STAMP): requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

$(DEV_STAMP): requirements-dev.txt $(RUNTIME_STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

$(PD_BIN)/python:
	$(PYTHON) -m venv $(PD_VENV)

# --no-deps: requirements-properdocs.txt lists every package (Material would otherwise pull in mkdocs).
$(PD_STAMP): requirements-properdocs.txt pyproject.toml | $(PD_BIN)/python
	$(PD_BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -r requirements-properdocs.txt
	$(PD_BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

# System tools the browser tests need: Chromium (driven by Playwright), nginx (the real server),
# Node.js with npm (accessibility and Lighthouse audits) and Java (the Nu Html Checker, vnu.jar). Each
# is checked on its own and installed from Debian only when missing. Node.js and npm are never asked
# of apt when `node` and `npm` already work: a machine's own Node.js (e.g. NodeSource's, which
# bundles npm) conflicts with Debian's `npm` package.
$(SYSTEM_STAMP): | $(BIN)/python
	@set -e; pkgs=""; \
	command -v chromium >/dev/null 2>&1 || pkgs="$$pkgs chromium"; \
	{ command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx; } || pkgs="$$pkgs nginx-light"; \
	command -v java >/dev/null 2>&1 || pkgs="$$pkgs openjdk-17-jre-headless"; \
	if ! command -v node >/dev/null 2>&1; then pkgs="$$pkgs nodejs npm"; \
	elif ! command -v npm >/dev/null 2>&1; then \
	  echo "node is installed but npm is not: install the npm that comes with your Node.js (apt's npm conflicts with it)" >&2; exit 1; \
	fi; \
	if [ -n "$$pkgs" ]; then \
	  echo "Installing Debian packages:$$pkgs"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$pkgs >/dev/null; \
	fi
	touch $@

# npm packages of the audits (axe-core, Lighthouse, vnu-jar), exactly as pinned in package-lock.json.
# --ignore-scripts: the only install script is vnu-jar's, which would download a Java runtime from
# GitHub when none is found; the checker runs with the machine's Java (SYSTEM_STAMP).
$(JS_STAMP): $(JS_DIR)/package.json $(JS_DIR)/package-lock.json | $(SYSTEM_STAMP)
	cd $(JS_DIR) && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

# Node.js and npm come with the machine (Debian's `npm` package conflicts with NodeSource's Node.js).
$(EDITOR_STAMP): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "npm is missing: install Node.js 20 with its npm (the web editor's files come from npm)" >&2; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

setup: $(RUNTIME_STAMP) $(EDITOR_STAMP)
setup-dev: $(DEV_STAMP) $(SYSTEM_STAMP) $(JS_STAMP) $(PD_STAMP) $(EDITOR_STAMP)

## Validate content/, build into a temporary folder and swap it into site/ atomically
## (a failed or interrupted build leaves the previous site/ exactly as it was).
build: setup
	$(BIN)/portal build

## Live preview with drafts and scheduled items, reloading on content/, docs/, overrides/ changes.
## --dirty: only pages whose content changed are re-rendered (see hooks/portal/fingerprint.py).
serve: setup
	$(BIN)/mkdocs serve --livereload --dirty --no-strict --dev-addr $(ADDR)

## The web editor on this computer: http://$(ADDR)/quan-tri/ (Decap CMS with its local backend,
## writing into content/) next to the live preview. Ctrl+C stops both.
edit: setup
	$(BIN)/portal edit --dev-addr $(ADDR)

## Validate content/ only.
check: setup
	$(BIN)/portal check

## Set up and run the whole test suite (unit, build, browser).
test: setup-dev
	$(BIN)/python -m pytest

## The unit tests in under a minute: no build, no browser, no long fuzzing (tests marked `fuzz`).
test-fast: $(DEV_STAMP)
	$(BIN)/python -m pytest tests/unit -m "not fuzz"

## ruff and mypy over hooks/ (configured in pyproject.toml); both run, either failing fails the target.
lint: $(DEV_STAMP)
	@status=0; \
	$(BIN)/ruff check hooks/ || status=1; \
	$(BIN)/mypy hooks/ || status=1; \
	exit $$status

## Audit every page type of the tests' sample site (tests/fixtures/site/) served by nginx: Nu Html Checker
## errors, axe violations, Lighthouse scores (mobile), first-load weight (without and with images).
## Prints a table; exits non-zero when a page misses a budget. Saves a screenshot of every page type at
## 375 and 1366 px into audit-screenshots/ (git-ignored), to be looked at.
audit: setup-dev
	$(BIN)/python tests/audit.py

## Benchmark (bench/README.md): floor vs cold/warm build, memory, serve latency, search (index cost, bytes
## per search: Playwright, Chromium and nginx, as the browser tests); BENCH_ARGS="--sizes 1000,2000".
bench: $(DEV_STAMP) $(SYSTEM_STAMP) $(EDITOR_STAMP)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean-venv:
	rm -rf $(VENV) $(PD_VENV)
