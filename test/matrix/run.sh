#!/usr/bin/env bash
# test/matrix/run.sh - `make matrix`: the unit suite on every compiler and
# target we claim (see the README's table). One line per cell:
#
#   PASS|FAIL|SKIP  compiler  target  backend  standard/flags  details
#
# then "N passed, N failed[, N skipped]"; exit status non-zero on any failure.
# The table is also written as Markdown to build/matrix/table.md.
#
# A cell whose toolchain or emulator is missing FAILS (run
# test/matrix/install.sh first). To leave cells out on purpose, name them:
#   MATRIX_SKIP="cc65 m68k" make matrix
# A word matches a cell's compiler, target, group or backend (see the words
# in brackets on each line); a+b matches the cells that have both. Skipped cells are printed as SKIP and counted.
# MATRIX_ONLY="avr sdcc" runs only the cells matching one of the words.
# MATRIX_JOBS (default: the number of cores) cells run at once.
# MATRIX_INSTALL=1 runs test/matrix/install.sh first (root; Debian 12).
set -u
cd "$(dirname "$0")/../.."
if [ "${MATRIX_INSTALL:-0}" = 1 ]; then
    bash test/matrix/install.sh || echo "install.sh failed: the cells that miss a tool will fail"
fi
ROOT=$PWD
M=test/matrix
B=build/matrix
rm -rf "$B"
mkdir -p "$B/res"
JOBS=${MATRIX_JOBS:-$(nproc 2>/dev/null || echo 2)}
SKIP=" ${MATRIX_SKIP:-} "
ONLY=" ${MATRIX_ONLY:-} "
T0=$(date +%s)

CWARN="-Wall -Wextra -Wpedantic -Werror -Wshadow -Wconversion -Wsign-conversion -Wundef
 -Wstrict-prototypes -Wmissing-prototypes -Wcast-qual -Wswitch-default -Wimplicit-fallthrough"
CXXWARN="-Wall -Wextra -Wpedantic -Werror"
# the parts of the suite: one per test/t_*.c, named by its function
TFILES=$(ls test/t_*.c)
PARTS=$(for f in $TFILES; do basename "$f" .c; done)
SUITE="test/unit.c test/all.c $TFILES"

# ---- expected counts: a reference run of each part on the host ----------
# Every cell must report exactly this many passed tests, so a run that
# stops early (a crash, a full memory, a simulator time-out) cannot pass.
declare -A WANT
want_total=0
mkdir -p $B/ref
for p in $PARTS; do
    if gcc -std=c99 -O0 -w -I. -Itest -DMATRIX_PART=$p $M/main_hosted.c test/unit.c test/$p.c \
            -o $B/ref/$p >$B/ref/$p.log 2>&1 && $B/ref/$p >$B/ref/$p.out 2>&1; then
        :
    fi
    n=$(sed -n 's/^\([0-9][0-9]*\) passed, [0-9]* failed$/\1/p' $B/ref/$p.out 2>/dev/null | tail -1)
    # no reference (no gcc, or the part fails on the host): count its RUN()s
    [ -n "$n" ] || n=$(grep -c '^[[:space:]]*RUN(' test/$p.c)
    WANT[$p]=$n
    want_total=$((want_total + n))
done
WANT[all]=$want_total
WANT[t_must_fail]=0

# ---- cells ----------------------------------------------------------------
# add KEYS COMPILER TARGET BACKEND STD FUNCTION ARGS...: one cell. KEYS are
# the words MATRIX_SKIP/ONLY match. The function runs in the background in
# its own directory $D (builds go there), writes details with note(), and
# returns 0 for PASS.
n=0
next=1
declare -A DESC
passed=0; failed=0; skipped=0

flush() {
    local f
    while :; do
        f=$B/res/$(printf %04d $next)
        [ -f "$f.done" ] || break
        cat "$f.done"
        case $(head -c4 "$f.done") in
            PASS) passed=$((passed + 1)) ;;
            SKIP) skipped=$((skipped + 1)) ;;
            *) failed=$((failed + 1)) ;;
        esac
        next=$((next + 1))
    done
}

