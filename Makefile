# Convolutions, hands-on. The two ways in: `make book` and `make test`.
# Everything installs into .venv from requirements.txt; only python3 is needed.

SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# pip on this machine warns about empty local index folders; hide only those lines
QUIET_PIP := grep -v "^WARNING: Location" || true

.PHONY: venv test bench lint clean

venv: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q -r requirements.txt 2>&1 | $(QUIET_PIP)
	$(BIN)/python -m pip install -q --no-deps -e . 2>&1 | $(QUIET_PIP)
	$(BIN)/python -c "import convlib, torch, numpy"
	touch $@

lint: $(STAMP)
	$(BIN)/ruff check .

test: lint
	$(BIN)/python -m pytest -W ignore::UserWarning

bench: $(STAMP)
	OMP_WAIT_POLICY=PASSIVE $(BIN)/python benchmarks/run.py

clean:
	rm -rf _build .pytest_cache .hypothesis
