#!/usr/bin/env bash
# test/run.sh - the whole test suite, run by `make test`.
#
# Every line it prints is one check: PASS or FAIL, then what was checked.
# A check is a build (which must be warning-free), a run of the unit tests
# (whose own counts are shown), an example's output compared byte for byte
# with Python's, or a build that must fail. The last line is
# "N passed, N failed"; the exit status is non-zero if any check failed.
#
# Environment: CC (default cc), CXX (default c++), and SKIP_CLANG=1 to leave
# clang out even where it is installed (it is used when present).
set -u
cd "$(dirname "$0")/.."

B=build/test
LOGS=$B/logs
rm -rf "$B"
mkdir -p "$LOGS"

CC=${CC:-cc}
CXX=${CXX:-c++}
CWARN="-Wall -Wextra -Wpedantic -Werror -Wshadow -Wconversion -Wsign-conversion -Wundef
 -Wstrict-prototypes -Wmissing-prototypes -Wcast-qual -Wswitch-default -Wimplicit-fallthrough"
CXXWARN="-Wall -Wextra -Wpedantic -Werror"
SUITE="test/unit.c test/all.c test/main_host.c test/host_io.c $(ls test/t_*.c)"
EXAMPLES=$(ls examples/*.c)

passed=0
failed=0
pass() { passed=$((passed + 1)); printf 'PASS %s\n' "$*"; }
fail() { failed=$((failed + 1)); printf 'FAIL %s\n' "$*"; }
# show the first lines of a log under a failure
show() { sed -n '1,15p' "$1" | sed 's/^/     | /'; }

is_gcc() { "$1" --version 2>/dev/null | head -1 | grep -qiv clang; }

# relay STATUS LOG PREFIX NAME: a sub-suite's PASS/FAIL lines become checks
# here (PREFIX before each); a failed run shows the head of its log, and
# one that failed without a FAIL line is a check that failed
relay() {
    local st=$1 log=$2 prefix=$3 name=$4 line
    while IFS= read -r line; do
        case "$line" in
            PASS\ *) pass "$prefix${line#PASS }" ;;
            FAIL\ *) fail "$prefix${line#FAIL }" ;;
        esac
    done < "$log"
    if [ "$st" -ne 0 ]; then
        grep -q '^FAIL ' "$log" || fail "$name exited with $st"
        sed -n '1,60p' "$log" | sed 's/^/     | /'
    fi
}

# installed compilers among the arguments, each binary once (cc and gcc are
# often one program); clang's are left out with SKIP_CLANG=1
installed() {
    seen=""
    for c in "$@"; do
        case "$c" in clang*) [ "${SKIP_CLANG:-0}" = 1 ] && continue ;; esac
        command -v "$c" >/dev/null 2>&1 || continue
        real=$(readlink -f "$(command -v "$c")")
        case " $seen " in *" $real "*) continue ;; esac
        seen="$seen $real"
        printf '%s ' "$c"
    done
}
ccs=$(installed "$CC" gcc clang)
cxxs=$(installed "$CXX" g++ clang++)

# build_and_run NAME COMPILER FLAGS...: builds the unit suite and runs it
build_and_run() {
    name=$1; shift
    exe=$B/$(echo "$name" | tr ' /=+' '____')
    log=$LOGS/$(basename "$exe").log
    if ! "$@" -I. -Itest $SUITE -o "$exe" >"$log" 2>&1; then
        fail "$name: build"; show "$log"; return
    fi
    if "$exe" >"$log" 2>&1; then
        pass "$name: $(tail -1 "$log")"
    else
        fail "$name: $(tail -1 "$log")"; grep -v '^ok' "$log" | show /dev/stdin
    fi
}

echo "== unit tests: C compilers x backends x standards x optimisation"
for cc in $ccs; do
    extra=""
    is_gcc "$cc" && extra="-Wjump-misses-init"
    for be in SWITCH GOTO; do
        for std in c99 c11; do
            for opt in -O0 -O2; do
                build_and_run "$(basename "$cc") $be $std $opt" \
                    "$cc" -std=$std $opt $CWARN $extra -DCORO_BACKEND_$be
            done
        done
    done
done

echo "== unit tests: the same sources as C++"
for cxx in $cxxs; do
    for be in SWITCH GOTO; do
        for std in c++11 c++17; do
            build_and_run "$(basename "$cxx") $be $std" \
                "$cxx" -x c++ -std=$std -O1 $CXXWARN -DCORO_BACKEND_$be
        done
    done
done

echo "== unit tests: release builds (NDEBUG), sanitizers, no allocation"
for be in SWITCH GOTO; do
    build_and_run "$(basename "$CC") $be NDEBUG -O2" "$CC" -std=c99 -O2 $CWARN -DNDEBUG -DCORO_BACKEND_$be
done
san_cc=""
for cc in $ccs; do
    if echo 'int main(void){return 0;}' | "$cc" -x c -fsanitize=address,undefined - -o $B/san_probe >/dev/null 2>&1; then
        san_cc=$cc; break
    fi
done
if [ -n "$san_cc" ]; then
    for be in SWITCH GOTO; do
        ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
        build_and_run "$(basename "$san_cc") $be ASan+UBSan" "$san_cc" -std=c99 -O1 -g \
            -fsanitize=address,undefined -fno-sanitize-recover=all $CWARN -DCORO_BACKEND_$be
    done
else
    fail "ASan+UBSan: no compiler here builds with -fsanitize=address,undefined"
fi
# The headers must not allocate: link with malloc & co wrapped to abort.
cat > $B/nomalloc.c <<'EOF'
#include <stdlib.h>
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t m);
void *__wrap_realloc(void *p, size_t n);
void __wrap_free(void *p);
void *__wrap_malloc(size_t n) { (void)n; abort(); }
void *__wrap_calloc(size_t n, size_t m) { (void)n; (void)m; abort(); }
void *__wrap_realloc(void *p, size_t n) { (void)p; (void)n; abort(); }
void __wrap_free(void *p) { (void)p; abort(); }
EOF
for be in SWITCH GOTO; do
    build_and_run "$(basename "$CC") $be malloc/calloc/realloc/free wrapped to abort" \
        "$CC" -std=c99 -O1 -DCORO_BACKEND_$be $B/nomalloc.c \
        -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=free
done
# and a check that the wrap itself bites, so the line above can fail
printf '#include <stdlib.h>\nint main(void){ void *p = malloc(8); free(p); return p == 0; }\n' > $B/does_malloc.c
if "$CC" $B/does_malloc.c $B/nomalloc.c -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=free \
        -o $B/does_malloc >/dev/null 2>&1 && ! sh -c "$B/does_malloc; exit \$?" >/dev/null 2>&1; then
    pass "the malloc wrap aborts a program that allocates"
else
    fail "the malloc wrap aborts a program that allocates"
fi

echo "== each header compiles alone, included first"
for h in coro.h gen.h; do
    for cc in $ccs; do
        if printf '#include "%s"\nint coro__probe;\n' $h | "$cc" -std=c99 $CWARN -x c -c - -I. -o /dev/null >$LOGS/alone.log 2>&1
        then pass "$h alone: $(basename "$cc") -std=c99"; else fail "$h alone: $(basename "$cc")"; show $LOGS/alone.log; fi
    done
    for cxx in $cxxs; do
        # -nostdinc++: no C++ library header needed (avr-g++, Arduino's AVR compiler, has none)
        if printf '#include "%s"\nint coro__probe;\n' $h | "$cxx" -std=c++11 -nostdinc++ $CXXWARN -x c++ -c - -I. -o /dev/null >$LOGS/alone.log 2>&1
        then pass "$h alone: $(basename "$cxx") -std=c++11 -nostdinc++"; else fail "$h alone: $(basename "$cxx") -nostdinc++"; show $LOGS/alone.log; fi
    done
done

echo "== code the declaring macros write into your file shadows none of your globals"
for cc in $ccs; do
    if "$cc" -std=c99 $CWARN -I. -c test/compile/no_shadow.c -o /dev/null >$LOGS/shadow.log 2>&1; then
        pass "test/compile/no_shadow.c: $(basename "$cc") -Wshadow clean"
    else
        fail "test/compile/no_shadow.c: $(basename "$cc")"; show $LOGS/shadow.log
    fi
done

echo "== CORO_NO_MESSAGES: every message \"\", every code the same (test/compile/no_messages.c)"
# texts the headers would store; with CORO_NO_MESSAGES none may be in the binary
printf '%s\n' "just-started generator" "No active exception" "CancelledError" "range() arg 3" \
    "already executing (resumed" "deadlock: tasks wait" "TimeoutError" "GeneratorExit" "error raised" \
    "unknown result" > $B/message_texts
for cfg in "-DCORO_NO_MESSAGES" ""; do
    what="no_messages.c ${cfg:-(messages on: the check can fail)}"
    if "$CC" -std=c99 -O2 $CWARN $cfg -I. test/compile/no_messages.c -o $B/no_messages >$LOGS/nomsg.log 2>&1 &&
            $B/no_messages >>$LOGS/nomsg.log 2>&1; then
        n=$(strings $B/no_messages | grep -cFf $B/message_texts)
        if { [ -n "$cfg" ] && [ "$n" = 0 ]; } || { [ -z "$cfg" ] && [ "$n" -ge 8 ]; }; then
            pass "$what: messages and codes as documented; $n of the texts in the binary"
        else
            fail "$what: $n of the texts in the binary"
        fi
    else
        fail "$what"; show $LOGS/nomsg.log
    fi
done

echo "== misuse that must not compile, or must trap"
# must_not_compile NAME EXPECTED_TEXT FLAGS...: the build fails and says EXPECTED_TEXT
must_not_compile() {
    name=$1; want=$2; shift 2
    if "$@" >$LOGS/mnc.log 2>&1; then
        fail "$name: compiled"
    elif grep -q -- "$want" $LOGS/mnc.log; then
        pass "$name: rejected, saying \"$want\""
    else
        fail "$name: rejected without saying \"$want\""; show $LOGS/mnc.log
    fi
}
# gen.h's caveat 9: C++ frames. A derived frame (not standard-layout) and a
# GEN_SELF frame with a std::string yield 3+3+i and 4*10+i for i = 0, 1;
# GEN_SELF on a frame that is not standard-layout fails, naming the fix
for cxx in $cxxs; do
    for be in SWITCH GOTO; do
        if "$cxx" -std=c++11 $CXXWARN -DCORO_BACKEND_$be -I. test/cpp_derived_frame.cpp -o $B/cpp_frame >$LOGS/cpp_frame.log 2>&1 &&
                [ "$($B/cpp_frame | tr '\n' ' ')" = "ok 6 ok 7 ok 40 ok 41 " ]; then
            pass "$(basename "$cxx") $be: a derived C++ frame and a std::string frame (gen.h caveat 9)"
        else
            fail "$(basename "$cxx") $be: C++ frames (test/cpp_derived_frame.cpp)"; show $LOGS/cpp_frame.log
        fi
    done
    must_not_compile "$(basename "$cxx"): GEN_SELF on a frame that is not standard-layout" "derive the frame from its port" \
        "$cxx" -std=c++11 -I. -c test/fail/cpp_frame_not_standard_layout.cpp -o /dev/null
done

must_not_compile "both backends forced" "define one of them" \
    "$CC" -DCORO_BACKEND_SWITCH -DCORO_BACKEND_GOTO -I. -c examples/fibonacci.c -o /dev/null
# a compiler without labels as values: hide the macros that announce them
must_not_compile "goto backend without labels as values" "CORO_BACKEND_SWITCH instead" \
    "$CC" -U__GNUC__ -U__clang__ -DNDEBUG -DCORO_BACKEND_GOTO -I. -c test/fail/goto_without_labels.c -o /dev/null
must_not_compile "yield from a generator of another value type" "distinct pointer types" \
    "$CC" -std=c99 -Werror -I. -c test/fail/yield_from_type.c -o /dev/null
if is_gcc "$CC"; then
    must_not_compile "C++: yield from a generator of another value type" "comparison between distinct pointer types" \
        "$CXX" -x c++ -I. -c test/fail/yield_from_type.c -o /dev/null
fi
for m in "CORO_YIELD()" "CORO_WAIT_UNTIL(flag)" "CORO_AWAIT(0)" "CORO_EXIT()" "CORO_FAIL(-20)" "CORO_RESTART()" "CORO_FINALLY()" "CORO_END()"; do
    must_not_compile "$m in a generator body" "CORO_MACRO_WITHOUT_CORO_BEGIN_IN_A_GEN_BODY_USE_GEN_MACROS" \
        "$CC" -std=c99 "-DCORO_WHICH=$m" -I. -c test/fail/coro_macro_in_gen_body.c -o /dev/null
done
for be in SWITCH GOTO; do
    must_not_compile "$be: a GEN_TRY_FINALLY in a finally block" "GEN_TRY_FINALLY_IN_A_FINALLY_BLOCK_USE_A_SUB_OR_GEN_TRY" \
        "$CC" -std=c99 -DCORO_BACKEND_$be "-DGEN_WHICH=GEN_TRY_FINALLY(g) {} GEN_FINALLY_BLOCK(g) {} GEN_END_FINALLY(g)" \
        -I. -c test/fail/suspend_in_finally_block.c -o /dev/null
    for m in "GEN_YIELD(g, 1)" "GEN_YIELD_CATCH(g, 1)" "GEN_YIELD_FROM(g, &f->sub)"; do
        must_not_compile "$be: $m in a finally block" "GEN_FINALLY_BLOCK_CANNOT_SUSPEND_USE_THE_BODY_GEN_FINALLY" \
            "$CC" -std=c99 -DCORO_BACKEND_$be "-DGEN_WHICH=$m" -I. -c test/fail/suspend_in_finally_block.c -o /dev/null
        if "$CC" -std=c99 $CWARN -DCORO_BACKEND_$be "-DGEN_WHICH=$m" -DOUTSIDE -I. -c test/fail/suspend_in_finally_block.c -o /dev/null >$LOGS/fin_block.log 2>&1; then
            pass "$be: $m after the finally block compiles"
        else
            fail "$be: $m after the finally block"; show $LOGS/fin_block.log
        fi
    done
done
must_not_compile "switch backend: a resume point in a macro argument" \
    "CORO_SWITCH_BACKEND_RESUME_POINT_IN_A_MACRO_ARGUMENT_USE_CORO_BACKEND_GOTO" \
    "$CC" -std=c99 -DCORO_BACKEND_SWITCH -I. -c test/fail/body_in_macro.c -o /dev/null
if "$CC" -std=c99 $CWARN -Wno-missing-prototypes -DCORO_BACKEND_GOTO -I. test/fail/body_in_macro.c -o $B/body_in_macro >$LOGS/body_in_macro.log 2>&1 &&
        $B/body_in_macro >>$LOGS/body_in_macro.log 2>&1; then
    pass "goto backend: the same body in a macro suspends, resumes and runs its finally once"
else
    fail "goto backend: the body in a macro"; show $LOGS/body_in_macro.log
fi
must_not_compile "gen_run without _POSIX_C_SOURCE" "gen_run_needs_POSIX_C_SOURCE_199309L" \
    "$CC" -std=c99 -I. test/fail/host_clock_without_posix.c -o $B/host_clock_without_posix
must_not_compile "gen.h with CORO_NO_RUNTIME (gone)" "include coro.h without gen.h" \
    "$CC" -std=c99 -DCORO_NO_RUNTIME -I. -c examples/fibonacci.c -o /dev/null
must_not_compile "gen.h with CORO_NO_ASYNC (renamed)" "define GEN_NO_ASYNC instead" \
    "$CC" -std=c99 -DCORO_NO_ASYNC -I. -c examples/fibonacci.c -o /dev/null
# refused NAME WANT FLAGS SOURCE: a probe file (SOURCE, a printf format)
# must not compile with FLAGS, and the compiler must say WANT
refused() {
    printf "$4" > $B/probe.c
    must_not_compile "$1" "$2" "$CC" -std=c99 $3 -I. -c $B/probe.c -o /dev/null
}
refused "coro.h alone has no generator protocol" "gen_t" "" '#include "coro.h"\ngen_t probe;\n'
refused "GEN_NO_ASYNC leaves the runtime out" "gen_loop_t" -DGEN_NO_ASYNC '#include "gen.h"\ngen_loop_t probe;\n'
refused "GEN_NO_PT leaves the small loop out" "gen_pt_t" -DGEN_NO_PT '#include "gen.h"\ngen_pt_t probe;\n'
refused "GEN_NO_COMBINATORS leaves the combinators out" "probe_map_t" -DGEN_NO_COMBINATORS \
    '#include "gen.h"\nGEN_DECLARE(probe, int, int, int)\nprobe_map_t probe_frame;\n'
refused "GEN_PT_ONLY: declaring a generator port names the fix" "REMOVE_GEN_PT_ONLY_TO_DECLARE_A_PORT" -DGEN_PT_ONLY \
    '#include "gen.h"\nGEN_DECLARE(probe, int, int, int)\n'
refused "GEN_PT_ONLY leaves the gen_int port out" "gen_int" -DGEN_PT_ONLY '#include "gen.h"\ngen_int probe;\n'
refused "GEN_PT_ONLY leaves the protocol's functions out" "gen__throw" -DGEN_PT_ONLY \
    '#include "gen.h"\nint (*probe)(gen_t *, int, const char *) = gen__throw;\n'
refused "GEN_PT_ONLY with GEN_NO_PT" "define one of them" "-DGEN_PT_ONLY -DGEN_NO_PT" '#include "gen.h"\n'
refused "GEN_NO_IO leaves the descriptor drivers out" "gen_poll_t" -DGEN_NO_IO \
    '#define _POSIX_C_SOURCE 200809L\n#include "gen.h"\ngen_poll_t probe;\n'
# the configurations small targets build the generator and async parts with
for cfg in "t_gen -DGEN_NO_ASYNC -DGEN_NO_PT -DGEN_NO_COMBINATORS" "t_tools -DGEN_NO_ASYNC -DGEN_NO_PT" \
        "t_async -DGEN_NO_COMBINATORS -DGEN_NO_IO -DGEN_NO_PT" "t_pt -DGEN_NO_ASYNC -DGEN_NO_COMBINATORS" \
        "t_pt -DGEN_PT_ONLY"; do
    part=${cfg%% *}; defs=${cfg#* }
    for be in SWITCH GOTO; do
        if "$CC" -std=c99 $CWARN $defs -DCORO_BACKEND_$be -DMATRIX_PART=$part -I. -Itest \
                test/matrix/main_hosted.c test/unit.c test/$part.c -o $B/cfg_part >$LOGS/cfg.log 2>&1 &&
                $B/cfg_part >>$LOGS/cfg.log 2>&1; then
            pass "$part with $defs ($be): $(tail -1 $LOGS/cfg.log)"
        else
            fail "$part with $defs ($be)"; show $LOGS/cfg.log
        fi
    done
done
for be in SWITCH GOTO; do
    if "$CC" -std=c99 $CWARN -DCORO_BACKEND_$be -DMATRIX_PART=t_coro -I. -Itest \
            test/matrix/main_hosted.c test/unit.c test/t_coro.c -o $B/coro_alone >$LOGS/coro_alone.log 2>&1 &&
            $B/coro_alone >>$LOGS/coro_alone.log 2>&1; then
        pass "coro.h alone ($be): its tests, $(tail -1 $LOGS/coro_alone.log)"
    else
        fail "coro.h alone ($be)"; show $LOGS/coro_alone.log
    fi
done
# the default debug trap (switch backend, a yield inside the user's switch):
# aborts, and its message names the fix
"$CC" -std=c99 -DCORO_BACKEND_SWITCH -I. test/fail/trap_default.c -o $B/trap_default 2>$LOGS/trap.log
sh -c "$B/trap_default 2>$LOGS/trap.out; exit \$?" >/dev/null 2>&1
st=$?
if [ $st -ge 128 ] && grep -q 'coro.h: .*goto backend' $LOGS/trap.out; then
    pass "default debug trap aborts with a message naming the fix"
else
    fail "default debug trap (status $st)"; show $LOGS/trap.out
fi
"$CC" -std=c99 -DNDEBUG -DCORO_BACKEND_SWITCH -I. test/fail/trap_default.c -o $B/trap_release 2>>$LOGS/trap.log
if $B/trap_release >$LOGS/trap.out 2>&1 && grep -q 'rc=-1' $LOGS/trap.out; then
    pass "release build: no trap, the coroutine ends with CORO_ERROR_LOST"
else
    fail "release build of the lost resume point"; show $LOGS/trap.out
fi

echo "== examples: warning-free, output identical to Python's (run in parallel)"
# timed OUT CMD...: runs CMD into OUT, and its wall time in ms into OUT.time
timed() { # timed OUT CMD...: output to OUT, wall ms to OUT.time, CPU ms to OUT.cpu
    out=$1; shift
    local TIMEFORMAT='%3U %3S'
    t0=$(date +%s%N)
    { time "$@" >"$out" 2>&1; } 2>"$out.cpu"
    echo $(( ($(date +%s%N) - t0) / 1000000 )) >"$out.time"
    awk '{ printf "%d\n", ($1 + $2) * 1000 }' "$out.cpu" > "$out.cpu.ms"
}
runs=""
for ex in $EXAMPLES; do
    n=$(basename "$ex" .c)
    for cc in $ccs; do
        extra=""
        is_gcc "$cc" && extra="-Wjump-misses-init"
        for be in SWITCH GOTO; do
            exe=$B/ex_${n}_$(basename "$cc")_$be
            if ! "$cc" -std=c99 -O2 $CWARN $extra -DCORO_BACKEND_$be -I. "$ex" -o "$exe" >$LOGS/ex.log 2>&1; then
                fail "example $n: $(basename "$cc") $be build"; show $LOGS/ex.log; continue
            fi
            timed "$exe.out" "$exe" &
            runs="$runs $n:$(basename "$cc"):$be"
        done
    done
    for cxx in $cxxs; do
        if "$cxx" -x c++ -std=c++11 $CXXWARN -I. -c "$ex" -o /dev/null >$LOGS/ex.log 2>&1; then
            pass "example $n: $(basename "$cxx") -std=c++11 builds"
        else
            fail "example $n: $(basename "$cxx") build"; show $LOGS/ex.log
        fi
    done
done
# twin_python FILE: a python3 that has what the twin imports (aiohttp comes
# from Debian's python3-aiohttp, for Debian's /usr/bin/python3), or nothing
twin_python() {
    if ! grep -q '^from aiohttp\|^import aiohttp' "$1"; then
        echo python3
    elif python3 -c 'import aiohttp' >/dev/null 2>&1; then
        echo python3
    elif /usr/bin/python3 -c 'import aiohttp' >/dev/null 2>&1; then
        echo /usr/bin/python3
    fi
}
if command -v python3 >/dev/null 2>&1; then
    # one after another (in the background), each timed from inside Python,
    # so that the interpreter's start-up does not count
    ( for py in test/py/*.py; do
          pyexe=$(twin_python "$py")
          [ -n "$pyexe" ] || { echo "no python3 with aiohttp" > "$B/py_$(basename "$py" .py).out"
                               echo 0 > "$B/py_$(basename "$py" .py).out.time"; continue; }
          "$pyexe" -c 'import os, sys, time, runpy, asyncio
t = time.perf_counter()
sys.argv = sys.argv[1:] # the twin sees its own argv: no arguments
runpy.run_path(sys.argv[0], run_name="__main__")
sys.stdout.flush()
os.write(3, b"%d\n" % int((time.perf_counter() - t) * 1000))' "$py" \
              >"$B/py_$(basename "$py" .py).out" 2>&1 3>"$B/py_$(basename "$py" .py).out.time"
      done ) &
fi
wait
for r in $runs; do
    n=${r%%:*}; rest=${r#*:}; cc=${rest%%:*}; be=${rest#*:}
    out=$B/ex_${n}_${cc}_$be.out
    exp=test/expected/$n.txt
    if [ ! -f "$exp" ]; then
        fail "example $n: no expected output $exp"
    elif cmp -s "$out" "$exp"; then
        pass "example $n: $cc $be output = $exp ($(cat "$out.time") ms)"
    else
        fail "example $n: $cc $be output differs from $exp"; diff "$out" "$exp" | show /dev/stdin
    fi
done
for ex in $EXAMPLES; do
    n=$(basename "$ex" .c)
    [ -f test/py/$n.py ] || fail "example $n has no Python twin test/py/$n.py"
done
# the line counts of the examples and their twins: the README's table is current
python3 test/linecount.py --check README.md >$LOGS/linecount.log 2>&1
relay $? $LOGS/linecount.log "" test/linecount.py
# make demo's captions: one row per example in examples/README.md, no other
rows=$(sed -n 's/^| `\([a-z0-9_]*\)` | .* |$/\1/p' examples/README.md | sort | tr '\n' ' ')
names=$(for ex in $EXAMPLES; do basename "$ex" .c; done | sort | tr '\n' ' ')
if [ "$rows" = "$names" ]; then
    pass "examples/README.md captions every example, once (make demo prints them)"
else
    fail "examples/README.md's captions differ from examples/*.c: rows [$rows], examples [$names]"
fi

echo "== real-clock examples on the virtual clock: same output, no waiting"
for ex in $(grep -l "gen_clock_host\|gen_run(" $EXAMPLES /dev/null); do
    n=$(basename "$ex" .c)
    if grep -q "NOT ON THE VIRTUAL CLOCK" "$ex"; then
        echo "(examples/$n.c: not run on the virtual clock: $(grep -o 'NOT ON THE VIRTUAL CLOCK: [^*]*' "$ex" | cut -d: -f2- | xargs))"
        continue
    fi
    exe=$B/vex_$n
    if ! "$CC" -std=c99 -O2 $CWARN -DGEN_HOST_CLOCK_IS_VIRTUAL -I. "$ex" -o "$exe" >$LOGS/vex.log 2>&1; then
        fail "example $n on the virtual clock: build"; show $LOGS/vex.log; continue
    fi
    timed "$exe.out" "$exe"
    if cmp -s "$exe.out" test/expected/$n.txt && [ "$(cat "$exe.out.time")" -lt 500 ]; then
        pass "example $n on the virtual clock: output = test/expected/$n.txt in $(cat "$exe.out.time") ms"
    else
        fail "example $n on the virtual clock ($(cat "$exe.out.time") ms)"; diff "$exe.out" test/expected/$n.txt | show /dev/stdin
    fi
done

echo "== the teaching pictures: timeline --svg, echo --sequence (test/teach/run.sh)"
# the SVG's boxes and the diagram's arrows against the Python twins (CPython's
# settrace for echo), every compiler and backend; stdout without the option unchanged
bash test/teach/run.sh >$LOGS/teach.log 2>&1
relay $? $LOGS/teach.log "teach: " test/teach/run.sh

echo "== the expected outputs are Python's, and the C twins take Python's time"
if command -v python3 >/dev/null 2>&1; then
    for py in test/py/*.py; do
        n=$(basename "$py" .py)
        if cmp -s $B/py_$n.out test/expected/$n.txt; then
            pass "python3 $py output = test/expected/$n.txt ($(cat $B/py_$n.out.time) ms)"
        else
            fail "python3 $py output differs from test/expected/$n.txt"
        fi
        # a twin that sleeps (a second or more) must take the same wall time in C
        pyms=$(cat $B/py_$n.out.time)
        cms=$(cat $B/ex_${n}_$(basename "$CC")_GOTO.out.time 2>/dev/null || echo 0)
        if [ "$pyms" -ge 700 ]; then
            d=$((cms - pyms)); [ $d -lt 0 ] && d=$((-d))
            if [ $d -le 200 ]; then
                pass "examples/$n.c takes Python's wall time: $cms ms vs $pyms ms"
            else
                fail "examples/$n.c takes $cms ms, Python $pyms ms"
            fi
            # and sleeps meanwhile (the idle hook), rather than spinning
            cpu=$(cat $B/ex_${n}_$(basename "$CC")_GOTO.out.cpu.ms 2>/dev/null || echo 0)
            if [ $((cpu * 10)) -le "$cms" ]; then
                pass "examples/$n.c sleeps while it waits: $cpu ms of CPU in $cms ms"
            else
                fail "examples/$n.c spins while it waits: $cpu ms of CPU in $cms ms"
            fi
        fi
    done
else
    echo "(python3 not installed: the stored outputs in test/expected/ stand in)"
fi

echo "== the /hello server for real: load, robustness, no leaks (test/net/hello_check.py)"
# the server as users would copy it, with each driver: epoll (its default
# on Linux) and poll() (with slots for 10,000 connections); the checker
# starts and stops every server itself, on 127.0.0.1 only
if command -v python3 >/dev/null 2>&1; then
    for drv in epoll poll; do
        defs=""
        [ $drv = poll ] && defs="-DHELLO_USE_POLL -DGEN_POLL_SLOTS=12288"
        [ $drv = epoll ] && [ "$(uname -s)" != Linux ] && continue
        if ! "$CC" -std=c99 -O2 $CWARN $defs -I. examples/hello_server.c -o $B/hello_$drv >$LOGS/hello_$drv.log 2>&1; then
            fail "hello_server ($drv): build"; show $LOGS/hello_$drv.log; continue
        fi
        timeout 300 python3 test/net/hello_check.py -- $B/hello_$drv >$LOGS/hello_check_$drv.log 2>&1
        relay $? $LOGS/hello_check_$drv.log "hello_server ($drv): " test/net/hello_check.py
    done
else
    echo "(python3 not installed: the /hello server checks need it)"
fi

echo "== a release: one version everywhere, the manifests, CHANGELOG, make dist (test/pkg/release.sh)"
# the version in the headers' macros and first lines, the Makefile, coro.pc,
# CMake's package, meson.build, library.properties, library.json and the
# CHANGELOG; library.json against PlatformIO's manifest rules; the tarball
bash test/pkg/release.sh >$LOGS/release.log 2>&1
relay $? $LOGS/release.log "" test/pkg/release.sh

echo "== the header manuals' examples compile; each quick start is an example program"
# block N of a header's manual ("---- example: begin" .. "end"), unindented
manual_block() {
    awk -v n="$2" '/---- example: end/ { on = 0 } on == n { print } /---- example: begin/ { k++; on = (k == n) ? n : 0 }' "$1" |
        sed 's/^       //; s/^ *$//'
}
for hb in coro.h:1 gen.h:1 gen.h:2 gen.h:3 gen.h:4; do
    h=${hb%:*}; n=${hb#*:}
    src=$B/manual_${h%.h}_$n.c
    manual_block $h $n > $src
    if [ ! -s $src ]; then fail "$h: no example $n in its manual"; continue; fi
    for cc in $ccs; do
        if "$cc" -std=c99 $CWARN -I. -c $src -o $B/manual.o >$LOGS/manual.log 2>&1; then
            pass "$h manual example $n: $(basename "$cc") builds"
        else
            fail "$h manual example $n: $(basename "$cc")"; show $LOGS/manual.log
        fi
    done
done
# the long form (what GEN_FUNCTION stands for) prints what the short one does
if "$CC" -std=c99 -I. $B/manual_gen_2.c -o $B/manual_run >$LOGS/manual.log 2>&1 &&
        $B/manual_run | cmp -s - test/expected/fibonacci.txt; then
    pass "gen.h manual example 2 (the long form) prints test/expected/fibonacci.txt"
else
    fail "gen.h manual example 2 (the long form) output"; show $LOGS/manual.log
fi
for pair in gen.h:1:fibonacci gen.h:3:tasks; do
    h=${pair%%:*}; rest=${pair#*:}; n=${rest%%:*}; ex=${rest#*:}
    if sed '1,/\*\/$/d' examples/$ex.c | cmp -s - $B/manual_${h%.h}_$n.c; then
        pass "$h's quick start $n is examples/$ex.c, byte for byte"
    else
        fail "$h's quick start $n differs from examples/$ex.c"; sed '1,/\*\/$/d' examples/$ex.c | diff - $B/manual_${h%.h}_$n.c | show /dev/stdin
    fi
    if "$CC" -std=c99 -DGEN_HOST_CLOCK_IS_VIRTUAL -I. $B/manual_${h%.h}_$n.c -o $B/manual_run >$LOGS/manual.log 2>&1 &&
            $B/manual_run | cmp -s - test/expected/$ex.txt; then
        pass "$h manual example $n prints test/expected/$ex.txt"
    else
        fail "$h manual example $n output"; show $LOGS/manual.log
    fi
done

echo "== differential tests: CPython 3.11 and the headers on the same random scripts and programs"
# test/diff/: generator programs and their C twins driven by random
# next/send/throw/close scripts; random asyncio programs run on a virtual
# clock and by a C interpreter on gen_clock_virtual. A fixed-seed sample
# here; `make fuzz` runs the long randomised campaign.
pyver=$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)
if [ "$pyver" = 3.11 ]; then
    for t in gen async; do
        cells="--scripts 3000"
        [ $t = async ] && cells="--cells full --programs 300"
        python3 test/diff/${t}_diff.py $cells >$LOGS/diff_$t.log 2>&1
        relay $? $LOGS/diff_$t.log "" test/diff/${t}_diff.py
    done
    # the minimal programs of every runtime divergence found so far
    python3 test/diff/async_cases.py >$LOGS/diff_cases.log 2>&1
    while IFS= read -r line; do
        case "$line" in
            "== "*": agrees") n=${line#== }; pass "async case ${n%%:*} agrees with asyncio" ;;
            "== "*) n=${line#== }; fail "async case ${n%%:*}: ${n#*: }" ;;
        esac
    done < $LOGS/diff_cases.log
    grep -q '^== ' $LOGS/diff_cases.log || { fail "test/diff/async_cases.py"; show $LOGS/diff_cases.log; }
elif [ -n "$pyver" ]; then
    echo "(python3 is $pyver: the differential tests compare with CPython 3.11 and are left out)"
else
    echo "(python3 not installed: the differential tests are left out)"
fi

echo "== coverage-guided fuzzing: libFuzzer with ASan+UBSan, about a minute (make fuzz: longer)"
# test/fuzz/: a generator-protocol target and a runtime target, both
# backends (and 16-bit time), invariants checked after every step; the
# inputs that once crashed (test/fuzz/regress/) are replayed first
FUZZ_SECONDS=${TEST_FUZZ_SECONDS:-60} bash test/fuzz/run.sh >$LOGS/fuzz.log 2>&1
relay $? $LOGS/fuzz.log "" test/fuzz/run.sh
grep '^fuzz: ' $LOGS/fuzz.log

echo "== static analyzers on a user file that uses every macro (test/analyze/)"
# clang --analyze, gcc -fanalyzer and cppcheck, both backends
bash test/analyze/run.sh >$LOGS/analyze.log 2>&1
relay $? $LOGS/analyze.log "analyze: " test/analyze/run.sh

echo "== scale: a million tasks; a 16-bit clock"
if "$CC" -std=c99 -O2 $CWARN -I. test/scale.c -o $B/scale >$LOGS/scale.log 2>&1 && $B/scale >>$LOGS/scale.log 2>&1; then
    pass "test/scale.c: $(tail -1 $LOGS/scale.log)"
else
    fail "test/scale.c"; show $LOGS/scale.log
fi
build_and_run "$(basename "$CC") GOTO GEN_TIME_TYPE=unsigned short (16-bit ticks wrap)" \
    "$CC" -std=c99 -O1 $CWARN -DCORO_BACKEND_GOTO "-DGEN_TIME_TYPE=unsigned short"
build_and_run "$(basename "$CC") SWITCH GEN_TIME_TYPE=unsigned int" \
    "$CC" -std=c99 -O1 $CWARN -DCORO_BACKEND_SWITCH "-DGEN_TIME_TYPE=unsigned int"

echo "== configuration and installation"
build_and_run "$(basename "$CC") SWITCH CORO_LINE_TYPE=unsigned long" \
    "$CC" -std=c99 -O1 $CWARN -DCORO_BACKEND_SWITCH "-DCORO_LINE_TYPE=unsigned long"
build_and_run "$(basename "$CC") default backend" "$CC" -std=c99 -O1 $CWARN
if make -s install PREFIX="$PWD/$B/prefix" >$LOGS/install.log 2>&1 &&
        [ -f $B/prefix/include/coro.h ] && [ -f $B/prefix/include/gen.h ] &&
        grep -q "^Cflags: -I\${includedir}" $B/prefix/lib/pkgconfig/coro.pc &&
        grep -q "^includedir=$PWD/$B/prefix/include" $B/prefix/lib/pkgconfig/coro.pc; then
    pass "make install PREFIX=...: headers and coro.pc"
else
    fail "make install"; show $LOGS/install.log
fi

echo "== build systems: CMake, Meson, pkg-config, as their users use them (test/pkg/)"
# add_subdirectory, FetchContent, find_package after cmake --install, a Meson
# subproject, pkg-config after each install route; all offline, under build/pkg/
bash test/pkg/build_systems.sh >$LOGS/build_systems.log 2>&1
relay $? $LOGS/build_systems.log "" test/pkg/build_systems.sh

echo "== Arduino: the sketches built for an Uno, run on simavr, sized (test/arduino/)"
# Debian's arduino-builder and AVR core; the LED's period and the button's
# debouncing measured from the simulator (libsimavr), against hand-written baselines
bash test/arduino/run.sh >$LOGS/arduino.log 2>&1
relay $? $LOGS/arduino.log "arduino: " test/arduino/run.sh
sed -n '/^sizes for an Uno/,/^| TickTasks /p' $LOGS/arduino.log

echo "== the README's install section, block by block, from the tarball (test/pkg/readme_install.sh)"
bash test/pkg/readme_install.sh >$LOGS/readme_install.log 2>&1
relay $? $LOGS/readme_install.log "" test/pkg/readme_install.sh

echo "== the README's code compiles"
awk -v dir=$B 'BEGIN { n = 0 }
    /^```c$/ { n++; f = sprintf("%s/readme_%d.c", dir, n); inblock = 1; next }
    /^```/ { inblock = 0; next }
    inblock { print > f }' README.md
for f in $B/readme_*.c; do
    [ -f "$f" ] || { fail "README.md has no \`\`\`c code block"; break; }
    for cc in $ccs; do
        if "$cc" -std=c99 $CWARN -I. -c "$f" -o /dev/null >$LOGS/readme.log 2>&1; then
            pass "README block $(basename "$f" .c | sed 's/readme_//'): $(basename "$cc") builds"
        else
            fail "README block $(basename "$f" .c | sed 's/readme_//'): $(basename "$cc")"; show $LOGS/readme.log
        fi
    done
done

same=""
for f in $B/readme_*.c; do cmp -s "$f" $B/manual_gen_1.c && same=$f; done
if [ -n "$same" ]; then
    pass "README's fibonacci is gen.h's quick start and examples/fibonacci.c"
else
    fail "README has no copy of gen.h's quick start (examples/fibonacci.c)"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
