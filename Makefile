# cvgen: `make pdf` builds build/cv.pdf from content/; `make test` runs the test suite.
# Both set up everything on a fresh machine: the virtual environment, the package, TeX Live.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CV ?= content/cv.yaml
# `make pdf VARIANT=short` builds the CV's variant `short` (cv.yaml's variants:) to build/cv-short.pdf.
VARIANT ?=
PDF ?= $(if $(VARIANT),build/cv-$(VARIANT).pdf,build/cv.pdf)

.PHONY: pdf test check bench tools tools-test lock clean

# TeX Live is probed once (stamp $(VENV)/.tools), not on every `make pdf`: an up-to-date PDF
# then costs only cvgen's own no-op check. `make tools` probes again.
pdf: $(VENV)/.run $(VENV)/.tools
	@$(BIN)/cvgen build $(CV) -o $(PDF) $(if $(VARIANT),--variant $(VARIANT))

$(VENV)/.tools: scripts/ensure-tools.sh | $(VENV)/.run
	@echo "cvgen set-up: checking TeX Live and the Debian packages a PDF needs (scripts/ensure-tools.sh)" >&2
	@scripts/ensure-tools.sh && touch $@

check: $(VENV)/.run
	@$(BIN)/cvgen check $(CV)

# pytest exits 5 when it collected no test: that is a failure, not a pass.
test: $(VENV)/.test tools-test
	@$(BIN)/python -m pytest -n 2 -q $(PYTEST_ARGS); rc=$$?; \
	  if [ $$rc -eq 5 ]; then echo "make test: no tests were collected" >&2; exit 1; fi; exit $$rc

# Issue 22's benchmarks in under 10 minutes; writes the table in benchmarks/README.md.
bench: $(VENV)/.test tools-test
	env -u PYTHONDONTWRITEBYTECODE $(BIN)/python benchmarks/report.py

tools:
	@scripts/ensure-tools.sh

tools-test:
	@echo "cvgen set-up: checking the Debian packages the tests need (scripts/ensure-tools.sh --test)" >&2
	@scripts/ensure-tools.sh --test

# Installs come from the lock files (exact versions, with hashes), so a fresh clone today and
# next year gets the same libraries and the same PDF bytes. `make lock` refreshes them from the
# ranges in pyproject.toml; `make test UNLOCKED=1 VENV=.venv-newest` tries the newest versions
# those ranges allow (the weekly CI job), without the lock.
# An editable install in "compat" mode is one line in a .pth file: every `cvgen` start skips
# the import finder setuptools would otherwise install (about 7 ms of a 35 ms no-op).
PIP := $(BIN)/python -m pip install -q --disable-pip-version-check
EDITABLE := --no-deps --no-build-isolation --config-settings editable_mode=compat -e .
ifdef UNLOCKED
export CVGEN_UNLOCKED := 1
INSTALL_RUN := $(PIP) --upgrade --upgrade-strategy eager '.' setuptools && $(PIP) $(EDITABLE)
INSTALL_TEST := $(PIP) --upgrade --upgrade-strategy eager '.[test]'  && $(PIP) $(EDITABLE)
else
INSTALL_RUN := $(PIP) --require-hashes -r requirements.lock && $(PIP) $(EDITABLE)
INSTALL_TEST := $(PIP) --require-hashes -r requirements-test.lock
endif

$(VENV)/.run: pyproject.toml requirements.lock
	@test -x $(BIN)/python || { echo "cvgen set-up: creating the virtual environment $(VENV)" >&2; $(PYTHON) -m venv $(VENV); }
	@echo "cvgen set-up: installing cvgen and its libraries at the locked versions (requirements.lock)" >&2
	@$(INSTALL_RUN)
	@touch $@

$(VENV)/.test: pyproject.toml requirements-test.lock $(VENV)/.run
	@echo "cvgen set-up: installing the test libraries at the locked versions (requirements-test.lock)" >&2
	@$(INSTALL_TEST)
	@touch $@

# Regenerate the lock files from pyproject.toml (uv lives in a venv of its own, so it never
# shows up among the locked packages).
LOCK_FLAGS := --universal --python-version 3.11 --generate-hashes --custom-compile-command "make lock" -q
lock:
	@test -x .venv-lock/bin/uv || { $(PYTHON) -m venv .venv-lock && .venv-lock/bin/pip install -q uv; }
	.venv-lock/bin/uv pip compile $(LOCK_FLAGS) --upgrade pyproject.toml requirements-build.in -o requirements.lock
	.venv-lock/bin/uv pip compile $(LOCK_FLAGS) --upgrade pyproject.toml requirements-build.in --extra test -o requirements-test.lock

clean:
	rm -rf build
