# The entry points a newcomer uses: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test quick lint typecheck pytest bench bench-compare schema clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/loudong migrate
	$(BIN)/loudong seed --preset demo --if-empty
	$(BIN)/loudong serve --host $(HOST) --port $(PORT)

lint: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

# pytest-xdist workers: one per CPU (`make test PYTEST_WORKERS=0` runs in one process).
PYTEST_WORKERS ?= auto
PYTEST := $(BIN)/pytest -n $(PYTEST_WORKERS)

# The suite runs on SQLite always, and on PostgreSQL too when TEST_DATABASE_URL is set. Tests
# marked `exclusive` (they stop PostgreSQL itself) run after the others, alone.
pytest: $(STAMP)
	$(PYTEST)
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "== again on PostgreSQL ($$TEST_DATABASE_URL)"; \
		LOUDONG_TEST_BACKEND=postgres $(PYTEST) && \
		LOUDONG_TEST_BACKEND=postgres $(BIN)/pytest -m exclusive; \
	fi

test: lint typecheck pytest

# The inner loop: SQLite only, without the tests marked slow (CI runs everything).
quick: $(STAMP)
	$(PYTEST) -m "not slow and not benchmark"

bench: $(STAMP)
	$(BIN)/python -m bench.authorize
	$(BIN)/python -m bench.list_queries demo
	$(BIN)/python -m bench.list_queries district
	$(BIN)/python -m bench.import_residents
	$(BIN)/python -m bench.login_concurrency
	$(BIN)/python -m bench.compare

# Loudong against the floor and PostGraphile 4 on PostgreSQL only (bench/RESULTS.md).
bench-compare: $(STAMP)
	$(BIN)/python -m bench.compare $(BENCH_ARGS)

schema: $(STAMP)
	$(BIN)/loudong export-schema > schema.graphql

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
