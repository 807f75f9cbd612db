# NET assistant. The README names these targets; `make run` and `make test` do all their own set-up.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
RASA := $(BIN)/rasa
SPACY_MODEL := build/spacy/en_net_lookup
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export TF_CPP_MIN_LOG_LEVEL := 2
export RASA_TELEMETRY_ENABLED := false
export ACTION_SERVER_URL ?= http://localhost:5055/webhook
export PYTHONDONTWRITEBYTECODE := 1
export PYTHONWARNINGS := ignore::DeprecationWarning,ignore::PendingDeprecationWarning

.PHONY: help install spacy seed train run shell test lint typecheck validate pytest content-check \
        report purge test-nlu triage-eval \
        test-stories test-e2e clean widget test-widget scale-out test-scale audit

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml constraints.txt scripts/find-python
	@interpreter=$$(scripts/find-python "$(PYTHON)") && \
	echo "==> creating $(VENV) with $$interpreter (first install takes a few minutes)" && \
	$$interpreter -m venv $(VENV)
	@$(PY) -m pip install --progress-bar on "pip==24.3.1"
	@$(PY) -m pip install --progress-bar on -c constraints.txt -e ".[dev]"
	@touch $@

install: $(VENV)/.installed ## create the virtualenv and install the pinned stack

$(SPACY_MODEL)/meta.json: $(VENV)/.installed bot/spacy_pipeline.py
	@echo "==> building the spaCy pipeline (blank English + lookup lemmas; nothing downloaded)"
	@$(PY) -m bot.cli build-spacy $(SPACY_MODEL)

spacy: $(SPACY_MODEL)/meta.json ## build the project's own spaCy pipeline

seed: install ## load content/ into the content database (CONTENT_DB_URL or SQLite)
	@$(PY) -m bot.cli seed

train: spacy ## train the model when config, domain or data changed
	@scripts/train

run: seed train widget ## install, seed, train when needed, start the servers and say where to chat
	@scripts/serve

shell: seed train ## chat in the terminal (starts the action server too)
	@scripts/serve --shell

content-check: install ## content length, reading level, sources and NLU coverage
	@$(PY) -m bot.cli content-check

triage-eval: train ## emergency sets: what each safety layer adds, then every message through `rasa run` over REST
	@$(PY) -m bot.triage.layers "$$(cat models/current)" tests/triage/emergency_sealed_3.yml data/triage/*.yml 2>/dev/null
	@$(BIN)/pytest -m e2e tests/e2e/test_triage_eval.py -q -s -p no:cacheprovider

report: seed ## for content reviewers: least helpful answers, questions that fell back
	@$(PY) -m bot.cli report

purge: seed ## delete conversations and records older than NET_RETENTION_DAYS (default 90)
	@$(PY) -m bot.cli purge

lint: install ## ruff
	@$(BIN)/ruff check bot actions tests bench

typecheck: install ## mypy on bot/ and actions/
	@$(BIN)/mypy

validate: install ## rasa data validate --fail-on-warnings
	@$(RASA) data validate --fail-on-warnings --quiet

pytest: seed spacy ## unit and integration tests (no trained model needed)
	@$(BIN)/pytest -m "not e2e and not scale"

test-stories: train ## conversation tests with --fail-on-prediction-errors
	@$(RASA) test core --stories tests/test_stories.yml --model "$$(cat models/current)" \
	  --fail-on-prediction-errors --out build/results/stories

test-nlu: train ## both held-out NLU sets; fails below intent macro-F1 0.90
	@mkdir -p build/results
	@for set in heldout heldout_fresh; do \
	  $(RASA) test nlu --nlu tests/nlu/$$set.yml --model "$$(cat models/current)" \
	    --out build/results/$$set > build/results-$$set.log 2>&1 || { tail -20 build/results-$$set.log; exit 1; }; \
	  echo -n "$$set: "; $(PY) scripts/nlu-gate build/results/$$set 0.90 || exit 1; \
	done

test-e2e: train widget ## real `rasa run` + `rasa run actions` processes over HTTP
	@$(BIN)/pytest -m e2e

# Scale-out (issue 8): nginx + Rasa replicas + action servers on PostgreSQL and Redis.
scale-out: seed train ## nginx + REPLICAS (2) Rasa servers + 2 action servers on PostgreSQL/Redis
	@scripts/scale-out

test-scale: train ## 50x20 conversations across replicas, faults (private PostgreSQL/Redis)
	@$(BIN)/pytest -m scale -s -p no:cacheprovider

audit: install ## pip-audit of the installed packages (ignores with reasons: security/pip-audit-ignore.txt)
	@scripts/audit

test: lint typecheck validate content-check audit pytest test-widget train test-nlu test-stories test-e2e test-scale ## everything CI runs
	@echo "==> all checks passed"

# Website widget: npm ci + esbuild into build/widget/ (one script and the demo page).
WIDGET_SOURCES := widget/package.json widget/package-lock.json $(wildcard widget/src/*) widget/demo.html
build/widget/.built: $(WIDGET_SOURCES)
	@command -v npm >/dev/null || { echo "error: the website widget needs Node.js 18+ and npm (e.g. apt-get install nodejs npm)." >&2; exit 1; }
	@echo "==> building the website widget (npm ci + esbuild)"
	@cd widget && npm ci --no-audit --no-fund --loglevel=error >/dev/null && npm run --silent build -- --log-level=warning
	@cp widget/demo.html build/widget/demo.html
	@touch $@

widget: build/widget/.built ## build the website widget into build/widget/

test-widget: widget ## unit tests of the widget's message formatting (node --test)
	@cd widget && npm test --silent

# Benchmark against stock Rasa (bench/): not part of `make test`. BENCH_ARGS=--quick for a short run.
.PHONY: bench
bench: spacy seed ## this assistant vs stock Rasa side by side; writes bench/results.md
	@$(PY) -m bench.run $(BENCH_ARGS)

clean: ## remove the virtualenv, trained models and build output
	rm -rf $(VENV) models build widget/node_modules .rasa var .mypy_cache .ruff_cache .pytest_cache
