#!/usr/bin/env bash
# The Python package's tests: a venv in .build/python-venv, `pip install ./python pytest`, and
# pytest on python/tests with B2RECAST set to the binary given as the first argument, so that the
# integration tests run on it (they fail, not skip, if it cannot run). pytest's exit code 5
# (no tests collected) counts as a failure.
#   bash scripts/test-python.sh .build/release/b2recast
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -ne 1 ]; then
    echo "usage: $0 PATH-TO-b2recast" >&2
    exit 2
fi
binary="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
if [ ! -x "$binary" ]; then
    echo "$0: $1 is not an executable b2recast binary" >&2
    exit 2
fi

venv=.build/python-venv
if [ ! -x "$venv/bin/python" ]; then
    mkdir -p .build
    python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check ./python pytest

status=0
B2RECAST="$binary" B2RECAST_DATA="$PWD" B2RECAST_REQUIRE_BINARY=1 \
    "$venv/bin/python" -m pytest python/tests -p no:cacheprovider -rs || status=$?
if [ "$status" -eq 5 ]; then
    echo "$0: pytest collected no tests" >&2
    exit 1
fi
exit "$status"
