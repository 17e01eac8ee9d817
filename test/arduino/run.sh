#!/usr/bin/env bash
# test/arduino/run.sh - Arduino support, tested for real (README.md here):
# library.properties, the library's flat layout as the Arduino IDE's builder
# sees it, the two example sketches and their hand-written baselines built
# for an Uno (Debian's Arduino AVR core, arduino-builder, -Wall -Wextra),
# their behaviour checked on simavr's ATmega328P (sim_blink.c), and a size
# table. One "PASS ..." or "FAIL ..." line per check, then the size table
# and "N passed, N failed"; exit status 1 if any check failed.
#
#     bash test/arduino/run.sh        (from the repository's top)
#
# Everything it writes is under build/arduino/. Debian packages it needs:
# arduino-builder arduino-core-avr gcc-avr binutils-avr avr-libc
# libsimavr-dev gcc (not arduino-mk, nor the IDE, arduino: Java).
set -u
cd "$(dirname "$0")/../.." || exit 1

B=build/arduino
T=test/arduino
HW=/usr/share/arduino/hardware      # arduino-core-avr: the AVR core, boards.txt
AB=/usr/share/arduino-builder       # arduino-builder: the ctags recipe (prototypes)
passed=0
failed=0
pass() { echo "PASS $*"; passed=$((passed + 1)); }
fail() { echo "FAIL $*"; failed=$((failed + 1)); }
finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" = 0 ]
    exit
}

# ---- tools: one FAIL line naming what to install --------------------------
missing=""
need() { # need PACKAGE TEST...: PACKAGE is missing unless the test holds
    local pkg=$1
    shift
    "$@" > /dev/null 2>&1 || case " $missing " in *" $pkg "*) ;; *) missing="$missing $pkg" ;; esac
}
need arduino-builder command -v arduino-builder
need arduino-builder test -f $AB/platform.txt
need arduino-ctags command -v arduino-ctags
need arduino-core-avr test -f $HW/arduino/avr/platform.txt
need gcc-avr command -v avr-g++
need binutils-avr command -v avr-size
need avr-libc test -f /usr/lib/avr/include/avr/io.h
need libsimavr-dev test -f /usr/include/simavr/sim_avr.h
need gcc command -v cc
if [ -n "$missing" ]; then
    fail "arduino: tools missing: apt-get install -y --no-install-recommends$missing"
    finish
fi

mkdir -p $B/libraries $B/core-cache

# ---- library.properties ---------------------------------------------------
prop() { sed -n "s/^$1=//p" library.properties; }
v=$(awk '/^#define CORO_VERSION_(MAJOR|MINOR|PATCH) /{printf "%s%s", sep, $3; sep="."}' coro.h)
if [ ! -f library.properties ]; then
    fail "library.properties: missing at the repository's top"
else
    bad=""
    for f in name version author maintainer sentence paragraph category url architectures includes; do
        [ -n "$(prop $f)" ] || bad="$bad $f"
    done
    case "$(prop category)" in
        Display | Communication | "Signal Input/Output" | Sensors | "Device Control" | Timing | \
            "Data Storage" | "Data Processing" | Other) ;;
        *) bad="$bad category($(prop category))" ;;
    esac
    for h in $(prop includes | tr ',' ' '); do [ -f "$h" ] || bad="$bad includes($h)"; done
    if [ -n "$bad" ]; then
        fail "library.properties: fields missing or wrong:$bad"
    elif [ "$(prop version)" != "$v" ]; then
        fail "library.properties: version $(prop version), but coro.h says $v"
    else
        pass "library.properties: the 1.5 fields, version $v as coro.h's CORO_VERSION_*, includes $(prop includes) at the top"
    fi
fi

# The library as the IDE finds it in a sketchbook's libraries/ folder: the
# repository itself (flat layout: library.properties and the headers at the
# top, no src/), through a link.
ln -sfn ../../.. $B/libraries/coro

# ---- the sketches ---------------------------------------------------------
# build NAME DIR: builds DIR/NAME.ino into $B/NAME (log: $B/NAME.log)
build() {
    local name=$1 dir=$2
    rm -rf "${B:?}/$name"
    bash $T/build_sketch.sh $B/libraries "$dir" "$B/$name" $B/core-cache > "$B/$name.log" 2>&1
}
elf() { echo "$B/$1/$1.ino.elf"; }
# the warnings of a build that are not the core's (-Wall -Wextra)
own_warnings() { grep "warning:" "$B/$1.log" | grep -v "^$HW/" | grep -v "^ "; }

check_build() { # check_build NAME DIR WHAT
    local name=$1 dir=$2 what=$3 w
    if ! build "$name" "$dir" || [ ! -f "$(elf "$name")" ]; then
        fail "$name: does not build for an Uno: $(grep -m1 "error" "$B/$name.log") ($B/$name.log)"
        return 1
    fi
    w=$(own_warnings "$name")
    if [ -n "$w" ]; then
        fail "$name: builds for an Uno, with $(echo "$w" | wc -l) warnings of its own (-Wall -Wextra); the first: $(echo "$w" | head -1)"
    else
        pass "$name: builds for an Uno (arduino:avr:uno) without a warning of its own (-Wall -Wextra)$what"
    fi
}

