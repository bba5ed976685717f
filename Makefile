# Two commands for a fresh machine (Python 3.11+):
#   make        set up .venv (package + dependencies) and regenerate everything in figures/
#   make test   run the whole test suite (unit tests, doctests, seeds' hashes, every notebook)
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: all setup figures test lab bench clean-venv
all: figures

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	$(PY) -m ipykernel install --sys-prefix --name python3 >/dev/null
	$(VENV)/bin/nbstripout --install --attributes .gitattributes 2>/dev/null || true
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

clean-venv:
	rm -rf $(VENV)
