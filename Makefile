# Two entry points for a fresh machine:
#   make sample   set up, build and serve the sample handbook (http://127.0.0.1:8000/handbook/)
#   make test     set up and run the whole test suite
#   make bench    set up and run the benchmark (bench/README.md); takes a quarter of an hour
# Both create .venv/ and install the project into it; nothing is installed globally.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: sample test bench lint clean

sample: $(VENV)/.installed
	$(BIN)/handbook serve

test: $(VENV)/.installed node_modules/.installed
	scripts/system-packages
	$(BIN)/ruff check generator tests bench
	$(BIN)/pytest

bench: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python -m bench.run

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

clean:
	rm -rf $(VENV) site build node_modules
