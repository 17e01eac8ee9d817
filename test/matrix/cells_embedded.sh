# cells_embedded.sh - bare-metal and 8/16-bit cells of the matrix; sourced
# by run.sh (uses its add, note, have, check_result, PARTS, CWARN, ...).

mkdir -p $B/sizes
# avr-gcc 5.4 (Debian 12) has no -Wimplicit-fallthrough
AVRWARN=$(echo $CWARN | sed 's/-Wimplicit-fallthrough//')
part_src() { # the source of a part
    case $1 in t_must_fail) echo $M/t_must_fail.c ;; *) echo test/$1.c ;; esac
}
# part_cfg PART: the configuration macros a part is built with where the
# compiler keeps every static inline function a header defines, used or not
# (sdcc, cc65), so that the part leaves out what it does not test: t_coro
# includes coro.h alone and needs nothing, t_gen and t_gen2 neither the runtime
# nor the combinators, t_tools not the runtime (GEN_NO_ASYNC), the async
# parts everything but the combinators and the waits on descriptors
# (GEN_NO_COMBINATORS GEN_NO_IO; t_io tests those waits), t_pt the small
# loop alone (GEN_PT_ONLY: no generator protocol either); every part but t_pt leaves
# the small loop out (GEN_NO_PT). Elsewhere no
# part needs one (gcc drops what is not called).
part_cfg() {
    case $1 in
        t_gen|t_gen2|t_forms|t_try) echo "-DGEN_NO_ASYNC -DGEN_NO_PT -DGEN_NO_COMBINATORS" ;;
        t_tools) echo "-DGEN_NO_ASYNC -DGEN_NO_PT" ;;
        t_async*|t_edges|t_try2) echo "-DGEN_NO_COMBINATORS -DGEN_NO_IO -DGEN_NO_PT" ;;
        t_timed|t_io) echo "-DGEN_NO_COMBINATORS -DGEN_NO_PT" ;;
        t_pt) echo "-DGEN_PT_ONLY" ;;
    esac
}
cfg_note() { # cfg_note FLAGS...: say the configuration, if any
    local c
    c=$(echo "$*" | xargs)
    [ -z "$c" ] || note "config: $c"
}
# berkeley size line of an ELF: "text=.. data=.. bss=.."
elf_size() { "$1" "$2" | awk 'NR==2{printf "text=%s data=%s bss=%s", $1, $2, $3}'; }

# sdcc helpers (used by the size cells and the sdcc cells). sdcc compiles
# every static inline function of gen.h in every file: slow, so each sdcc
# run is limited to MATRIX_SDCC_TIMEOUT seconds (a cell over it FAILS).
SDCC_TIMEOUT=${MATRIX_SDCC_TIMEOUT:-90}
# (coro.h's functions are plain static under sdcc, which inlines every call
# of a static inline function: 241 KB of code for t_gen on the 8051, 76 KB
# without, and compiles 5-10 times slower.)
SDCC_CFG=""
# 8051: --noinvariant. sdcc's loop-invariant code motion keeps each hoisted
# address as a 3-byte generic pointer in the frame (gen_loop_run's frame:
# 25 bytes with it, 7 without), on a stack of 223 bytes at most; t_async's
# deepest await chain needs 192 bytes without it and overflows with it.
# Code size is the same either way (size cells).
sdcc_flags() {
    case $1 in
        mcs51) echo "-mmcs51 --model-large --stack-auto --noinvariant --std-c99" ;;
        z80) echo "-mz80 --std-c99" ;;
        stm8) echo "-mstm8 --std-c99" ;;
    esac
}
# sdcc_ram_cfg PORT PART: STM8's data must stay below uCsim's byte at 0x1000:
# 40 timers in its churn test, not 45 (45 reach 0x1012); Z80's code below
# 0x7fff: coro.h's trap messages left out of the parts that do not read
# them (t_async, t_async5 and t_gen ran 150-220 bytes past it with them)
sdcc_ram_cfg() {
    case $1:$2 in
        stm8:t_async3) echo "-DUNIT_NSLEEP=40" ;;
        z80:t_coro|z80:t_pt) ;;
        z80:*) echo "-DUNIT_TRAP_NO_TEXT" ;;
    esac
}
sdcc_sim() {
    case $1 in
        mcs51) echo "s51 -I if=xram[0xffff]" ;;
        z80) echo "sz80 -I if=rom[0x7fff]" ;;
        stm8) echo "sstm8 -I if=rom[0x1000]" ;;
    esac
}
# code bytes of .rel files: the sum of their code and constant areas
HEXFN='function hex(s,  i, n) { n = 0; s = toupper(s); for (i = 1; i <= length(s); i++) n = n * 16 + index("0123456789ABCDEF", substr(s, i, 1)) - 1; return n }'
rel_code() {
    cat "$@" | awk "$HEXFN"'
        /^A (CSEG|CONST|_CODE|CODE|_RODATA|RODATA|INITIALIZER|_INITIALIZER|HOME|GSINIT|GSFINAL|_HOME|_GSINIT|_GSFINAL) size/ {
        s += hex($4) } END { print s + 0 }'
}
ihx_bytes() { # data bytes in an Intel hex file
    awk "$HEXFN"' /^:/ && substr($0, 8, 2) == "00" { s += hex(substr($0, 2, 2)) } END { print s + 0 }' "$1"
}
ihx_end() { # one past the highest address an Intel hex file writes (64 KiB images)
    awk "$HEXFN"' /^:/ && substr($0, 8, 2) == "00" { e = hex(substr($0, 4, 4)) + hex(substr($0, 2, 2)); if (e > m) m = e } END { print m + 0 }' "$1"
}
map_data_end() { # one past the end of the DATA area in an sdcc linker map
    awk "$HEXFN"' $1 == "DATA" && $2 ~ /^[0-9A-F]+$/ && $3 ~ /^[0-9A-F]+$/ { e = hex($2) + hex($3); if (e > m) m = e } END { print m + 0 }' "$1"
}

