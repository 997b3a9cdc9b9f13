# Two commands matter on a fresh machine (Python 3.11+ and make): `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: demo test lint bench clean chromium

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

## demo: set up, load the bundled SIPRI data, print an example query, serve the dashboard
demo: $(VENV)/.installed
	$(BIN)/armsledger load --bundled
	$(BIN)/armsledger releases
	$(BIN)/armsledger top exporters --limit 5
	$(BIN)/armsledger serve --host 127.0.0.1 --port 8000

## test: set up with the dev extras, lint, type-check, run the whole test suite (browser tests
## included)
test: $(VENV)/.installed-dev chromium
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/mypy
	$(BIN)/python -m pytest

## chromium: Debian's chromium for the browser tests (Playwright never downloads a browser).
## Without root or apt the browser tests skip and say why.
chromium:
	@if [ -x /usr/bin/chromium ]; then echo "chromium: $$(/usr/bin/chromium --version 2>/dev/null)"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	  || echo "chromium could not be installed: the browser tests will skip"; \
	else echo "chromium is missing and cannot be installed here (need root and apt-get): the browser tests will skip"; fi

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/mypy

## bench: benchmarks (print figures; not tests)
bench: $(VENV)/.installed-dev
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/queries.py
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/diff.py
	$(BIN)/python bench/api_load.py
	$(BIN)/python bench/fidelity.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .ruff_cache