matches() { # matches "WORDS" "KEYS": some word of WORDS is one of KEYS; a
    # word a+b matches a cell that has both a and b (mcs51+t_async: one cell)
    local w p all
    for w in $1; do
        all=1
        for p in ${w//+/ }; do case " $2 " in *" $p "*) ;; *) all=0 ;; esac; done
        [ $all = 1 ] && return 0
    done
    return 1
}

add() {
    local keys="$1 $2 $3 $4" id
    n=$((n + 1)); id=$(printf %04d $n)
    local line
    line=$(printf '%-9s %-22s %-6s %-22s' "$2" "$3" "$4" "$5")
    if [ -n "${MATRIX_ONLY:-}" ] && ! matches "$ONLY" "$keys"; then
        n=$((n - 1)); return
    fi
    if matches "$SKIP" "$keys"; then
        printf 'SKIP %s skipped by MATRIX_SKIP [%s]\n' "$line" "$keys" > $B/res/$id.done
        flush; return
    fi
    while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n; flush; done
    ( run_cell "$id" "$line" "$keys" "${@:6}" ) &
    flush
}

run_cell() {
    local id=$1 line=$2 keys=$3; shift 3
    D=$ROOT/$B/c$id
    mkdir -p "$D"
    : > "$D/notes"
    local st=FAIL t0 dt
    t0=$(date +%s)
    # in a subshell of its own: a cell that dies (say, set -u on an unset
    # variable) fails here instead of taking its runner and result with it
    if ( "$@" ) > "$D/log" 2>&1; then st=PASS; fi
    dt=$(( $(date +%s) - t0 ))
    [ $dt -lt 10 ] || note "(${dt}s)"
    {
        printf '%s %s %s\n' "$st" "$line" "$(tr '\n' ' ' < "$D/notes" | sed 's/ *$//')"
        if [ $st = FAIL ]; then
            grep -v '^ok ' "$D/log" | sed -n '1,12p' | sed 's/^/     | /'
            echo "     | (log: $B/c$id/log)"
        fi
    } > $B/res/$id.tmp
    mv $B/res/$id.tmp $B/res/$id.done
}

note() { printf '%s\n' "$*" >> "$D/notes"; }
have() { # have TOOL...: each tool is installed, else say which is not
    local t
    for t in "$@"; do
        command -v "$t" >/dev/null 2>&1 || { note "missing $t (run test/matrix/install.sh)"; return 1; }
    done
}
# check_result FILE PART [STATUS]: the output's last "N passed, N failed"
# line shows the part's whole count passed (plus EXTRA_TESTS, the tests a
# cell's main adds) and none failed (and, when the runner gives one, the
# exit status is 0). For the must-fail part: the
# failure is reported (line and status), so the runner cannot hide one.
check_result() {
    local out=$1 part=$2 status=${3:-}
    local line p f
    line=$(tr -d '\r' < "$out" | sed 's/\x1b\[[0-9;]*m//g' | grep -oE '[0-9]+ passed, [0-9]+ failed' | tail -1)
    if [ -z "$line" ]; then note "no result line"; return 1; fi
    p=${line%% passed*}; f=${line#*passed, }; f=${f%% failed}
    if [ "$part" = t_must_fail ]; then
        if [ "$f" -ge 1 ] && [ "${status:-1}" != 0 ]; then
            note "deliberate failure reported: \"$line\"${status:+, exit $status}"; return 0
        fi
        note "deliberate failure NOT reported: \"$line\"${status:+, exit $status}"; return 1
    fi
    note "$line"
    [ "$part" = all ] || note "(part $part)"
    # checks a test found not applicable here say so: show them
    tr -d '\r' < "$out" | sed 's/\x1b\[[0-9;]*m//g' | sed -n 's/^  n\/a: /n\/a: /p' | while IFS= read -r l; do note "$l"; done
    if [ "$f" != 0 ]; then return 1; fi
    local want=$((${WANT[$part]} + ${EXTRA_TESTS:-0}))
    if [ "$p" != "$want" ]; then note "expected $want passed"; return 1; fi
    if [ -n "$status" ] && [ "$status" != 0 ]; then note "exit status $status"; return 1; fi
    return 0
}
sources_for() { # sources_for PART: the suite's files for a part (or all)
    case $1 in
        all) echo "$SUITE" ;;
        t_must_fail) echo "test/unit.c $M/t_must_fail.c" ;;
        *) echo "test/unit.c test/$1.c" ;;
    esac
}
part_def() { [ "$1" = all ] || echo "-DMATRIX_PART=$1"; }

# ---- cell kinds -------------------------------------------------------------

