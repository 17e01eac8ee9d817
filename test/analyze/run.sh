#!/usr/bin/env bash
# test/analyze/run.sh - static analyzers on user code that uses every public
# macro and idiom of coro.h and gen.h (test/analyze/user.c).
#
# For each backend (SWITCH, GOTO) it runs
#   build         gcc -std=c99 -Wall -Wextra -pedantic -Werror, and g++ -x c++
#                 (user.c is also run: it checks what it computes)
#   clang --analyze   with each clang installed (clang, clang-14, clang-19...),
#                 default checkers
#   gcc -fanalyzer    default options (-O0: the analyzer sees the code as
#                 written, not after inlining), and again with a larger
#                 budget (GCC_DEEPER below)
#   cppcheck      default checks, --error-exitcode=1 (see cppcheck_flags)
# and prints one line per (tool, backend): PASS, or FAIL with the tool's
# warnings under it. The last line is "N passed, N failed"; the exit status
# is non-zero if any check failed. A tool that is not installed is a FAIL.
#
# Environment:
#   ANALYZE_INC=dir   where coro.h and gen.h are (default: the repository's
#                     root), e.g. ANALYZE_INC=/tmp/an for patched copies
#   ANALYZE_CLANGS="clang-14 clang-19"   the clangs to run (default: all)
#
# The jobs run in parallel: about 3 minutes of CPU in all (each clang
# --analyze 15-35 s, gcc -fanalyzer 6 s and 30-45 s deeper, cppcheck 1 s):
# 2 to 3 minutes on two cores.
set -u
INC=.
if [ -n "${ANALYZE_INC:-}" ]; then
    INC=$(cd "$ANALYZE_INC" 2>/dev/null && pwd) || { echo "FAIL ANALYZE_INC=$ANALYZE_INC: no such directory"; exit 1; }
fi
cd "$(dirname "$0")/../.." || exit 1
SRC=test/analyze/user.c
if [ ! -f "$INC/coro.h" ] || [ ! -f "$INC/gen.h" ]; then
    echo "FAIL no coro.h and gen.h in $INC"
    echo "0 passed, 1 failed"
    exit 1
fi

# logs in a directory of our own (build/ is shared with make clean and other
# suites); kept when a check fails
B=$(mktemp -d "${TMPDIR:-/tmp}/coro-analyze.XXXXXX") || exit 1

# The clangs: each binary once (clang is often a link to one of clang-N).
clangs=${ANALYZE_CLANGS:-}
if [ -z "$clangs" ]; then
    seen=""
    for c in clang $(compgen -c clang- | grep -E '^clang-[0-9]+$' | sort -u -V); do
        command -v "$c" >/dev/null 2>&1 || continue
        real=$(readlink -f "$(command -v "$c")")
        case " $seen " in *" $real "*) continue ;; esac
        seen="$seen $real"
        clangs="$clangs $c"
    done
fi

# cppcheck: it predefines no compiler or platform macro, so we give it those
# of the gcc build it stands for: __unix__ (the host clock, and so gen_run,
# exist only there) and, for the goto backend, __GNUC__ (labels as values:
# without it CORO_BACKEND_GOTO is an #error). With -D it checks just this
# configuration. --std=c99: user.c is C99 and is built with -std=c99; it
# makes cppcheck's __STDC_VERSION__ 199901L, as gcc's (its default is C11).
# No --suppress=missingIncludeSystem: cppcheck reports missing system headers
# only with --enable=information (or missingInclude), which we do not ask
# for, so there is nothing to suppress; nor -I for the system headers, which
# cppcheck models with its own library (std.cfg) rather than reading them.
cppcheck_flags() {
    printf '%s ' --error-exitcode=1 --std=c99 -I"$INC" -D__unix__ -DCORO_BACKEND_$1
    [ "$1" = GOTO ] && printf '%s ' -D__GNUC__
}

# Each job: NAME and a command; its output goes to $B/NAME.log, its status
# to $B/NAME.rc. run_job NAME CMD...
jobs_list=""
run_job() {
    name=$1; shift
    jobs_list="$jobs_list $name"
    ( "$@" >"$B/$name.log" 2>&1; echo $? >"$B/$name.rc" ) &
}

# the build of user.c, warning-free, then a run of it (C), or a compile (C++)
build_c() {
    gcc -std=c99 -Wall -Wextra -pedantic -Werror -I"$INC" -DCORO_BACKEND_$1 $SRC -o "$B/user_$1" &&
        "$B/user_$1"
}
build_cxx() {
    g++ -x c++ -Wall -Wextra -pedantic -Werror -I"$INC" -DCORO_BACKEND_$1 -c $SRC -o /dev/null
}
# an analyzer run passes when it prints no warning (and exits 0)
analyze_clang() {
    "$1" --analyze --analyzer-output text -std=c99 -I"$INC" -DCORO_BACKEND_$2 $SRC -o /dev/null &&
        ! grep -q 'warning:' "$B/$3.log"
}
analyze_gcc() {
    gcc -std=c99 -fanalyzer $3 -I"$INC" -DCORO_BACKEND_$1 -c $SRC -o /dev/null &&
        ! grep -q 'warning:' "$B/$2.log"
}
# gcc's analyzer gives up on a program point after a few paths (-Wanalyzer-
# too-complex tells where: about 200 places in user.c), and the paths from
# main() use up most of that: a run with four times its default budget per
# basic block (40 s) also sees what the default run misses here
GCC_DEEPER=--param=analyzer-bb-explosion-factor=20
analyze_cppcheck() {
    # shellcheck disable=SC2046
    cppcheck -q $(cppcheck_flags "$1") $SRC
}

