#!/usr/bin/env bash
# test/pkg/release.sh - what a release is made of: one version everywhere,
# a PlatformIO manifest its rules accept (Arduino's: test/arduino/), a CHANGELOG entry, and
# a `make dist` tarball with exactly what a user needs. One PASS/FAIL line
# per check; exit status 1 if any failed. Run from the top: bash test/pkg/release.sh
# Needs: a C compiler, GNU tar, python3 with jsonschema (Debian's
# python3-jsonschema), cmake and meson for their versions.
set -u
cd "$(dirname "$0")/../.."
B=build/pkg/release
rm -rf "$B"; mkdir -p "$B"
. test/pkg/harness.sh

# ---- one version everywhere ---------------------------------------------------
macro_version() { # macro_version HEADER PREFIX: MAJOR.MINOR.PATCH from the macros
    printf '#include "%s"\n%s_VERSION_MAJOR.%s_VERSION_MINOR.%s_VERSION_PATCH\n' "$1" "$2" "$2" "$2" |
        "$CC" -x c -E -P -I. - 2>/dev/null | tail -1 | tr -d ' '
}
V=$(macro_version coro.h CORO)
versions="CORO_VERSION:$V GEN_VERSION:$(macro_version gen.h GEN)"
versions="$versions coro.h-line:$(head -1 coro.h | sed -n 's|^/\* coro\.h \([0-9.]*\) .*|\1|p')"
versions="$versions gen.h-line:$(head -1 gen.h | sed -n 's|^/\* gen\.h \([0-9.]*\) .*|\1|p')"
versions="$versions Makefile:$(sed -n 's/^VERSION = //p' Makefile)"
versions="$versions make-install-coro.pc:$(make -s install PREFIX="$PWD/$B/prefix" >/dev/null 2>&1 &&
    sed -n 's/^Version: //p' "$B/prefix/lib/pkgconfig/coro.pc")"
versions="$versions library.properties:$(sed -n 's/^version=//p' library.properties 2>/dev/null)"
versions="$versions library.json:$($PY -c 'import json; print(json.load(open("library.json"))["version"])' 2>/dev/null)"
versions="$versions CHANGELOG.md:$(sed -n 's/^## \([0-9][0-9.]*\) .*/\1/p' CHANGELOG.md 2>/dev/null | head -1)"
# CMake: the version its package file promises, as configured
if command -v cmake >/dev/null 2>&1 &&
        cmake -S . -B "$B/cmake" -DCMAKE_INSTALL_PREFIX="$PWD/$B/cmake-prefix" >"$B/cmake.log" 2>&1 &&
        cmake --install "$B/cmake" >>"$B/cmake.log" 2>&1; then
    versions="$versions cmake-coroConfigVersion:$(sed -n 's/^set(PACKAGE_VERSION "\(.*\)")$/\1/p' \
        "$B"/cmake-prefix/lib*/cmake/coro/coroConfigVersion.cmake 2>/dev/null)"
    versions="$versions cmake-install-coro.pc:$(sed -n 's/^Version: //p' "$B"/cmake-prefix/lib*/pkgconfig/coro.pc 2>/dev/null)"
else
    versions="$versions cmake:(cmake-missing-or-failed)"
fi
if command -v meson >/dev/null 2>&1; then
    versions="$versions meson.build:$(meson introspect --projectinfo meson.build 2>/dev/null |
        $PY -c 'import json, sys; print(json.load(sys.stdin)["version"])' 2>/dev/null)"
else
    versions="$versions meson:(meson-missing)"
fi
n=$(echo "$versions" | wc -w)
if [ -n "$V" ] && [ "$(echo "$versions" | tr ' ' '\n' | sed 's/^[^:]*://' | sort -u)" = "$V" ]; then
    pass "version $V in all $n places: $(echo "$versions" | tr ' ' '\n' | sed 's/:.*//' | tr '\n' ' ')"
else
    fail "versions differ: $versions"
    case "$versions" in *"cmake:("*) [ -f "$B/cmake.log" ] && show "$B/cmake.log" ;; esac
fi

# ---- CHANGELOG.md ---------------------------------------------------------------
# newest first, each release dated, and the current version is the first entry
if head -1 CHANGELOG.md 2>/dev/null | grep -q '^# Changelog' &&
        [ "$(sed -n 's/^## \([0-9][0-9.]*\) .*/\1/p' CHANGELOG.md | head -1)" = "$V" ] &&
        ! grep '^## ' CHANGELOG.md | grep -vq '^## [0-9]\+\.[0-9]\+\.[0-9]\+ ([0-9]\{4\}-[0-9][0-9]-[0-9][0-9])$' &&
        [ "$(grep '^## ' CHANGELOG.md | sed 's/^## //; s/ .*//' | sort -t. -k1,1nr -k2,2nr -k3,3nr | tr '\n' ' ')" = \
          "$(grep '^## ' CHANGELOG.md | sed 's/^## //; s/ .*//' | tr '\n' ' ')" ]; then
    pass "CHANGELOG.md: $V first, every release dated, newest first"
else
    fail "CHANGELOG.md: want '# Changelog', then '## $V (YYYY-MM-DD)' first, every heading '## X.Y.Z (date)', newest first"
