# test/pkg/harness.sh - sourced by release.sh and readme_install.sh: the
# PASS/FAIL lines and their count, the head of a log under a failure, and
# the Debian python (whose packages .ci/run installs; python3 on PATH may be
# another). Each script ends with `finish`.
passed=0 failed=0
pass() { passed=$((passed + 1)); printf 'PASS %s\n' "$*"; }
fail() { failed=$((failed + 1)); printf 'FAIL %s\n' "$*"; }
show() { sed -n '1,20p' "$1" | sed 's/^/     | /'; }
finish() { echo "$passed passed, $failed failed"; [ "$failed" -eq 0 ]; }
PY=/usr/bin/python3; [ -x $PY ] || PY=python3
CC=${CC:-cc}
