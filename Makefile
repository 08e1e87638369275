# jalon — everyday commands. `make run` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO := jalon/data/ptc-programme-2022-2025.txt
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test bench lint format docs

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: install
	$(BIN)/jalon migrate --no-input
	$(BIN)/jalon import $(DEMO)
	$(BIN)/jalon createadmin
	$(BIN)/jalon serve --host $(HOST) --port $(PORT)

test: install
	$(BIN)/pytest $(PYTEST_ARGS)

bench: install
	$(BIN)/python bench/run.py
	$(BIN)/python bench/api_load.py

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
