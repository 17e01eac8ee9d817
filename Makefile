# coro.h / gen.h - build the examples, run them, run the tests, install.
#
#   make            build the examples into build/examples/
#   make demo       build and run every example
#   make test       the whole test suite (test/run.sh); ends "N passed, N failed"
#   make fuzz       the long campaigns: the randomised differential tests
#                   against CPython (test/diff/) and coverage-guided fuzzing
#                   with libFuzzer (test/fuzz/), FUZZ_SECONDS each (default
#                   600), then the lines of coro.h and gen.h the corpus covers
#   make install    headers and pkg-config file under $(PREFIX)
#   make dist       the release tarball build/coro-$(VERSION).tar.gz
#   make clean
#
# CC, CXX, CFLAGS and PREFIX may be overridden: make CC=clang test

CC ?= cc
CXX ?= c++
PREFIX ?= /usr/local
INCLUDEDIR ?= $(PREFIX)/include
PKGCONFIGDIR ?= $(PREFIX)/lib/pkgconfig
CFLAGS ?= -std=c99 -O2 -Wall -Wextra -Wpedantic
VERSION = 0.6.0

HEADERS = coro.h gen.h
EXAMPLES = $(sort $(basename $(notdir $(wildcard examples/*.c))))
BINS = $(addprefix build/examples/,$(EXAMPLES))

.PHONY: all demo test fuzz install uninstall dist clean matrix bench

all: $(BINS)

build/examples/%: examples/%.c $(HEADERS) $(wildcard examples/*.h)
	@mkdir -p build/examples
	$(CC) $(CFLAGS) -I. $< -o $@

# each example's caption comes from its row in examples/README.md
demo: $(BINS)
	@for e in $(EXAMPLES); do \
	    printf '\n== %s (examples/%s.c): %s\n' $$e $$e \
	        "$$(sed -n "s/^| \`$$e\` | \(.*\) |$$/\1/p" examples/README.md)"; \
	    ./build/examples/$$e || exit 1; \
	done

test:
	@[ -f test/run.sh ] || { echo "make test: the suite (test/) is in the repository, not in the release tarball"; exit 1; }
	CC="$(CC)" CXX="$(CXX)" bash test/run.sh

matrix:
	bash test/matrix/run.sh

FUZZ_SECONDS ?= 600
fuzz:
	python3 test/diff/gen_diff.py --cells full --long $(FUZZ_SECONDS)
	python3 test/diff/async_diff.py --cells full --long $(FUZZ_SECONDS)
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash test/fuzz/run.sh --coverage

# make bench [N=20000000]: round trips per timed run; installs its tools
# (valgrind, gnuplot, Boost, wrk, aiohttp) with bench/install.sh when they are missing
bench:
	@command -v valgrind >/dev/null && command -v gnuplot >/dev/null && command -v wrk >/dev/null && \
	    [ -f /usr/include/boost/asio/coroutine.hpp ] && /usr/bin/python3 -c 'import aiohttp' 2>/dev/null || \
	    sh bench/install.sh
	CC="$(CC)" python3 bench/run.py $(N)

install:
	install -d $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(PKGCONFIGDIR)
	install -m 644 $(HEADERS) $(DESTDIR)$(INCLUDEDIR)
	printf 'prefix=%s\nincludedir=%s\n\nName: coro\nDescription: %s\nVersion: %s\nCflags: -I$${includedir}\n' \
	    '$(PREFIX)' '$(INCLUDEDIR)' 'Stackless coroutines and Python-style generators for C (coro.h, gen.h)' \
	    '$(VERSION)' > $(DESTDIR)$(PKGCONFIGDIR)/coro.pc

uninstall:
	rm -f $(addprefix $(DESTDIR)$(INCLUDEDIR)/,$(HEADERS)) $(DESTDIR)$(PKGCONFIGDIR)/coro.pc

# make dist: what a user of the headers needs (the headers and their docs,
# the examples, every build system's file); the suite and the benchmarks
# stay in the repository. Reproducible: sorted, no owners, every date the
# last commit's (SOURCE_DATE_EPOCH overrides), gzip without a timestamp.
DIST = coro-$(VERSION)
DIST_FILES = coro.h gen.h LICENSE README.md CHANGELOG.md Makefile \
    CMakeLists.txt cmake/coroConfig.cmake.in meson.build library.properties library.json \
    examples/README.md examples/example.txt $(wildcard examples/*.c examples/*.h examples/*/*.ino)
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)
dist:
	@mkdir -p build
	tar --sort=name --owner=0 --group=0 --numeric-owner --mode=go-w,a+rX \
	    --mtime=@$(SOURCE_DATE_EPOCH) --transform 's,^,$(DIST)/,' -cf build/$(DIST).tar $(DIST_FILES)
	gzip -9nf build/$(DIST).tar
	@echo build/$(DIST).tar.gz

clean:
	rm -rf build
