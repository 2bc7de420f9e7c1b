# cvgen: `make pdf` builds build/cv.pdf from content/; `make test` runs the test suite.
# Both set up everything on a fresh machine: the virtual environment, the package, TeX Live.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CV ?= content/cv.yaml
PDF ?= build/cv.pdf

.PHONY: pdf test check bench tools tools-test clean

# TeX Live is probed once (stamp $(VENV)/.tools), not on every `make pdf`: an up-to-date PDF
# then costs only cvgen's own no-op check. `make tools` probes again.
pdf: $(VENV)/.run $(VENV)/.tools
	@$(BIN)/cvgen build $(CV) -o $(PDF)

$(VENV)/.tools: scripts/ensure-tools.sh | $(VENV)/.run
	@scripts/ensure-tools.sh && touch $@

check: $(VENV)/.run
	@$(BIN)/cvgen check $(CV)

# pytest exits 5 when it collected no test: that is a failure, not a pass.
test: $(VENV)/.test tools-test
	@$(BIN)/python -m pytest -n 2 -q $(PYTEST_ARGS); rc=$$?; \
	  if [ $$rc -eq 5 ]; then echo "make test: no tests were collected" >&2; exit 1; fi; exit $$rc

bench: $(VENV)/.test tools-test
	$(BIN)/python benchmarks/build_speed.py

tools:
	@scripts/ensure-tools.sh

tools-test:
	@scripts/ensure-tools.sh --test

# An editable install in "compat" mode is one line in a .pth file: every `cvgen` start skips
# the import finder setuptools would otherwise install (about 7 ms of a 35 ms no-op).
EDITABLE := --config-settings editable_mode=compat -e

$(VENV)/.run: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install -q --disable-pip-version-check $(EDITABLE) .
	@touch $@

$(VENV)/.test: pyproject.toml $(VENV)/.run
	@$(BIN)/python -m pip install -q --disable-pip-version-check $(EDITABLE) '.[test]'
	@touch $@

clean:
	rm -rf build
