# Commune public-service portal. `make help` lists the targets.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
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

run: $(VENV)/.runtime ## Run the portal with demo content on http://127.0.0.1:$PORT
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: $(VENV)/.dev ## Run the whole test suite (SQLite, or PostgreSQL when DATABASE_URL is set)
	$(PY) -m pytest $(PYTEST_ARGS)

messages: $(VENV)/.runtime ## Compile locale/vi after editing its .po files (needs gettext's msgfmt); the .mo files are committed
	$(PY) manage.py compilemessages --locale vi --ignore '.venv/*'

lint: $(VENV)/.dev ## ruff check and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

.PHONY: help install run test lint messages
