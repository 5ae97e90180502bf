# Frontdesk — `make run` serves the demo, `make test` checks everything.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
SHARED_DATA ?= ../shared/data

.PHONY: help setup run test lint typecheck pytest web web-test chromium bench bench-retrieval bench-abstention bench-gateway-transport bench-chat-load bench-gateway bench-guard clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

web/node_modules/.package-lock.json: web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error

web/dist/index.html: web/node_modules/.package-lock.json $(shell find web/src web/index.html web/vite.config.ts -type f 2>/dev/null)
	cd web && npm run build --silent

setup: $(VENV)/.installed web/dist/index.html  ## create the venv, install, build the web page

web: web/dist/index.html  ## build the web page

run: setup  ## set up, load the demo tenant and serve http://127.0.0.1:8000
	$(BIN)/frontdesk serve

chromium:  ## install Debian's Chromium for the browser tests when missing
	@command -v chromium >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

lint: $(VENV)/.installed  ## ruff lint and format check
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(VENV)/.installed  ## mypy --strict
	$(BIN)/mypy

pytest: setup chromium  ## all Python tests (unit, integration on SQLite + Postgres, e2e in Chromium)
	$(BIN)/pytest -q

web-test: web/node_modules/.package-lock.json  ## web type check and unit tests
	cd web && npm run typecheck --silent && npm test --silent

test: lint typecheck web-test pytest  ## everything CI runs

bench: bench-retrieval bench-abstention bench-gateway-transport bench-chat-load bench-gateway bench-guard  ## every benchmark

bench-retrieval: $(VENV)/.installed  ## R@1/R@5/MRR on StackFAQ: BM25 vs vector vs hybrid
	$(PY) bench/retrieval.py --data $(SHARED_DATA)/retrieval/stackfaq --out bench/results/retrieval.json

bench-abstention: $(VENV)/.installed  ## calibrate "not available": the demo's answerable vs uncovered questions
	$(PY) bench/abstention.py --out bench/results/abstention.json

bench-gateway-transport: $(VENV)/.installed  ## provider CPU per token: aiohttp vs httpx vs a raw client
	$(PY) bench/gateway_transport.py --out bench/results/gateway_transport.json

bench-chat-load: setup  ## N concurrent WebSocket sessions through the gateway (N=1000)
	$(PY) bench/chat_load.py --sessions 1000 --out bench/results/chat_load.json

bench-gateway: $(VENV)/.installed  ## Frontdesk vs LiteLLM proxy vs direct, same fake upstream
	$(PY) bench/gateway.py --out bench/results/gateway.json

clean:  ## remove build output and local data
	rm -rf var web/dist .mypy_cache .ruff_cache .pytest_cache

bench-guard: $(VENV)/.installed  ## PII F2 vs Presidio, injection recall / false positives, guard latency
	$(PY) bench/guard.py --out bench/results/guard.json
