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

# The browser tests need Chromium; where it cannot be installed they are skipped with the reason.
test: venv
	@$(MAKE) --no-print-directory browsers || echo "note: Chromium or Playwright could not be installed; the browser tests will be skipped"
	$(PY) -m pytest

lab: venv
	$(PY) -m pip install --quiet -e '.[test,lab]'
	$(VENV)/bin/jupyter lab notebooks

# Student copies (solution cells emptied) in student/, teacher copies (with solutions) in teacher/.
student: venv
	$(PY) -m analysis.teaching notebooks --student student --teacher teacher

# What the browser tests need: Debian's chromium (apt-get, as root or with sudo) and Playwright.
browsers: venv
	@command -v chromium >/dev/null 2>&1 || command -v apt-get >/dev/null 2>&1 || { \
	  echo "no chromium and no apt-get: install Chromium yourself for the browser tests"; exit 1; }
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium; \
	  else sudo -n apt-get update -qq && sudo -n apt-get install -y -qq chromium; fi; }
	@$(PY) -c "import playwright" 2>/dev/null || $(PY) -m pip install --quiet -e '.[browser]'

ner-model: venv ; $(PY) -m analysis.lang.en.train_ner

clean:
	rm -rf $(REPORTS) .pytest_cache
