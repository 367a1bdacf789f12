#!/usr/bin/env bash
# The tests: set up (Debian packages and pyhf 0.7.6 from PyPI in .build/pyhf-venv), build, and
# run every test. The pyhf comparison is required here (B2RECAST_REQUIRE_PYHF=1): it fails
# rather than skips if pyhf cannot be run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --with-python

venv=.build/pyhf-venv
if ! "$venv/bin/python" -c "import pyhf, sys; sys.exit(pyhf.__version__ != '0.7.6')" 2>/dev/null; then
    mkdir -p .build
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "pyhf==0.7.6"
fi
export B2RECAST_PYTHON="$PWD/$venv/bin/python"
export B2RECAST_REQUIRE_PYHF=1

swift build --build-tests
swift test --skip-build

# The committed results/ must be exactly what the code and paper-data/ give.
"$(swift build --show-bin-path)/b2recast" reproduce --check
