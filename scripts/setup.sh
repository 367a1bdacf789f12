#!/usr/bin/env bash
# Installs the Debian packages b2recast needs (with sudo when not root), only those missing.
# Usage: scripts/setup.sh [--with-python]
#   libcairo2-dev, pkg-config: the Cairo renderer (CCairo system library).
#   python3, python3-venv (with --with-python): the pyhf comparison tests and benchmark.
set -euo pipefail

packages=(libcairo2-dev pkg-config)
if [[ "${1:-}" == "--with-python" ]]; then
    packages+=(python3 python3-venv)
fi

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done

if ((${#missing[@]} > 0)); then
    if [[ "$(id -u)" -eq 0 ]]; then sudo=(); else sudo=(sudo); fi
    echo "setup: installing ${missing[*]}" >&2
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v swift >/dev/null; then
    echo "setup: the Swift toolchain (6.0 or later) must be on PATH" >&2
    exit 1
fi
