#!/usr/bin/env bash
# build_systems.sh: coro.h and gen.h through every build system the project
# ships files for, for real: CMake (add_subdirectory, FetchContent from a local
# path and from a file:// tarball, cmake --install + find_package, the version
# file), Meson (installed, and as a subproject) and pkg-config (after
# make install, cmake --install and meson install).
#
#   bash test/pkg/build_systems.sh        from the repository top
#
# Each check builds test/pkg/consumer.c and compares what it prints with text
# worked out here: the countdown written below, the version from coro.h's
# macros through the preprocessor. One "PASS <what>" or "FAIL <what>" line per
# check (a FAIL is followed by the head of its log), then
# "build_systems: N passed, N failed"; the exit status is 1 if any failed.
# Everything is written under build/pkg/build_systems/ (logs in its logs/),
# which each run starts afresh; offline.
# CC is used if set, and CMAKE_GENERATOR (else Ninja if there, else make).
set -u
cd "$(dirname "$0")/../.." || exit 2
top=$PWD
out=$top/build/pkg/build_systems   # its own directory: other scripts use build/pkg/ too
logs=$out/logs
CC=${CC:-cc}
export CC
unset DESTDIR MAKEFLAGS CMAKE_PREFIX_PATH PKG_CONFIG_SYSROOT_DIR

t_start=$(date +%s)
rm -rf "$out"
mkdir -p "$logs"
# every file outside build/ and .git, ignored ones included
source_files() {
    find "$top" \( -path "$top/build" -o -path "$top/.git" \) -prune -o ! -type d -print |
        LC_ALL=C sort
}
source_files >"$logs/source_before.txt"

passed=0
failed=0
pass() { echo "PASS $1"; passed=$((passed + 1)); }
# fail WHAT [LOG]: the FAIL line, then the head of LOG, indented
fail() {
    echo "FAIL $1"
    if [ -n "${2:-}" ] && [ -f "$2" ]; then
        head -n 30 "$2" | sed 's/^/    /'
        echo "    (whole log: ${2#"$top"/})"
    fi
    failed=$((failed + 1))
}
# run LOG CMD...: CMD's output appended to LOG, after the command line
run() {
    local log=$1
    shift
    printf '$ %s\n' "$*" >>"$log"
    "$@" >>"$log" 2>&1
}
# same LOG EXPECTED ACTUAL: equal, or both written into LOG
same() {
    [ "$2" = "$3" ] && return 0
    printf -- '--- expected:\n%s\n--- got:\n%s\n' "$2" "$3" >>"$1"
    return 1
}

# ---- what every consumer must print, worked out independently -------------
vlog=$logs/version.log
v=$(printf '#include "coro.h"\ncoro_version: CORO_VERSION_MAJOR CORO_VERSION_MINOR CORO_VERSION_PATCH\ncoro_number: CORO_VERSION\n' |
    "$CC" -E -P -I"$top" -x c - 2>"$vlog")
read -r maj min pat <<<"$(printf '%s\n' "$v" | sed -n 's/^coro_version: *//p')"
num_expr=$(printf '%s\n' "$v" | sed -n 's/^coro_number: *//p')
case "$maj.$min.$pat" in
[0-9]*.[0-9]*.[0-9]*) ;;
*)
    printf '%s\n' "$v" | tail -n 5 >>"$vlog"
    fail "the version from coro.h's CORO_VERSION_* macros ($CC -E)" "$vlog"
    echo "build_systems: $passed passed, $failed failed"
    exit 1
    ;;
esac
ver=$maj.$min.$pat
num=$((num_expr))
expect="countdown: 3 2 1 liftoff
coro.h $ver (CORO_VERSION $num)"
expect_pkg="$expect
package $ver"

