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

.PHONY: venv test bench lint clean book serve vendor browser notebooks book-student grade

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

# Everything: lint, the book (-W) and its student edition, then one pytest run over the unit
# tests, the doctests, the chapters (nbval, live widget mode), the built HTML of both
# editions, and both editions in Chromium.
test: lint book book-student browser
	$(BIN)/python -m pytest -W ignore::UserWarning --nbval-lax tests convlib chapters

bench: $(STAMP)
	OMP_WAIT_POLICY=PASSIVE $(BIN)/python benchmarks/run.py

# The student notebooks (notebooks/): each chapter without solutions or MyST, for Colab
# and Jupyter. They are committed; a test fails when they are stale.
notebooks: $(STAMP)
	$(BIN)/python -m convlib.course.notebooks

# Offline MathJax for the HTML book, from npm (the registry, not a CDN at read time):
# only the files a page loads, the CommonHTML bundle and its fonts. No page has
# widgets, so neither require.js nor the widgets html-manager is shipped.
vendor: $(VENDOR)/.stamp

$(VENDOR)/.stamp:
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/npm $(VENDOR)/mathjax
	cd $(VENDOR)/npm && npm pack --silent mathjax@3.2.2 >/dev/null
	tar xzf $(VENDOR)/npm/mathjax-3.2.2.tgz -C $(VENDOR)/mathjax --strip-components=2 \
	  package/es5/tex-chtml.js package/es5/output/chtml/fonts/woff-v2
	rm -rf $(VENDOR)/npm
	touch $@

# The HTML book. Explorers render their frames as static HTML; a failing cell fails the build (-W).
# Jupyter Book caches executed notebooks by their own content only, so the cache is
# dropped whenever convlib's source changes (the outputs depend on it).
LIB_HASH = $(shell find convlib -name "*.py" | sort | xargs cat pyproject.toml requirements.txt | sha1sum | cut -c1-16)
# Sphinx rewrites only the pages whose source changed; the extension and the theme's assets
# shape every page, so a change there makes it read (not re-execute) every chapter again.
EXT_HASH = $(shell cat _ext/*.py _assets/* | sha1sum | cut -c1-16)
book: $(STAMP) $(VENDOR)/.stamp
	@mkdir -p _build
	@if [ "$$(cat _build/.convlib-hash 2>/dev/null)" != "$(LIB_HASH)" ]; then \
		echo "convlib changed: re-executing every chapter"; rm -rf _build/.jupyter_cache _build/.doctrees; fi
	@if [ "$$(cat _build/.ext-hash 2>/dev/null)" != "$(EXT_HASH)" ]; then \
		echo "the book's extension changed: rewriting every page"; rm -rf _build/.doctrees _build/html; fi
	CONVLIB_STATIC_EXPLORERS=1 jupyter-book build -W -n --keep-going .
	@echo "$(LIB_HASH)" > _build/.convlib-hash
	@echo "$(EXT_HASH)" > _build/.ext-hash
	@echo "The book is at $(CURDIR)/_build/html/index.html -- run 'make serve' to read it."

# The solution-free edition (for instructors who withhold solutions): the book built from the
# student notebooks' content into _build/student/_build/html, without the instructor page.
# Nothing runs again: the outputs come from the execution cache `make book` just filled.
book-student: book
	$(BIN)/python -m convlib.course.student_book
	CONVLIB_STATIC_EXPLORERS=1 jupyter-book build -W -n --keep-going _build/student
	@echo "The student edition is at $(CURDIR)/_build/student/_build/html/index.html"

# Grade a folder of submitted notebooks: make grade SUBMISSIONS=dir [CHAPTER=N] [EXERCISES=1.1,2.1] [GRADES=grades.csv]
GRADES ?= grades.csv
grade: $(STAMP)
	@test -n "$(SUBMISSIONS)" || { echo "usage: make grade SUBMISSIONS=folder [CHAPTER=N] [GRADES=grades.csv]"; exit 2; }
	$(BIN)/python -m convlib.course.grader "$(SUBMISSIONS)" --out "$(GRADES)" $(if $(CHAPTER),--chapter $(CHAPTER)) $(if $(EXERCISES),--exercises $(EXERCISES))

serve:
	@echo "Serving the book at http://127.0.0.1:8000 (Ctrl-C to stop)"
	$(BIN)/python -m http.server 8000 --bind 127.0.0.1 --directory _build/html

clean:
	rm -rf _build .pytest_cache .hypothesis
