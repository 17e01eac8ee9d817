#!/usr/bin/env bash
# Regenerate test/expected/NAME.txt from every test/py/NAME.py.
set -eu
cd "$(dirname "$0")/../.."
mkdir -p test/expected
for py in test/py/*.py; do
    name=$(basename "$py" .py)
    python3 "$py" > "test/expected/$name.txt"
done