# native CC PART RUNNER FLAGS...: build with the host's main and run
native() {
    local cc=$1 part=$2 runner=$3; shift 3
    have "$cc" || return 1
    # shellcheck disable=SC2046
    "$cc" "$@" -I. -Itest $(part_def $part) $M/main_hosted.c $(sources_for $part) -o "$D/t" \
        > "$D/build.log" 2>&1 || { note "build failed"; cat "$D/build.log"; return 1; }
    local st=0
    $runner "$D/t" > "$D/out" 2>&1 || st=$?
    cat "$D/out"
    check_result "$D/out" $part $st
}
# refused CC MESSAGE FLAGS...: a build coro.h must refuse with an #error
# saying MESSAGE (a configuration the compiler cannot do)
refused() {
    local cc=$1 msg=$2; shift 2
    have "$cc" || return 1
    if "$cc" "$@" -I. -Itest $M/main_hosted.c $SUITE -o "$D/t" > "$D/build.log" 2>&1; then
        note "built: expected the #error \"$msg\""; return 1
    fi
    cat "$D/build.log"
    grep -qF "$msg" "$D/build.log" || { note "build failed without the #error \"$msg\""; return 1; }
    note "refused with #error: \"$msg\""
}
run_plain() { "$@"; }
# i386 binaries run natively where the kernel takes them, else under
# qemu-i386 (qemu-user): some x86-64 kernels are built without IA32 emulation
run_i386() {
    echo 'int main(void){return 0;}' | gcc -m32 -x c - -o "$D/probe32" 2>/dev/null
    if "$D/probe32" 2>/dev/null || ! have qemu-i386; then "$@"
    else note "run under qemu-i386 (this kernel does not execute i386 binaries)"; qemu-i386 "$@"; fi
}
run_san() { ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 "$@"; }
run_valgrind() { valgrind -q --error-exitcode=99 --leak-check=full "$@"; }

HOST=$(uname -m)-linux

# C compilers x standards x backends x optimisation
for cc in gcc clang; do
    for std in c89 c99 c11 c17 c2x; do
        for be in SWITCH GOTO; do
            for opt in -O0 -O2 -Os; do
                part=all; extra=""
                # gen.h and the whole suite are C99; coro.h's part is what C89 can have
                [ $std = c89 ] && part=t_coro
                [ $cc = gcc ] && extra=-Wjump-misses-init
                add "host $std$opt" $cc "$HOST" $be "-std=$std $opt" \
                    native $cc $part run_plain -std=$std $opt $CWARN $extra -DCORO_BACKEND_$be
            done
        done
    done
done
for cc in gcc clang; do
    for be in SWITCH GOTO; do
        add "m32 i386" $cc i386-linux $be "-m32 -std=c99 -O2" native $cc all run_i386 -m32 -std=c99 -O2 $CWARN -DCORO_BACKEND_$be
    done
done
for cc in gcc clang; do
    for be in SWITCH GOTO; do
        add "asan ubsan sanitizers" $cc "$HOST" $be "ASan+UBSan -O1" \
            native $cc all run_san -std=c99 -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all $CWARN -DCORO_BACKEND_$be
    done
done
for be in SWITCH GOTO; do
    add "valgrind memcheck" gcc "$HOST" $be "valgrind -O0 -g" native gcc all run_valgrind -std=c99 -O0 -g $CWARN -DCORO_BACKEND_$be
done
# clang-19 -Weverything. Documented exceptions: -Wpadded (struct layout is
# not a defect), -Wunsafe-buffer-usage (C++ hardening lint: flags every
# pointer arithmetic, which C cannot avoid), -Wdeclaration-after-statement
# and -Wpre-c11-compat (we target C99: mixing is allowed and intended).
EVERY="-Weverything -Werror -Wno-padded -Wno-unsafe-buffer-usage -Wno-declaration-after-statement -Wno-pre-c11-compat"
for std in c99 c11; do
    for be in SWITCH GOTO; do
        add "weverything clang19" clang-19 "$HOST" $be "-Weverything -std=$std" native clang-19 all run_plain -std=$std -O2 $EVERY -DCORO_BACKEND_$be
    done
done
# C++: the same sources compiled as C++
for cxx in g++ clang++; do
    for std in c++98 c++11 c++17 c++20; do
        for be in SWITCH GOTO; do
            add "cxx $std" $cxx "$HOST" $be "-x c++ -std=$std" native $cxx all run_plain -x c++ -std=$std -O1 $CXXWARN -DCORO_BACKEND_$be
        done
    done
done

