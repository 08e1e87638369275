# jalon — everyday commands. `make run` and `make test` work on a fresh clone, in either
# order. Another Python: `make test PYTHON=/path/to/python3.13 VENV=.venv-3.13`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# The installer: uv, pinned here, installs exactly the versions of uv.lock.
UV_VERSION := 0.13.9
UV := UV_PROJECT_ENVIRONMENT=$(VENV) UV_PYTHON_DOWNLOADS=never $(BIN)/uv
DEMO := jalon/data/ptc-programme-2022-2025.txt
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install lock run serve test bench lint format docs

install: $(STAMP)

$(STAMP): pyproject.toml uv.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	$(UV) sync --quiet --locked --inexact --compile-bytecode --extra dev --python $(BIN)/python
	touch $(STAMP)

# After changing the dependencies in pyproject.toml: re-resolve, then commit uv.lock.
lock:
	test -x $(BIN)/uv || { test -x $(BIN)/python || $(PYTHON) -m venv $(VENV); \
		$(BIN)/python -m pip install --quiet "uv==$(UV_VERSION)"; }
	$(UV) lock --python $(BIN)/python

run: install
	$(BIN)/jalon migrate --no-input
	$(BIN)/jalon import $(DEMO)
	$(BIN)/jalon createadmin
	$(BIN)/jalon serve --host $(HOST) --port $(PORT)

# Production: gunicorn, DEBUG off; needs JALON_SECRET_KEY (see the README's Deployment).
serve: install
	$(BIN)/jalon migrate --no-input
	$(BIN)/jalon serve --production --host $(HOST) --port $(PORT)

test: install
	$(BIN)/pytest $(PYTEST_ARGS)

bench: install
	$(BIN)/python bench/run.py
	$(BIN)/python bench/round.py
	$(BIN)/python bench/agenda.py
	$(BIN)/python bench/api_load.py
	$(BIN)/python bench/cli.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/jalon makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

docs: install
	$(BIN)/python docs/render_pages.py  # every page of the session document, fr and en, Word and PDF
	JALON_SCREENSHOTS=1 $(BIN)/pytest -q tests/test_browser.py -k dashboard
