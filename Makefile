# Oslo Procurement. `make run` starts the seeded demo; `make test` runs every test.
# Both work on a fresh clone: `make setup` creates .venv and installs what is missing.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
HOST   ?= 127.0.0.1
PORT   ?= 8000
# The test settings need a secret (DEBUG is off once DATABASE_URL is set); this one is for tests only.
TEST_SECRET := test-only-secret-key-000000000000000000000000000000

.PHONY: setup run serve test lint style check system-deps node-deps messages worker beat bench load clean

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

## run: migrate, seed the demo world and serve it on http://127.0.0.1:8000 (SQLite, Celery eager, mail to var/mail/)
run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo "Open http://$(HOST):$(PORT)/ (emails are written to var/mail/)"
	$(PY) manage.py runserver $(HOST):$(PORT)

## serve: run it as in production (gunicorn, DEBUG off, collected static files served by WhiteNoise,
## JSON logs) on http://localhost:8000, with the database of the environment (var/ without DATABASE_URL).
## Without a proxy in front: no HTTPS redirect. A secret is made once in var/secret_key unless SECRET_KEY is set.
serve: setup
	@mkdir -p var && { test -s var/secret_key || $(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > var/secret_key; }
	@[ -n "$$SECRET_KEY$$SECRET_KEY_FILE" ] || export SECRET_KEY_FILE=var/secret_key; \
	export DEBUG=false SECURE_SSL_REDIRECT=$${SECURE_SSL_REDIRECT:-false} ALLOWED_HOSTS=$${ALLOWED_HOSTS:-localhost,127.0.0.1}; \
	$(PY) manage.py migrate --noinput && $(PY) manage.py collectstatic --noinput -v 0 && \
	echo "Open http://localhost:$(PORT)/ (health: /health/ready; Ctrl-C stops)" && \
	GUNICORN_BIND=$(HOST):$(PORT) exec $(BIN)/gunicorn oslo_procurement.wsgi

## test: every test, browser tests included (installs Debian's chromium if missing), in
## TEST_PROCESSES processes side by side (pytest-xdist; auto: one per CPU core; each has its own test database and Redis
## database; TEST_PROCESSES=0 runs them in one), e.g. make test PYTEST_ARGS=tests/suppliers
TEST_PROCESSES ?= auto
test: setup system-deps node-deps
	SECRET_KEY=$${SECRET_KEY:-$(TEST_SECRET)} DJANGO_ALLOW_ASYNC_UNSAFE=true \
		$(BIN)/pytest -n $(TEST_PROCESSES) --dist worksteal $(PYTEST_ARGS)

## node-deps: the npm packages the tests run, pinned in package-lock.json: the Nu HTML Checker
## (vnu-jar, on the machine's Java 17) and oidc-provider (the OpenID Connect provider the
## single sign-on tests start on loopback, on the machine's Node.js)
node-deps: system-deps
	@[ -f node_modules/vnu-jar/build/dist/vnu.jar ] && [ -f node_modules/oidc-provider/package.json ] || npm ci --no-audit --no-fund

## system-deps: Debian's chromium (browser tests), gettext (translation checks), Java and Node.js, when missing
system-deps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v msgfmt >/dev/null 2>&1 || missing="$$missing gettext"; \
	command -v java >/dev/null 2>&1 || missing="$$missing openjdk-17-jre-headless"; \
	command -v node >/dev/null 2>&1 || missing="$$missing nodejs"; \
	command -v npm >/dev/null 2>&1 || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

## lint: style (ruff, lint and format; import-linter, the floors of the house: pyproject.toml
## [tool.importlinter]), then bandit (no medium or high finding) and the project's own semgrep
## rules (.semgrep/rules.yml); all offline
lint: style
	$(BIN)/bandit -r . -x ./.venv,./tests,./var -ll -q
	$(BIN)/semgrep scan --config .semgrep/rules.yml --metrics=off --disable-version-check --error --quiet .

## style: lint's first half; CI runs this before the suite, whose tests/ops/test_static_analysis.py
## runs bandit and semgrep over the same files, so that CI does not run them twice
style: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

check: setup
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py check

## messages: refresh the translation catalogues after changing user-facing strings
messages: setup
	$(PY) manage.py makemessages --locale nb --no-location --no-obsolete --ignore '.venv/*' --ignore 'var/*' --ignore 'tests/*' --ignore 'bench/*'
	$(PY) locale/tools/sync_en.py
	$(PY) manage.py compilemessages --ignore '.venv/*'

worker: setup
	$(BIN)/celery -A oslo_procurement worker --loglevel INFO --concurrency 2

beat: setup
	$(BIN)/celery -A oslo_procurement beat --loglevel INFO

BENCH_N      ?= 10000
BENCH_PG     := postgres://postgres@127.0.0.1:5432
BENCH_SECRET := bench-only-secret-key-000000000000000000000000000000
# The two seeded databases; BENCH_SEED=0 measures databases seeded before (100,000 suppliers
# take minutes to seed), e.g. make bench BENCH_SEED=0 BENCH_DB_N=bench BENCH_DB_10N=bench_100k
BENCH_DB_N   ?= oslo_bench_n
BENCH_DB_10N ?= oslo_bench_10n
BENCH_SEED   ?= 1

## bench: seed N and 10xN suppliers into two PostgreSQL databases, measure worker CPU per page
## (gunicorn, real login, hello-world and floors), the PDFs, the CMRT upload and the reminder
## sweep, write bench/results.json and the README tables (see bench/README.md)
bench: setup
	if [ "$(BENCH_SEED)" = 1 ]; then \
	for db in $(BENCH_DB_N) $(BENCH_DB_10N); do \
		psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qc "DROP DATABASE IF EXISTS $$db" -c "CREATE DATABASE $$db" && \
		DATABASE_URL=$(BENCH_PG)/$$db SECRET_KEY=$(BENCH_SECRET) $(PY) manage.py migrate --noinput -v 0 || exit 1; \
	done; \
	DATABASE_URL=$(BENCH_PG)/$(BENCH_DB_N) SECRET_KEY=$(BENCH_SECRET) $(PY) manage.py seed_scale --suppliers $(BENCH_N) && \
	DATABASE_URL=$(BENCH_PG)/$(BENCH_DB_10N) SECRET_KEY=$(BENCH_SECRET) $(PY) manage.py seed_scale --suppliers $$(( $(BENCH_N) * 10 )) || exit 1; \
	fi
	SECRET_KEY=$(BENCH_SECRET) $(PY) bench/run.py --n-db $(BENCH_DB_N) --10n-db $(BENCH_DB_10N) --n $(BENCH_N)
	SECRET_KEY=$(BENCH_SECRET) $(PY) bench/supplier_list_sql.py --n-db $(BENCH_DB_N) --10n-db $(BENCH_DB_10N)
	DATABASE_URL=$(BENCH_PG)/oslo_bench_sweep SECRET_KEY=$(BENCH_SECRET) $(PY) bench/reminders.py --results bench/results.json
	SECRET_KEY=$(BENCH_SECRET) $(PY) bench/migrate.py
	SECRET_KEY=$(BENCH_SECRET) $(PY) bench/recycle.py
	$(PY) bench/tables.py

LOAD_USERS    ?= 200
LOAD_RUN_TIME ?= 4m
LOAD_REDIS    ?= redis://127.0.0.1:6379/0

## load: 200 supplier users autosaving and 20 officers browsing for 4 minutes (locust, a second
## process; every user logs in, officers with their two-factor code) against gunicorn with the
## production settings, PostgreSQL (database oslo_load, seed_demo + seed_scale --suppliers 1000),
## Redis and a Celery worker; then checks that every acknowledged save is in the database exactly
## once; writes the "load" key of bench/results.json
load: setup
	SECRET_KEY=$(BENCH_SECRET) $(PY) bench/load.py --db oslo_load --redis $(LOAD_REDIS) --users $(LOAD_USERS) --run-time $(LOAD_RUN_TIME)

clean:
	rm -rf var/db.sqlite3 var/mail
