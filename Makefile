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

# Student copies (solution cells emptied) in student/, teacher copies (with solutions) in teacher/.
student: venv
	$(PY) -m analysis.teaching notebooks --student student --teacher teacher

# What the browser tests need: Debian's chromium (apt-get, as root or with sudo) and Playwright.
browsers: venv
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update && apt-get install -y chromium; \
	  else sudo apt-get update && sudo apt-get install -y chromium; fi; }
	$(PY) -m pip install --quiet -e '.[browser]'

clean:
	rm -rf $(REPORTS) .pytest_cache
