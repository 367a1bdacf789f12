#!/usr/bin/env bash
# The tests: set up (Debian packages; pyhf 0.7.6 and hepdata-validator 0.3.6 from PyPI in
# .build/pyhf-venv), build, and run every test. The comparisons with pyhf and hepdata-validator
# are required here (B2RECAST_REQUIRE_PYHF=1): they fail rather than skip if the tools cannot run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --with-python

venv=.build/pyhf-venv
if ! "$venv/bin/python" -c "import pyhf, sys; sys.exit(pyhf.__version__ != '0.7.6')" 2>/dev/null \
    || ! "$venv/bin/python" -c "import hepdata_validator, sys; sys.exit(hepdata_validator.__version__ != '0.3.6')" 2>/dev/null; then
    mkdir -p .build
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "pyhf==0.7.6" "hepdata-validator==0.3.6"
fi
export B2RECAST_PYTHON="$PWD/$venv/bin/python"
export B2RECAST_HEPDATA_VALIDATE="$PWD/$venv/bin/hepdata-validate"
export B2RECAST_REQUIRE_PYHF=1

swift build --build-tests
swift test --skip-build

# The committed results/ must be exactly what the code and paper-data/ give, and each of its
# records must pass the official hepdata-validator and the kit's own check.
b2recast="$(swift build --show-bin-path)/b2recast"
"$b2recast" reproduce --check
records=(results/*/submission.yaml)
records=("${records[@]%/submission.yaml}")
for record in "${records[@]}"; do
    "$B2RECAST_HEPDATA_VALIDATE" -d "$record"
done
"$b2recast" hepdata check "${records[@]}"

# The Python package (python/): its unit tests and, on this build's binary, its integration tests.
bash scripts/test-python.sh "$b2recast"
