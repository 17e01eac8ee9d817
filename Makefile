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
#   make clean
#
# CC, CXX, CFLAGS and PREFIX may be overridden: make CC=clang test

CC ?= cc
CXX ?= c++
PREFIX ?= /usr/local
INCLUDEDIR ?= $(PREFIX)/include
PKGCONFIGDIR ?= $(PREFIX)/lib/pkgconfig
CFLAGS ?= -std=c99 -O2 -Wall -Wextra -Wpedantic
VERSION = 0.2.0

HEADERS = coro.h gen.h
EXAMPLES = $(sort $(basename $(notdir $(wildcard examples/*.c))))
BINS = $(addprefix build/examples/,$(EXAMPLES))

.PHONY: all demo test fuzz install uninstall clean matrix bench

all: $(BINS)

build/examples/%: examples/%.c $(HEADERS)
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
	CC="$(CC)" CXX="$(CXX)" bash test/run.sh

matrix:
	bash test/matrix/run.sh

FUZZ_SECONDS ?= 600
fuzz:
	python3 test/diff/gen_diff.py --cells full --long $(FUZZ_SECONDS)
	python3 test/diff/async_diff.py --cells full --long $(FUZZ_SECONDS)
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash test/fuzz/run.sh --coverage

# make bench [N=20000000]: round trips per timed run; installs its tools
# (valgrind, gnuplot, Boost, wrk) with bench/install.sh when they are missing
bench:
	@command -v valgrind >/dev/null && command -v gnuplot >/dev/null && command -v wrk >/dev/null && \
	    [ -f /usr/include/boost/asio/coroutine.hpp ] || sh bench/install.sh
	CC="$(CC)" python3 bench/run.py $(N)

install:
	install -d $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(PKGCONFIGDIR)
	install -m 644 $(HEADERS) $(DESTDIR)$(INCLUDEDIR)
	printf 'prefix=%s\nincludedir=%s\n\nName: coro\nDescription: %s\nVersion: %s\nCflags: -I$${includedir}\n' \
	    '$(PREFIX)' '$(INCLUDEDIR)' 'Stackless coroutines and Python-style generators for C (coro.h, gen.h)' \
	    '$(VERSION)' > $(DESTDIR)$(PKGCONFIGDIR)/coro.pc

uninstall:
	rm -f $(addprefix $(DESTDIR)$(INCLUDEDIR)/,$(HEADERS)) $(DESTDIR)$(PKGCONFIGDIR)/coro.pc

clean:
	rm -rf build
