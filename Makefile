# GNBV Dashboard. `make run` serves the national demo; `make test` runs every offline test (CI calls it).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DATABASE := data/gnbv.duckdb
SEED_DATABASE := data/gnbv_seed.duckdb
GEO_INDEX := static/geo/index.json
CHROMIUM ?= /usr/bin/chromium
# Everything a demo database is built from: a change to any of them rebuilds it.
DATABASE_INPUTS := data/build.py data/sql.py $(wildcard data/database/*.py data/database/*.sql \
	data/rollup/* data/reference/* data/demo/*)
SQL_DIRS := queries data tests/invariants tests/fixtures

.PHONY: help run test test-fast fuzz lint format bench geo database seed-database system-deps browser-deps deploy users clean

help:
	@echo "make run            serve the dashboard on http://127.0.0.1:8501 (national demo database)"
	@echo "make test           lint + the whole offline suite: browser tests, the national smoke test (CI)"
	@echo "make test-fast      the inner loop: no browser, national or slow tests; two processes (< 1 min)"
	@echo "make fuzz           many more random review files through the loader and every page"
	@echo "make lint           ruff (check and format), sqlfluff over every .sql file"
	@echo "make format         ruff format and sqlfluff fix, in place"
	@echo "make bench          the performance budgets (docs/performance.md), as a table (about 13 min)"
	@echo "make database       build the national demo database ($(DATABASE), about 3-4 min)"
	@echo "make seed-database  build the five-province database the tests read ($(SEED_DATABASE))"
	@echo "make geo            prepare the boundary files into static/geo"
	@echo "make system-deps    Debian's chromium, Noto fonts, LibreOffice Impress and nginx (as root)"
	@echo "make deploy         two processes behind nginx on http://127.0.0.1:8080 (docs/deployment.md)"
	@echo "make users          list the sign-in accounts (python -m data.accounts --help for the rest)"
	@echo "make clean          remove what the build makes (databases, maps, test and bench output)"

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

$(DATABASE): $(VENV)/.runtime $(DATABASE_INPUTS)
	$(PY) -m data.build $(DATABASE) --scope national

$(SEED_DATABASE): $(VENV)/.runtime $(DATABASE_INPUTS)
	$(PY) -m data.build $(SEED_DATABASE) --scope seed

database: $(DATABASE)

seed-database: $(SEED_DATABASE)

# Boundaries come from $GNBV_GEO_DIR, else ../shared/geo; they are prepared, never committed.
$(GEO_INDEX): $(VENV)/.runtime data/geo.py
	$(PY) -m data.geo

geo: $(GEO_INDEX)

# Serves at once: without an up-to-date national demo, the seed is shown while the national database is
# built in the background, and the pages switch to it when it is ready (gnbv/ui/serve.py).
run: $(VENV)/.runtime $(GEO_INDEX) $(SEED_DATABASE)
	$(PY) -m gnbv.ui.serve $$($(MAKE) --no-print-directory -q $(DATABASE) || echo --build-national) \
		--server.address 127.0.0.1 --server.port 8501

# Debian's Chromium (browser tests, and the meeting pack's charts and PDF) with Noto fonts for
# Vietnamese, LibreOffice Impress (the test that opens the pack's PPTX) and nginx (the deployment's
# proxy, tests/test_deployment.py), as root, e.g. in CI; a test tool's own browser download does not
# work without internet.
system-deps:
	@if [ ! -x "$(CHROMIUM)" ] || [ ! -x /usr/bin/soffice ] || [ ! -x /usr/sbin/nginx ]; then \
		if [ "$$(id -u)" = "0" ]; then \
			apt-get update -qq \
			&& DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-core nginx \
			&& DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-impress-nogui; \
		else \
			echo "Missing: sudo apt-get install chromium fonts-noto-core nginx libreoffice-impress-nogui"; exit 1; \
		fi; \
	fi

browser-deps: system-deps

# Several processes behind nginx on 127.0.0.1:8080 (docs/deployment.md).
deploy: $(DATABASE) $(GEO_INDEX) system-deps
	$(PY) -m gnbv.deployment --processes 2 --port 8080

lint: $(VENV)/.dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m sqlfluff lint $(SQL_DIRS) --processes 2

format: $(VENV)/.dev
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .
	$(PY) -m sqlfluff fix $(SQL_DIRS) --processes 2

# Two workers, one per core: the suite is independent tests on their own copies and ports (9 min 28 s
# instead of 14-15 min on 2 cores; docs/performance.md).
test: $(VENV)/.dev $(SEED_DATABASE) $(DATABASE) $(GEO_INDEX) system-deps lint
	$(PY) -m pytest -n 2

test-fast: $(VENV)/.dev $(SEED_DATABASE) $(GEO_INDEX)
	$(PY) -m pytest -m "not browser and not national and not slow" -n 2 -q

fuzz: $(VENV)/.dev $(SEED_DATABASE) $(GEO_INDEX)
	GNBV_FUZZ_EXAMPLES=200 $(PY) -m pytest tests/test_fuzz.py -q

bench: $(VENV)/.dev $(DATABASE) $(GEO_INDEX) system-deps
	$(PY) scripts/bench.py

users: $(VENV)/.runtime
	$(PY) -m data.accounts list

clean:
	rm -rf $(DATABASE) $(DATABASE).wal $(SEED_DATABASE) $(SEED_DATABASE).wal data/*.building* static/geo \
		test-output bench-output
