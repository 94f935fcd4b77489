# Every target sets up what it needs: a .venv with the project and its dev extra.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean

$(STAMP): pyproject.toml clients/python/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	$(BIN)/python -m pip install --quiet -e "./clients/python[transcripts]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/incar serve --host 127.0.0.1 --port 8000

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy agents app tests benchmarks clients/python/src

bench: $(STAMP)
	$(BIN)/python benchmarks/vehicle_reads.py
	$(BIN)/python benchmarks/travel.py
	$(BIN)/python benchmarks/memory.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
