# Two commands set up everything on a fresh machine: `make report` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
CORPUS ?= data/raw
REPORTS ?= reports

.PHONY: venv report test lab student browsers clean

# The environment is rebuilt when pyproject.toml changes.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

venv: $(STAMP)

report: venv
	$(PY) -m analysis report $(CORPUS) --out $(REPORTS)

test: venv
	$(PY) -m pytest

lab: venv
	$(PY) -m pip install --quiet -e '.[test,lab]'
	$(VENV)/bin/jupyter lab notebooks

clean:
	rm -rf $(REPORTS) .pytest_cache