# ---- code size: a reference generator next to a hand-written state machine --
SZ=$M/size
# the two do the same job: checked on the host
size_check() {
    local be=$1 impl
    have gcc || return 1
    printf '#include <stdio.h>\nvoid unit_out(const char *s);\nvoid unit_out(const char *s) { fputs(s, stdout); }\nvoid ref_print(int n);\nint main(void);\nint main(void) { ref_print(30); return 0; }\n' > "$D/m.c"
    for impl in gen coro sm; do
        gcc -std=c99 -O2 $CWARN -DCORO_BACKEND_$be -I. -Itest -I$SZ $SZ/ref_$impl.c $SZ/ref_main.c \
            test/unit.c "$D/m.c" -o "$D/$impl" >> "$D/build.log" 2>&1 || { note "build failed ($impl)"; cat "$D/build.log"; return 1; }
        "$D/$impl" > "$D/$impl.out"
    done
    cmp -s "$D/gen.out" "$D/sm.out" || { note "gen/sm outputs differ"; diff "$D/gen.out" "$D/sm.out"; return 1; }
    cmp -s "$D/coro.out" "$D/sm.out" || { note "coro/sm outputs differ"; diff "$D/coro.out" "$D/sm.out"; return 1; }
    note "ref_gen.c, ref_coro.c and ref_sm.c yield the same 30 numbers"
}
for be in SWITCH GOTO; do
    add "size host" gcc "$HOST" $be "ref_gen = ref_sm" size_check $be
