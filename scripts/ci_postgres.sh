#!/usr/bin/env bash
# Make a PostgreSQL server available to the test suite (tests/test_store*.py, tests/test_ingest.py start
# their own throwaway server on loopback with initdb/pg_ctl; they skip with the reason if they cannot).
# Idempotent: does nothing when the binaries are there; otherwise installs Debian's postgresql package.
# Called by .ci/run before `make test`. Never fails the build: without PostgreSQL those tests skip.
set -uo pipefail

have_postgres() {
    command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1 && return 0
    ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1
}

if have_postgres; then
    echo "ci_postgres: PostgreSQL binaries present ($(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | tr '\n' ' '))"
    exit 0
fi

# shellcheck source=ci_apt.sh
source "$(dirname "$0")/ci_apt.sh"
# The package's post-install creates a default cluster; the tests do not use it, so it is stopped.
ci_apt_install ci_postgres "PostgreSQL tests" postgresql || exit 0
command -v pg_ctlcluster >/dev/null 2>&1 && $CI_SUDO pg_ctlcluster --force "$(ls /usr/lib/postgresql | sort -V | tail -1)" main stop >/dev/null 2>&1 || true

if have_postgres; then
    echo "ci_postgres: installed $(ls /usr/lib/postgresql/*/bin/postgres 2>/dev/null | head -1)"
else
    echo "ci_postgres: install finished but initdb is missing; PostgreSQL tests will skip" >&2
fi
exit 0
