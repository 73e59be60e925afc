# The two commands: `make run` and `make test`. Everything else supports them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
DEMO_ENTITIES ?= 2000
SIZE ?= small

.PHONY: run test install install-dev install-test lint format messages migrate demo bench clean worker

# Re-install only when the dependency list changes, so a second `make run` is quick.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

# The development tools' extra (psutil for the bench); the test extra includes it.
$(VENV)/.installed-dev: $(VENV)/.installed pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $@

install: $(VENV)/.installed .env
install-dev: $(VENV)/.installed-dev .env
install-test: $(VENV)/.installed-test .env

# The development tools (portal/demodata, portal/bench) for one command, whatever
# .env says about DEBUG; production settings leave them out (DJANGO_DEV_TOOLS).
DEV_TOOLS := DJANGO_DEV_TOOLS=true

# A development .env with fresh random secrets; never overwrites an existing one.
.env:
	@$(PYTHON) -c "import secrets; print('DJANGO_DEBUG=true'); print('DJANGO_SECRET_KEY=' + secrets.token_urlsafe(50)); print('IDENTITY_HASH_KEY=' + secrets.token_urlsafe(32))" > $@
	@echo "Wrote a development .env (DEBUG on, random secrets)."

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(DEV_TOOLS) $(BIN)/python manage.py demo_data --if-empty --entities $(DEMO_ENTITIES)
	$(BIN)/python manage.py search_index check --repair
	$(BIN)/python manage.py build_exports --if-missing

# The background worker (large imports) runs beside the server and stops with it.
run: demo
	@$(BIN)/python manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

worker: migrate
	$(BIN)/python manage.py db_worker

test: install-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Benchmark against a dataset of SIZE (tiny, small, medium, large): docs/performance.md.
bench: install-dev
	$(DEV_TOOLS) $(BIN)/python manage.py bench --size $(SIZE) $(BENCH_ARGS)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# After adding or changing user-visible strings: update the Chinese catalogue,
# fill in the new msgstr entries, then run this again to compile it.
messages: install
	$(BIN)/python manage.py makemessages -l zh_Hans --no-obsolete
	$(BIN)/python manage.py compilemessages -l zh_Hans --ignore=.venv

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
