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
        test-stories test-e2e clean

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

run: seed train ## install, seed, train when needed, start the servers and say where to chat
	@scripts/serve

shell: seed train ## chat in the terminal (starts the action server too)
	@scripts/serve --shell

content-check: install ## content length, reading level, sources and NLU coverage
	@$(PY) -m bot.cli content-check

triage-eval: install ## emergency detector on both labelled sets: recall, false alarms, misses
	@for set in tests/triage/emergency_eval.yml tests/triage/emergency_fresh.yml; do \
	  echo "== $$set"; $(PY) -m bot.triage.evaluate $$set 2>/dev/null || exit 1; done

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
	@$(BIN)/pytest -m "not e2e"

test-stories: train ## conversation tests with --fail-on-prediction-errors
	@$(RASA) test core --stories tests/test_stories.yml --model "$$(cat models/current)" \
	  --fail-on-prediction-errors --out build/results/stories

test-nlu: train ## held-out NLU evaluation; fails below intent macro-F1 0.90
	@mkdir -p build/results
	@$(RASA) test nlu --nlu tests/nlu/heldout.yml --model "$$(cat models/current)" \
	  --out build/results/nlu > build/results-nlu.log 2>&1 || { tail -20 build/results-nlu.log; exit 1; }
	@$(PY) scripts/nlu-gate build/results/nlu 0.90

test-e2e: train ## real `rasa run` + `rasa run actions` processes over HTTP
	@$(BIN)/pytest -m e2e

test: lint typecheck validate content-check pytest train test-nlu test-stories test-e2e ## everything CI runs
	@echo "==> all checks passed"

# Benchmark against stock Rasa (bench/): not part of `make test`. BENCH_ARGS=--quick for a short run.
.PHONY: bench
bench: spacy seed ## this assistant vs stock Rasa side by side; writes bench/results.md
	@$(PY) -m bench.run $(BENCH_ARGS)

clean: ## remove the virtualenv, trained models and build output
	rm -rf $(VENV) models build .rasa var .mypy_cache .ruff_cache .pytest_cache
