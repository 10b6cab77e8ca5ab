# The two commands: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup seed superuser staff check screenshots bench clean serve backup restore loadtest release

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

## make test: set up and run the whole suite on both cores, in random order (the seed is printed:
## PYTEST_ARGS="-p randomly -p no:cacheprovider --randomly-seed=N" repeats an order); browser tests
## skip, with the reason, without Chromium
TEST_WORKERS ?= 2
test: setup
	$(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

## make serve: production mode (DEBUG off, HTTPS-only settings, hashed static files served by
## whitenoise) on PostgreSQL through gunicorn on 127.0.0.1:8000 (worker threads, so that its timeout
## is a heartbeat, not a limit on long exports: config/gunicorn.py); needs DJANGO_SECRET_KEY, and refuses to
## start (before touching the database) on any warning of the deploy check, a weak key among them.
SERVE_DATABASE_URL := $(or $(DATABASE_URL),postgres://postgres@127.0.0.1:5432/incidents)
GUNICORN_WORKERS ?= $(shell echo $$(( 2 * $$(nproc) + 1 )))
GUNICORN_THREADS ?= 4
CACHE_DIR := $(or $(DJANGO_CACHE_DIR),$(CURDIR)/var/cache)
PRODUCTION := DJANGO_DEBUG=0 DJANGO_STATIC_MANIFEST=1 DJANGO_CACHE_DIR=$(CACHE_DIR) DATABASE_URL=$(SERVE_DATABASE_URL)

serve: setup
	@test -n "$$DJANGO_SECRET_KEY" || { echo "make serve needs DJANGO_SECRET_KEY in the environment (no key is kept in the repository), e.g."; \
	  echo "  export DJANGO_SECRET_KEY=\"\$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')\""; exit 1; }
	$(PRODUCTION) $(PY) manage.py check --deploy --fail-level WARNING
	$(PRODUCTION) $(PY) -m config.database
	$(PRODUCTION) $(PY) manage.py collectstatic --noinput --verbosity 0
	$(PRODUCTION) $(PY) manage.py migrate --noinput
	$(PRODUCTION) $(VENV)/bin/gunicorn config.wsgi --config config/gunicorn.py --bind $(HOST):$(PORT) \
	  --workers $(GUNICORN_WORKERS) --threads $(GUNICORN_THREADS) --access-logfile -

## make backup: everything (data, history, users, roles) to BACKUP_DIR (var/backups/), or FILE=…jsonl.gz
backup: setup
	$(PY) manage.py backup $(FILE)

## make restore FILE=…jsonl.gz: read a backup into an empty database, all or nothing (REPLACE=1: replace what is there);
## then empties make serve's cache, whose entries belong to the data replaced
restore: setup
	@test -n "$(FILE)" || { echo "usage: make restore FILE=var/backups/incidents-….jsonl.gz [REPLACE=1]"; exit 1; }
	$(PY) manage.py migrate --noinput
	DJANGO_CACHE_DIR=$(CACHE_DIR) $(PY) manage.py restore $(FILE) $(if $(REPLACE),--replace)

## make release VERSION=1.0 [SITE_URL=https://…]: an immutable snapshot of the published data set in
## RELEASES_DIR/VERSION/ (var/releases/), with checksums, manifest and changelog; /data/ lists it
release: setup
	@test -n "$(VERSION)" || { echo "usage: make release VERSION=1.0 [SITE_URL=https://incidents.example.org]"; exit 1; }
	$(PY) manage.py migrate --noinput
	$(PY) manage.py release $(VERSION) $(if $(SITE_URL),--site-url $(SITE_URL))

seed: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_seed

superuser: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createsuperuser

staff: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py create_staff $(NAME) --role $(ROLE)

## make screenshots: refresh docs/screenshots/ (README shows them) by running the browser tests,
## with no tile server reachable (the maps draw their bundled base layer); no other run writes them
screenshots: setup
	WRITE_SCREENSHOTS=1 REQUIRE_BROWSER=1 $(PY) -m pytest -q -p no:randomly tests/browser

## make check: lint and format (ruff), Django's system checks (the database's too: it migrates first),
## no model change without its migration
check: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py migrate --noinput --verbosity 0
	$(PY) manage.py check --database default
	$(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) .venv-loadtest staticfiles .pytest_cache

## make bench: figures for 1,000,000 incidents on PostgreSQL (BENCH_ARGS=--sqlite for 100,000 on SQLite)
bench: setup
	$(PY) bench/run.py $(BENCH_ARGS)

## make loadtest: readers and analysts against gunicorn on PostgreSQL with 1,000,000 incidents for 60 s,
## only on 127.0.0.1 (LOADTEST_ARGS="--readers 48 --duration 120"); locust in its own virtualenv
LOADTEST_STAMP := .venv-loadtest/.installed
$(LOADTEST_STAMP): requirements-loadtest.txt
	test -x .venv-loadtest/bin/python || $(PYTHON) -m venv .venv-loadtest
	.venv-loadtest/bin/pip install --quiet --disable-pip-version-check -r requirements-loadtest.txt
	touch $@

loadtest: setup $(LOADTEST_STAMP)
	$(PY) bench/loadtest.py $(LOADTEST_ARGS)
