#!/usr/bin/env bash
# test/arduino/build_sketch.sh LIBRARIES SKETCH_DIR BUILD_DIR [CACHE_DIR]:
# builds SKETCH_DIR/<name>.ino for an Uno as the Arduino IDE would, with
# Debian's arduino-builder and Arduino AVR core, taking libraries from the
# folder LIBRARIES (a sketchbook's libraries/); the image is
# BUILD_DIR/<name>.ino.elf, the builder's verbose log goes to stdout.
# -DDECIMAL_DIG=...: Debian 12's core (1.8.7) and compiler (avr-gcc 5.4) do
# not build together without it: the core's WString.cpp uses DECIMAL_DIG,
# which gcc 5's <float.h> defines for C99 but not for C++11.
set -u
HW=/usr/share/arduino/hardware      # arduino-core-avr: the AVR core, boards.txt
AB=/usr/share/arduino-builder       # arduino-builder: the ctags recipe (prototypes)
libs=$(realpath "$1") sketch=$(realpath "$2") out=$3
mkdir -p "$out" && out=$(realpath "$out")
cache=${4:-$out/core-cache}
mkdir -p "$cache" && cache=$(realpath "$cache")
exec arduino-builder -hardware $AB -hardware $HW -tools $AB -fqbn arduino:avr:uno -warnings all -verbose \
    -build-cache "$cache" -build-path "$out" -libraries "$libs" \
    -prefs=compiler.cpp.extra_flags=-DDECIMAL_DIG=__DECIMAL_DIG__ "$sketch/$(basename "$sketch").ino"