# the library was found where the IDE would find it, in its flat layout:
# arduino-builder says it used it from $B/libraries/coro and put that
# folder (the headers' folder) on the include path
lib_used() {
    grep -q "Using library coro at version $v in folder: .*$B/libraries/coro" "$B/$1.log" &&
        grep -q -- "\"-I[^\"]*$B/libraries/coro\"" "$B/$1.log"
}

check_build BlinkButton examples/BlinkButton ""
check_build TickTasks examples/TickTasks ""
for s in BlinkButton:coro.h TickTasks:gen.h; do
    h=${s#*:} s=${s%%:*}
    [ -f "$(elf "$s")" ] || continue
    if lib_used "$s"; then
        pass "$s: #include <$h> found library coro $v in its flat layout (headers at the top, no src/)"
    else
        fail "$s: arduino-builder did not take library coro $v from $B/libraries/coro, the repository's top ($B/$s.log)"
    fi
done
check_build BlinkButtonPlain $T/baseline/BlinkButtonPlain " (baseline, no library)"
check_build TickTasksPlain $T/baseline/TickTasksPlain " (baseline, no library)"

# ---- the simulator --------------------------------------------------------
if ! cc -std=c99 -O2 -Wall -Wextra -I/usr/include/simavr $T/sim_blink.c -lsimavr -o $B/sim_blink > $B/sim_blink.log 2>&1; then
    fail "sim_blink.c: does not build against libsimavr ($B/sim_blink.log)"
else
    # sim MODE NAME: the harness's own PASS/FAIL lines (6 of them), counted here
    sim() {
        local line n=0
        if [ ! -f "$(elf "$2")" ]; then
            fail "$2: not simulated (not built)"
            return
        fi
        while IFS= read -r line; do
            case $line in
                "PASS "*) pass "${line#PASS }" ;;
                "FAIL "*) fail "${line#FAIL }" ;;
                *) continue ;;
            esac
            n=$((n + 1))
        done < <(timeout 120 $B/sim_blink "$1" "$(elf "$2")" "$2 (simavr)" 2> "$B/$2.sim.err")
        [ $n -ge 6 ] || fail "$2 (simavr): sim_blink gave $n results of 6 ($B/$2.sim.err)"
    }
    sim blink BlinkButton
    sim blink BlinkButtonPlain
    sim ticks TickTasks
    sim ticks TickTasksPlain

    # The harness must notice a sketch that does not debounce: the
    # baseline with DEBOUNCE_MS = 0 takes every bounce as a press.
    mkdir -p $B/src/NoDebounce
    sed 's/DEBOUNCE_MS = 20;/DEBOUNCE_MS = 0;/' $T/baseline/BlinkButtonPlain/BlinkButtonPlain.ino > $B/src/NoDebounce/NoDebounce.ino
    if ! build NoDebounce $B/src/NoDebounce; then
        fail "NoDebounce (BlinkButtonPlain without debouncing): does not build ($B/NoDebounce.log)"
    else
        out=$(timeout 120 $B/sim_blink blink "$(elf NoDebounce)" NoDebounce 2>&1)
        n=$(echo "$out" | grep -c "^FAIL")
        if [ "$n" -ge 2 ] && echo "$out" | grep -q "^FAIL.*glitch" && echo "$out" | grep -q "^FAIL.*after its last bounce"; then
            pass "sim_blink.c fails a sketch without debouncing ($n of its checks FAIL: the glitch, the bouncing press)"
        else
            fail "sim_blink.c did not catch a sketch without debouncing: $(echo "$out" | tr '\n' ' ')"
        fi
    fi
fi

# ---- sizes ----------------------------------------------------------------
# flash = text + data (the initial values of .data are stored in flash too),
# RAM = data + bss (what is left is the stack's), from avr-size.
size_of() { [ -f "$(elf "$1")" ] && avr-size "$(elf "$1")" | awk 'NR == 2 { print $1 + $2, $2 + $3 }'; }
{
    echo "| sketch | flash (text+data) | RAM (data+bss) | baseline | flash | RAM | library's cost |"
    echo "|---|---:|---:|---|---:|---:|---|"
    for pair in BlinkButton:BlinkButtonPlain TickTasks:TickTasksPlain; do
        s=${pair%%:*} p=${pair#*:}
        read -r sf sr <<< "$(size_of "$s")"
        read -r pf pr <<< "$(size_of "$p")"
        if [ -n "${sf:-}" ] && [ -n "${pf:-}" ]; then
            cost="$((sf - pf)) B flash, $((sr - pr)) B RAM"
        else
            cost="n/a"
        fi
        echo "| $s | ${sf:-n/a} | ${sr:-n/a} | $p | ${pf:-n/a} | ${pr:-n/a} | $cost |"
    done
} > $B/sizes.md
echo "sizes for an Uno (bytes; ATmega328P: 32256 of flash for sketches, 2048 of RAM):"
cat $B/sizes.md
finish
