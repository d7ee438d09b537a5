# Two commands matter: `make run` and `make test`. Everything else is their set-up.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
# Debian packages the project needs: translations, PDF rendering (pango, harfbuzz subsetting,
# CJK fonts), reading PDFs back in tests, a browser for the end-to-end tests, nginx for the
# static publishing tests and bench, and LibreOffice to read .doc and .wps archive files.
APT_PACKAGES := gettext fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils chromium wrk nginx-light libreoffice-writer-nogui
PG_HOST := 127.0.0.1
PG_PORT := 5432
PG_TEST_URL ?= postgres://postgres@$(PG_HOST):$(PG_PORT)/bulletin_$(shell echo $$PPID)
REDIS_PORT := 6379
REDIS_TEST_URL ?= redis://$(PG_HOST):$(REDIS_PORT)/15
# Where `make run` listens: `make run HOST=0.0.0.0 PORT=8080`. Links in mails follow (SITE_URL wins).
HOST := 127.0.0.1
PORT := 8000
RUN_SITE_URL = $${SITE_URL:-http://$(HOST):$(PORT)}

export DJANGO_SETTINGS_MODULE := config.settings
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help run test setup system-packages messages lint test-sqlite test-postgres bench lock clean

help:
	@echo "make run    set up, migrate, load the demo data and serve on http://$(HOST):$(PORT)/"
	@echo "make test   set up and run the checks and the test suite on SQLite and PostgreSQL"
	@echo "make bench  run the benchmarks under bench/"
	@echo "make lock   renew requirements.lock and requirements-dev.lock from pyproject.toml (newest releases)"

system-packages:
	@if ! command -v dpkg >/dev/null 2>&1; then \
		echo "note: not a Debian system; make sure these are installed: $(APT_PACKAGES)"; exit 0; fi; \
	missing=""; for pkg in $(APT_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$pkg 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "Installing system packages:$$missing"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; \
		else echo "error: need root or sudo to install:$$missing" >&2; exit 1; fi; \
		$$SUDO apt-get update -qq; \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

# Exact versions from the lock file (one file for Python 3.12 and 3.13 alike: `uv pip compile
# --universal`), then the project itself without resolving anything again.
$(VENV)/.installed: pyproject.toml requirements-dev.lock
	@python=$$(bin/find-python); \
	if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then \
		echo "Creating $(VENV) with $$python"; rm -rf $(VENV); "$$python" -m venv $(VENV); fi
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements-dev.lock
	$(PY) -m pip install -q -e . --no-deps
	@touch $@

# Renew the lock files: the newest releases that pyproject.toml allows, valid on every Python >= 3.12.
# Commit both files after `make test` passes with them.
LOCK := $(VENV)/bin/uv pip compile pyproject.toml --universal --python-version 3.12 --upgrade --quiet
lock: $(VENV)/.installed
	$(LOCK) -o requirements.lock
	$(LOCK) --extra dev -o requirements-dev.lock
	$(PY) -m pip install -q -r requirements-dev.lock
	@touch $(VENV)/.installed

messages: $(VENV)/.installed system-packages
	@$(PY) manage.py compilemessages --ignore=$(VENV) -v 0

setup: system-packages $(VENV)/.installed messages
	@mkdir -p var/static var/media

run: setup
	$(PY) manage.py migrate --noinput
	DEBUG=1 SITE_URL="$(RUN_SITE_URL)" $(PY) manage.py loaddemo
	@echo
	@echo "Serving on http://$(HOST):$(PORT)/ (desk: http://$(HOST):$(PORT)/desk/, administration: /admin/); Ctrl-C stops."
	DEBUG=1 SITE_URL="$(RUN_SITE_URL)" $(PY) manage.py runserver $(HOST):$(PORT)

lint: setup
	$(PY) -m ruff check .
	$(PY) manage.py check --fail-level WARNING
	$(PY) manage.py makemigrations --check --dry-run

test-sqlite: setup
	@echo "== test suite on SQLite =="
	env -u DATABASE_URL $(PY) -m pytest -q

# The second run is the production-like one: PostgreSQL and, when it answers, the real Redis as the
# cache (both mandatory in CI; started there if they are down).
test-postgres: setup
	@up() { $(PY) -c "import socket; socket.create_connection(('$(PG_HOST)', $$1), 2)" 2>/dev/null; }; \
	if ! up $(PG_PORT) && [ "$${CI:-}" = "true" ] && command -v pg_ctlcluster >/dev/null; then \
		echo "PostgreSQL is down; starting it"; \
		pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | head -n 1) main start || true; sleep 2; \
	fi; \
	if ! up $(REDIS_PORT) && [ "$${CI:-}" = "true" ] && command -v redis-server >/dev/null; then \
		echo "Redis is down; starting it"; \
		redis-server --daemonize yes --bind 127.0.0.1 --port $(REDIS_PORT) --save "" --appendonly no || true; sleep 1; \
	fi; \
	if ! up $(PG_PORT); then \
		if [ "$${CI:-}" = "true" ]; then echo "error: PostgreSQL is required in CI but nothing answers on $(PG_HOST):$(PG_PORT)" >&2; exit 1; fi; \
		echo "note: no PostgreSQL on $(PG_HOST):$(PG_PORT); skipped the PostgreSQL run"; exit 0; \
	fi; \
	cache=""; \
	if up $(REDIS_PORT); then cache="$(REDIS_TEST_URL)"; \
	elif [ "$${CI:-}" = "true" ]; then echo "error: Redis is required in CI but nothing answers on $(PG_HOST):$(REDIS_PORT)" >&2; exit 1; \
	else echo "note: no Redis on $(PG_HOST):$(REDIS_PORT); the PostgreSQL run uses the in-process cache"; fi; \
	echo "== test suite on PostgreSQL$${cache:+ with Redis as the cache} =="; \
	DATABASE_URL=$(PG_TEST_URL) CACHE_URL=$${cache:-locmem://bulletin} CACHE_KEY_PREFIX=test-$$$$ \
		$(PY) -m pytest -q --create-db

test: lint test-sqlite test-postgres

# Benchmarks: every bench/*.py script, each making its own temporary database and printing its figures.
bench: setup
	@for script in bench/*.py; do echo "== $$script =="; $(PY) $$script || exit 1; done

clean:
	rm -rf $(VENV) var/static .pytest_cache
