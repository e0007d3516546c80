# greenmfg — the two commands of the quick start are `make demo` and `make test`.
# Everything they need is installed by the targets below (Python packages into .venv
# from uv.lock; Debian packages through scripts/system-deps.sh).

SHELL := /bin/bash
UV_VERSION := 0.13.8
UV := .tools/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test setup lint typecheck pytest openapi-snapshot clean

$(UV):
	python3 -m venv .tools
	.tools/bin/pip install --quiet uv==$(UV_VERSION)

$(VENV)/.synced: $(UV) uv.lock pyproject.toml
	$(UV) sync --frozen --quiet --python python3
	touch $@

setup: $(VENV)/.synced
	@$(PY) scripts/compile_messages.py

## make demo: the platform on SQLite with synthetic national data, served by `greenmfg serve`
## (gunicorn, task workers, scheduler; DEBUG off) at http://127.0.0.1:$(PORT) (PORT=8000 by default)
demo: setup
	bash scripts/system-deps.sh demo
	$(VENV)/bin/greenmfg demo --host $(HOST) --port $(PORT)

## make test: lint, type check, every test on SQLite and PostgreSQL, browser tests in Chromium
test: setup
	bash scripts/system-deps.sh test
	bash scripts/run-tests.sh

lint: setup
	$(VENV)/bin/ruff check
	$(VENV)/bin/ruff format --check

typecheck: setup
	GREENMFG_DEBUG=1 $(VENV)/bin/mypy

openapi-snapshot: setup
	GREENMFG_DEBUG=1 $(PY) scripts/openapi_snapshot.py

clean:
	rm -rf .venv .tools var
