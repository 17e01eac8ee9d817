#!/usr/bin/env python3
"""bench/whatif.py - where a port round trip's instructions go, and what
header changes would remove them. Not part of `make bench`; the project's
headers are never touched: each step patches COPIES of coro.h and gen.h in
build/bench/whatif/ (cumulatively) and reports callgrind's Ir per round trip
of bench/gen_bench.c's g1_port / g5_port / g1_direct, both backends.
With --loop it does the same for the async runtime's task switch
(bench/rt_bench.c switch, gcc, switch backend) and the Cortex-M0 flash of
the reference blinking task (bench/size/ref_task.c), taking the loop's
optional paths out one by one: what each feature costs, and what is left
when none is there.

The patches measure a cost; they are not finished code: (a) drops gen_line's
bookkeeping and (c) drops the uninitialised-port check outright, where a real
change would make them optional (debug builds, a CORO_NO_LINES switch...).
Three earlier steps are in the headers now: NAME_next reads g->value (yield
from copies each sub's value up), a one-test fast path in CORO_BEGIN for a
plain resume, and the goto backend jumping straight to the resume point there.
With --time it takes the steps below (and two more: the flags a
suspension writes without reading them first, and no state byte on the
common resume, which only a port that never ends can do without) and
measures time instead:
gcc's goto port (g1_port) against pt lc-switch (pts1_ptr), median over
the eight code layouts of make bench's sweep (see bench/run.py), the
target in time that issue 12 sets (within 1.3x).
usage: python3 bench/whatif.py [--loop | --time]   (needs valgrind and cc;
       --loop also arm-none-eabi-gcc for the flash column; --time gcc)
"""
import os
import re
import shutil
import statistics
import subprocess
import sys

from layouts import LAYOUTS, layout_flags

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

TIME_STEPS = STEPS + [
    ("+d: each suspension writes the flags without reading them (the flags it keeps are lost: timing only)",
     [("gen.h", "gen__c->flags = (unsigned char)((gen__c->flags & ~(unsigned)GEN__F_POINT) | (unsigned)((flag) | "
                "GEN__TRY_FLAGS(flag))); \\\n",
       "gen__c->flags = (unsigned char)((unsigned)((flag) | GEN__TRY_FLAGS(flag))); \\\n")]),
    ("+e: no state byte on the common resume: pc tested instead, as pt does (a port that ends or is re-entered breaks)",
     [("gen.h", "    if (CORO__LIKELY(gen__c->state == GEN_SUSPENDED)) { \\\n",
       "    if (CORO__LIKELY(gen__c->pc != 0)) { \\\n"),
      ("gen.h", "    gen__c->state = GEN_SUSPENDED; \\\n", "")]),
]

LOOP_STEPS = [  # the loop's step (gen__run), cumulatively
    ("+a: no trace hook",
     [("gen.h", "    if (loop->trace) loop->trace(loop, t, GEN_TRACE_RESUME);\n", ""),
      ("gen.h", "    if (loop->trace) loop->trace(loop, t, GEN_TRACE_SUSPEND);\n", ""),
      ("gen.h", "    if (loop->trace) loop->trace(loop, t, GEN_TRACE_DONE);\n", "")]),
    ("+b: no passes to skip (asyncio's done callbacks: hops)",
     [("gen.h", """    if (t->hops) { /* a done callback's turn: the wake-up goes to the end */
        t->hops--;
        gen__list_push(&loop->ready, t);
        return;
    }
""", ""),
      ("gen.h", "        t->hops = req->kind == GEN__READY ? req->hops : 0;\n", "")]),
    ("+c: no cancellation",
     [("gen.h", """    if (t->cancel == 1) /* only gen_cancel sets it, and it set ops */
        rc = loop->ops->throw_cancel(t);
    else
        rc""", "    rc"),
      ("gen.h", """    if (rc == GEN_DONE && t->cancel == 1) {""", "    if (0) {"),
      ("gen.h", """    if (t->cancel == 1 && loop->ops->pass_cancel(t, req))
        t->cancel = 0; /* cancelled meanwhile: passed on to what it awaits now */
    if (t->cancel == 1 || req->kind""", "    if (req->kind")]),
    ("+d: no GEN_SPAWN requests",
     [("gen.h", """        gen_task_t *child;
        if (rc != GEN_YIELDED) {""", """        if (rc != GEN_YIELDED) {"""),
      ("gen.h", """        if (req->kind != GEN__SPAWN)
            break;
        child = (gen_task_t *)(void *)((char *)req->list - offsetof(gen_task_t, joiners));
        (void)gen__spawn(loop, child, child->g);
        rc = t->g->vt->resume(t->g);
""", "        break;\n")]),
    ("+e: no waits on descriptors (GEN_NO_IO)",
     [("gen.h", "#ifndef GEN_H\n#define GEN_H\n", "#ifndef GEN_H\n#define GEN_H\n#define GEN_NO_IO\n")]),
    ("+f: no awaiting a task, no gather (nothing told when a task ends)",
     [("gen.h", """    gen__wake(&t->joiners, GEN_WOKE_SIGNAL, 0);
    if (t->gather) /* only gen_gather sets it, and it set ops */
        loop->ops->gather_done(t->gather, t);
""", "")]),
    ("+g: no refused steps told apart (a misuse code is the task's error as it is)",
     [("gen.h", """    if (rc < 0 && rc != GEN_ERROR) /* a misuse code: make it the task's error */
        gen__set_error(t->g, rc, gen__step_msg(rc));
""", "")]),
]


