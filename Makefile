# The two commands: `make run` (fresh clone -> running platform) and `make test`.
.PHONY: run test lint check

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
