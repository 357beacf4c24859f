# Tandem — the two commands are `make demo` and `make test` (see README.md).
SHELL := /bin/bash
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON := python3.11
UV := $(shell command -v uv 2>/dev/null || echo "$(HOME)/.local/bin/uv")
PYTHON := .venv/bin/python
MANAGE := $(PYTHON) manage.py
# `PORT=8001 make demo` serves on another port; links in emails and invitations follow.
PORT ?= 8000
export TANDEM_PORT := $(PORT)
export SITE_URL ?= http://127.0.0.1:$(PORT)

.PHONY: install demo serve test lint format bench clean

install: ## Python packages from uv.lock, CSS and htmx from package-lock.json
	@command -v uv >/dev/null 2>&1 || test -x "$(UV)" || python3 -m pip install --quiet --user uv || python3 -m pip install --quiet uv
	@$(UV) sync --locked --quiet
	@test -d node_modules/htmx.org -a -d node_modules/@picocss/pico || npm ci --no-audit --no-fund --silent

demo: install ## migrate the SQLite database, seed it, serve web + worker + beat
	@mkdir -p var
	@$(MANAGE) migrate --noinput -v 0
	@$(MANAGE) sync_schedules -v 0
	@$(MANAGE) seed_demo
	@echo ""
	@echo "  Tandem is starting on $(SITE_URL)/  (Ctrl-C stops web, workers and beat)"
	@echo "  Log in as recruiter / manager / admin, password: tandem-demo"
	@echo ""
	@.venv/bin/honcho -f Procfile.demo start

test: install ## the whole suite, on DATABASE_URL / REDIS_URL when set, else SQLite and no broker
	@$(PYTHON) -m pytest -q -n $${TEST_WORKERS:-auto} -m "not worker"
	@$(PYTHON) -m pytest -q -m worker  # real Celery workers share the broker's queues: one at a time

lint: install ## ruff check, ruff format --check, and mypy (django-stubs) over the services and selectors
	@.venv/bin/ruff check .
	@.venv/bin/ruff format --check .
	@.venv/bin/mypy

format: install
	@.venv/bin/ruff check --fix .
	@.venv/bin/ruff format .

bench: install ## daily pages, sweeps, outbox and 50 colleagues on DATABASE_URL (docs/bench.md)
	@$(MANAGE) migrate --noinput -v 0
	@$(MANAGE) bench

clean:
	rm -rf var staticfiles