def ir(*cmd):
    r = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"] + [str(a) for a in cmd],
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


def measure_time(tag, layouts=LAYOUTS, rounds=3, n=20000000):
    """gcc, goto: g1_port against pt lc-switch, each function K bytes into a
    64-byte block for each K of layouts; the medians over the layouts."""
    exe = {}
    for be in ("SWITCH", "GOTO"):
        for k in layouts:
            exe[(be, k)] = os.path.join(W, "lay_%s_%d" % (be, k))
            subprocess.run(["gcc", "-std=gnu99", "-O2", "-DNDEBUG"] + layout_flags(k) +
                           ["-DCORO_BACKEND_" + be, "-I", W, os.path.join(W, "gen_bench.c"), "-o", exe[(be, k)]],
                           check=True)
    pin = ["taskset", "-c", str(os.cpu_count() - 1)] if shutil.which("taskset") else []
    ns = {}
    for _ in range(rounds):
        for k in layouts:
            for key, be, v in (("port", "GOTO", "g1_port"), ("pt", "SWITCH", "pts1_ptr")):
                out = subprocess.run(pin + [exe[(be, k)], v, str(n)], capture_output=True, text=True, check=True).stdout
                ns.setdefault((key, k), []).append(float(out.split()[1]))
    med = {key: statistics.median(statistics.median(ns[(key, k)]) for k in layouts) for key in ("port", "pt")}
    print("%-100s gcc goto port %.2f ns vs pt lc-switch %.2f ns = %.2fx" % (tag, med["port"], med["pt"],
                                                                          med["port"] / med["pt"]), flush=True)


def measure_loop(tag):
    exe = os.path.join(W, "rt")
    subprocess.run([CC, "-std=gnu99", "-O2", "-DNDEBUG", "-DCORO_BACKEND_SWITCH", "-I", W,
                    os.path.join(W, "rt_bench.c"), "-o", exe], check=True)
    sw = (ir(exe, "switch", 1000, 110) - ir(exe, "switch", 1000, 10)) / (1000.0 * 100)  # 1k tasks, 100 rounds
    out = ["task switch %.1f Ir" % sw]
    if shutil.which("arm-none-eabi-gcc"):
        obj = os.path.join(W, "ref_task.o")
        subprocess.run(["arm-none-eabi-gcc", "-mcpu=cortex-m0", "-mthumb", "-Os", "-DNDEBUG", "-std=c99",
                        "-DCORO_BACKEND_SWITCH", "-I", W, "-I", os.path.join(ROOT, "bench/size"), "-c",
                        os.path.join(W, "ref_task.c"), "-o", obj], check=True)
        f = subprocess.run(["arm-none-eabi-size", obj], capture_output=True, text=True).stdout.splitlines()[1].split()
        out.append("blinking task %d B (Cortex-M0)" % (int(f[0]) + int(f[1])))
    print("%-82s %s" % (tag, " | ".join(out)), flush=True)


def main():
    loop, timed = "--loop" in sys.argv[1:], "--time" in sys.argv[1:]
    os.makedirs(W, exist_ok=True)
    for h in ("coro.h", "gen.h"):
        shutil.copy(os.path.join(ROOT, h), os.path.join(W, h))
    # "gen.h" is looked up next to the source first: compile a copy beside the header copies
    for src in ("bench/gen_bench.c", "bench/peers.h", "bench/rt_bench.c", "bench/size/ref_task.c"):
        shutil.copy(os.path.join(ROOT, src), os.path.join(W, os.path.basename(src)))
    steps, measure_step = ((LOOP_STEPS, measure_loop) if loop else (TIME_STEPS, measure_time) if timed
                           else (STEPS, measure))
    measure_step("as is")
    for tag, edits in steps:
        for h, old, new in edits:
            p = os.path.join(W, h)
            src = open(p).read()
            if old not in src:
                print("%s: %s changed, pattern not found; stopping" % (tag, h))
                return 1
            open(p, "w").write(src.replace(old, new, 1))
        measure_step(tag)
    return 0


if __name__ == "__main__":
    sys.exit(main())
