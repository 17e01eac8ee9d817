#!/bin/bash
# test/fuzz/run.sh - coverage-guided fuzzing of coro.h / gen.h with libFuzzer.
#
#   bash test/fuzz/run.sh                 build, replay test/fuzz/regress/, fuzz
#   FUZZ_SECONDS=600 bash test/fuzz/run.sh    the whole run's fuzzing time
#                                         (default 60), shared by the variants
#   bash test/fuzz/run.sh --coverage      also: replay the corpus on builds with
#                                         clang's source coverage, report the
#                                         lines of coro.h and gen.h covered
#   bash test/fuzz/run.sh --update-seeds  also: merge the corpus into
#                                         test/fuzz/seeds/<target>/ (minimised:
#                                         only inputs that add coverage)
#   FUZZ_CC=clang-14 ...                  the compiler (default clang; not CC)
#
# Targets (see the comment at the top of each): fuzz_gen (generator protocol)
# and fuzz_async (async runtime). Variants: the switch and the goto backend,
# and for fuzz_async also a 16-bit gen_time_t (GEN_TIME_TYPE=unsigned short).
# Everything goes to build/fuzz/: the binaries, corpus/<target>/ (kept from
# run to run, shared by a target's variants), artifacts/ (crash inputs).
#
# First every file of test/fuzz/regress/ (inputs that once crashed, named
# <target>-<what>) is replayed on every variant of its target. Then each
# variant fuzzes for FUZZ_SECONDS / number of variants, from its corpus and
# test/fuzz/seeds/<target>/. One line per variant:
#   PASS fuzz_gen SWITCH: 123456 runs, cov 789, 0 crashes
#   FAIL fuzz_gen SWITCH: ... crash build/fuzz/artifacts/fuzz_gen-SWITCH-crash-...
# then a summary line. Exit status 1 on any crash or failed replay.
# While fuzzing, FUZZ_AVOID_KNOWN=1 is set: a target may read it to steer
# clear of a library finding not fixed yet (mark the code "open finding"),
# so that fuzzing looks past it; the replays of test/fuzz/regress/ run
# without it, so they keep failing until the library is fixed. (No target
# needs it at the moment.)
# To read a crash: FUZZ_VERBOSE=1 build/fuzz/fuzz_gen_SWITCH <file> prints the
# decoded program and its run.
set -u
cd "$(dirname "$0")/../.." || exit 2

CC=${FUZZ_CC:-clang}  # not $CC: make test exports CC (cc, gcc), and libFuzzer is clang's
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
COVERAGE=0
UPDATE_SEEDS=0
for a in "$@"; do
    case $a in
        --coverage) COVERAGE=1 ;;
        --update-seeds) UPDATE_SEEDS=1 ;;
        -h|--help) sed -n '2,/^set -u/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "run.sh: unknown argument $a (try --help)" >&2; exit 2 ;;
    esac
done

B=build/fuzz
mkdir -p $B/artifacts
CFLAGS="-std=c99 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -Wall -Wextra -Werror -I."

# variant: target name flags...
VARIANTS=(
    "fuzz_gen SWITCH -DCORO_BACKEND_SWITCH"
    "fuzz_gen GOTO -DCORO_BACKEND_GOTO"
    "fuzz_async SWITCH -DCORO_BACKEND_SWITCH"
    "fuzz_async GOTO -DCORO_BACKEND_GOTO"
    "fuzz_async SWITCH16 -DCORO_BACKEND_SWITCH -DGEN_TIME_TYPE=unsigned_short"
    "fuzz_async GOTO16 -DCORO_BACKEND_GOTO -DGEN_TIME_TYPE=unsigned_short"
)

# the flags of a variant ("unsigned_short" stands for "unsigned short")
flags_of() {
    local f
    for f in "$@"; do
        printf '%s\n' "${f/unsigned_short/unsigned short}"
    done
}

status=0
echo "== building ${#VARIANTS[@]} variants into $B/"
for v in "${VARIANTS[@]}"; do
    set -- $v
    t=$1 n=$2
    shift 2
    mapfile -t fl < <(flags_of "$@")
    if ! $CC $CFLAGS "${fl[@]}" test/fuzz/$t.c -o $B/${t}_$n 2>$B/${t}_$n.build.log; then
        echo "FAIL build ${t} $n:"
        sed 's/^/     | /' $B/${t}_$n.build.log | head -30
        exit 1
    fi
done