t0=$(date +%s)
for be in SWITCH GOTO; do
    run_job "gcc-build_$be" build_c $be
    run_job "g++-build_$be" build_cxx $be
    for c in $clangs; do
        run_job "${c}--analyze_$be" analyze_clang "$c" $be "${c}--analyze_$be"
    done
    run_job "gcc-fanalyzer_$be" analyze_gcc $be "gcc-fanalyzer_$be" ""
    run_job "gcc-fanalyzer-deeper_$be" analyze_gcc $be "gcc-fanalyzer-deeper_$be" "$GCC_DEEPER"
    if command -v cppcheck >/dev/null 2>&1; then
        run_job "cppcheck_$be" analyze_cppcheck $be
    fi
done
wait

passed=0
failed=0

# user.c must use every public macro: each name the headers #define that is
# public (CORO_, GEN_ or gen_, no double underscore), but for the
# configuration macros (those the headers test with #ifndef, #ifdef or
# defined(), the include guards among them, and CORO_HAS_LABELS_AS_VALUES)
# and the names that only spell an error message (..._USE_..., ..._needs_...)
config=$(grep -ho '^#ifn*def [A-Za-z_][A-Za-z0-9_]*\|defined *(*[A-Za-z_][A-Za-z0-9_]*' "$INC/coro.h" "$INC/gen.h" |
         sed 's/^#ifn*def //; s/^defined *(*//' | sort -u | tr '\n' '|')
config="${config}CORO_HAS_LABELS_AS_VALUES|.*_(USE|needs)_.*"
public=$(grep -ho '^#define \(CORO\|GEN\|gen\)_[A-Za-z0-9_]*' "$INC/coro.h" "$INC/gen.h" |
         awk '{ print $2 }' | grep -v '__' | grep -vxE "$config" | sort -u)
missing=""
for m in $public; do
    grep -qw "$m" $SRC || missing="$missing $m"
done
if [ -z "$missing" ]; then
    passed=$((passed + 1))
    echo "PASS $SRC uses each of the $(echo $public | wc -w) public macros of coro.h and gen.h"
else
    failed=$((failed + 1))
    echo "FAIL $SRC does not use:$missing (use them there; a configuration macro: exclude it above)"
fi

describe() {
    case $1 in
        gcc-build) echo "gcc -std=c99 -Wall -Wextra -pedantic -Werror: builds and runs" ;;
        g++-build) echo "g++ -x c++ -Wall -Wextra -pedantic -Werror: builds" ;;
        *--analyze) echo "${1%--analyze} --analyze ($("${1%--analyze}" --version | head -1 | grep -o 'version [0-9.]*'))" ;;
        gcc-fanalyzer) echo "gcc -fanalyzer ($(gcc -dumpfullversion))" ;;
        gcc-fanalyzer-deeper) echo "gcc -fanalyzer $GCC_DEEPER ($(gcc -dumpfullversion))" ;;
        cppcheck) echo "$(cppcheck --version): cppcheck $(cppcheck_flags "$2" | sed "s| -I$INC||; s/ *$//")" ;;
    esac
}
for name in $jobs_list; do
    tool=${name%_*}; be=${name##*_}
    if [ "$(cat "$B/$name.rc")" = 0 ]; then
        passed=$((passed + 1))
        printf 'PASS %s %s\n' "$be" "$(describe "$tool" "$be")"
    else
        failed=$((failed + 1))
        printf 'FAIL %s %s\n' "$be" "$(describe "$tool" "$be")"
        # the warnings and errors, without the analyzers' path notes
        if grep -qE '(warning|error|FAIL)[: ]' "$B/$name.log"; then
            grep -E '(warning|error|FAIL)[: ]' "$B/$name.log" | sort | uniq -c | sed 's/^ *//; s/^1 //; s/^/     | /' | head -40
        else
            tail -5 "$B/$name.log" | sed 's/^/     | /'
        fi
    fi
done
if ! command -v cppcheck >/dev/null 2>&1; then
    failed=$((failed + 1)); echo "FAIL cppcheck is not installed"
fi
if [ -z "$clangs" ]; then
    failed=$((failed + 1)); echo "FAIL no clang is installed"
fi
if [ $failed -eq 0 ]; then
    rm -rf "$B"
    echo "(headers from $INC; $(($(date +%s) - t0)) s)"
else
    echo "(headers from $INC; $(($(date +%s) - t0)) s; logs in $B/)"
fi
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