# small C compilers, musl
CHIBI_INC="-I$M/chibicc-include"
for be in SWITCH GOTO; do
    add "small" tcc "$HOST" $be "tcc -Wall -Werror" native tcc all run_plain -Wall -Werror -DCORO_BACKEND_$be
    if [ $be = GOTO ]; then # pcc: no computed goto in inline functions (coro.h, section 5)
        add "small mustfail" pcc "$HOST" $be "pcc -O: must #error" refused pcc \
            "CORO_BACKEND_GOTO does not work with pcc" -O -DCORO_BACKEND_$be
    else
        add "small" pcc "$HOST" $be "pcc -O" native pcc all run_plain -O -DCORO_BACKEND_$be
    fi
    add "small" chibicc "$HOST" $be "chibicc" native chibicc all run_plain $CHIBI_INC -DCORO_BACKEND_$be
    add "musl static" musl-gcc "$HOST-musl" $be "-static -std=c99 -O2" native musl-gcc all run_plain -static -std=c99 -O2 $CWARN -DCORO_BACKEND_$be
done

# ---- Linux on other CPUs under qemu-user -----------------------------------
# qemu_user TRIPLE QEMU PART BACKEND: cross gcc, run under qemu-<arch>
qemu_user() {
    local triple=$1 qemu=$2 part=$3 be=$4
    have $triple-gcc $qemu || return 1
    # shellcheck disable=SC2046
    $triple-gcc -std=c99 -O2 $CWARN -DCORO_BACKEND_$be -I. -Itest $(part_def $part) \
        $M/main_hosted.c $(sources_for $part) -o "$D/t" > "$D/build.log" 2>&1 ||
        { note "build failed"; cat "$D/build.log"; return 1; }
    note "text=$($triple-size "$D/t" | awk 'NR==2{print $1}')"
    local st=0
    QEMU_LD_PREFIX=/usr/$triple timeout 120 $qemu "$D/t" > "$D/out" 2>&1 || st=$?
    cat "$D/out"
    check_result "$D/out" $part $st
}
QEMU_TARGETS="arm-linux-gnueabihf:qemu-arm:armhf aarch64-linux-gnu:qemu-aarch64:aarch64
 riscv64-linux-gnu:qemu-riscv64:riscv64 mips-linux-gnu:qemu-mips:mips
 powerpc-linux-gnu:qemu-ppc:powerpc s390x-linux-gnu:qemu-s390x:s390x m68k-linux-gnu:qemu-m68k:m68k"
for t in $QEMU_TARGETS; do
    IFS=: read -r triple qemu arch <<< "$t"
    endian=""
    case $arch in mips|powerpc|s390x|m68k) endian=" (BE)" ;; esac
    for be in SWITCH GOTO; do
        add "qemu-user $arch" gcc "$arch-linux$endian" $be "-std=c99 -O2" qemu_user $triple $qemu all $be
    done
done
add "qemu-user mustfail" gcc "aarch64-linux" GOTO "deliberately failing" qemu_user aarch64-linux-gnu qemu-aarch64 t_must_fail GOTO

# native must-fail (the runner: a plain process's exit status), and under valgrind
add "host mustfail" gcc "$HOST" GOTO "deliberately failing" native gcc t_must_fail run_plain -std=c99 -O2
add "valgrind memcheck mustfail" gcc "$HOST" GOTO "deliberately failing" native gcc t_must_fail run_valgrind -std=c99 -O0 -g

# ---- Windows: compile and link ---------------------------------------------
mingw() {
    local be=$1
    have x86_64-w64-mingw32-gcc || return 1
    x86_64-w64-mingw32-gcc -std=c99 -O2 $CWARN -DCORO_BACKEND_$be -I. -Itest \
        $M/main_hosted.c $SUITE -o "$D/t.exe" > "$D/build.log" 2>&1 ||
        { note "build failed"; cat "$D/build.log"; return 1; }
    file "$D/t.exe" 2>/dev/null | grep -q 'PE32+' || { note "not a PE32+ executable"; return 1; }
    note "linked t.exe (PE32+ x86-64; not run)"
}
for be in SWITCH GOTO; do
    add "mingw windows" mingw-w64 x86_64-windows $be "-std=c99 -O2" mingw $be
done

[ -f $M/cells_embedded.sh ] && . $M/cells_embedded.sh

while [ -n "$(jobs -rp)" ]; do wait -n; flush; done
wait
# a cell whose runner left no result fails: none drops out of the count
for i in $(seq $next $n); do
    id=$(printf %04d $i)
    [ -f $B/res/$id.done ] || printf 'FAIL cell %s left no result (see %s/c%s/log)\n' $id $B $id > $B/res/$id.done