# run_consumer LOG EXE EXPECTED: EXE runs and prints EXPECTED
run_consumer() {
    local got
    [ -x "$2" ] || { echo "no program $2" >>"$1"; return 1; }
    got=$("$2" 2>>"$1") || { echo "$2 exited $?" >>"$1"; return 1; }
    same "$1" "$3" "$got"
}

# ---- tools -------------------------------------------------------------------
have_cmake=1 have_meson=1 have_pc=1
command -v cmake >/dev/null 2>&1 || {
    have_cmake=0
    fail "cmake is not installed (Debian package: cmake); the CMake checks did not run"
}
if ! command -v meson >/dev/null 2>&1; then
    have_meson=0
    fail "meson is not installed (Debian packages: meson ninja-build); the Meson checks did not run"
elif ! command -v ninja >/dev/null 2>&1; then
    have_meson=0
    fail "ninja is not installed (Debian package: ninja-build), which meson needs; the Meson checks did not run"
fi
command -v pkg-config >/dev/null 2>&1 || {
    have_pc=0
    fail "pkg-config is not installed (Debian package: pkg-config); the pkg-config checks did not run"
}
# CMake's generator: CMAKE_GENERATOR if set, else Ninja if there, else make
if [ -n "${CMAKE_GENERATOR:-}" ]; then
    gen=$CMAKE_GENERATOR
elif command -v ninja >/dev/null 2>&1; then
    gen=Ninja
else
    gen="Unix Makefiles"
fi
unset CMAKE_GENERATOR

# cmake_consumer NAME LOG [ARGS...]: configure test/pkg/NAME into $out/NAME, build
cmake_consumer() {
    local name=$1 log=$2
    shift 2
    run "$log" cmake -S "$top/test/pkg/$name" -B "$out/$name" -G "$gen" -Werror=dev \
        -DCMAKE_EXPORT_COMPILE_COMMANDS=ON "$@" &&
        run "$log" cmake --build "$out/$name"
}

# pc PCDIR ARGS...: pkg-config reading coro.pc in PCDIR and nowhere else,
# its output's words joined by single spaces
pc() {
    local dir=$1 o
    shift
    o=$(PKG_CONFIG_PATH=$dir PKG_CONFIG_LIBDIR=$dir pkg-config "$@") || return 1
    # shellcheck disable=SC2086 # the words, rejoined
    echo $o
}

# pc_consumer LOG PCDIR EXE: coro.pc in PCDIR (and nothing else) describes
# coro; consumer.c built with its --cflags, --modversion passed in
pc_consumer() {
    local log=$1 pcdir=$2 exe=$3 cflags modver
    cflags=$(pc "$pcdir" --cflags coro 2>>"$log") || return 1
    modver=$(pc "$pcdir" --modversion coro 2>>"$log") || return 1
    echo "cflags: $cflags; modversion: $modver" >>"$log"
    # shellcheck disable=SC2086 # the flags are words
    run "$log" "$CC" -std=c99 $cflags "-DCONSUMER_PKG_VERSION=\"$modver\"" \
        "$top/test/pkg/consumer.c" -o "$exe" &&
        run_consumer "$log" "$exe" "$expect_pkg"
}

# pc_check KEY ROUTE PREFIX: the coro.pc that ROUTE installed under PREFIX
# names PREFIX/include, and the consumer builds through it
pc_check() {
    local log=$logs/pc_$1.log
    what="pkg-config after $2: --cflags is -I PREFIX/include, --modversion $ver, consumer builds and prints the countdown and $ver"
    if same "$log" "-I$3/include" "$(pc "$3/lib/pkgconfig" --cflags coro)" &&
        pc_consumer "$log" "$3/lib/pkgconfig" "$out/pc_$1_consumer"; then
        pass "$what"
    else
        fail "$what" "$log"
    fi
}

# files under DIR, one relative path a line, sorted
tree_of() { (cd "$1" && find . -type f | sed 's,^\./,,' | LC_ALL=C sort); }

