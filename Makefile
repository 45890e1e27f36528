# Heart & Soul Library. `make` alone lists the targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: help install install-dev demo demo-sso serve migrate test lint format check bench clean messages compilemessages audit

help: ## List the targets
	@grep -E '^[a-z-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-12s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Marker files make installs happen again only when a requirements file changes.
$(VENV)/.runtime-installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime-installed $@

install: $(VENV)/.runtime-installed ## Create .venv and install the runtime requirements

install-dev: $(VENV)/.dev-installed ## Create .venv and install runtime + test/lint tools

migrate: install ## Apply database migrations
	$(MANAGE) migrate --noinput

demo: migrate compilemessages ## Install, migrate, load the demo content and serve on http://127.0.0.1:8000
	$(MANAGE) load_demo
	$(MANAGE) collectstatic --noinput --verbosity 0
	@echo "Open http://$(HOST):$(PORT)/ and log in as 'employee' (password: \$${DEMO_PASSWORD:-heartandsoul-demo})."
	@# Scheduled publishing, as cron does it in production: every minute, stopped with the server.
	@# Review-by dates (review_overdue): at start and then once a day; the digest goes to the console.
	@( minutes=0; while true; do \
		if [ $$((minutes % 1440)) -eq 0 ]; then $(MANAGE) review_overdue; fi; \
		sleep 60; minutes=$$((minutes + 1)); $(MANAGE) publish_scheduled >/dev/null 2>&1; \
	done ) & \
	scheduler=$$!; trap 'kill $$scheduler 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver $(HOST):$(PORT)

# Company sign-in, locally: oidc-provider-mock (a test OpenID Connect provider, from
# requirements-dev.txt) on SSO_PORT with three people, and the site configured for it by discovery.
SSO_PORT ?= 9400
SSO_GROUP_MAP := hs-editors=Editors,hs-reviewers=Editors,hs-reviewers=Wellbeing reviewers
demo-sso: install-dev migrate compilemessages ## The demo with company sign-in through a local test provider (http://127.0.0.1:9400)
	$(MANAGE) load_demo
	$(MANAGE) collectstatic --noinput --verbosity 0
	@echo "Open http://$(HOST):$(PORT)/ and choose 'Sign in with Demo Company': at the test provider pick"
	@echo "alex (Editors, Swedish), robin (Editors + Wellbeing reviewers) or sam (Employees), or type any name."
	@AUTHLIB_INSECURE_TRANSPORT=1 $(BIN)/python -m oidc_provider_mock --host $(HOST) --port $(SSO_PORT) \
		--user-claims '{"sub": "alex", "email": "alex@example.com", "given_name": "Alex", "family_name": "Lind", "groups": ["hs-editors"], "locale": "sv-SE"}' \
		--user-claims '{"sub": "robin", "email": "robin@example.com", "given_name": "Robin", "family_name": "Berg", "groups": ["hs-reviewers"]}' \
		--user-claims '{"sub": "sam", "email": "sam@example.com", "given_name": "Sam", "family_name": "Okafor", "groups": []}' & \
	provider=$$!; trap 'kill $$provider 2>/dev/null' EXIT INT TERM; \
	OIDC_RP_CLIENT_ID=heart-and-soul-demo OIDC_RP_CLIENT_SECRET=demo-only-secret \
	OIDC_OP_DISCOVERY_URL=http://$(HOST):$(SSO_PORT)/.well-known/openid-configuration \
	OIDC_GROUP_MAP="$(SSO_GROUP_MAP)" IDP_NAME="Demo Company" \
	$(MANAGE) runserver $(HOST):$(PORT)

serve: install ## Serve the site without reloading the demo
	$(MANAGE) runserver $(HOST):$(PORT)

# Two runs: tests on small factory-built trees, then the few marked `demo`, which need the demo
# content in a test database of their own. Exit code 5 is pytest's "nothing selected" (a
# PYTEST_ARGS selection of only one kind).
test: install-dev compilemessages ## Run the whole test suite (SQLite; PostgreSQL when DATABASE_URL is set)
	$(BIN)/pytest -m "not demo" $(PYTEST_ARGS) || [ $$? -eq 5 ]
	$(BIN)/pytest -m demo $(PYTEST_ARGS) || [ $$? -eq 5 ]

compilemessages: install ## Compile the interface-string catalogues (locale/) to .mo files
	$(MANAGE) compile_catalogues

messages: install ## Update locale/*/django.po from the code and templates (needs GNU gettext)
	$(MANAGE) makemessages -l en -l sv -l de -l es -l fr -l pt_BR --no-obsolete \
		--ignore=.venv --ignore=static --ignore=media --ignore=private-media \
		--ignore=tests --ignore=benchmarks --ignore=node_modules
	$(MANAGE) compile_catalogues

lint: install-dev ## Ruff: lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev ## Ruff: fix what can be fixed and format
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install ## Django system checks and a missing-migrations check
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

bench: install-dev ## Run the benchmarks and print their figures
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/audio_upload.py
	$(BIN)/python benchmarks/direct_upload.py
	$(BIN)/python benchmarks/search.py
	$(BIN)/python benchmarks/listening.py
	$(BIN)/python benchmarks/insights.py
	$(BIN)/python benchmarks/safety.py
	$(BIN)/python benchmarks/load.py

clean: ## Remove the virtualenv, local databases and media
	rm -rf $(VENV) db.sqlite3 .test-db.sqlite3 static media private-media .test-media

# pip-audit asks PyPI and the OSV vulnerability database: it needs a network (CI has none).
PIP_AUDIT_VERSION := 2.10.1
audit: | $(BIN)/python ## Check the pinned requirements for known vulnerabilities (pip-audit; needs a network)
	$(BIN)/pip install --quiet pip-audit==$(PIP_AUDIT_VERSION)
	$(BIN)/pip-audit --strict --progress-spinner off -r requirements.txt -r requirements-dev.txt
