#!/usr/bin/env bash
# test/pkg/readme_install.sh - the README's "Install" section, tried as
# written: each block after a `<!-- install: NAME -->` line runs (shell) or
# goes into a project file (CMake, Meson) unchanged, against the tarball
# `make dist` builds, with HOME set to a scratch directory. Each way builds
# test/pkg/consumer.c as the user's app.c and checks what it prints. One
# PASS/FAIL line per block; exit status 1 if any failed.
# Run from the top: bash test/pkg/readme_install.sh
set -u
cd "$(dirname "$0")/../.."
TOP=$PWD
W=$TOP/build/pkg/readme
rm -rf "$W"; mkdir -p "$W"
. test/pkg/harness.sh

# block NAME: the fenced block after README's `<!-- install: NAME -->` line
block() {
    awk -v want="<!-- install: $1 -->" '
        $0 == want { armed = 1; next }
        armed && /^```/ { if (on) exit; on = 1; next }
        on { print }' README.md
}
for name in copy pkg-config cmake-subdir cmake-fetch cmake-install cmake-find meson arduino platformio; do
    block $name > "$W/$name.block"
    [ -s "$W/$name.block" ] || fail "README.md has no block after <!-- install: $name -->"
done

# what the app prints: the countdown, and the version from coro.h's macros
pp() { printf '#include "coro.h"\n%s\n' "$1" | "$CC" -x c -E -P -I. - | tail -1 | tr -d ' '; }
V=$(pp CORO_VERSION_MAJOR.CORO_VERSION_MINOR.CORO_VERSION_PATCH)
printf 'countdown: 3 2 1 liftoff\ncoro.h %s (CORO_VERSION %s)\n' "$V" "$(( $(pp CORO_VERSION) ))" > "$W/want"

# the tarball, and one unpacked copy per way (each way starts clean)
if ! make -s dist >"$W/dist.log" 2>&1; then
    fail "make dist"; show "$W/dist.log"
    finish; exit 1
fi
T=$TOP/build/coro-$V.tar.gz
unpack() { mkdir -p "$1" && tar -xzf "$T" -C "$1"; }
# run NAME LOG CMD...: the way's app must print what it should
app_ok() { "$@" > "$W/app.out" 2>&1 && cmp -s "$W/app.out" "$W/want"; }
export HOME=$W/home
mkdir -p "$HOME"

# ---- copy: the two cp/cc lines in the unpacked tarball
d=$W/copy; unpack "$d"; R=$d/coro-$V
mkdir -p "$R/your-project" && cp test/pkg/consumer.c "$R/your-project/app.c"
if (cd "$R" && bash -e "$W/copy.block") >"$W/copy.log" 2>&1 && app_ok "$R/app"; then
    pass "README install, copy: $(head -1 "$W/copy.block") then cc; the app prints the countdown and $V"
else
    fail "README install, copy"; show "$W/copy.log"; show "$W/app.out"
fi

# ---- make install PREFIX=$HOME/.local, then pkg-config
d=$W/pc; unpack "$d"; R=$d/coro-$V
cp test/pkg/consumer.c "$R/app.c"
if command -v pkg-config >/dev/null 2>&1; then
    if (cd "$R" && bash -e "$W/pkg-config.block") >"$W/pc.log" 2>&1 && app_ok "$R/app" &&
            [ -f "$HOME/.local/include/gen.h" ]; then
        pass "README install, make install + pkg-config: headers in \$HOME/.local, the app prints the countdown and $V"
    else
        fail "README install, make install + pkg-config"; show "$W/pc.log"
    fi
else
    fail "README install, pkg-config: not installed (apt-get install pkg-config)"
fi
rm -rf "$HOME/.local"

# a CMake project around a block: app.c and the block after project()
cmake_project() { # DIR BLOCK
    mkdir -p "$1" && cp test/pkg/consumer.c "$1/app.c" &&
    { printf 'cmake_minimum_required(VERSION 3.14)\nproject(app C)\nadd_executable(app app.c)\n'
      cat "$2"; } > "$1/CMakeLists.txt"
}
cmake_build() { # DIR LOG [cmake args]: configure, build, run
    local dir=$1 log=$2; shift 2
    cmake -S "$dir" -B "$dir/build" "$@" >"$log" 2>&1 &&
        cmake --build "$dir/build" >>"$log" 2>&1 && app_ok "$dir/build/app"
}
if command -v cmake >/dev/null 2>&1; then
    # ---- add_subdirectory(coro): the unpacked tarball as coro/
    P=$W/cmake-subdir; cmake_project "$P" "$W/cmake-subdir.block"
    mkdir -p "$P/x" && tar -xzf "$T" -C "$P/x" && mv "$P/x/coro-$V" "$P/coro"
    if cmake_build "$P" "$W/cmake-subdir.log"; then
        pass "README install, CMake add_subdirectory(coro) + coro::coro: the app prints the countdown and $V"
    else
        fail "README install, CMake add_subdirectory"; show "$W/cmake-subdir.log"
    fi
    # ---- FetchContent from the tarball beside CMakeLists.txt (offline)
    P=$W/cmake-fetch; cmake_project "$P" "$W/cmake-fetch.block"; cp "$T" "$P/"
    if cmake_build "$P" "$W/cmake-fetch.log"; then
        pass "README install, CMake FetchContent of coro-$V.tar.gz: the app prints the countdown and $V"
    else
        fail "README install, CMake FetchContent"; show "$W/cmake-fetch.log"
    fi
    # ---- cmake --install into $HOME/.local, then find_package
    d=$W/cmake-install; unpack "$d"; mv "$d/coro-$V" "$d/coro"
    P=$W/cmake-find; cmake_project "$P" "$W/cmake-find.block"
    if (cd "$d" && bash -e "$W/cmake-install.block") >"$W/cmake-install.log" 2>&1 &&
            [ -f "$HOME/.local/include/gen.h" ] &&
            cmake_build "$P" "$W/cmake-find.log" -DCMAKE_PREFIX_PATH="$HOME/.local" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON &&
            grep -q -- "-I$HOME/.local/include\|-isystem $HOME/.local/include" "$P/build/compile_commands.json"; then
        pass "README install, cmake --install to \$HOME/.local, then find_package(coro CONFIG): the app uses the installed headers, prints $V"
    else
        fail "README install, cmake --install + find_package"; show "$W/cmake-install.log"; show "$W/cmake-find.log"
    fi
    rm -rf "$HOME/.local"
else
    fail "README install, CMake: cmake is not installed (apt-get install cmake)"
fi

# ---- Meson: the unpacked tarball as subprojects/coro
if command -v meson >/dev/null 2>&1 && command -v ninja >/dev/null 2>&1; then
    P=$W/meson; mkdir -p "$P/subprojects"; cp test/pkg/consumer.c "$P/app.c"
    { printf "project('app', 'c')\n"; cat "$W/meson.block"; } > "$P/meson.build"
    tar -xzf "$T" -C "$P/subprojects" && mv "$P/subprojects/coro-$V" "$P/subprojects/coro"
    if (CC=$CC meson setup "$P/build" "$P" && meson compile -C "$P/build") >"$W/meson.log" 2>&1 &&
            app_ok "$P/build/app"; then
        pass "README install, Meson dependency('coro', fallback: 'coro') with subprojects/coro: the app prints $V"
    else
        fail "README install, Meson"; show "$W/meson.log"
    fi
else
    fail "README install, Meson: meson or ninja is not installed (apt-get install meson ninja-build)"
fi

# ---- Arduino: unpacked into the sketchbook, a library the IDE lists, whose
# sketches build from there (test/arduino/build_sketch.sh: arduino-builder)
d=$HOME/Arduino/libraries
mkdir -p "$d"
if (cd "$(dirname "$T")" && bash -e "$W/arduino.block") >"$W/arduino.log" 2>&1 &&
        L=$d/coro && [ -f "$L/library.properties" ] && [ -f "$L/coro.h" ] &&
        [ -f "$L/examples/BlinkButton/BlinkButton.ino" ]; then
    if bash test/arduino/build_sketch.sh "$d" "$L/examples/BlinkButton" "$W/arduino-build" >>"$W/arduino.log" 2>&1 &&
            [ -f "$W/arduino-build/BlinkButton.ino.elf" ] &&
            grep -q "Using library coro at version $V in folder: $d/coro " "$W/arduino.log"; then
        pass "README install, Arduino: unpacked into ~/Arduino/libraries/coro, the builder takes library coro $V from there, BlinkButton builds for an Uno"
    else
        fail "README install, Arduino: BlinkButton does not build from ~/Arduino/libraries/coro"; show "$W/arduino.log"
    fi
else
    fail "README install, Arduino: the tar line or the library's layout"; show "$W/arduino.log"
fi

# ---- PlatformIO: pio is not in Debian and installs itself from the network,
# so it does not run here. What it reads is checked: the block's file:// URL
# names this release's tarball, whose one top folder holds library.json
# (test/pkg/release.sh checks that manifest against PlatformIO's rules).
if grep -q "^lib_deps = file://.*/coro-$V\.tar\.gz$" "$W/platformio.block" &&
        [ "$(tar -tzf "$T" | cut -d/ -f1 | sort -u)" = "coro-$V" ] &&
        tar -xzOf "$T" "coro-$V/library.json" | $PY -c 'import json, sys; m = json.load(sys.stdin); assert m["name"] == "coro" and m["version"] == sys.argv[1]' "$V"; then
    pass "README install, PlatformIO: lib_deps names coro-$V.tar.gz, one top folder with library.json $V (pio itself not run: not packaged, needs the network)"
else
    fail "README install, PlatformIO: the lib_deps line or the tarball's library.json"
fi

finish
