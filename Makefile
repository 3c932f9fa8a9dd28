# Two set-up commands for a fresh machine: `make run` and `make test`. The rest are helpers.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/cpc
REDIS_URL ?= redis://127.0.0.1:6379/0
APP_DATABASE_URL ?= postgres://cpc_app@127.0.0.1:5432/cpc

.PHONY: run test test-days venv lint check run-prod worker beat sweep bench bench-web bench-dashboard lock admin static

$(VENV)/.synced: pyproject.toml uv.lock
	@$(PYTHON) -m uv --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet --disable-pip-version-check uv
	$(PYTHON) -m uv sync --frozen --python $$($(PYTHON) -c 'import sys; print(sys.executable)')
	@touch $@

venv: $(VENV)/.synced

## make run: the app on http://127.0.0.1:$(PORT) with SQLite, a Celery worker and beat on a broker in
## files (no server), and demo data for every authority; PORT and HOST are settable (make run PORT=8001)
PORT ?= 8000
HOST ?= 127.0.0.1
run: venv
	@$(PY) scripts/run_local.py --host $(HOST) --port $(PORT)

## make test: the whole suite on the local PostgreSQL and Redis, with real Chromium
test: venv
	@DATABASE_URL=$(DATABASE_URL) REDIS_URL=$(REDIS_URL) $(PY) scripts/check_services.py
	@bash scripts/ensure_chromium.sh
	$(VENV)/bin/lint-imports
	$(PY) manage.py rules_doc --check
	DATABASE_URL=$(DATABASE_URL) REDIS_URL=$(REDIS_URL) $(PY) -m pytest $(PYTEST_ARGS)

## make test-days: the date-sensitive tests with "today" frozen on each awkward day of the year
test-days: venv
	DATABASE_URL=$(DATABASE_URL) REDIS_URL=$(REDIS_URL) $(PY) scripts/test_on_awkward_days.py $(PYTEST_ARGS)

lint: venv
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports

check: venv
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

## production-like: PostgreSQL and Redis, gunicorn, Celery worker and beat as plain processes
## the app logs in as APP_DATABASE_URL's role (row-level security applies); migrate as DATABASE_URL's
run-prod: venv
	DATABASE_OWNER_URL=$(DATABASE_URL) DATABASE_URL=$(APP_DATABASE_URL) REDIS_URL=$(REDIS_URL) bash scripts/run_stack.sh

worker: venv
	DATABASE_URL=$(DATABASE_URL) REDIS_URL=$(REDIS_URL) $(VENV)/bin/celery -A cpc worker -l info

beat: venv
	DATABASE_URL=$(DATABASE_URL) REDIS_URL=$(REDIS_URL) $(VENV)/bin/celery -A cpc beat -l info

admin: venv
	$(PY) manage.py createsuperuser

bench: venv
	DATABASE_URL=$(DATABASE_URL) $(PY) -m bench

## make bench-web: the case list, a case page, the live page and an API list under wrk, each beside a
## bare view running the same SQL (seed_scale data; installs Debian's wrk when missing)
bench-web: venv
	DATABASE_URL=$(DATABASE_URL) $(PY) -m bench.web

## make bench-dashboard: the managers' dashboard of the largest authority against the bare SQL (seed_scale data)
bench-dashboard: venv
	DATABASE_URL=$(DATABASE_URL) $(PY) -m bench.dashboard

lock:
	$(PYTHON) -m uv lock --python $$($(PYTHON) -c 'import sys; print(sys.executable)')

static:
	bash scripts/build_static.sh
