# argmap: `make run` serves the app on 127.0.0.1:$(PORT); `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.package-lock.json

.PHONY: setup run test lint format bench clean requirements upgrade schemathesis

setup: $(STAMP) $(NODE_STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

# Test tools from npm (nothing from node_modules is served): axe-core for the accessibility tests and
# @argdown/core, Argdown's own parser, for the Argdown export's tests; exactly as package-lock.json pins them,
# with no install scripts run. npm ci rewrites node_modules/.package-lock.json, which serves as the stamp.
$(NODE_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund

run: setup
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py seed
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# pytest-xdist: one worker per core, each with its own test database and Redis DB (tests/conftest.py); tests are
# shared out as workers free up, but each xdist_group on one worker: every browser test on one (one Chromium at a
# time), the query-scale module on one. PYTEST_ARGS come after, so PYTEST_ARGS="-n 0" runs serially (as --pdb does).
PYTEST_XDIST ?= -n auto --dist loadgroup
test: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest $(PYTEST_XDIST) $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache staticfiles

# argmap under gunicorn and wrk against a bare Django view, on a scratch PostgreSQL database and Redis database
# (BENCH_DATABASE_URL, BENCH_REDIS_URL); writes docs/benchmarks.md. wrk comes from Debian.
bench: setup
	test -x /usr/bin/wrk || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null)
	$(BIN)/python bench/run.py

# The API against its own OpenAPI schema (schemathesis, every check), as a student, a teacher and an admin, on a
# scratch SQLite database seeded with the demo data; fails on any failure. `.ci/run` runs it after the tests.
schemathesis: setup
	$(BIN)/python tests/schemathesis/run.py

# The pins in requirements*.txt are compiled from requirements*.in; the header of each names the
# command below. Runtime first: the dev file is held to the runtime pins by `-c requirements.txt`.
PIP_COMPILE := CUSTOM_COMPILE_COMMAND="make requirements (make upgrade for newer releases)" \
	$(BIN)/pip-compile --quiet --strip-extras --allow-unsafe --annotation-style=line \
	--no-emit-index-url --no-emit-find-links

# After an edit to a .in file: existing pins stay wherever they still satisfy it.
requirements: setup
	$(PIP_COMPILE) -o requirements.txt requirements.in
	$(PIP_COMPILE) -o requirements-dev.txt requirements-dev.in

# Every pin to its newest release that the .in files allow; review the diff, then `make test`.
upgrade: setup
	$(PIP_COMPILE) --upgrade -o requirements.txt requirements.in
	$(PIP_COMPILE) --upgrade -o requirements-dev.txt requirements-dev.in

# Two argmap servers (gunicorn, production settings, one with psycopg's pool) on one PostgreSQL and one Redis:
# people sign in, vote, add points and moderate through both in turn, and both must show the same maps, counts and
# ETags. Drops and recreates the database in TWO_SERVERS_DATABASE_URL and empties the Redis database in
# TWO_SERVERS_REDIS_URL (defaults: argmap_two_servers on 127.0.0.1, Redis DB 3). `.ci/run` runs it.
.PHONY: two-servers
two-servers: setup
	$(BIN)/python tests/two_servers/run.py