done
# size_obj TOOLCHAIN-KIND BACKEND: object code size of both, -Os -DNDEBUG.
# ref_coro.c includes coro.h alone; under sdcc ref_gen.c is built
# without the runtime and the combinators, which it does not use.
SDCC_REF_CFG="-DGEN_NO_ASYNC -DGEN_NO_PT -DGEN_NO_COMBINATORS"
size_obj() {
    local kind=$1 be=$2 impl s ok=0
    local size_gen="-" size_coro="-" size_sm="-"
    for impl in gen coro sm; do
        s=""
        case $kind in
            m0)
                have arm-none-eabi-gcc || return 1
                arm-none-eabi-gcc -mcpu=cortex-m0 -mthumb -Os -DNDEBUG -std=c99 $CWARN -DCORO_BACKEND_$be \
                    -I. -I$SZ -c $SZ/ref_$impl.c -o "$D/$impl.o" >> "$D/build.log" 2>&1 &&
                s=$(arm-none-eabi-size "$D/$impl.o" | awk 'NR==2{print $1 + $2}') ;;
            avr)
                have avr-gcc || return 1
                avr-gcc -mmcu=atmega328p -Os -DNDEBUG -std=c99 $AVRWARN -DCORO_BACKEND_$be \
                    -I. -I$SZ -c $SZ/ref_$impl.c -o "$D/$impl.o" >> "$D/build.log" 2>&1 &&
                s=$(avr-size "$D/$impl.o" | awk 'NR==2{print $1 + $2}') ;;
            mcs51|z80|stm8)
                have sdcc || return 1
                # shellcheck disable=SC2046
                timeout $SDCC_TIMEOUT sdcc $(sdcc_flags $kind) $SDCC_CFG $SDCC_REF_CFG --max-allocs-per-node 200 --nogcse --opt-code-size -DNDEBUG -I. -I$SZ -c $SZ/ref_$impl.c -o "$D/" >> "$D/build.log" 2>&1 &&
                s=$(rel_code "$D/ref_$impl.rel") ;;
        esac
        if [ -n "$s" ]; then eval "size_$impl=\$s"; else ok=1; note "ref_$impl.c: build failed (or over ${SDCC_TIMEOUT}s)"; fi
    done
    note "generator (gen.h) ${size_gen} B, generator (coro.h) ${size_coro} B, state machine ${size_sm} B (code+constants, -Os -DNDEBUG)"
    printf '%s|%s|%s|%s|%s\n' "$kind" "$be" "$size_gen" "$size_coro" "$size_sm" > "$ROOT/$B/sizes/$kind-$be"
    [ $ok = 0 ] || grep -v "warning" "$D/build.log" | grep -i "error" | head -10
    return $ok
}
for be in SWITCH GOTO; do
    add "size cortex-m0" arm-gcc "cortex-m0" $be "size: gen vs hand SM" size_obj m0 $be
    add "size avr" avr-gcc "atmega328p" $be "size: gen vs hand SM" size_obj avr $be
done
add "size sdcc mcs51 8bit" sdcc "8051" SWITCH "size: gen vs hand SM" size_obj mcs51 SWITCH
add "size sdcc z80 8bit" sdcc "z80" SWITCH "size: gen vs hand SM" size_obj z80 SWITCH
add "size sdcc stm8 8bit" sdcc "stm8" SWITCH "size: gen vs hand SM" size_obj stm8 SWITCH

# ---- Cortex-M under qemu-system-arm, ARM semihosting ------------------------
CM=$M/cortexm
# cortexm CPU MACHINE LDSCRIPT LIBC PART BACKEND
#   LIBC: newlib (newlib-nano + rdimon, stdio) or none (-nostdlib -ffreestanding)
cortexm() {
    local cpu=$1 mach=$2 ld=$3 libc=$4 part=$5 be=$6
    have arm-none-eabi-gcc qemu-system-arm || return 1
    local main libflags
    if [ $libc = newlib ]; then
        main=$M/main_hosted.c
        libflags="-DMATRIX_NEWLIB --specs=nano.specs --specs=rdimon.specs -nostartfiles"
    else
        main=$CM/main_nolibc.c
        libflags="-ffreestanding -nostdlib -fno-tree-loop-distribute-patterns"
    fi
    # shellcheck disable=SC2046,SC2086
    arm-none-eabi-gcc -mcpu=$cpu -mthumb -Os -std=c99 $CWARN -DCORO_BACKEND_$be \
        -ffunction-sections -fdata-sections -Wl,--gc-sections $libflags \
        -L$CM -T$CM/$ld -I. -Itest -I$M $(part_def $part) \
        $CM/startup.c $main $(sources_for $part) -lgcc -o "$D/t.elf" > "$D/build.log" 2>&1 ||
        { note "build failed"; cat "$D/build.log"; return 1; }
    note "$(elf_size arm-none-eabi-size "$D/t.elf")"
    local st=0
    timeout 120 qemu-system-arm -M $mach -nographic -monitor none -serial none \
        -semihosting-config enable=on,target=native -kernel "$D/t.elf" > "$D/out" 2>&1 || st=$?
    cat "$D/out"
    [ $libc = newlib ] || { grep -a "^stack: " "$D/out" | sed 's/ between.*//' | while read -r l; do note "$l"; done; }
    # main_nolibc.c adds a test: the stack did not reach .bss
    local extra=1
    [ $libc != newlib ] || extra=0
    EXTRA_TESTS=$extra check_result "$D/out" $part $st
}
# the micro:bit has 16 KB of RAM: the whole suite's static frames leave too
# little stack, so it runs one part per build (the LM3S6965 has 64 KB)
for p in $PARTS; do
    for be in SWITCH GOTO; do
        add "cortex-m0 microbit bare-metal newlib $p" arm-gcc "cortex-m0 (microbit)" $be "-Os newlib part $p" \
            cortexm cortex-m0 microbit m0.ld newlib $p $be
    done
