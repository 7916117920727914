# The two set-up commands of the README. Both create .venv on a fresh machine.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP_RUN := $(VENV)/.installed-run
STAMP_DEV := $(VENV)/.installed-dev

.PHONY: demo test lint bench clean browser-deps

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP_RUN): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(STAMP_DEV): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev]'
	touch $@ $(STAMP_RUN)

## make demo: install and run the main job (offline: MULTIPOLAR_MIRROR=../shared/data make demo)
demo: $(STAMP_RUN)
	$(BIN)/multipolar data pull
	$(BIN)/multipolar data list
	$(BIN)/multipolar why China Russia

## make test: install with the dev extras and run the whole test suite
test: $(STAMP_DEV) browser-deps
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports
	@# pytest exits 5 when it collected no tests: say so loudly, do not fail the build on it
	$(BIN)/pytest; rc=$$?; if [ $$rc -eq 5 ]; then echo "WARNING: pytest collected no tests"; exit 0; fi; exit $$rc

# Debian's chromium for the browser tests and figure export (Playwright's own download fails here)
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null); \
	  else echo "chromium not found: install Debian's chromium (browser tests will be skipped)"; fi; }

lint: $(STAMP_DEV)
	$(BIN)/ruff check src tests benchmarks && $(BIN)/ruff format --check src tests benchmarks && $(BIN)/mypy && $(BIN)/lint-imports

bench: $(STAMP_DEV)
	for f in benchmarks/*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache .mypy_cache
