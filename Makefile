# The two commands: `make run` (fresh clone -> running platform) and `make test`.
.PHONY: run test lint check bench

run:
	scripts/run.sh

test:
	scripts/test.sh

lint:
	scripts/bootstrap.sh --dev
	.venv/bin/ruff check .
	.venv/bin/lint-imports
	.venv/bin/python manage.py makemigrations --check --dry-run

check: lint test

# Lead API speed under gunicorn with 10,000 leads in PostgreSQL (bench/README.md).
bench:
	scripts/bootstrap.sh
	.venv/bin/python bench/api_leads.py
