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

VENDOR := _vendor
# the venv's python and jupyter come first, so notebooks run with convlib installed
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: venv test bench lint clean book serve vendor browser

venv: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q -r requirements.txt 2>&1 | $(QUIET_PIP)
	$(BIN)/python -m pip install -q --no-deps -e . 2>&1 | $(QUIET_PIP)
	$(BIN)/python -c "import convlib, torch, numpy"
	touch $@

lint: $(STAMP)
	$(BIN)/ruff check .

# Debian's chromium for the real-browser test (playwright drives it; it never downloads a browser).
browser:
	@command -v chromium >/dev/null || { echo "Installing Debian's chromium for the browser test"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

# Everything: lint, the book (-W), then one pytest run over the unit tests, the doctests,
# the chapters (nbval, live widget mode), the built HTML, and the book in Chromium.
test: lint book browser
	$(BIN)/python -m pytest -W ignore::UserWarning --nbval-lax tests convlib chapters

bench: $(STAMP)
	OMP_WAIT_POLICY=PASSIVE $(BIN)/python benchmarks/run.py

# Offline assets for the HTML book, from npm (the registry, not a CDN at read time).
vendor: $(VENDOR)/.stamp

$(VENDOR)/.stamp:
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/npm
	cd $(VENDOR)/npm && npm pack --silent mathjax@3.2.2 requirejs@2.3.8 @jupyter-widgets/html-manager@1.0.6 >/dev/null
	mkdir -p $(VENDOR)/mathjax $(VENDOR)/html-manager
	tar xzf $(VENDOR)/npm/mathjax-3.2.2.tgz -C $(VENDOR)/mathjax --strip-components=2 package/es5
	tar xzf $(VENDOR)/npm/requirejs-2.3.8.tgz -C $(VENDOR) --strip-components=1 package/require.js
	tar xzf $(VENDOR)/npm/jupyter-widgets-html-manager-1.0.6.tgz -C $(VENDOR)/html-manager --strip-components=2 package/dist
	rm -rf $(VENDOR)/npm
	touch $@

# The HTML book. Explorers render their frames as static HTML; a failing cell fails the build (-W).
# Jupyter Book caches executed notebooks by their own content only, so the cache is
# dropped whenever convlib's source changes (the outputs depend on it).
LIB_HASH = $(shell cat convlib/*.py pyproject.toml requirements.txt | sha1sum | cut -c1-16)
book: $(STAMP) $(VENDOR)/.stamp
	@mkdir -p _build
	@if [ "$$(cat _build/.convlib-hash 2>/dev/null)" != "$(LIB_HASH)" ]; then \
		echo "convlib changed: re-executing every chapter"; rm -rf _build/.jupyter_cache _build/.doctrees; fi
	CONVLIB_STATIC_EXPLORERS=1 jupyter-book build -W -n --keep-going .
	@echo "$(LIB_HASH)" > _build/.convlib-hash
	@echo "The book is at $(CURDIR)/_build/html/index.html -- run 'make serve' to read it."

serve:
	@echo "Serving the book at http://127.0.0.1:8000 (Ctrl-C to stop)"
	$(BIN)/python -m http.server 8000 --bind 127.0.0.1 --directory _build/html

clean:
	rm -rf _build .pytest_cache .hypothesis
