#!/usr/bin/env python3
"""bench/whatif.py - where a port round trip's instructions go, and what
header changes would remove them. Not part of `make bench`; the project's
headers are never touched: each step patches COPIES of coro.h and gen.h in
build/bench/whatif/ (cumulatively) and reports callgrind's Ir per round trip
of bench/gen_bench.c's g1_port / g5_port / g1_direct, both backends.

The patches measure a cost; they are not finished code: (a) drops gen_line's
bookkeeping and (c) drops the uninitialised-port check outright, where a real
change would make them optional (debug builds, a CORO_NO_LINES switch...).
Three earlier steps are in the headers now: NAME_next reads g->value (yield
from copies each sub's value up), a one-test fast path in CORO_BEGIN for a
plain resume, and the goto backend jumping straight to the resume point there.
usage: python3 bench/whatif.py        (needs valgrind and cc)
"""
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
W = os.path.join(ROOT, "build", "bench", "whatif")
CC = os.environ.get("CC", "cc")

STEPS = [  # (tag, [(header, old, new), ...]), applied cumulatively
    ("+a: no source-line store on each suspension (gen_line)",
     [("gen.h", "    gen__c->line = (coro_line_t)__LINE__; \\\n", "    \\\n")]),
    ("+b: NAME_next without the uninitialised-port test",
     [("gen.h", """        if (!gen__ready(&gen__g->base) || !gen__g->body) \\
            return gen__uninit(); \\
        return name##__out(gen__g, gen__g->body(gen__g), gen__out); \\""",
       """        return name##__out(gen__g, gen__g->body(gen__g), gen__out); \\""")]),
    ("+c: GEN_BEGIN without the re-entry mark (state = GEN_RUNNING) on the common resume",
     [("gen.h", """        gen__c->state = GEN_RUNNING; /* the common resume */ \\\n""", "")]),
]


def ir(exe, v, n):
    r = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", exe, v, str(n)],
                       capture_output=True, text=True)
    return int(re.search(r"Collected : (\d+)", r.stderr).group(1))


def measure(tag):
    out = []
    for be in ("SWITCH", "GOTO"):
        exe = os.path.join(W, "gen_" + be)
        subprocess.run([CC, "-std=gnu99", "-O2", "-DNDEBUG", "-fno-strict-aliasing", "-DCORO_BACKEND_" + be, "-I", W,
                        os.path.join(W, "gen_bench.c"), "-o", exe], check=True)
        for v in ("g1_port", "g5_port", "g1_direct"):
            out.append("%s %s %.1f" % (be.lower(), v, (ir(exe, v, 101000) - ir(exe, v, 1000)) / 100000))
    print("%-100s %s" % (tag, " | ".join(out)), flush=True)


def main():
    os.makedirs(W, exist_ok=True)
    for h in ("coro.h", "gen.h"):
        shutil.copy(os.path.join(ROOT, h), os.path.join(W, h))
    # "gen.h" is looked up next to the source first: compile a copy beside the header copies
    shutil.copy(os.path.join(ROOT, "bench/gen_bench.c"), os.path.join(W, "gen_bench.c"))
    shutil.copy(os.path.join(ROOT, "bench/peers.h"), os.path.join(W, "peers.h"))
    measure("as is")
    for tag, edits in STEPS:
        for h, old, new in edits:
            p = os.path.join(W, h)
            src = open(p).read()
            if old not in src:
                print("%s: %s changed, pattern not found; stopping" % (tag, h))
                return 1
            open(p, "w").write(src.replace(old, new, 1))
        measure(tag)
    return 0


if __name__ == "__main__":
    sys.exit(main())
