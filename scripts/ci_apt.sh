#!/usr/bin/env bash
# Shared by the CI set-up scripts (ci_postgres.sh, ci_chromium.sh): install Debian packages when the
# machine allows it. Sourced, not run. `ci_apt_install TAG WHAT PACKAGE…` returns 0 after a successful
# install, 1 when it cannot install (not root and no passwordless sudo, no apt-get, apt-get failed);
# it prints why, prefixed with TAG, and says that WHAT will skip.

ci_apt_install() {
    local tag="$1" what="$2"
    shift 2
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
            sudo="sudo -n"
        else
            echo "$tag: not root and no passwordless sudo; $what will skip" >&2
            return 1
        fi
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "$tag: no apt-get (not a Debian system); $what will skip" >&2
        return 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    CI_SUDO="$sudo"
    $sudo apt-get update -qq \
      && $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null \
      || { echo "$tag: apt-get install $* failed; $what will skip" >&2; return 1; }
}
