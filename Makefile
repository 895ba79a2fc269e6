# Regional interpreter bank. `make help` lists the targets.
VENV ?= .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
# ical.js, the second iCalendar parser of tests/calendar, installed from its lock file.
ICALJS := tests/calendar/node_modules/.package-lock.json
# axe-core, which the browser tests run in each page they check, from its lock file.
AXE := tests/e2e/node_modules/.package-lock.json
PYTHON ?= python3

.DEFAULT_GOAL := help
.PHONY: help install browser run test lint bench demo

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

$(ICALJS): tests/calendar/package.json tests/calendar/package-lock.json
	npm ci --prefix tests/calendar --no-audit --no-fund --silent
	touch $@

$(AXE): tests/e2e/package.json tests/e2e/package-lock.json
	npm ci --prefix tests/e2e --no-audit --no-fund --silent
	touch $@

install: $(INSTALLED) $(ICALJS) $(AXE) ## create .venv, install the service with its dev tools, ical.js and axe-core

browser: ## install Debian's chromium for the browser tests (needs root or sudo)
	@command -v chromium >/dev/null 2>&1 || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

run: $(INSTALLED) ## migrate the embedded SQLite database, load demo data, serve on 127.0.0.1:8000
	$(BIN)/interpreters migrate
	$(BIN)/interpreters demo
	$(BIN)/interpreters serve

demo: $(INSTALLED) ## load the demo data into the configured database
	$(BIN)/interpreters demo

test: install browser ## run the whole test suite (DATABASE_URL=postgresql://… for PostgreSQL)
	$(BIN)/pytest

lint: install ## ruff check, ruff format --check, mypy --strict and the import rules
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench migrations
	$(BIN)/mypy --strict
	$(BIN)/lint-imports

bench: install ## search, free/busy and matching latency; the video hub's CPU, rooms and latency; the rooms' link checks
	$(BIN)/python bench/search_bench.py
	$(BIN)/python bench/freebusy_bench.py
	$(BIN)/python bench/matching_bench.py
	$(BIN)/python bench/video_bench.py
	$(BIN)/python bench/watch_bench.py