if [ "$have_cmake" = 1 ]; then
    cprefix=$out/cmake-prefix

    # -- the repository as the top-level project: nothing to compile
    log=$logs/cmake_top.log
    what="cmake top-level: configures with version $ver (read from coro.h), builds nothing"
    if run "$log" cmake -S "$top" -B "$out/cmake-top" -G "$gen" -Werror=dev -DCMAKE_INSTALL_PREFIX="$cprefix" &&
        run "$log" cmake --build "$out/cmake-top" &&
        same "$log" "CMAKE_PROJECT_VERSION:STATIC=$ver" \
            "$(grep '^CMAKE_PROJECT_VERSION:' "$out/cmake-top/CMakeCache.txt")" &&
        ! grep -E 'Building|Linking' "$log" >"$log.hits"; then
        pass "$what"
    else
        fail "$what" "$log"
    fi

    # -- cmake --install: exactly these files, the headers unchanged
    log=$logs/cmake_install.log
    what="cmake --install layout: include/coro.h include/gen.h lib/cmake/coro/{coroConfig,coroConfigVersion,coroTargets}.cmake lib/pkgconfig/coro.pc, nothing else"
    layout="include/coro.h
include/gen.h
lib/cmake/coro/coroConfig.cmake
lib/cmake/coro/coroConfigVersion.cmake
lib/cmake/coro/coroTargets.cmake
lib/pkgconfig/coro.pc"
    if run "$log" cmake --install "$out/cmake-top" &&
        same "$log" "$layout" "$(tree_of "$cprefix")" &&
        run "$log" cmp "$top/coro.h" "$cprefix/include/coro.h" &&
        run "$log" cmp "$top/gen.h" "$cprefix/include/gen.h"; then
        cmake_installed=1
        pass "$what"
    else
        cmake_installed=0
        fail "$what" "$log"
    fi

    # -- add_subdirectory
    log=$logs/cmake_subdir.log
    what="cmake add_subdirectory: consumer builds against coro::coro and prints the countdown and $ver; coro installs nothing of its own there"
    if cmake_consumer cmake_subdir "$log" -DCORO_SOURCE_DIR="$top" \
        -DCMAKE_INSTALL_PREFIX="$out/cmake_subdir-prefix" &&
        run_consumer "$log" "$out/cmake_subdir/consumer" "$expect" &&
        run "$log" cmake --install "$out/cmake_subdir" &&
        same "$log" "bin/consumer" "$(tree_of "$out/cmake_subdir-prefix")"; then
        pass "$what"
    else
        fail "$what" "$log"
    fi

    # -- FetchContent from the local source tree
    log=$logs/cmake_fetch_dir.log
    what="cmake FetchContent (SOURCE_DIR, the local tree): consumer builds and prints the countdown and $ver"
    if cmake_consumer cmake_fetch "$log" -DCORO_SOURCE_DIR="$top" &&
        run_consumer "$log" "$out/cmake_fetch/consumer" "$expect"; then
        pass "$what"
    else
        fail "$what" "$log"
    fi

    # -- FetchContent from a file:// tarball holding only what the build uses
    log=$logs/cmake_fetch_url.log
    what="cmake FetchContent (URL file:// tarball of coro.h gen.h CMakeLists.txt cmake/, with URL_HASH): consumer builds and prints the countdown and $ver"
    tarball=$out/coro-$ver.tar.gz
    if run "$log" tar -czf "$tarball" -C "$top" --transform "s,^,coro-$ver/," \
        coro.h gen.h CMakeLists.txt cmake/coroConfig.cmake.in LICENSE &&
        hash=$(sha256sum "$tarball" | cut -d' ' -f1) &&
        run "$log" cmake -S "$top/test/pkg/cmake_fetch" -B "$out/cmake_fetch_url" -G "$gen" -Werror=dev \
            -DCORO_URL="file://$tarball" -DCORO_URL_HASH="SHA256=$hash" &&
        run "$log" cmake --build "$out/cmake_fetch_url" &&
        run_consumer "$log" "$out/cmake_fetch_url/consumer" "$expect"; then
        pass "$what"
    else
        fail "$what" "$log"
    fi

    if [ "$cmake_installed" = 1 ]; then
        # -- find_package from the install prefix
        log=$logs/cmake_find.log
        what="cmake --install then find_package(coro CONFIG REQUIRED): consumer compiles with PREFIX/include on its include path (not the source tree), prints the countdown and $ver, coro_VERSION $ver"
        if cmake_consumer cmake_find "$log" -DCMAKE_PREFIX_PATH="$cprefix" &&
            run_consumer "$log" "$out/cmake_find/consumer" "$expect_pkg" &&
            run "$log" grep -F -- "$cprefix/include" "$out/cmake_find/compile_commands.json" &&
            ! grep -F -e "-I$top " -e "-isystem $top " "$out/cmake_find/compile_commands.json" >"$log.hits"; then
            pass "$what"
        else
            fail "$what" "$log"
        fi

        # -- the installed package is relocatable
        log=$logs/cmake_relocated.log
        what="cmake package relocatable: find_package from a copy of the prefix uses the copy's include/"
        moved=$out/cmake-prefix-moved
        if run "$log" cp -a "$cprefix" "$moved" &&
            run "$log" cmake -S "$top/test/pkg/cmake_find" -B "$out/cmake_find_moved" -G "$gen" -Werror=dev \
                -DCMAKE_EXPORT_COMPILE_COMMANDS=ON -DCMAKE_PREFIX_PATH="$moved" &&
            run "$log" cmake --build "$out/cmake_find_moved" &&
            run_consumer "$log" "$out/cmake_find_moved/consumer" "$expect_pkg" &&
            run "$log" grep -F -- "$moved/include" "$out/cmake_find_moved/compile_commands.json"; then
            pass "$what"
        else
            fail "$what" "$log"
        fi

        # -- the version file: SameMinorVersion
        log=$logs/cmake_version.log
        accept="$maj.$min $maj.$min.$pat"
        refuse="$((maj + 1)).0 $maj.$((min + 1)) $maj.$min.$((pat + 1))"
        [ "$min" -gt 0 ] && refuse="$refuse $maj.$((min - 1))"
        what="find_package(coro V CONFIG REQUIRED): accepts V = ${accept// /, }; refuses V = ${refuse// /, } (SameMinorVersion)"
        ok=1
        i=0
        for r in $accept; do
            i=$((i + 1))
            run "$log" cmake -S "$top/test/pkg/cmake_version" -B "$out/cmake_version_a$i" \
                -G "$gen" -Werror=dev -DCMAKE_PREFIX_PATH="$cprefix" -DCORO_REQUEST="$r" ||
                { echo "^^^ request $r should have been accepted" >>"$log"; ok=0; }
        done
        i=0
        for r in $refuse; do
            i=$((i + 1))
            rlog=$out/cmake_version_r$i.log
            if run "$rlog" cmake -S "$top/test/pkg/cmake_version" -B "$out/cmake_version_r$i" \
                -G "$gen" -Werror=dev -DCMAKE_PREFIX_PATH="$cprefix" -DCORO_REQUEST="$r"; then
                cat "$rlog" >>"$log"
                echo "^^^ request $r should have been refused" >>"$log"
                ok=0
            elif ! grep -q "requested version \"$r\"" "$rlog"; then
                cat "$rlog" >>"$log"
                echo "^^^ request $r failed, but not as a version refusal" >>"$log"
                ok=0
            fi
        done
        if [ "$ok" = 1 ]; then pass "$what"; else fail "$what" "$log"; fi
    fi
