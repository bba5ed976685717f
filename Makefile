# Two commands for a fresh machine (Python 3.11+):
#   make        set up .venv (the locked dependencies + the package) and regenerate everything in figures/
#   make test   run the whole test suite (unit tests, doctests, seeds' hashes, every notebook)
# The versions installed are the ones pinned in requirements.lock (Python 3.11, Linux; extras dev and scale), so figures/ and
# figures/MANIFEST.json come out the same on every machine. pyproject.toml keeps the ranges; after
# changing a dependency there, run `make lock` (keeps the other pins) or `make lock-upgrade` (newest).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
LOCK   := requirements.lock
COMPILE = $(VENV)/bin/uv pip compile pyproject.toml --extra dev --extra scale --python-version 3.11 --python-platform linux \
          --custom-compile-command "make lock" --quiet -o $(LOCK)

.PHONY: all setup figures test lab bench lock lock-upgrade git-filter clean-venv
all: figures

$(STAMP): $(LOCK) pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r $(LOCK)
	$(PY) -m pip install --quiet --no-deps -e .
	$(PY) -m ipykernel install --sys-prefix --name python3 >/dev/null
	$(MAKE) --no-print-directory git-filter
	touch $(STAMP)

setup: $(STAMP)

figures: $(STAMP)
	$(PY) -m analysis figures

test: $(STAMP)
	$(PY) -m pytest

lab: $(STAMP)
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks

bench: $(STAMP)
	$(PY) benchmarks/bench_pipeline.py

# Re-pin after editing pyproject.toml's dependencies (uv comes from PyPI into .venv; it is not a dependency).
lock:
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	test -x $(VENV)/bin/uv || $(PY) -m pip install --quiet uv
	$(COMPILE)

lock-upgrade:
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	test -x $(VENV)/bin/uv || $(PY) -m pip install --quiet uv
	$(COMPILE) --upgrade

# nbstripout as a git filter that is never `required`: it runs from this checkout's .venv when there is
# one and passes notebooks through unchanged when there is none, so removing .venv never breaks git.
# --keep-id keeps the notebooks' readable cell ids (01-00, 01-01 …).
NBSTRIP := if [ -x .venv/bin/python ]; then exec .venv/bin/python -m nbstripout --keep-id
git-filter:
	git config filter.nbstripout.clean '$(NBSTRIP); else exec cat; fi'
	git config filter.nbstripout.smudge cat
	git config --unset filter.nbstripout.required || true
	git config diff.ipynb.textconv 'sh -c '\''$(NBSTRIP) -t "$$0"; else exec cat "$$0"; fi'\'''

clean-venv:
	rm -rf $(VENV)
