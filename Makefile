# Nämndportalen. Quick start: `make run` (set up + demo data + server), `make test` (whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run demo test test-postgres ci lint format bench load migrate worker beat backup gunicorn clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check "uv==0.13.9"

$(VENV)/.synced: $(BIN)/python pyproject.toml uv.lock
	$(UV) sync --frozen --python $(BIN)/python --quiet
	touch $@

install: $(VENV)/.synced

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py demo

run: demo
	@echo "Portalen körs på http://$(HOST):$(PORT)/ (avsluta med Ctrl+C)"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install
	$(BIN)/python -m pytest -p no:cacheprovider -q -n $(or $(JOBS),auto) $(PYTEST_ARGS)

# The whole suite on local PostgreSQL (pytest-django creates and drops test_namndportalen_dev).
test-postgres: install
	DATABASE_URL=$(or $(PG_URL),postgres://postgres@127.0.0.1:5432/namndportalen_dev) $(BIN)/python -m pytest -p no:cacheprovider -q -n $(or $(JOBS),auto) $(PYTEST_ARGS)

# The CI script, as CI runs it (needs PostgreSQL and Redis on 127.0.0.1).
ci:
	CI=true .ci/run

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: migrate
	$(BIN)/python manage.py bench --scale $(or $(SCALE),1)

# The load test (README.md, "Lasttest"): bench data at SCALE (default 10) on PostgreSQL, gunicorn with
# production settings and 4 workers on LOAD_PORT, locust without and with think time.
load: install
	DATABASE_URL=$(or $(PG_URL),postgres://postgres@127.0.0.1:5432/namndportalen_dev) $(BIN)/python loadtest/run.py \
		--scale $(or $(SCALE),10) --port $(or $(LOAD_PORT),8089) --users $(or $(LOAD_USERS),50) --seconds $(or $(LOAD_SECONDS),60) $(LOAD_ARGS)

worker: install
	$(BIN)/celery -A config worker --loglevel=INFO

# Celery beat: hands waiting outbox jobs and mail to the worker every minute.
beat: install
	$(BIN)/celery -A config beat --loglevel=INFO --schedule var/celerybeat-schedule

backup: install
	$(BIN)/python manage.py backup

gunicorn: install
	DJANGO_SETTINGS_MODULE=config.settings.production $(BIN)/python manage.py collectstatic --noinput -v0
	DJANGO_SETTINGS_MODULE=config.settings.production $(BIN)/gunicorn config.wsgi:application --bind $(HOST):$(PORT) --workers 2

clean:
	rm -rf $(VENV) var/db.sqlite3 var/staticfiles
