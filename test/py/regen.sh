#!/usr/bin/env bash
# Regenerate test/expected/NAME.txt from every test/py/NAME.py.
set -eu
cd "$(dirname "$0")/../.."
mkdir -p test/expected
for py in test/py/*.py; do
    name=$(basename "$py" .py)
    pyexe=python3 # aiohttp comes from Debian's python3-aiohttp, for its python
    if grep -q '^from aiohttp\|^import aiohttp' "$py" && ! python3 -c 'import aiohttp' 2>/dev/null; then
        pyexe=/usr/bin/python3
    fi
    "$pyexe" "$py" > "test/expected/$name.txt.new"
    mv "test/expected/$name.txt.new" "test/expected/$name.txt"
done
