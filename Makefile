# The two commands of the README: `make run` and `make test`. Everything they need is installed
# here, so that both work on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
PORT ?= 5000
WORKERS ?= 2
CATALOGUES := $(wildcard cpas/translations/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGUES:.po=.mo)

.PHONY: run test install install-dev system-packages system-packages-run translations extract-messages migrate demo serve lint bench

run: install translations system-packages-run migrate
	$(FLASK) cpas demo --if-empty
	@echo "Serving on http://127.0.0.1:$(PORT)  (demo accounts: admin, officer, reviewer, leader; password: demo; for demonstration only)"
	$(BIN)/gunicorn --workers $(WORKERS) --bind 127.0.0.1:$(PORT) --access-logfile - app:app

test: install-dev translations system-packages
	$(BIN)/ruff check .
	$(BIN)/pytest

install: $(VENV)/.runtime-installed
install-dev: $(VENV)/.dev-installed

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime-installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements-dev.txt $(VENV)/.runtime-installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

# Debian packages, installed only when missing: the app's (Chromium for the PDF brief's charts),
# and the tests' (also PostgreSQL 15 server, LibreOffice Calc).
system-packages-run:
	@scripts/install-system-packages.sh run

system-packages:
	@scripts/install-system-packages.sh test

translations: $(COMPILED)

%.mo: %.po $(VENV)/.runtime-installed
	$(BIN)/pybabel compile --statistics -i $< -o $@

# After changing user-facing strings: refresh the catalogue, then translate the new French entries.
extract-messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l --ignore-dirs '.* __pycache__' -o cpas/translations/messages.pot --no-location --sort-output .
	$(BIN)/pybabel update -i cpas/translations/messages.pot -d cpas/translations --no-fuzzy-matching

migrate: install
	$(FLASK) cpas migrate

demo: install
	$(FLASK) cpas demo

lint: install-dev
	$(BIN)/ruff check .

bench: install-dev
	$(BIN)/python -m bench