done
for be in SWITCH GOTO; do
    add "cortex-m3 lm3s6965 bare-metal newlib" arm-gcc "cortex-m3 (lm3s6965)" $be "-Os newlib semihost" \
        cortexm cortex-m3 lm3s6965evb m3.ld newlib all $be
done
for p in $PARTS; do
    for be in SWITCH GOTO; do
        add "cortex-m0 microbit bare-metal nolibc $p" arm-gcc "cortex-m0 (microbit)" $be "-nostdlib part $p" \
            cortexm cortex-m0 microbit m0.ld none $p $be
    done
done
add "cortex-m3 lm3s6965 bare-metal mustfail" arm-gcc "cortex-m3 (lm3s6965)" GOTO "deliberately failing" \
    cortexm cortex-m3 lm3s6965evb m3.ld none t_must_fail GOTO

# ---- AVR ATmega328P under simavr ---------------------------------------------
# 2 KB of RAM: one part per build, and the checks' strings kept in flash
# (avr/progmem_checks.h). simavr always exits 0: the result line decides.
# avr_ram_cfg PART: the async parts' (and t_edges', t_timed's, t_io's; t_gen's strings) RAM savings: CHECK_STR's expected
# strings in flash, a 128-byte event log (the longest a check compares is
# 99), 10 timers in the churn test (45 take 3.3 KB)
avr_ram_cfg() {
    case $1 in
        t_async*|t_edges|t_timed|t_io|t_try2|t_pt) echo "-DMATRIX_CHECK_STR_P -DUNIT_LOG_SIZE=128 -DUNIT_NSLEEP=10" ;;
        t_gen) echo "-DMATRIX_CHECK_STR_P" ;; # gen.h's messages grew: its stack met .bss
    esac
}
avr() {
    local part=$1 be=$2
    have avr-gcc simavr || return 1
    printf '#define MATRIX_FILE "%s"\n#include "unit.h"\n#include "avr/progmem_checks.h"\n#include "%s"\n' \
        "$(part_src $part)" "$ROOT/$(part_src $part)" > "$D/part.c"
    # shellcheck disable=SC2086
    if ! avr-gcc -mmcu=atmega328p -Os -std=c99 $AVRWARN -DCORO_BACKEND_$be \
        -I. -Itest -I$M -DMATRIX_PART=$part $(avr_ram_cfg $part) $M/avr/main_avr.c $M/avr/progmem_checks.c \
        test/unit.c "$D/part.c" -o "$D/t.elf" > "$D/build.log" 2>&1; then
        if grep -q "overflowed\|not within region\|will not fit" "$D/build.log"; then
            note "does not fit in 32 KB flash / 2 KB RAM:" \
                "$(grep -o "region .* overflowed by [0-9]* bytes\|section .\.[a-z]*. is not within region .data." "$D/build.log" | sort -u | tr '\n' ';')"
        else
            note "build failed"
        fi
        cat "$D/build.log"; return 1
    fi
    cfg_note "$(avr_ram_cfg $part)"
    note "$(elf_size avr-size "$D/t.elf")"
    local st=0
    timeout 300 simavr -m atmega328p -f 16000000 "$D/t.elf" > "$D/out" 2>&1 || st=$?
    sed 's/\x1b\[[0-9;]*m//g' "$D/out"
    [ $st = 0 ] || { note "simavr exit $st"; return 1; }
    sed 's/\x1b\[[0-9;]*m//g' "$D/out" | grep -a "^stack: " | sed 's/ between.*//' | while read -r l; do note "$l"; done
    # main_avr.c adds a test: the stack did not reach .bss
    EXTRA_TESTS=1 check_result "$D/out" $part
}
for p in $PARTS; do
    for be in SWITCH GOTO; do
        add "avr atmega328p simavr $p" avr-gcc "atmega328p (simavr)" $be "-Os part $p" avr $p $be
    done
