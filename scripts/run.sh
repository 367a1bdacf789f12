#!/usr/bin/env bash
# The main job: set up, build (release) and run `b2recast reproduce`.
# Usage: scripts/run.sh [extra arguments for reproduce]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build -c release --product b2recast
.build/release/b2recast reproduce "$@"
