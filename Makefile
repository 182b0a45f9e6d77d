# The quick local loop. `.ci/run` is the full check on a fresh environment; this is what you run
# between edits. `make` = lint + types + fast tests (SQLite only, no multi-process waves).
.PHONY: check lint format types fast test migrations

check: lint types fast

lint:
	ruff check .
	ruff format --check .

format:
	ruff check --fix .
	ruff format .

types:
	mypy

# SQLite only, slow waves skipped: about a minute and a half on an idle machine.
fast:
	pytest -q -x -m "not postgres and not slow" -p no:cacheprovider

# Both databases, everything: what CI runs after lint and types.
test:
	pytest -q -p no:cacheprovider

# The models and the revisions agree (run after changing a model; see CONTRIBUTING.md).
migrations:
	d=$$(mktemp -d) && export DATABASE_URL=sqlite:///$$d/check.db && alembic upgrade head && alembic check