done
add "avr atmega328p simavr mustfail" avr-gcc "atmega328p (simavr)" GOTO "deliberately failing" avr t_must_fail GOTO

# ---- the driver examples (coro.h alone) on the Cortex-M0 and the AVR ---------
# examples/uart_lines.c and examples/i2c_regs.c as they are, -Os -DNDEBUG, run
# on the emulator; a cell passes if the output is byte for byte
# test/expected/NAME.txt (what the host and Python print). The examples print
# with printf: the Cortex-M0 image links newlib-nano's (over semihosting,
# startup.c with MATRIX_NEWLIB); the AVR one avr-libc's printf_P over USART0
# (examples/avr_stdio.h, force-included, keeps the formats in flash and
# renames main; examples/avr_main.c calls it). Each cell's line gives the
# image's text/data/bss (libc's printf included, most of it on the
# Cortex-M0) and the example's own object's (its driver, test double and
# harness with their strings; no libc), and on the AVR how much stack it used.
DRIVER_EXAMPLES="uart_lines i2c_regs"
EX=$M/examples
# example_check NAME OUT: OUT is test/expected/NAME.txt, byte for byte (else
# the diff is the log's head, which the cell's FAIL line shows)
example_check() {
    if cmp -s "$2" "test/expected/$1.txt"; then
        note "output = test/expected/$1.txt"
    else
        note "output differs from test/expected/$1.txt"; diff "$2" "test/expected/$1.txt" | head -20; return 1
    fi
}
example_m0() {
    local ex=$1 be=$2
    have arm-none-eabi-gcc qemu-system-arm || return 1
    # shellcheck disable=SC2086
    { arm-none-eabi-gcc -mcpu=cortex-m0 -mthumb -Os -DNDEBUG -std=c99 $CWARN -DCORO_BACKEND_$be \
        -ffunction-sections -fdata-sections -I. -c examples/$ex.c -o "$D/$ex.o" &&
      arm-none-eabi-gcc -mcpu=cortex-m0 -mthumb -Os -std=c99 -DMATRIX_NEWLIB --specs=nano.specs \
        --specs=rdimon.specs -nostartfiles -ffunction-sections -fdata-sections -Wl,--gc-sections \
        -L$CM -T$CM/m0.ld -Itest $CM/startup.c "$D/$ex.o" -lgcc -o "$D/t.elf"; } > "$D/build.log" 2>&1 ||
        { note "build failed"; cat "$D/build.log"; return 1; }
    note "image $(elf_size arm-none-eabi-size "$D/t.elf"), $ex.o $(elf_size arm-none-eabi-size "$D/$ex.o")"
    local st=0
    timeout 120 qemu-system-arm -M microbit -nographic -monitor none -serial none \
        -semihosting-config enable=on,target=native -kernel "$D/t.elf" > "$D/out" 2>&1 || st=$?
    [ $st = 0 ] || { note "qemu exit $st"; tail -12 "$D/out"; return 1; }
    example_check $ex "$D/out"
}
example_avr() {
    local ex=$1 be=$2
    have avr-gcc simavr || return 1
    # shellcheck disable=SC2086
    { avr-gcc -mmcu=atmega328p -Os -DNDEBUG -std=c99 $AVRWARN -DCORO_BACKEND_$be -I. \
        -include $EX/avr_stdio.h -c examples/$ex.c -o "$D/$ex.o" &&
      avr-gcc -mmcu=atmega328p -Os -std=c99 $AVRWARN -c $EX/avr_main.c -o "$D/avr_main.o" &&
      avr-gcc -mmcu=atmega328p "$D/avr_main.o" "$D/$ex.o" -o "$D/t.elf"; } > "$D/build.log" 2>&1 ||
        { note "build failed"; cat "$D/build.log"; return 1; }
    note "image $(elf_size avr-size "$D/t.elf"), $ex.o $(elf_size avr-size "$D/$ex.o")"
    # simavr writes each line the USART sent to stderr, green, its newline
    # shown as a '.' before the real one
    timeout 120 simavr -m atmega328p -f 16000000 "$D/t.elf" > "$D/sim.out" 2> "$D/sim.err"
    sed -n 's/^\(\x1b\[0m\)\{0,1\}\x1b\[32m\(.*\)\.$/\2/p' "$D/sim.err" > "$D/usart"
    grep -a "^stack: " "$D/usart" | sed 's/ between.*//' | while read -r l; do note "$l"; done
    grep -av "^stack: " "$D/usart" > "$D/out"
    example_check $ex "$D/out"
}
for ex in $DRIVER_EXAMPLES; do  # not n: run.sh counts cells in n
    for be in SWITCH GOTO; do
        add "examples driver $ex cortex-m0 microbit bare-metal newlib" arm-gcc "cortex-m0 (microbit)" $be \
            "-Os example $ex" example_m0 $ex $be
        add "examples driver $ex avr atmega328p simavr" avr-gcc "atmega328p (simavr)" $be \
            "-Os example $ex" example_avr $ex $be
    done
