# The two commands: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup seed superuser staff check screenshots bench clean

$(STAMP): requirements.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed (set PYTHON=/path/to/python3.11)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

ASSETS := node_modules/.package-lock.json

$(ASSETS): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "npm (Node.js) is needed to install the front-end libraries"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $(ASSETS)

setup: $(STAMP) $(ASSETS)

## make run: set up, migrate, load the seed data set once, serve on http://127.0.0.1:8000
run: setup
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=1 $(PY) manage.py load_seed
	@echo
	@echo "  Admin: http://$(HOST):$(PORT)/admin/  — make your own login with: make superuser"
	@echo "  (analysts and editors: make staff NAME=alice ROLE=analyst|editor)"
	@echo
	DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

## make test: set up and run the whole suite (browser tests skip, with the reason, without Chromium)
test: setup
	$(PY) -m pytest $(PYTEST_ARGS)

seed: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_seed

superuser: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createsuperuser

staff: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py create_staff $(NAME) --role $(ROLE)

## make screenshots: refresh docs/screenshots/ (README shows them) by running the browser tests
screenshots: setup
	REQUIRE_BROWSER=1 $(PY) -m pytest -q tests/browser

check: setup
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) staticfiles .pytest_cache

## make bench: figures for 1,000,000 incidents on PostgreSQL (BENCH_ARGS=--sqlite for 100,000 on SQLite)
bench: setup
	$(PY) bench/run.py $(BENCH_ARGS)
