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
# The product's own semgrep rules (.semgrep/), offline: no registry, metrics or version check.
SEMGREP_ENV := SEMGREP_ENABLE_VERSION_CHECK=0 SEMGREP_SEND_METRICS=off
SEMGREP := $(SEMGREP_ENV) .venv/bin/semgrep

.PHONY: help install java-runtime system-packages test-deps run test lint pytest pytest-postgres bench bench-feeds bench-linkage deploy-deps deploy-check

help:
	@echo "make run   - install, migrate, load the demo data and serve http://127.0.0.1:$(PORT)"
	@echo "make test  - install, then lint, type-check and run every test on SQLite and PostgreSQL"
	@echo "make bench - seed 100,000 applications and load-test the pages (SQLite, PostgreSQL)"
	@echo "make bench-feeds - time a 5 MB feed import, linking 10,000 reports and the radar page"
	@echo "make bench-linkage - 1,000,000 reports: import, full and incremental link, radar, accuracy"
	@echo "make deploy-check - run the production stack (nginx, gunicorn, PostgreSQL) on loopback and check it"

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

# Optional extras of pyproject.toml, e.g. `make install EXTRAS=spark` (pyspark for linkage on
# Spark, and Java 17 for it). `make test` always asks for spark: its engine test needs it.
EXTRAS ?=
test: EXTRAS += spark

# Spark needs a Java runtime: Debian's openjdk-17-jre-headless, when spark is asked for and
# there is no java yet.
java-runtime:
	@if [ -n "$(filter spark,$(EXTRAS))" ] && ! command -v java >/dev/null 2>&1 \
	  && [ ! -x "$$JAVA_HOME/bin/java" ]; then \
	  if [ "$(ROOT)" = yes ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null; \
	  else echo "Spark needs Java 17: please install Debian's openjdk-17-jre-headless (as root); its tests are skipped until then"; fi; fi

install: $(UV) system-packages java-runtime
	@[ -x .venv/bin/python ] || $(UV) venv --quiet --python python3 .venv
	$(UV) sync --locked --quiet $(addprefix --extra ,$(EXTRAS))
	npm ci --no-audit --no-fund --loglevel=error
	npm run --silent build

# Debian's Chromium for the browser tests (Playwright cannot download its own here).
test-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$(ROOT)" = yes ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Please install Debian's chromium package (as root)"; exit 1; fi; fi

# The scheduled jobs (reminders, retention) run beside the server every 10 minutes, and the
# task worker (letter PDFs and their emails) beside both.
run: install
	$(CASEREVIEW) migrate --no-input
	$(CASEREVIEW) demo
	@echo "Emails the service sends are written to var/mail/."
	@echo "Serving http://127.0.0.1:$(PORT) (Ctrl+C stops it)"
	@export SITE_URL=http://127.0.0.1:$(PORT); \
	$(CASEREVIEW) scheduled --every 600 & jobs=$$!; \
	$(CASEREVIEW) db_worker & worker=$$!; \
	trap 'kill $$jobs $$worker 2>/dev/null' EXIT INT TERM; \
	$(CASEREVIEW) runserver 127.0.0.1:$(PORT) --noreload

lint:
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy casereview
	.venv/bin/lint-imports
	.venv/bin/bandit -q -c pyproject.toml -r casereview --severity-level medium
	$(SEMGREP) scan --config .semgrep/ --metrics=off --disable-version-check --error --quiet casereview
	cd .semgrep && $(SEMGREP_ENV) ../.venv/bin/semgrep --test --metrics=off --disable-version-check --quiet .
	$(CASEREVIEW) lintmigrations --quiet ok ignore

pytest:
	$(PY) -m pytest $(PYTEST_ARGS)

# The browser journeys run once, on SQLite: they check pages, and what those pages ask of the
# database is checked on PostgreSQL by the rest of the suite; so does the Spark engine test,
# which needs no database server. That keeps `make test` under 20
# minutes on two cores. `make pytest-postgres PG_MARKS=` runs them on PostgreSQL too.
PG_MARKS ?= not browser and not spark
pytest-postgres:
	scripts/with-postgres $(PY) -m pytest -m "$(PG_MARKS)" $(PYTEST_ARGS)

# Load at county/national scale on this machine (docs/performance.md); never part of
# `make test`. BENCH_DB picks the databases; BENCH_ARGS passes e.g. --applications 20000.
BENCH_DB ?= sqlite postgres
bench: install
	@for db in $(BENCH_DB); do \
	  if [ $$db = postgres ] && [ -z "$$DATABASE_URL" ]; then \
	    scripts/with-postgres $(PY) bench/run.py --db postgres $(BENCH_ARGS) || exit 1; \
	  else $(PY) bench/run.py --db $$db $(BENCH_ARGS) || exit 1; fi; done
	@echo "== The audit log: a million entries appended, sealed and verified =="
	@for db in $(BENCH_DB); do \
	  if [ $$db = postgres ] && [ -z "$$DATABASE_URL" ]; then \
	    scripts/with-postgres $(PY) bench/audit_log.py || exit 1; \
	  else $(PY) bench/audit_log.py || exit 1; fi; done

# Partner feeds at the radar issue's scale (docs/linkage.md): a 5 MB feed imported, 10,000
# reports linked and scored against the truth set, the radar page with 5,000 reports.
bench-feeds: install
	$(PY) bench/feeds_import.py
	$(PY) bench/feeds_link.py
	$(PY) bench/radar.py

# Partner feeds at national scale (docs/linkage.md, "At national scale"): a million reports
# seeded, imported, linked in full on DuckDB, a day's 10,000 linked incrementally, the radar
# at 8 connections and the accuracy against the seeded truth; recorded in docs/linkage.md.
# Needs a few GiB and an hour or more on two busy cores; the log is /tmp/linkage-scale.log.
LINKAGE_ARGS ?= --record
bench-linkage: EXTRAS += spark
bench-linkage: install
	set -o pipefail; nice -n 10 $(PY) bench/linkage_scale.py $(LINKAGE_ARGS) 2>&1 | tee /tmp/linkage-scale.log

test: install test-deps lint
	@echo "== Tests on SQLite =="
	$(MAKE) --no-print-directory pytest
	@echo "== Tests on PostgreSQL =="
	$(MAKE) --no-print-directory pytest-postgres

# Debian's nginx and openssl for the production stack check.
deploy-deps:
	@missing=""; for p in nginx openssl; do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$(ROOT)" = yes ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Please install these Debian packages (as root):$$missing"; exit 1; fi; fi

# The shipped deploy/ files, run for real on loopback ports and checked through nginx.
deploy-check: install deploy-deps
	scripts/with-postgres $(PY) deploy/check.py
