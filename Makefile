# Two commands do everything on a fresh machine with Python 3.11+:
#   make demo   set up, load the demo marketplace, serve it at http://127.0.0.1:8000/
#   make test   set up, run the whole suite (SQLite; PostgreSQL when DATABASE_URL is set)
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# The suite runs in one process per CPU core (pytest-xdist, at most 4: each has its own test database). --dist load
# hands tests out in pytest-django's order, so on every worker the transactional tests (which flush the database)
# come after the ones that need the migrations' rows; --dist loadfile would mix them (docs/demo-and-ci.md).
# PYTEST_ARGS="-n 0" runs everything in one process.
PYTEST_ARGS ?= -n auto --maxprocesses 4 --dist load

.PHONY: demo test install lint format bench messages check-python clean

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "OPOP Shop needs Python 3.11 or newer (found %s). Try: make PYTHON=python3.12 ..." % sys.version.split()[0])'

$(PY): | check-python
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(PY) pyproject.toml
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

# warm_renditions runs beside the server (same process group: Ctrl+C stops both), so the server starts at once
# instead of after minutes of AVIF encoding; it is idempotent, and a rendition the server happens to make first is
# reused (Wagtail's get_or_create), so a restart just carries on.
demo: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@echo ""
	@echo "OPOP Shop demo: http://$(HOST):$(PORT)/   admin: http://$(HOST):$(PORT)/admin/"
	@echo "Logins above (password: $${DEMO_PASSWORD:-opop-demo-2026}). Stop with Ctrl+C."
	@echo "Photo renditions (AVIF/WebP) are being made in the background; pages get faster as it proceeds"
	@echo "(progress: $(VENV)/warm_renditions.log)."
	$(PY) manage.py warm_renditions > $(VENV)/warm_renditions.log 2>&1 & $(PY) manage.py runserver $(HOST):$(PORT)

# Browser tests run when /usr/bin/chromium exists; with CI=true a missing browser fails the run.
# pytest's exit code 5 ("no tests collected") is a failure here like any other non-zero code.
test: $(STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Needs GNU gettext (apt-get install gettext): extract new strings into each app's locale/id, then compile.
messages: $(STAMP)
	$(PY) manage.py makemessages -l id
	$(PY) manage.py compilemessages -l id --ignore='.venv*'

# Needs PostgreSQL: builds the large catalog, serves it with gunicorn, loads it; see docs/performance.md.
# make bench BENCH_ARGS="--oscar" adds django-oscar 4.2.1 on the same pages (own virtualenv under the bench workdir,
# never a dependency of the shop); BENCH_ARGS="--oscar-only --databases sqlite" measures Oscar alone.
bench: $(STAMP)
	$(PY) bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) static