fi

if [ "$have_pc" = 1 ]; then
    # -- make install
    mprefix=$out/make-prefix
    if run "$logs/pc_make.log" make -s -C "$top" install PREFIX="$mprefix"; then
        make_installed=1
        pc_check make "make install" "$mprefix"
    else
        make_installed=0
        fail "make install PREFIX=..." "$logs/pc_make.log"
    fi

    if [ "$have_cmake" = 1 ] && [ "$cmake_installed" = 1 ]; then
        # -- cmake --install's coro.pc
        pc_check cmake "cmake --install" "$cprefix"

        # -- both install routes write the same coro.pc
        if [ "$make_installed" = 1 ]; then
            log=$logs/pc_same.log
            what="make install and cmake --install write the same coro.pc (but for the prefix)"
            cpc=$(cat "$cprefix/lib/pkgconfig/coro.pc")
            if same "$log" "$(cat "$mprefix/lib/pkgconfig/coro.pc")" "${cpc//"$cprefix"/"$mprefix"}"; then
                pass "$what"
            else
                fail "$what" "$log"
            fi
        fi
    fi
fi

if [ "$have_meson" = 1 ]; then
    # -- the repository as the top-level Meson project, installed
    log=$logs/meson_install.log
    meprefix=$out/meson-prefix
    what="meson install layout: include/coro.h include/gen.h lib/pkgconfig/coro.pc, nothing else"
    layout="include/coro.h
