#!/usr/bin/env bash
# Make Debian's Chromium available to the browser tests (tests/test_ui.py drives /usr/bin/chromium with
# Playwright; no browser is downloaded). Idempotent: does nothing when /usr/bin/chromium is there;
# otherwise installs Debian's chromium package. Called by .ci/run before `make test`. Never fails the
# build: without Chromium those tests skip with the reason.
set -uo pipefail

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
    echo "ci_chromium: $("$CHROMIUM" --version 2>/dev/null | tail -1)"
    exit 0
fi

# shellcheck source=ci_apt.sh
source "$(dirname "$0")/ci_apt.sh"
ci_apt_install ci_chromium "browser tests" chromium fonts-dejavu-core || exit 0

if [ -x "$CHROMIUM" ]; then
    echo "ci_chromium: installed $("$CHROMIUM" --version 2>/dev/null | tail -1)"
else
    echo "ci_chromium: install finished but $CHROMIUM is missing; browser tests will skip" >&2
fi
exit 0
