# 节水普陀 — every task has a target here; `make` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

PYTHON ?= python3
VENV := .venv
BOT_VENV := .venv-bot
STAMPS := .stamps
PY := $(VENV)/bin/python
BOT_PY := $(BOT_VENV)/bin/python

export FLASK_APP := web:create_app
export RASA_TELEMETRY_ENABLED := false
export PYTHONDONTWRITEBYTECODE := 1
export WEB_PORT ?= 8000
export BOT_PORT ?= 5005
export ACTIONS_PORT ?= 5055

.PHONY: help setup run test bench lint format translations translations-update db content model \
        chromium check-content clean git-config

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-20s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

# --- environments: rebuilt only when their requirements change ---------------------------
$(STAMPS)/venv: requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "the site needs Python 3.11+ as $(PYTHON)")'
	@mkdir -p $(STAMPS)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	$(PY) -c 'import site, pathlib; pathlib.Path(site.getsitepackages()[0], "putuo.pth").write_text("$(CURDIR)\n")'
	@touch $@

$(STAMPS)/venv-test: $(STAMPS)/venv requirements-test.txt
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-test.txt
	@touch $@

$(STAMPS)/venv-bot: bot/requirements.txt bot/requirements-test.txt bot/constraints.txt
	@mkdir -p $(STAMPS)
	test -x $(BOT_PY) || "$$(scripts/find-python3.10)" -m venv $(BOT_VENV)
	$(BOT_PY) -m pip install -q --disable-pip-version-check -c bot/constraints.txt -r bot/requirements.txt -r bot/requirements-test.txt
	$(BOT_PY) -c 'import site, pathlib; pathlib.Path(site.getsitepackages()[0], "putuo.pth").write_text("$(CURDIR)\n")'
	@touch $@

# --- data -------------------------------------------------------------------------------
translations: $(STAMPS)/venv ## Compile the zh catalogs: the site's (web/), the assistant's (bot/) and core's (core/)
	@for dir in web/translations web/*/translations; do \
	  [ -d $$dir ] && $(VENV)/bin/pybabel compile -d $$dir || true; done
	$(VENV)/bin/pybabel compile -D bot -d bot/translations
	$(VENV)/bin/pybabel compile -D core -d core/translations

translations-update: $(STAMPS)/venv ## Extract strings into every catalog (site, bot, core); FEATURE=quiz (or bot, core, foundation) for one
	scripts/update-catalogs $(FEATURE)

check-content: $(STAMPS)/venv translations ## Validate content/ and quizzes/ (core reads its catalog)
	$(PY) -m core.check

db: $(STAMPS)/venv translations ## Apply migrations and load seed content
	@mkdir -p instance
	$(VENV)/bin/flask db upgrade
	@if $(VENV)/bin/flask content --help >/dev/null 2>&1; then $(VENV)/bin/flask content load; fi

model: $(STAMPS)/venv-bot ## Train the bot model if its inputs changed
	scripts/train-bot

setup: $(STAMPS)/venv $(STAMPS)/venv-bot translations check-content db model git-config ## Install, prepare data, train the bot if needed

git-config: # catalogs merge by message (scripts/merge-po); harmless outside a git checkout
	@git config merge.po.driver '.venv/bin/python scripts/merge-po %O %A %B' 2>/dev/null || true

# --- run --------------------------------------------------------------------------------
run: setup ## Start site (:8000), bot (:5005) and actions (:5055); Ctrl-C stops all three
	@echo "site: http://127.0.0.1:$(WEB_PORT)  bot: :$(BOT_PORT)  actions: :$(ACTIONS_PORT)"
	exec $(VENV)/bin/honcho start -f Procfile

# --- quality ----------------------------------------------------------------------------
chromium: ## Install Debian's chromium and CJK fonts for browser tests (no browser download)
	@command -v chromium >/dev/null && fc-list 2>/dev/null | grep -qi "noto.*cjk" || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; }

test: setup $(STAMPS)/venv-test chromium ## Set up, then run every test (SQLite; PostgreSQL too when TEST_DATABASE_URL is set)
	scripts/run-tests

lint: $(STAMPS)/venv-test ## ruff
	$(VENV)/bin/ruff check .

format: $(STAMPS)/venv-test ## ruff format + import sorting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: setup $(STAMPS)/venv-test ## Print load, latency, accuracy and memory figures
	scripts/run-bench

clean: ## Remove virtual environments, stamps and the trained model (keeps instance/)
	rm -rf $(VENV) $(BOT_VENV) $(STAMPS) bot/models bot/.rasa
