# GNBV Dashboard. `make run` serves the demo; `make test` runs every offline test (CI calls it).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DATABASE := data/gnbv.duckdb
GEO_INDEX := static/geo/index.json
CHROMIUM ?= /usr/bin/chromium
DATABASE_INPUTS := data/build.py data/schema.sql data/rollup.sql data/admin_units.py data/reference_data.py \
	$(wildcard data/demo/*) $(wildcard data/reference/*.csv)

.PHONY: run test lint bench geo database browser-deps clean help

help:
	@echo "make run    serve the dashboard on http://127.0.0.1:8501 (demo database)"
	@echo "make test   lint + the whole offline test suite, browser tests included"
	@echo "make bench  measure build, rerun and payload figures (DESIGN.md section 6)"

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

$(DATABASE): $(VENV)/.runtime $(DATABASE_INPUTS)
	$(PY) -m data.build $(DATABASE)

database: $(DATABASE)

# Boundaries come from $GNBV_GEO_DIR, else ../shared/geo; they are prepared, never committed.
$(GEO_INDEX): $(VENV)/.runtime data/geo.py
	$(PY) -m data.geo

geo: $(GEO_INDEX)

run: $(DATABASE) $(GEO_INDEX)
	$(PY) -m gnbv.ui.serve --server.address 127.0.0.1 --server.port 8501

# Debian's Chromium (browser tests, and the meeting pack's charts and PDF) with Noto fonts for
# Vietnamese, and LibreOffice Impress (the test that opens the pack's PPTX), as root, e.g. in CI; a test
# tool's own browser download does not work without internet.
browser-deps:
	@if [ ! -x "$(CHROMIUM)" ] || [ ! -x /usr/bin/soffice ]; then \
		if [ "$$(id -u)" = "0" ]; then \
			apt-get update -qq \
			&& DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-core \
			&& DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-impress-nogui; \
		else \
			echo "Missing: sudo apt-get install chromium fonts-noto-core libreoffice-impress-nogui"; exit 1; \
		fi; \
	fi

lint: $(VENV)/.dev
	$(PY) -m ruff check .
	$(PY) -m sqlfluff lint queries/ data/rollup.sql

test: $(VENV)/.dev $(DATABASE) $(GEO_INDEX) browser-deps lint
	$(PY) -m pytest

bench: $(VENV)/.dev $(DATABASE) $(GEO_INDEX)
	$(PY) scripts/bench.py

clean:
	rm -rf $(DATABASE) static/geo test-output bench-output
