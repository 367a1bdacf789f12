#!/usr/bin/env bash
# Installs the Debian packages b2recast needs (with sudo when not root), only those missing.
# Usage: scripts/setup.sh [--with-python]
#   libcairo2-dev, libpango1.0-dev, pkg-config: the Cairo renderer and Pango text (CCairo).
#   fonts-cmu (Computer Modern Unicode, the figures' TeX-like font), fonts-dejavu-core (fallback
#   glyphs such as the script l): the figures are byte-identical only with these fonts.
#   unzip, tar: HEPData archives (.zip, .tar.gz) for `import hepdata` and `hepdata diff`.
#   python3, python3-venv, poppler-utils (with --with-python): pyhf and hepdata-validator for
#   the tests and benchmark; pdfinfo and pdftoppm for the figure tests.
set -euo pipefail

packages=(libcairo2-dev libpango1.0-dev pkg-config fonts-cmu fonts-dejavu-core unzip tar)
if [[ "${1:-}" == "--with-python" ]]; then
    packages+=(python3 python3-venv poppler-utils)
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
