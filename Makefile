# The two commands: `make run` and `make test`. Everything else is a step of theirs.
SHELL := /bin/bash
.DEFAULT_GOAL := help
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := .venv

PORT ?= 8000
UV := .tools/bin/uv
PY := .venv/bin/python
CASEREVIEW := .venv/bin/casereview
ROOT := $(shell [ "$$(id -u)" = 0 ] && echo yes)

.PHONY: help install system-packages test-deps run test lint pytest pytest-postgres bench

help:
	@echo "make run   - install, migrate, load the demo data and serve http://127.0.0.1:$(PORT)"
	@echo "make test  - install, then lint, type-check and run every test on SQLite and PostgreSQL"
	@echo "make bench - measure the threshold engine and letter rendering"

$(UV):
	python3 -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==0.13.9

# Pango and Arial-metric fonts for WeasyPrint letters; apt-get only what is missing.
system-packages:
	@missing=""; for p in libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation; do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$(ROOT)" = yes ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Please install these Debian packages (as root):$$missing"; exit 1; fi; fi

install: $(UV) system-packages
	@[ -x .venv/bin/python ] || $(UV) venv --quiet --python python3 .venv
	$(UV) sync --locked --quiet
	npm ci --no-audit --no-fund --loglevel=error
	npm run --silent build

# Debian's Chromium for the browser tests (Playwright cannot download its own here).
test-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$(ROOT)" = yes ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Please install Debian's chromium package (as root)"; exit 1; fi; fi

# The scheduled jobs (reminders, retention) run beside the server every 10 minutes.
run: install
	$(CASEREVIEW) migrate --no-input
	$(CASEREVIEW) demo
	@echo "Emails the service sends are written to var/mail/."
	@echo "Serving http://127.0.0.1:$(PORT) (Ctrl+C stops it)"
	@export SITE_URL=http://127.0.0.1:$(PORT); \
	$(CASEREVIEW) scheduled --every 600 & jobs=$$!; \
	trap 'kill $$jobs 2>/dev/null' EXIT INT TERM; \
	$(CASEREVIEW) runserver 127.0.0.1:$(PORT) --noreload

lint:
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy casereview
	.venv/bin/bandit -q -c pyproject.toml -r casereview --severity-level medium

pytest:
	$(PY) -m pytest $(PYTEST_ARGS)

pytest-postgres:
	scripts/with-postgres $(PY) -m pytest $(PYTEST_ARGS)

# Medians on this machine; never asserted as timed tests.
bench: install
	$(PY) bench/run.py

test: install test-deps lint
	@echo "== Tests on SQLite =="
	$(MAKE) --no-print-directory pytest
	@echo "== Tests on PostgreSQL =="
	$(MAKE) --no-print-directory pytest-postgres
