# Two entry points: `make run` (the app on a demo team) and `make test` (everything CI checks).
# Both create .venv themselves on a fresh machine. `make run` installs only what the app needs; the test
# toolchain (pytest, Playwright, ruff, mypy) comes with `make test`, `make lint` and `make unit`.
VENV      := .venv
PY        := $(VENV)/bin/python
APP_STAMP := $(VENV)/.installed-app
STAMP     := $(VENV)/.installed
PORT      ?= 8501

.PHONY: run test lint unit browser-deps bench clean

$(PY):
	@echo "==> creating $(VENV)"
	python3 -m venv $(VENV)

$(APP_STAMP): pyproject.toml | $(PY)
	@echo "==> installing the app's packages into $(VENV) (first run only, about a minute)"
	$(PY) -m pip install --disable-pip-version-check --progress-bar on -e .
	touch $(APP_STAMP)

$(STAMP): pyproject.toml | $(PY)
	@echo "==> installing the app and its test toolchain into $(VENV)"
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[test]"
	touch $(STAMP) $(APP_STAMP)

run: $(APP_STAMP)
	@echo "==> starting the planner: open http://localhost:$(PORT) in your browser (Ctrl+C stops it)"
	$(VENV)/bin/streamlit run streamlit_app.py --server.port $(PORT)

browser-deps:
	@scripts/install-browser

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

unit: $(STAMP)
	$(PY) -m pytest -m "not browser"

# Every test: a throw-away PostgreSQL on 127.0.0.1 for the storage tests, Chromium for the browser tests.
test: $(STAMP) browser-deps lint
	scripts/with-postgres $(PY) -m pytest

bench: $(STAMP)
	$(PY) benchmarks/engine.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
