# Every target sets up what it needs: a .venv with the project and its dev extra.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run cluster test lint bench bench-cluster bench-llm clean

$(STAMP): pyproject.toml clients/python/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	$(BIN)/python -m pip install --quiet -e "./clients/python[transcripts]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/incar serve --host 127.0.0.1 --port 8000

# HAProxy on :8000 in front of WORKERS workers on :8001.. (needs Debian's haproxy).
WORKERS ?= 2
cluster: $(STAMP)
	$(BIN)/incar cluster --workers $(WORKERS) --host 127.0.0.1 --port 8000

# Two workers, one test file each at a time (the e2e servers and browsers stay in one process);
# then the fuzz gate on its own, as schemathesis's per-operation tests only expand serially.
test: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadfile -m "not fuzz"
	$(BIN)/python -m pytest -m fuzz

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy agents app tests benchmarks clients/python/src

bench: $(STAMP)
	$(BIN)/python benchmarks/vehicle_reads.py
	$(BIN)/python benchmarks/travel.py
	$(BIN)/python benchmarks/memory.py

# 1, 2 and 4 workers behind HAProxy next to one bare process (needs haproxy and wrk).
bench-cluster: $(STAMP)
	$(BIN)/python benchmarks/cluster.py

# incar-sim's LLM surfaces next to mockllm and @dwmkerr/mock-llm (needs wrk, npm, the indexes).
bench-llm: $(STAMP)
	$(BIN)/python benchmarks/llm_surfaces.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
