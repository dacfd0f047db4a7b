# Quick start: `make run` starts the program, `make test` runs every test.
# Both create the virtual environment in .venv on first use and install the project into it.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test lint bench app clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "需要 Python 3.11 或更高版本 / Python 3.11+ is required")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,dev]'
	touch $(STAMP)

run: $(STAMP)
	$(PY) main.py

test: $(STAMP)
	$(PY) -m ruff check tracker tests main.py tools bench packaging
	$(PY) -m mypy
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

# Benchmarks at ten and a hundred times a county's year (a few minutes); the table goes into
# docs/performance.md. `.venv/bin/python -m bench --quick` is the half-minute version.
bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m bench --write-docs

# The program as a folder that runs without Python (dist/duban-tracker); on Windows, .exe files.
app: $(STAMP)
	$(PY) -m pip install --quiet -e '.[build]'
	$(PY) packaging/build_app.py

lint: $(STAMP)
	$(PY) -m ruff check tracker tests main.py tools bench packaging
	$(PY) -m mypy

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build dist *.egg-info