done

# ---- sdcc on uCsim: 8051 (large model), Z80, STM8 ----------------------------
# Builds one part each (these cores address 64 KB). uCsim always exits 0.
sdcc_cell() {
    local port=$1 part=$2 flags sim f
    flags=$(sdcc_flags $port)
    sim=$(sdcc_sim $port)
    have sdcc ${sim%% *} || return 1
    cfg_note "$SDCC_CFG $(part_cfg $part) $(sdcc_ram_cfg $port $part)"
    # --max-allocs-per-node 200 --nogcse: the parts compile 3-5 times faster
    for f in $M/sdcc/main_ucsim.c test/unit.c $(part_src $part); do
        # shellcheck disable=SC2086
        local st=0
        timeout $SDCC_TIMEOUT sdcc $flags $SDCC_CFG $(part_cfg $part) $(sdcc_ram_cfg $port $part) --max-allocs-per-node 200 --nogcse -I. -Itest -I$M -DMATRIX_PART=$part -c "$f" -o "$D/" >> "$D/build.log" 2>&1 || st=$?
        if [ $st = 124 ]; then note "sdcc took over ${SDCC_TIMEOUT}s on $f (MATRIX_SDCC_TIMEOUT)"; return 1; fi
        [ $st = 0 ] || { note "build failed ($f)"; grep -v "warning" "$D/build.log" | head -20; return 1; }
    done
    local rels
    rels="$D/main_ucsim.rel $D/unit.rel $D/$(basename "$(part_src $part)" .c).rel"
    # shellcheck disable=SC2086
    if ! sdcc $flags $rels -o "$D/t.ihx" >> "$D/build.log" 2>&1 || [ ! -s "$D/t.ihx" ]; then
        if grep -q "Insufficient\|Could not get" "$D/build.log"; then
            note "does not fit: $(rel_code $rels) bytes of code and constants for a 64 KiB address space"
        else
            note "link failed"
        fi
        grep -v "warning\|^$" "$D/build.log" | tail -20
        return 1
    fi
    local img room end
    img=$(ihx_bytes "$D/t.ihx")
    note "image=${img}B"
    # the linker does not catch these: Z80 code ends below uCsim's byte at
    # 0x7fff (data from 0x8000), STM8 flash is 0x8000-0xffff and its data
    # must end below uCsim's byte at 0x1000
    case $port in z80|stm8) room=32767 ;; *) room=65536 ;; esac
    if [ "$img" -gt $room ]; then
        note "does not fit: the image is larger than the $room bytes of code space"
        return 1
    fi
    case $port in
        z80) end=$(ihx_end "$D/t.ihx"); [ "$end" -le 32767 ] ||
            { note "does not fit: its code runs to $(printf 0x%x "$end"), past uCsim's interface byte at 0x7fff"; return 1; } ;;
        stm8) end=$(map_data_end "$D/t.map"); [ "$end" -le 4096 ] ||
            { note "does not fit: its data runs to $(printf 0x%x "$end"), past uCsim's interface byte at 0x1000"; return 1; } ;;
    esac
    # run, then quit: uCsim then says why the program stopped
    # shellcheck disable=SC2086
    local st=0
    printf 'run\nquit\n' | timeout 300 $sim "$D/t.ihx" > "$D/out" 2>&1 || st=$?
    cat "$D/out"
    grep -a "^internal stack: " "$D/out" | while read -r l; do note "$l"; done
    if ! grep -aqE '[0-9]+ passed, [0-9]+ failed' "$D/out"; then
        local why last
        [ $st != 124 ] || note "uCsim ran 300 s"
        why=$(grep -a -m1 'Stack overflow\|Erroneous\|Invalid\|Illegal' "$D/out")
        last=$(grep -a '^ok \|^FAIL ' "$D/out" | tail -1)
        note "stopped by uCsim${why:+: $why}${last:+, after \"$last\"}"
        case $port in
            mcs51) note "the 8051's stack is in its internal RAM" \
                "($(sed -n 's/.*with \([0-9]*\) bytes available.*/\1/p' "$D/t.mem" | head -1) bytes here; --stack-auto puts" \
                "locals and arguments there) and wraps to address 0 unnoticed when it overflows: likely here" ;;
        esac
    fi
    # the 8051's main adds a test: the internal stack did not overflow
    local extra=0
    [ $port != mcs51 ] || extra=1
    EXTRA_TESTS=$extra check_result "$D/out" $part
}
for port in mcs51 z80 stm8; do
    case $port in mcs51) tgt="8051 (s51)" ;; z80) tgt="z80 (sz80)" ;; stm8) tgt="stm8 (sstm8)" ;; esac
    std="-std-c99"
    [ $port = mcs51 ] && std="--model-large"
    for p in $PARTS; do
        add "sdcc $port 8bit $p" sdcc "$tgt" SWITCH "$std part $p" sdcc_cell $port $p
    done
    add "sdcc $port 8bit mustfail" sdcc "$tgt" SWITCH "deliberately failing" sdcc_cell $port t_must_fail
