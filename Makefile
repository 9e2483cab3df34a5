# The two commands: `make run` (demo on http://127.0.0.1:8000) and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# The demo judges periods and deadlines on 6 October 2025: 2025-2026 is the latest season with a
# circular on file, and its affiliation and licence periods are then open (see core/clock.py).
# SITE_URL follows PORT: e-mailed links and the card's QR code point at this very server.
DEMO_ENV := DEBUG=1 OPUSS_NOW=2025-10-06T10:00:00+02:00 SITE_URL=http://127.0.0.1:$(PORT)

.PHONY: install lock upgrade run test lint e2e screenshots prod-smoke bench bench-smoke worker clean

# The lock (requirements/): every package pinned with its hashes, for Python 3.11 to 3.13 at once
# (uv's --universal). base.txt is production's, demo.txt adds `opuss seed`'s (a training server),
# dev.txt has every extra (tests, bench) and is what `make install` installs. demo and base are
# resolved within dev's pins: production runs the very versions the tests ran.
LOCK := requirements/base.txt requirements/demo.txt requirements/dev.txt
UV_COMPILE = $(BIN)/uv pip compile pyproject.toml --universal --generate-hashes --quiet \
	--custom-compile-command "make lock"

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml requirements/dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

# After a change of pyproject.toml's dependencies: re-resolves, keeping every pin it can.
lock: install
	$(UV_COMPILE) --all-extras $(UPGRADE) -o requirements/dev.txt
	$(UV_COMPILE) --extra demo -c requirements/dev.txt -o requirements/demo.txt
	$(UV_COMPILE) -c requirements/dev.txt -o requirements/base.txt
	$(MAKE) install

# The newest versions pyproject.toml allows, then installed: review the lock's diff, run make test.
upgrade:
	$(MAKE) lock UPGRADE=--upgrade

run: install
	$(DEMO_ENV) $(BIN)/opuss migrate --noinput
	$(DEMO_ENV) $(BIN)/opuss seed
	@echo
	@$(DEMO_ENV) $(BIN)/opuss demo-accounts
	@echo
	@echo "OPUSS : http://127.0.0.1:$(PORT)/"
	$(DEMO_ENV) $(BIN)/opuss runserver 127.0.0.1:$(PORT)

lint: install
	$(BIN)/ruff check opuss tests
	$(BIN)/mypy
	SITE_URL=http://127.0.0.1:$(PORT) $(BIN)/opuss makemigrations --check --dry-run

test: lint
	$(BIN)/pytest -n 2 -q

# Browser journeys in Debian's Chromium (apt-get install chromium), each on its own demo server.
e2e: install
	$(BIN)/pytest tests/e2e -m e2e -n 2 --dist loadfile -q

# The README's pictures, from the demo as its users see it.
screenshots: install
	$(BIN)/pytest tests/e2e -m screenshots -p no:xdist -q

# The production configuration for real (DEBUG off, gunicorn, a task worker, PostgreSQL at
# 127.0.0.1:5432): log in, validate a basket, the worker sends the guardian's e-mail.
prod-smoke: install
	$(BIN)/python ops/prod_smoke.py

# On PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/bench): long, never
# in CI; BENCH_ARGS="--pupils 100000" runs it smaller. bench-smoke: the same harness, tiny (< 2 min).
bench: install
	$(BIN)/python -m bench $(BENCH_ARGS)

bench-smoke: install
	$(BIN)/python -m bench --smoke

worker: install
	TASKS_BACKEND=database $(BIN)/opuss db_worker

clean:
	rm -rf $(VENV) var