done
flush

# ---- table ----------------------------------------------------------------
if ls $B/sizes/* >/dev/null 2>&1; then
    {
        echo "Code size of a reference generator (test/matrix/size/ref_gen.c, gen.h; ref_coro.c,"
        echo "coro.h alone) next to a hand-written state machine doing the same job (ref_sm.c),"
        echo "yielding the first n Fibonacci numbers as longs: bytes of code and constants"
        echo "of the object file, -Os -DNDEBUG (sdcc: --opt-code-size --max-allocs-per-node 200"
        echo "--nogcse). ref_coro.c includes coro.h alone. sdcc keeps every static"
        echo "inline function a header defines, used or not: there ref_gen.c is built with"
        echo "GEN_NO_ASYNC and GEN_NO_COMBINATORS, and its column is the weight of gen.h's ports"
        echo "and its generator protocol."
        echo
        echo "| target | backend | generator (gen.h) | generator (coro.h alone) | hand-written state machine |"
        echo "|---|---|---|---|---|"
        cat $B/sizes/* | while IFS='|' read -r k be g c s; do
            case $k in m0) k="Cortex-M0 (arm-none-eabi-gcc)" ;; avr) k="AVR ATmega328P (avr-gcc)" ;;
                mcs51) k="8051 (sdcc --model-large)" ;; z80) k="Z80 (sdcc)" ;; stm8) k="STM8 (sdcc)" ;; esac
            echo "| $k | $be | $g B | $c B | $s B |"
        done
    } > $B/sizes.md
fi
# every cell as "st|compiler|target|backend|std|details"
cat $B/res/*.done | grep -E '^(PASS|FAIL|SKIP) ' | while IFS= read -r line; do
    st=${line:0:4}; rest=${line:5}
    c=$(echo "${rest:0:9}" | sed 's/ *$//'); t=$(echo "${rest:10:22}" | sed 's/ *$//')
    b=$(echo "${rest:33:6}" | sed 's/ *$//'); s=$(echo "${rest:40:22}" | sed 's/ *$//')
    d=$(echo "${rest:63}" | sed 's/|/\\|/g')
    printf '%s|%s|%s|%s|%s|%s\n' "$st" "$c" "$t" "$b" "$s" "$d"
done > $B/cells.txt
{
    echo "Unit suite (\`make matrix\`): cells passed / cells run, per compiler, target and"
    echo "backend (a cell is one build of the suite, or of one part of it, run to the end)."
    echo
    echo "| compiler | target | switch backend | goto backend |"
    echo "|---|---|---|---|"
    # leave out the runner checks, the size cells and the driver examples
    grep -v '|deliberately failing|\|size: \|ref_gen = ref_sm\||-Os example ' $B/cells.txt | awk -F'|' '
        { k = $2 "|" $3; if (!(k in seen)) { seen[k] = 1; order[++n] = k }
          run[k "|" $4]++; if ($1 == "PASS") ok[k "|" $4]++
          if ($1 == "SKIP") sk[k "|" $4]++
          if ($5 ~ /must #error/) refuse[k "|" $4]++ }
        function cell(x,  r) {
            if (!run[x]) return "-"
            r = (ok[x] + 0) "/" (run[x] - sk[x])
            if (ok[x] == run[x] - sk[x]) r = "PASS " r; else r = "FAIL " r
            if (sk[x]) r = r " (" sk[x] " skipped)"
            if (refuse[x]) r = r " (refused with an #error, as it must be)"
            return r }
        END { for (i = 1; i <= n; i++) {
            split(order[i], a, "|")
            printf "| %s | %s | %s | %s |\n", a[1], a[2], cell(order[i] "|SWITCH"), cell(order[i] "|GOTO") } }'
    echo
    [ -f $B/sizes.md ] && { cat $B/sizes.md; echo; }
    echo "Every cell:"
    echo
    echo "| result | compiler | target | backend | standard / flags | details |"
    echo "|---|---|---|---|---|---|"
    awk -F'|' '{ printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6 }' $B/cells.txt
} > $B/table.md
echo "(table: $B/table.md; $(( $(date +%s) - T0 )) s)"
if [ $skipped -gt 0 ]; then
    echo "$passed passed, $failed failed, $skipped skipped"
else
    echo "$passed passed, $failed failed"
fi
[ $failed -eq 0 ]
