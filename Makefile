# Front door: `make demo` (install, ingest the samples, open the review UI) and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
export QUIRE_HOME ?= $(CURDIR)/quire-data
DEMO_USER ?= demo
PORT ?= 8501
# Test workers (pytest-xdist): both cores of the 2-core CI machine; 0 runs the tests in this process
TEST_WORKERS ?= 2
# Each test file runs on one worker: its module fixtures (an OCRed page, a cleaned volume) are made
# once. Session stores are made once for all workers (tests/conftest.py: built_once).
XDIST = -n $(TEST_WORKERS) --dist loadfile

.PHONY: demo test test-quick lint bench system-deps docs-pictures

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

system-deps:
	scripts/system-deps.sh

demo: system-deps $(VENV)/.installed
	$(VENV)/bin/quire ingest samples/scan --volume sample --title "Quire sample book" --jobs 2
	$(VENV)/bin/quire status sample
	@echo "Sign in to the review UI with this user (a new password each run):"
	$(VENV)/bin/quire user add $(DEMO_USER) --role archivist
	$(VENV)/bin/quire review --port $(PORT)

test: $(VENV)/.installed
	scripts/system-deps.sh --test
	$(PY) -m pytest -q --durations=15 $(XDIST)

test-quick: $(VENV)/.installed
	$(PY) -m pytest -q $(XDIST) -m "not slow and not browser and not postgres"

# The README's screenshots (docs/*.png) are refreshed only here, never by `make test`.
docs-pictures: $(VENV)/.installed
	QUIRE_UPDATE_DOCS=1 $(PY) -m pytest -q tests/browser/test_cleanup_browser.py \
		tests/browser/test_lines_browser.py tests/browser/test_validation_browser.py \
		tests/browser/test_quality_browser.py

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check ingest ui tests bench
	$(VENV)/bin/ruff format --check ingest ui tests bench
	$(VENV)/bin/mypy ingest ui

bench: $(VENV)/.installed
	$(PY) bench/ocr_speed.py
	$(PY) bench/quality.py
	$(PY) bench/scale.py --sizes 40,80
	$(PY) bench/ui_latency.py