done

# ---- cc65 on sim65 (6502) ---------------------------------------------------
# what cc65 2.19 cannot compile, by its messages
cc65_why() {
    grep -q "Structs of this size" "$1" &&
        note "cc65: no ?: on a struct value other than 1, 2 or 4 bytes (coro.h GEN__PORT's NAME__out, for gen_await_t and NAME_item ports)"
    grep -q "__LINE__'" "$1" &&
        note "cc65: __LINE__ not expanded in a macro argument pasted with ## (GEN_FOR's CORO__CAT(gen__it, __LINE__))"
    grep -q "Duplicate case label" "$1" &&
        note "cc65: no __COUNTER__, and the tests put two suspension points on one line"
    grep -q "Constant expression expected" "$1" &&
        note "cc65: a local array initialised with addresses of locals (C99)"
    grep -q "Too many local variables" "$1" &&
        note "cc65: a function's locals over 256 bytes"
    return 0
}
cc65_cell() {
    local part=$1
    have cl65 sim65 || return 1
    # shellcheck disable=SC2046
    cfg_note "$(part_cfg $part)"
    # cl65 writes its .s and .o beside each source: build copies in the
    # cell's own directory, or cells running at once overwrite each other's
    cp $M/cc65/main_sim65.c test/unit.c $(part_src $part) "$D/"
    cl65 -t sim6502 --standard c99 -O -I. -Itest -I$M -I$M/cc65 -DMATRIX_PART=$part $(part_cfg $part) \
        "$D/main_sim65.c" "$D/unit.c" "$D/$(basename "$(part_src $part)")" -o "$D/t" > "$D/build.log" 2>&1 ||
        { note "build failed"; cc65_why "$D/build.log"; grep -v Warning "$D/build.log" | head -20; return 1; }
    note "image=$(stat -c %s "$D/t")B"
    local st=0
    timeout 300 sim65 "$D/t" > "$D/out" 2>&1 || st=$?
    cat "$D/out"
    check_result "$D/out" $part $st
}
for p in $PARTS; do
    add "cc65 6502 sim65 8bit $p" cc65 "6502 (sim65)" SWITCH "--standard c99 part $p" cc65_cell $p
done
add "cc65 6502 sim65 8bit mustfail" cc65 "6502 (sim65)" SWITCH "deliberately failing" cc65_cell t_must_fail