include/gen.h
lib/pkgconfig/coro.pc"
    if run "$log" meson setup --fatal-meson-warnings "$out/meson-top" "$top" --prefix="$meprefix" &&
        run "$log" meson compile -C "$out/meson-top" &&
        run "$log" meson install -C "$out/meson-top" &&
        same "$log" "$layout" "$(tree_of "$meprefix")" &&
        run "$log" cmp "$top/coro.h" "$meprefix/include/coro.h" &&
        run "$log" cmp "$top/gen.h" "$meprefix/include/gen.h"; then
        meson_installed=1
        pass "$what"
    else
        meson_installed=0
        fail "$what" "$log"
    fi
    if [ "$have_pc" = 1 ] && [ "$meson_installed" = 1 ]; then
        pc_check meson "meson install" "$meprefix"
    fi

    # -- coro as a subproject of another Meson project
    log=$logs/meson_subproject.log
    msrc=$out/meson_consumer
    what="meson subproject: dependency('coro', version: '>=0.2', fallback: 'coro') answered by meson.override_dependency, consumer prints the countdown and $ver, dependency version $ver"
    if run "$log" mkdir -p "$msrc/subprojects" &&
        run "$log" cp "$top/test/pkg/meson_consumer/meson.build" "$top/test/pkg/consumer.c" "$msrc/" &&
        run "$log" ln -s "$top" "$msrc/subprojects/coro" &&
        run "$log" meson setup --fatal-meson-warnings "$out/meson_consumer-build" "$msrc" --force-fallback-for=coro &&
        grep -q "Dependency coro found: YES $ver (overridden)" "$log" &&
        run "$log" meson compile -C "$out/meson_consumer-build" &&
        run_consumer "$log" "$out/meson_consumer-build/consumer" "$expect_pkg"; then
        pass "$what"
    else
        fail "$what" "$log"
    fi
fi

# ---- nothing written into the source tree ---------------------------------
# New files outside build/ and .git, git-ignored ones too (*.o, CMakeCache.txt,
# caches): what an in-source build would leave. Files that existed before are
# not compared, so someone editing the tree during the run does not count;
# a file someone creates during it does.
log=$logs/source_tree.log
what="the source tree is untouched: no new file outside build/ after the run (git-ignored ones included)"
source_files | LC_ALL=C comm -13 "$logs/source_before.txt" - >"$log"
if [ -s "$log" ]; then
    sed -i '1i new files:' "$log"
    fail "$what" "$log"
else
    pass "$what"
fi

echo "build_systems: $((passed + failed)) checks in $(($(date +%s) - t_start)) s"
echo "build_systems: $passed passed, $failed failed"
[ "$failed" = 0 ]
