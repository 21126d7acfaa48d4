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

if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
else
    echo "ci_chromium: not root and no passwordless sudo; browser tests will skip" >&2
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "ci_chromium: no apt-get (not a Debian system); browser tests will skip" >&2
    exit 0
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq \
  && $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null \
  || { echo "ci_chromium: apt-get install chromium failed; browser tests will skip" >&2; exit 0; }

if [ -x "$CHROMIUM" ]; then
    echo "ci_chromium: installed $("$CHROMIUM" --version 2>/dev/null | tail -1)"
else
    echo "ci_chromium: install finished but $CHROMIUM is missing; browser tests will skip" >&2
fi
exit 0
