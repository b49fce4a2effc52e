# Two commands for everything: `make book` and `make test` (both set up .venv first).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LAB_VENV := .venv-lab
# A virtual environment belongs to the Python that made it: its stamp names that Python, so
# another Python (or a new lock) makes a fresh one instead of reusing it.
PYTHON_ID := $(shell $(PYTHON) -c 'import hashlib, sys; print(hashlib.sha256((sys.version + sys.base_prefix).encode()).hexdigest()[:12])' 2>/dev/null)
LOCK_INSTALLED := $(VENV)/.lock-installed-$(PYTHON_ID)
INSTALLED := $(VENV)/.installed-$(PYTHON_ID)
LAB_INSTALLED := $(LAB_VENV)/.installed-$(PYTHON_ID)
PORT ?= 8000
# The W3C Nu HTML Checker, from the npm registry (vnu-jar), run with Debian's Java
VNU_VERSION := 26.9.27
VNU_JAR := $(VENV)/vnu-$(VNU_VERSION)/vnu.jar
LAB_FLAGS ?=  # e.g. LAB_FLAGS=--allow-root in a container where you are root

.PHONY: setup book pdf student test chromium java publish release data notebooks lab bench lint serve vendor lock clean check-python

## check-python: name a Python the lock cannot use, in one line, before installing anything
check-python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  found=$$($(PYTHON) --version 2>/dev/null) || found="not found"; \
	  echo "The pinned lock needs Python 3.11 or newer; PYTHON=$(PYTHON) is $$found. Try: make $(or $(MAKECMDGOALS),book) PYTHON=python3.11" >&2; \
	  exit 1; }

# A new lock makes a new environment (nothing left over from the old one); a change to either
# pyproject.toml only reinstalls the engine (src/book_engine) and the book's own package.
$(LOCK_INSTALLED): requirements.txt | check-python
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --requirement requirements.txt
	touch $@

$(INSTALLED): $(LOCK_INSTALLED) pyproject.toml src/book_engine/pyproject.toml
	$(BIN)/pip install --quiet --no-deps --no-build-isolation --editable src/book_engine --editable .
	touch $@

## setup: make .venv from the pinned lock (book and test do this first)
setup: $(INSTALLED)

## book: set up, then build the HTML strictly and publish it to _build/html if it succeeds
book: $(INSTALLED)
	$(BIN)/python scripts/build_book.py

## test: set up, then lint and run every test (unit, data, nbval, pipeline, build, site, browser)
test: $(INSTALLED) chromium java $(VNU_JAR)
	$(BIN)/ruff check .
	$(BIN)/pytest

## chromium: Debian's Chromium for the browser tests and the PDF, installed with apt when missing and run
## as root; otherwise it says how (playwright's own browser download is never used)
chromium:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else \
	    echo "The browser tests need Chromium: run 'sudo apt-get install chromium'" >&2; exit 1; \
	  fi; }

## java: Debian's Java for the HTML checker, installed with apt when missing and run as root;
## otherwise it says how
java:
	@command -v java >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless; \
	  else \
	    echo "The HTML check needs Java: run 'sudo apt-get install default-jre-headless'" >&2; exit 1; \
	  fi; }

# The checker's jar, from the npm registry's vnu-jar package (npm pack: no node_modules)
$(VNU_JAR):
	mkdir -p $(@D)
	cd $(@D) && npm pack --silent vnu-jar@$(VNU_VERSION) >/dev/null \
	  && tar -xzf vnu-jar-$(VNU_VERSION).tgz --strip-components=3 package/build/dist/vnu.jar \
	  && rm vnu-jar-$(VNU_VERSION).tgz

## pdf: build, then print the whole book into one PDF with Debian's Chromium, into the site
## (_build/html/social-media-activism-pakistan.pdf), where the landing page links to it
pdf: book chromium
	$(BIN)/python scripts/build_pdf.py

## student: the student edition, without solutions or instructor notes, with its PDF, in
## _build/student/html (built from a copy of the sources with the answers taken out)
student: $(INSTALLED) chromium
	$(BIN)/python scripts/build_student.py

