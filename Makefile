# The two commands a fresh machine needs: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
CFF_VENV := .venv-cff
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export PREFECT_LOGGING_LEVEL := WARNING
export DO_NOT_TRACK := 1

.PHONY: run test eval bench lint clean

$(VENV)/.installed: requirements.lock pyproject.toml
	@echo "setup 1/3: a virtualenv in $(VENV) ($(PYTHON))"
	$(PYTHON) -m venv $(VENV)
	@echo "setup 2/3: the pinned dependencies of requirements.lock (a few minutes the first time)"
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@echo "setup 3/3: the pipeline importable from any folder"
	# Make `python -m pipeline` importable from any folder (an editable install without a build).
	$(PY) -c "import site, pathlib; pathlib.Path(site.getsitepackages()[0], 'diplomatic_talks.pth').write_text('$(CURDIR)\n')"
	touch $@

$(CFF_VENV)/.installed: requirements-cff.lock
	@echo "setup: cffconvert in its own virtualenv, $(CFF_VENV)"
	$(PYTHON) -m venv $(CFF_VENV)
	$(CFF_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-cff.lock
	touch $@

run: $(VENV)/.installed
	$(PY) -m pipeline build

test: $(VENV)/.installed $(CFF_VENV)/.installed
	# Debian's chromium for the review site's browser tests (skipped only where it cannot be had)
	bash scripts/install-chromium.sh
	CFFCONVERT=$(CURDIR)/$(CFF_VENV)/bin/cffconvert $(PY) -m pytest

eval: $(VENV)/.installed
	$(PY) -m pipeline eval --save --throughput 100

bench: $(VENV)/.installed
	$(PY) benchmarks/run_all.py

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check pipeline tests benchmarks
	$(VENV)/bin/lint-imports --no-cache

clean:
	rm -rf $(VENV) $(CFF_VENV)
