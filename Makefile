# The two commands of the quick start: `make site` and `make test`.
# Both create .venv and install the pinned dependencies on first use.

PYTHON ?= python3
export OPENBLAS_NUM_THREADS ?= 1
VENV := .venv
PY := $(VENV)/bin/python
SEEDS ?= seeds
DOCS ?= docs

.PHONY: lint setup browser generate site test check bench bench-scale evaluate browser-report screenshots zensical clean

$(VENV)/.installed: requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

setup: $(VENV)/.installed

# Debian's Chromium for the browser tests, installed (as root) when /usr/bin/chromium is missing.
browser:
	bash .ci/install-chromium

generate: setup
	$(PY) -m generator build --seeds $(SEEDS) --docs $(DOCS)

site: generate
	$(PY) -m mkdocs build --strict --site-dir site

check: setup
	$(PY) -m generator check --seeds $(SEEDS)

test: setup browser lint
	$(PY) -m pytest -q

# Types and lint, part of `make test`: mypy --strict on the package, ruff on everything.
lint: setup
	$(PY) -m mypy
	$(PY) -m ruff check generator bench tests

# What a reader's browser meets on the built seed site: targets, overflow, axe, requests.
browser-report: setup browser
	$(PY) bench/browser_report.py

# The README's screenshots of the story page (docs/assets/screenshots/).
screenshots: setup browser
	$(PY) bench/screenshots.py

# Informative, not part of `make test`: the same generated docs/ built by Zensical (pinned
# 0.1.x, in its own .venv-zensical), which reads mkdocs.yml but runs no plugin, into
# site-zensical/. What it gives or what stops it: README, "Outliving the theme".
ZENSICAL_VENV := .venv-zensical
zensical: generate
	test -x $(ZENSICAL_VENV)/bin/python || $(PYTHON) -m venv $(ZENSICAL_VENV)
	$(ZENSICAL_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -r requirements-zensical.txt
	sed 's|^docs_dir: docs$$|docs_dir: $(DOCS)\nsite_dir: site-zensical|' mkdocs.yml > .zensical-mkdocs.yml
	$(ZENSICAL_VENV)/bin/zensical build --clean -f .zensical-mkdocs.yml

bench: setup
	$(PY) bench/run.py

# Speed and scale (issue 11): seed story cold and warm, stories of 10/100/1000 sources, a site
# of 100 stories through the CLI and mkdocs build; figures in local/bench-scale.jsonl.
bench-scale: setup
	$(PY) bench/scale.py seed
	$(PY) bench/scale.py sources 10 100 1000
	$(PY) bench/scale.py site 100 --mkdocs-cold
	$(PY) bench/scale.py encoder

evaluate: setup
	$(PY) -m generator evaluate ../shared/eval/duc2004_dev.jsonl --out local/results-duc2004.json

clean:
	rm -rf site