## publish: build and print, then put the site on the gh-pages branch and push it (ghp-import,
## as Jupyter Book's documentation describes; .nojekyll so that GitHub Pages serves _static/)
SITE ?= _build/html
publish: pdf
	$(BIN)/ghp-import --no-jekyll --push --force --message "Publish the book from $$(git rev-parse --short HEAD)" $(SITE)

## release: VERSION=x.y.z [DATE=YYYY-MM-DD] [URL=address] [DOI=reserved DOI]: on a clean tree, stamp the version and
## date (the commit's by default) into CITATION.cff and _config.yml, write .zenodo.json, build,
## pass every test, print the PDF and the student edition, then write the archive with its
## RO-Crate into _build/release/edition-x.y.z/ (see the README, Releasing)
VERSION ?=
DATE ?=
URL ?=
DOI ?=
release: $(INSTALLED)
	$(BIN)/python scripts/release.py check "$(VERSION)"
	$(BIN)/python scripts/release.py stamp "$(VERSION)" --date "$(DATE)" --url "$(URL)" --doi "$(DOI)"
	$(MAKE) book
	$(MAKE) test
	$(MAKE) pdf student
	$(BIN)/python scripts/release.py package

## data: rebuild data/processed/ from data/raw/ and record what was checked
data: $(INSTALLED)
	$(BIN)/python scripts/prepare_data.py

## notebooks: build as `book` does, but re-execute every chapter, not only the stale ones
notebooks: $(INSTALLED)
	$(BIN)/python scripts/build_book.py --execute-all

$(LAB_INSTALLED): requirements.txt requirements-lab.txt pyproject.toml src/book_engine/pyproject.toml | check-python
	rm -rf $(LAB_VENV)
	$(PYTHON) -m venv $(LAB_VENV)
	$(LAB_VENV)/bin/pip install --quiet --requirement requirements.txt --requirement requirements-lab.txt
	$(LAB_VENV)/bin/pip install --quiet --no-deps --no-build-isolation --editable src/book_engine --editable .
	mkdir -p $(LAB_VENV)/share/jupyter/lab/settings
	echo '{"@jupyterlab/docmanager-extension:plugin": {"defaultViewers": {"markdown": "Jupytext Notebook", "myst": "Jupytext Notebook"}}}' \
	  > $(LAB_VENV)/share/jupyter/lab/settings/overrides.json
	touch $@

## lab: JupyterLab on this machine only; a chapter's .md opens as a notebook, and saving it
## writes the .md and its paired .ipynb
lab: $(LAB_INSTALLED)
	$(LAB_VENV)/bin/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/book $(LAB_FLAGS)

## bench: time set-up, builds, rebuilds and tests against Jupyter Book's plain settings, and
## load every page over a slow mobile link (what it loads, how soon its text and chart show)
bench: $(INSTALLED) chromium
	$(BIN)/python scripts/benchmark.py

lint: $(INSTALLED)
	$(BIN)/ruff check .

## serve: preview the built site at http://127.0.0.1:$(PORT)/
serve:
	$(PYTHON) -m http.server $(PORT) --bind 127.0.0.1 --directory _build/html

## vendor: refresh _vendor/vega/ and tests/vendor/axe-core/ from the npm registry (needs npm)
vendor:
	$(PYTHON) scripts/vendor_npm.py

## lock: re-resolve requirements.in into requirements.txt, and requirements-lab.in on top of
## it into requirements-lab.txt
lock: | check-python
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet --requirement requirements.in
	echo "# Generated by 'make lock' from requirements.in on Python 3.11; do not edit." > requirements.txt
	.lock-venv/bin/pip freeze --all --exclude pip --exclude wheel >> requirements.txt
	.lock-venv/bin/pip install --quiet --requirement requirements-lab.in --constraint requirements.txt
	echo "# Generated by 'make lock' from requirements-lab.in on top of requirements.txt; do not edit." > requirements-lab.txt
	.lock-venv/bin/pip freeze --all --exclude pip --exclude wheel | grep -vxF -f requirements.txt >> requirements-lab.txt
	rm -rf .lock-venv

clean:
	rm -rf _build