fi

# ---- PlatformIO: library.json against the manifest rules -------------------------
# PlatformIO's own tool (pio) is not packaged in Debian and installs from the
# network, so the manifest is checked offline against a JSON schema written from
# PlatformIO's documentation (test/pkg/platformio_library.schema.json) with
# Debian's python3-jsonschema; the schema is shown to reject broken manifests.
if $PY -c 'import jsonschema' 2>/dev/null; then
    if $PY - >"$B/pio.log" 2>&1 <<'EOF'
import json, os, sys, jsonschema
schema = json.load(open("test/pkg/platformio_library.schema.json"))
jsonschema.Draft7Validator.check_schema(schema)
m = json.load(open("library.json"))
jsonschema.validate(m, schema)
# what the schema cannot say: the headers, examples and exported paths exist,
# the license is the LICENSE file's, and no source file gets built
for h in m["headers"]:
    assert os.path.isfile(h), "headers: no " + h
for e in m["examples"]:
    for f in e["files"]:
        assert os.path.isfile(os.path.join(e["base"], f)), "examples: no " + e["base"] + "/" + f
for p in m["export"]["include"]:
    assert os.path.exists(p), "export.include: no " + p
assert m["license"] == "0BSD" and "Permission to use, copy, modify, and/or distribute" in open("LICENSE").read()
assert m["build"]["srcFilter"] == "-<*>", "a header-only library builds no source (examples/, bench/ have mains)"
# the schema can fail: broken manifests are refused
for broken in (dict(m, name="coro/gen"), dict(m, version="1"), dict(m, header="coro.h"),
               dict(m, keywords=["Coroutine"]), dict(m, frameworks="Arduino")):
    try:
        jsonschema.validate(broken, schema)
    except jsonschema.ValidationError:
        continue
    sys.exit("the schema accepted a broken manifest: %r" % {k: broken[k] for k in broken if broken[k] != m.get(k)})
EOF
    then
        pass "library.json passes PlatformIO's manifest rules (offline schema; 5 broken manifests refused)"
    else
        fail "library.json"; show "$B/pio.log"
    fi
else
    fail "library.json: python3-jsonschema is not installed (apt-get install python3-jsonschema)"
fi

# ---- make dist --------------------------------------------------------------------
T=build/coro-$V.tar.gz
if make -s dist >"$B/dist.log" 2>&1 && [ -f "$T" ]; then
    tar -tzf "$T" | sort > "$B/members"
    # what it must hold, listed from the tree, not from the Makefile: the
    # headers and their docs, every build system's file, all of examples/
    {
        for f in coro.h gen.h LICENSE README.md CHANGELOG.md Makefile CMakeLists.txt meson.build \
                library.properties library.json; do echo "$f"; done
        if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then git ls-files cmake examples
        else find cmake examples -type f; fi
    } | sed "s,^,coro-$V/," | sort > "$B/want"
    if cmp -s "$B/members" "$B/want"; then
        pass "make dist: $T holds exactly $(wc -l < "$B/want") files: headers, LICENSE, README, CHANGELOG, build files, examples"
    else
        fail "make dist: $T's files differ from what it should hold (- missing, + extra):"
        diff "$B/want" "$B/members" | grep '^[<>]' | sed 's/^</-/; s/^>/+/' | head -20 | sed 's/^/     | /'
    fi
    # no build output: nothing under build/, no object file, no binary
    if ! grep -q "^coro-$V/build/\|\.o$\|\.a$\|\.so$\|\.elf$\|\.pyc$" "$B/members" &&
            mkdir -p "$B/x" && tar -xzf "$T" -C "$B/x" &&
            ! find "$B/x" -type f -exec sh -c 'head -c4 "$1" | grep -q "ELF"' _ {} \; -print | grep -q .; then
        pass "make dist: no build output in the tarball (no build/, objects or executables)"
    else
        fail "make dist: build output in the tarball"
    fi
    # reproducible: a second build is byte for byte the same
    cp "$T" "$B/first.tar.gz"; sleep 1
    if make -s dist >/dev/null 2>&1 && cmp -s "$T" "$B/first.tar.gz"; then
        pass "make dist: reproducible (a second build a second later is byte-identical)"
    else
        fail "make dist: two builds differ"
    fi
    # usable as it comes: its Makefile builds an example that prints Python's output
    X="$B/x/coro-$V"
    if make -s -C "$X" build/examples/fibonacci CC="$CC" >"$B/x.log" 2>&1 &&
            "$X/build/examples/fibonacci" > "$B/fib.out" 2>&1 && cmp -s "$B/fib.out" test/expected/fibonacci.txt; then
        pass "make dist: the unpacked tarball's make builds examples/fibonacci, output = CPython's"
    else
        fail "make dist: the unpacked tarball does not build and run fibonacci"; show "$B/x.log"
    fi
    if ! make -s -C "$X" test >"$B/xt.log" 2>&1 && grep -q "not in the release tarball" "$B/xt.log"; then
        pass "make dist: make test in the tarball says the suite is in the repository"
    else
        fail "make dist: make test in the tarball"; show "$B/xt.log"
    fi
else
    fail "make dist"; show "$B/dist.log"
fi

finish
