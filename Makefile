# Two entry points for a fresh machine:
#   make sample   set up, build and serve the sample handbook (http://127.0.0.1:8000/handbook/)
#   make test     set up and run the whole test suite
#   make bench    set up and run the benchmark (bench/README.md); takes a quarter of an hour
# Both create .venv/ and install into it exactly the versions locked in uv.lock; nothing is
# installed globally. uv itself, pinned below, lives in a small venv of its own, .tools/.
# On purpose only:
#   make lock         refresh uv.lock to the newest versions pyproject.toml allows
#   make test-latest  run the suite in .venv-latest/ with the newest versions of everything

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
LATEST ?= .venv-latest
TOOLS  ?= .tools
UV_VERSION := 0.13.9
UV     := $(TOOLS)/bin/uv
UV_STAMP := $(TOOLS)/.uv-$(UV_VERSION)

# uv installs into $(VENV) with the machine's Python and never downloads one.
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON_PREFERENCE := only-system
# The cache and the venvs may sit on different file systems; copying is what uv falls back to.
export UV_LINK_MODE := copy
# Compiled at install: every command then starts from bytecode, even where Python may not
# write it (PYTHONDONTWRITEBYTECODE, a read-only install).
export UV_COMPILE_BYTECODE := 1

.PHONY: sample test test-latest bench lock lint clean

sample: $(VENV)/.installed
	$(BIN)/handbook serve

test: $(VENV)/.installed node_modules/.installed
	scripts/system-packages
	$(BIN)/ruff check generator tests bench
	$(BIN)/ruff format --check --quiet generator tests bench
	$(BIN)/mypy
	$(BIN)/pytest

# The suite with the newest release of every dependency; the check that the locked versions
# are installed is the one test left out. Not part of CI.
test-latest: $(UV_STAMP) node_modules/.installed
	scripts/system-packages
	rm -rf $(LATEST)
	$(UV) venv --quiet --python $(PYTHON) $(LATEST)
	$(UV) pip install --quiet --python $(LATEST)/bin/python --upgrade -e '.[test]'
	$(UV) pip list --python $(LATEST)/bin/python
	$(LATEST)/bin/pytest --deselect tests/test_setup.py::test_installed_versions_are_the_locked_ones

bench: $(VENV)/.installed
	$(BIN)/python -m bench.run

lock: $(UV_STAMP)
	$(UV) lock --upgrade --python $(PYTHON)

# Every extra (pdf, test, bench), exactly as locked: packages not in uv.lock are removed.
$(VENV)/.installed: pyproject.toml uv.lock $(UV_STAMP)
	$(UV) sync --quiet --locked --all-extras --python $(PYTHON)
	$(BIN)/python -m compileall -q generator  # the editable package too (an edited module recompiles)
	touch $@

$(UV_STAMP):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet uv==$(UV_VERSION)
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

clean:
	rm -rf $(VENV) $(LATEST) $(TOOLS) site build node_modules
