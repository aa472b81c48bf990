# Commune public-service portal. `make help` lists the targets.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# make run COMMUNES=3: the demo with three communes, each on its own host (issue #17; README "Several communes").
COMMUNES ?= 1
export PYTHONDONTWRITEBYTECODE := 1

.DEFAULT_GOAL := help

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

install: $(VENV)/.runtime ## Create .venv and install the pinned requirements

# The demo shows the anonymous page cache at work (X-Page-Cache: hit / miss), as production runs;
# PAGE_CACHE_ENABLED=0 make run turns it off (a bare runserver has it off, for template edits).
run: $(VENV)/.runtime ## Run the portal with demo content on http://127.0.0.1:$PORT, and its background worker (COMMUNES=3: three communes)
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo --communes $(COMMUNES)
	@# The worker runs the admin's catalogue imports and the citizens' notification e-mails (TASKS["background"]); it stops with the server.
	$(PY) manage.py db_worker --backend background & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	PAGE_CACHE_ENABLED=$${PAGE_CACHE_ENABLED:-1} $(PY) manage.py runserver 127.0.0.1:$(PORT)

worker: $(VENV)/.runtime ## Run only the background worker (for a server started another way)
	$(PY) manage.py db_worker --backend background

test: $(VENV)/.dev ## Run the whole test suite (SQLite, or PostgreSQL when DATABASE_URL is set)
	$(PY) -m pytest $(PYTEST_ARGS)

messages: $(VENV)/.runtime ## Compile locale/vi after editing its .po files (needs gettext's msgfmt); the .mo files are committed
	$(PY) manage.py compilemessages --locale vi --ignore '.venv/*'

lint: $(VENV)/.dev ## ruff check and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# One module: make mutate MODULE=forms/lifecycle/workdays.py (bench/mutate.py lists them; docs/mutation.md has the figures).
mutate: $(VENV)/.dev ## Mutation score (mutmut) of the modules that hold the rules, per module; goal 85% killed each
	$(PY) bench/mutate.py $(MODULE)

# On PostgreSQL: DATABASE_URL=postgres://…/empty_db make bench-province (SQLite, a temporary file, otherwise).
bench-province: $(VENV)/.dev ## Province scale (#17): 100 communes sharing the catalogue, 100,000 dossiers; BENCH_ARGS=--quick for a smoke run
	$(PY) bench/province.py $(BENCH_ARGS)

.PHONY: help install run worker test lint messages mutate bench-province