echo "== replaying test/fuzz/regress/"
nreg=0
for f in test/fuzz/regress/*; do
    [ -f "$f" ] || continue
    base=$(basename "$f")
    t=${base%%-*}
    if [ ! -f test/fuzz/$t.c ]; then
        echo "FAIL regress $base: no target $t (name regression inputs <target>-<what>)"
        status=1
        continue
    fi
    bad=""
    for v in "${VARIANTS[@]}"; do
        set -- $v
        [ "$1" = "$t" ] || continue
        if ! $B/${t}_$2 "$f" >$B/regress.log 2>&1; then
            bad="$bad $2"
            grep -m1 -E "invariant violated|ERROR: AddressSanitizer|runtime error|ERROR: libFuzzer" $B/regress.log |
                sed "s/^/     | $2: /"
        fi
    done
    nreg=$((nreg + 1))
    if [ -n "$bad" ]; then
        echo "FAIL regress $base:$bad"
        status=1
    else
        echo "PASS regress $base"
    fi
done
[ $nreg -gt 0 ] || echo "(no regression inputs)"

per=$((FUZZ_SECONDS / ${#VARIANTS[@]}))
[ $per -ge 1 ] || per=1
echo "== fuzzing: ${#VARIANTS[@]} variants, ${per}s each"
total=0
ncrash=0
for v in "${VARIANTS[@]}"; do
    set -- $v
    t=$1 n=$2
    corpus=$B/corpus/$t
    mkdir -p $corpus
    dirs=("$corpus")
    [ -d test/fuzz/seeds/$t ] && dirs+=("test/fuzz/seeds/$t")
    prefix=$B/artifacts/$t-$n-
    log=$B/${t}_$n.log
    rm -f "$prefix"*
    FUZZ_AVOID_KNOWN=1 $B/${t}_$n -max_total_time=$per -timeout=10 -max_len=4096 -print_final_stats=1 \
        -artifact_prefix=$prefix "${dirs[@]}" >$log 2>&1
    rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' $log | tail -1)
    cov=$(grep -o 'cov: [0-9]*' $log | tail -1 | sed 's/cov: //')
    runs=${runs:-0}
    cov=${cov:-?}
    total=$((total + runs))
    crashes=$(ls "$prefix"* 2>/dev/null)
    if [ $rc -ne 0 ] || [ -n "$crashes" ]; then
        ncrash=$((ncrash + 1))
        status=1
        echo "FAIL $t $n: $runs runs, cov $cov, crash ${crashes:-(none written: exit $rc, see $log)}"
        grep -m1 -E "invariant violated|ERROR: AddressSanitizer|runtime error|ERROR: libFuzzer" $log | sed 's/^/     | /'
    else
        echo "PASS $t $n: $runs runs, cov $cov, 0 crashes"
    fi
done
echo "fuzz: ${#VARIANTS[@]} variants, $total runs in total, $ncrash crashed; $nreg regression inputs replayed"

if [ $UPDATE_SEEDS = 1 ]; then
    echo "== merging the corpus into test/fuzz/seeds/"
    for t in fuzz_gen fuzz_async; do
        mkdir -p test/fuzz/seeds/$t
        # a merge keeps what adds coverage to what the first dir has: merge
        # corpus and seeds into a fresh dir, then replace the seeds (edges
        # only, not hit counts: a few hundred small files per target)
        rm -rf $B/seeds.new && mkdir -p $B/seeds.new
        $B/${t}_GOTO -merge=1 -use_counters=0 -use_value_profile=0 $B/seeds.new test/fuzz/seeds/$t $B/corpus/$t \
            >$B/merge_$t.log 2>&1 &&
            rm -f test/fuzz/seeds/$t/* && cp $B/seeds.new/* test/fuzz/seeds/$t/ 2>/dev/null
        echo "$t: $(ls test/fuzz/seeds/$t | wc -l) seeds"
    done
fi

if [ $COVERAGE = 1 ]; then
    echo "== coverage: the corpus and seeds replayed on builds with source coverage"
    PROFDATA=$(command -v llvm-profdata-14 || command -v llvm-profdata)
    LLVMCOV=$(command -v llvm-cov-14 || command -v llvm-cov)
    if [ -z "$PROFDATA" ] || [ -z "$LLVMCOV" ]; then
        echo "(llvm-profdata / llvm-cov not found: apt-get install llvm-14; coverage left out)"
    else
        C=$B/cov
        rm -rf $C && mkdir -p $C
        objs=()
        for v in "${VARIANTS[@]}"; do
            set -- $v
            t=$1 n=$2
            shift 2
            mapfile -t fl < <(flags_of "$@")
            exe=$C/${t}_$n
            $CC -std=c99 -g -O1 -fsanitize=fuzzer -fprofile-instr-generate -fcoverage-mapping -I. \
                "${fl[@]}" test/fuzz/$t.c -o $exe || { echo "FAIL coverage build $t $n"; status=1; continue; }
            dirs=("$B/corpus/$t")
            [ -d test/fuzz/seeds/$t ] && dirs+=("test/fuzz/seeds/$t")
            LLVM_PROFILE_FILE=$C/${t}_$n.profraw $exe -runs=0 "${dirs[@]}" >$C/${t}_$n.log 2>&1
            "$PROFDATA" merge -sparse $C/${t}_$n.profraw -o $C/${t}_$n.profdata
            # per file: name regions missed % functions missed % lines missed % branches missed %
            echo "$t $n:$("$LLVMCOV" report $exe -instr-profile=$C/${t}_$n.profdata coro.h gen.h 2>/dev/null |
                awk '$1 ~ /(coro|gen)\.h$/ { printf " %s lines %s (%d of %d), regions %s;", $1, $10, $8 - $9, $8, $4 }' |
                sed 's/;$//')"
            objs+=("$exe")
        done
        "$PROFDATA" merge -sparse $C/*.profraw -o $C/all.profdata 2>/dev/null
        if [ ${#objs[@]} -gt 0 ]; then
            "$LLVMCOV" report "${objs[0]}" $(printf -- '-object=%s ' "${objs[@]:1}") -instr-profile=$C/all.profdata coro.h gen.h \
                >$C/report.txt 2>/dev/null
            echo "all variants:$(awk '$1 ~ /(coro|gen)\.h$/ { printf " %s lines %s (%d of %d), regions %s;", $1, $10, $8 - $9, $8, $4 }' \
                $C/report.txt | sed 's/;$//')"
            echo "(a variant's figures count the inline functions it compiles but never calls, such as gen.h's"
            echo " combinators in fuzz_async; line by line: $LLVMCOV show ${objs[0]} $(printf -- '-object=%s ' "${objs[@]:1}")-instr-profile=$C/all.profdata coro.h gen.h)"
        fi
    fi
fi
exit $status
