#!/usr/bin/env python3
"""bench/run.py - `make bench`: build every variant, time it, count its
instructions, print the tables and the targets, write build/bench/results.md
and chart.png.

usage: python3 bench/run.py [N]      N: round trips per timed run (default 20000000)
env:   BENCH_ROUNDS (default 5), BENCH_NO_CALLGRIND=1, BENCH_NO_10M=1,
       CC: the C compiler only when neither gcc nor clang is installed,
       BENCH_NO_NET=1: not the network benchmark

Last, bench/net_bench.py (the /hello servers under wrk, and with 10,000
idle connections) appends its section to build/bench/results.md; its
failure is reported after the rest has been written.

C rows: bench/gen_bench.c built with gcc and with clang (whichever are
there; CC when neither is), -O2 -DNDEBUG (release builds: coro.h's and
gen.h's debug checks and coro.h's line tracking off), each for both
backends; the compiler column says which. The runtime rows (rt_bench.c)
are built with the first of them. Rows are grouped by job: 1 yield
per round trip, 5 yields in the body's loop (one value per round trip
still), send/echo; the peers (bench/peers.h: protothreads with either
local continuation, Tatham's crReturn) run each job too.
ns/op: the median of BENCH_ROUNDS rounds; in each round every row runs once,
in order (interleaved), pinned with taskset when present.
Ir/op: instructions per op from valgrind --tool=callgrind, run at two sizes
and differenced, so the fixed start-up cost cancels out (deterministic).
x base: the row's Ir/op (ns/op) over its group's baseline row's, built by
the same compiler family (g++ rows against gcc's, clang++ rows against
clang's).
Layouts: where a function starts within a 64-byte block moves these
few-nanosecond rows by up to a third on some machines (pt lc-switch's
own round trip too), so the target in time (the port within 1.3x pt
lc-switch) is judged on a sweep: its rows (and pt lc-addrlabels') are built again with
-falign-functions=64 and -fpatchable-function-entry=K,K (every function
starts K bytes into a 64-byte block) for eight K, timed interleaved, and
each row's figure is its median over the layouts; the ratio's spread
over the layouts is printed with it.
Sizes (Cortex-M0, AVR, 8051, where test/matrix/install.sh put their
toolchains; a missing one is skipped with a note): the reference generator
and task next to hand-written state machines, a 3-state protothread
(bench/size/pt3.c) for protothreads and coro.h, and sizeof the control
blocks.
"""
import concurrent.futures as cf
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

from layouts import LAYOUTS, layout_flags

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "build", "bench")
SDCC_TIMEOUT = int(os.environ.get("BENCH_SDCC_TIMEOUT", "120"))  # seconds one sdcc compile may take
CC = os.environ.get("CC", "cc")
CFLAGS = ["-std=gnu99", "-O2", "-DNDEBUG", "-Wall", "-Wextra", "-I", ROOT]
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
N = int(sys.argv[1]) if len(sys.argv) > 1 else 20000000
PY = sys.executable
TASKSET = ["taskset", "-c", str(os.cpu_count() - 1)] if shutil.which("taskset") else []


def sh(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        sys.exit("bench: failed: %s\n%s%s" % (" ".join(cmd), r.stdout, r.stderr))
    return r.stdout


def first(*names):
    for n in names:
        if shutil.which(n):
            return n
    return None


def compilers():
    """The C compilers of the C rows: [(tag, command)]: gcc and clang when
    they are there, else CC alone."""
    got = [(t, first(t)) for t in ("gcc", "clang")]
    got = [(t, c) for t, c in got if c]
    return got or [(os.path.basename(CC), CC)]


CCS = compilers()


def compile_c(cmd):
    """Builds; a failure stops the run, a warning is shown (the sources are
    meant to build warning-free)."""
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("bench: failed: %s\n%s%s" % (" ".join(cmd), r.stdout, r.stderr))
    if r.stderr.strip():
        print("bench: warnings from %s:\n%s" % (" ".join(cmd), r.stderr), file=sys.stderr)


def build():
    os.makedirs(OUT, exist_ok=True)
    b = lambda *p: os.path.join(OUT, *p)
    built = {}
    for tag, cc in CCS:
        for be in ("SWITCH", "GOTO"):
            compile_c([cc] + CFLAGS + ["-DCORO_BACKEND_" + be, os.path.join(ROOT, "bench/gen_bench.c"),
                       "-o", b("gen_%s_%s" % (tag, be.lower()))])
    compile_c([CCS[0][1]] + CFLAGS + [os.path.join(ROOT, "bench/rt_bench.c"), "-o", b("rt")])
    for tag, cxx in (("g++", first("g++")), ("clang++-14", first("clang++-14", "clang++")), ("clang++-19", first("clang++-19"))):
        if not cxx:
            continue
        r = subprocess.run([cxx, "-std=c++20", "-O2", "-Wall", os.path.join(ROOT, "bench/cpp_bench.cpp"), "-o", b("cpp_" + tag)],
                           capture_output=True, text=True)
        if r.returncode == 0:
            built[tag] = b("cpp_" + tag)
        else:
            print("bench: %s: no C++20 coroutines here, row skipped" % tag, file=sys.stderr)
    asio = os.path.exists("/usr/include/boost/asio/coroutine.hpp")
    return built, asio


class Row:
    def __init__(self, group, name, cmd, n, ops=None, cg=None, rounds=None, note="", cc="-"):
        self.group, self.name, self.cmd, self.n = group, name, cmd, n
        self.ops = ops or (lambda n: n)   # ops done by cmd(n) (or cgcmd(n)), for callgrind
        self.cg = cg                      # (n1, n2) for callgrind, or None
        self.rounds = rounds or ROUNDS
        self.note = note
        self.cc = cc                      # the compiler column: gcc, clang, g++, ...; "-" for none
        self.ns, self.ir, self.extra = [], None, {}


# the groups (one table each) and their baseline rows
G1 = "generator: 1 yield per round trip"
G5 = "generator: 5 yields in the body's loop, one value per round trip (x base: the hand iterator's, function pointer)"
GE = "generator: send/echo (the consumer hands k in, gets k back)"
R = "async runtime"
HAND_FPTR = "hand iterator, function pointer [base]"
HAND_ECHO = "hand echo, function pointer [base]"
BARE = "bare generator resume (gen_async_next, port) [base]"
BASE_NAME = {G1: HAND_FPTR, G5: HAND_FPTR, GE: HAND_ECHO, R: BARE}
PEERS = (("pt lc-switch", "pts"), ("pt lc-addrlabels", "pta"), ("Tatham crReturn", "tt"))


def family(cc):
    """The C compiler whose rows a row's x base is taken against."""
    return "clang" if "clang" in cc and any(t == "clang" for t, _ in CCS) else CCS[0][0]


def c_specs():
    """The C variants of gen_bench.c: (group, name, backend, argument); each
    is built by every compiler of CCS. The peers do not depend on coro.h's
    backend: they run from the switch build."""
    sp = []
    add = lambda *a: sp.append(a)
    add(G1, "hand iterator, inlined", "switch", "hand_inline")
    add(G1, HAND_FPTR, "switch", "hand_fptr")
    add(GE, HAND_ECHO, "switch", "hand_echo")
    for be in ("switch", "goto"):
        for grp, j in ((G1, "g1"), (G5, "g5")):
            add(grp, "gen.h %s: body called by name" % be, be, j + "_body")
            add(grp, "gen.h %s: NAME_next, body known to the compiler" % be, be, j + "_direct")
            add(grp, "gen.h %s: port (NAME_next)" % be, be, j + "_port")
        add(GE, "gen.h %s: NAME_send, body known to the compiler" % be, be, "send_direct")
        add(GE, "gen.h %s: port (NAME_send)" % be, be, "send_port")
    for be in ("switch", "goto"):   # coro.h part I: the value goes through the frame
        for grp, j in ((G1, "c1"), (G5, "c5"), (GE, "ce")):
            add(grp, "coro.h %s: body called by name" % be, be, j + "_name")
            add(grp, "coro.h %s: function pointer" % be, be, j + "_ptr")
    for peer, p in PEERS:
        for grp, j in ((G1, "1"), (G5, "5"), (GE, "e")):
            add(grp, "%s: body called by name" % peer, "switch", p + j + "_name")
            add(grp, "%s: function pointer" % peer, "switch", p + j + "_ptr")
    return sp


def rows_for(cpp, asio):
    b = lambda *p: os.path.join(OUT, *p)
    rows = []
    add = lambda *a, **k: rows.append(Row(*a, **k)) or rows[-1]
    c = lambda exe, v: (lambda n: [exe, v, str(n)])
    cg = (1000, 11000)
    for grp, name, be, arg in c_specs():
        for tag, _ in CCS:   # each compiler's row right under the other's
            add(grp, name, c(b("gen_%s_%s" % (tag, be)), arg), N, cg=cg, cc=tag)
    for tag, exe in cpp.items():
        add(G1, "C++20 generator<long>", c(exe, "cpp20"), N, cg=cg, cc=tag)
    if asio:
        for tag, exe in cpp.items():
            if tag == "clang++-19":
                continue
            add(G1, "Boost.Asio coroutine, direct", c(exe, "asio"), N, cg=cg, cc=tag)
            add(G1, "Boost.Asio coroutine, function pointer", c(exe, "asio_fptr"), N, cg=cg, cc=tag)
    add(G1, "glibc ucontext swapcontext x2", c(b("gen_%s_switch" % CCS[0][0]), "ucontext"), max(N // 100, 1000), cg=cg,
        cc=CCS[0][0])
    pyc = lambda v: (lambda n: [PY, os.path.join(ROOT, "bench/py_bench.py"), v, str(n)])
    pyv = "CPython %s" % sys.version.split()[0]
    add(G1, "%s next(g)" % pyv, pyc("next"), max(N // 20, 1000), cg=(1000, 11000))
    add(GE, "%s g.send(x)" % pyv, pyc("send"), max(N // 20, 1000), cg=(1000, 11000))

    rt, rcc = b("rt"), CCS[0][0]
    add(R, BARE, lambda n: [rt, "resume", "0", str(n)], N, cg=(1000, 101000), cc=rcc)

    def per_task(mode, name, m, cgk=None, rounds=None):
        """A row of rt_bench MODE over m tasks (slots), k rounds each: ops = m * k."""
        k = max(2, N // m)
        r = add(R, "%s, %s %s" % (name, human(m), "slots" if mode.startswith("rr") else "tasks"),
                lambda n, m=m, k=k: [rt, mode, str(m), str(k)], 0,
                ops=lambda kk, m=m: m * kk, cg=cgk, rounds=rounds, note="m=%d" % m, cc=rcc)
        r.cgcmd = lambda kk, m=m: [rt, mode, str(m), str(kk)]
        return r
    per_task("rr", "function-pointer round robin (floor of a task switch)", 1000, (10, 110))
    for m in (1000, 1000000):   # what walking a task's bytes costs by itself
        per_task("rrwide", WIDE, m, rounds=3)
        per_task("rrpt", PT_WIDE, m, rounds=3)
    per_task("switch", "task switch, GEN_SLEEP0", 1000, (10, 110))
    per_task("switch", "task switch, GEN_SLEEP0", 10000, (2, 12))
    per_task("switch", "task switch, GEN_SLEEP0", 100000, (2, 4))
    per_task("switch", "task switch, GEN_SLEEP0", 1000000, (1, 2), rounds=3)
    if not os.environ.get("BENCH_NO_10M"):
        per_task("switch", "task switch, GEN_SLEEP0", 10000000, rounds=3)
    for m, cgk, rounds in ((1000, (10, 110), None), (10000, (2, 12), None), (100000, (2, 4), None),
                           (1000000, (1, 2), 3)):
        per_task("pt", PT_SWITCH, m, cgk, rounds=rounds)
    if not os.environ.get("BENCH_NO_10M"):
        per_task("pt", PT_SWITCH, 10000000, rounds=3)
    s = add(R, "1M sleeping tasks, distinct deadlines (virtual clock)", lambda n: [rt, "sleep", "1000000", "0"], 0,
            cg=(10000, 20000), rounds=3, cc=rcc)
    s.cgcmd = lambda m: [rt, "sleep", str(m), "0"]
    for m in (10000, 100000):
        add(R, "Python asyncio sleep(0) switch, %s tasks" % human(m),
            lambda n, m=m: [PY, os.path.join(ROOT, "bench/py_bench.py"), "asyncio", str(m)], 0, rounds=3)
    return rows


PT_SWITCH = "small loop (gen_pt_*) task switch, a counter and CORO_YIELD"
WIDE = "round robin over slots of a task's and its frame's bytes, a word per cache line"
PT_WIDE = "round robin over slots of a small-loop task's frame's bytes"


SWEEP = (("goto", "g1_port"), ("switch", "g1_port"), ("switch", "pts1_ptr"), ("switch", "pta1_ptr"))


def layout_builds():
    """gen_bench.c again for each compiler, backend and layout K of LAYOUTS:
    {(compiler, backend, K): binary}."""
    got = {}
    for tag, cc in CCS:
        for be in ("switch", "goto"):
            for k in LAYOUTS:
                lay = layout_flags(k)
                got[(tag, be, k)] = os.path.join(OUT, "lay_%s_%s_%d" % (tag, be, k))
                compile_c([cc] + CFLAGS + lay + ["-DCORO_BACKEND_" + be.upper(), os.path.join(ROOT, "bench/gen_bench.c"),
                                                 "-o", got[(tag, be, k)]])
    return got


def layout_sweep(got):
    """Times SWEEP at every layout, interleaved, BENCH_ROUNDS rounds:
    {(compiler, variant, backend): [the median ns/op at each layout]}."""
    ns = {}
    for rnd in range(ROUNDS):
        for tag, _ in CCS:
            for k in LAYOUTS:
                for be, v in SWEEP:
                    out = sh(TASKSET + [got[(tag, be, k)], v, str(N)])
                    ns.setdefault((tag, v, be, k), []).append(float(out.split()[1]))
    return {(tag, v, be): [statistics.median(ns[(tag, v, be, k)]) for k in LAYOUTS]
            for tag, _ in CCS for be, v in SWEEP}


def human(m):
    return "%dk" % (m // 1000) if m < 1000000 else "%dM" % (m // 1000000)


def callgrind(cmd):
    env = dict(os.environ, PYTHONHASHSEED="0")
    r = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"] + cmd,
                       capture_output=True, text=True, env=env)
    m = re.search(r"Collected : (\d+)", r.stderr)
    if r.returncode != 0 or not m:
        sys.exit("bench: callgrind failed: %s\n%s" % (" ".join(cmd), r.stderr[-2000:]))
    return int(m.group(1))


def count_instructions(rows, ex):
    jobs = []
    for row in rows:
        if not row.cg:
            continue
        mk = getattr(row, "cgcmd", row.cmd)
        n1, n2 = row.cg
        jobs.append((row, n1, n2, ex.submit(callgrind, mk(n1)), ex.submit(callgrind, mk(n2))))
    for row, n1, n2, f1, f2 in jobs:
        i1, i2 = f1.result(), f2.result()
        row.ir = (i2 - i1) / (row.ops(n2) - row.ops(n1))


def time_rows(rows):
    for rnd in range(max(r.rounds for r in rows)):
        for row in rows:
            if rnd >= row.rounds:
                continue
            out = sh(TASKSET + row.cmd(row.n))
            f = dict(zip(out.split()[::2], out.split()[1::2]))
            row.ns.append(float(f["ns_per_op"]))
            for k in ("rss_kb", "bytes_per_task", "task_bytes", "port_bytes", "pt_bytes"):
                if k in f:
                    row.extra[k] = int(f[k])
        print("  round %d/%d done" % (rnd + 1, max(r.rounds for r in rows)), file=sys.stderr)


def fmt(x, d=2):
    if x is None:
        return "-"
    return ("%.*f" % (d, x)) if x < 1000 else "{:,.0f}".format(x)


def base_of(r, rows):
    """The baseline row r is compared with: its group's, same compiler family."""
    fam = family(r.cc)
    for x in rows:
        if x.group == r.group or (r.group == G5 and x.group == G1):
            if x.name == BASE_NAME[r.group] and x.cc == fam:
                return x
    return None


def tables(rows):
    """[(group, hdr, lines)], one table per group, rows in their order."""
    for r in rows:
        r.med = statistics.median(r.ns)
    out = []
    for g in sorted(dict.fromkeys(r.group for r in rows), key=lambda g: [G1, G5, GE, R].index(g) if g in (G1, G5, GE, R) else 9):
        hdr = ["variant", "compiler", "ns/op (median)", "Ir/op", "x base (Ir)", "x base (ns)"] + (["peak RSS"] if g == R else [])
        lines = []
        for r in rows:
            if r.group != g:
                continue
            b = base_of(r, rows)
            xir = r.ir / b.ir if b and r.ir is not None and b.ir else None
            xns = r.med / b.med if b and b.med else None
            line = [r.name, r.cc, fmt(r.med), fmt(r.ir, 1), fmt(xir), fmt(xns)]
            if g == R:
                line.append("%.1f MB" % (r.extra["rss_kb"] / 1024) if "rss_kb" in r.extra else "")
            lines.append(line)
        out.append((g, hdr, lines))
    return out


def show(hdr, lines, left=2):
    """A text table: the first `left` columns left-aligned, the rest right."""
    w = [max(len(str(x[i])) for x in [hdr] + lines) for i in range(len(hdr))]
    out = []
    for j, l in enumerate([hdr] + lines):
        out.append("  ".join(str(x).ljust(w[i]) if i < left else str(x).rjust(w[i]) for i, x in enumerate(l)))
        if j == 0:
            out.append("  ".join("-" * k for k in w))
    return "\n".join(out)


def markdown(hdr, lines, left=2):
    """The same table in markdown."""
    out = ["| " + " | ".join(hdr) + " |", "|" + "|".join("---" if i < left else "---:" for i in range(len(hdr))) + "|"]
    out += ["| " + " | ".join(str(x) for x in l) + " |" for l in lines]
    return "\n".join(out)


def targets(rows, sweep):
    """The targets of the timed rows: [("PASS"|"MISS"|"info"|"note", text)].
    sweep: layout_sweep's figures."""
    res = []

    def t(ok, text):
        res.append(("PASS" if ok else "MISS", text))

    def get(group, name, cc):
        for r in rows:
            if r.group == group and r.name == name and r.cc == cc:
                return r
        return None

    for cc, _ in CCS:
        hf, hi, he = get(G1, HAND_FPTR, cc), get(G1, "hand iterator, inlined", cc), get(GE, HAND_ECHO, cc)
        ptsw = get(G1, "pt lc-switch: function pointer", cc)
        for be in ("switch", "goto"):
            p = get(G1, "gen.h %s: port (NAME_next)" % be, cc)
            t(p.ir <= 1.25 * hf.ir, "generator through its port (NAME_next) <= 1.25x the hand iterator via function "
              "pointer, in Ir (%s, %s): %.1f vs %.1f Ir = %.2fx" % (cc, be, p.ir, hf.ir, p.ir / hf.ir))
        pts = sweep[(cc, "pts1_ptr", "switch")]
        for be in ("switch", "goto"):
            p = get(G1, "gen.h %s: port (NAME_next)" % be, cc)
            ps = sweep[(cc, "g1_port", be)]
            per = [a / b for a, b in zip(ps, pts)]
            t(statistics.median(ps) <= 1.3 * statistics.median(pts),
              "generator through its port (NAME_next) within 1.3x pt lc-switch via function pointer, in ns, median "
              "over %d code layouts (%s, %s): %.2f vs %.2f ns = %.2fx (%.2fx to %.2fx by layout; %.2fx in the table's "
              "build; Ir %.1f vs %.1f)"
              % (len(ps), cc, be, statistics.median(ps), statistics.median(pts),
                 statistics.median(ps) / statistics.median(pts), min(per), max(per), p.med / ptsw.med, p.ir, ptsw.ir))
        pta = sweep[(cc, "pta1_ptr", "switch")]
        res.append(("info", "%s: pt's own goto variant (lc-addrlabels) is %.2fx pt lc-switch in the same sweep (%.2f vs "
                    "%.2f ns)"
                    % (cc, statistics.median(pta) / statistics.median(pts), statistics.median(pta), statistics.median(pts))))
        for be in ("switch", "goto"):
            p = get(GE, "gen.h %s: port (NAME_send)" % be, cc)
            t(p.ir <= 1.5 * he.ir, "NAME_send through the port <= 1.5x the hand-written echo via function pointer, "
              "in Ir (%s, %s): %.1f vs %.1f Ir = %.2fx" % (cc, be, p.ir, he.ir, p.ir / he.ir))
        d = get(G1, "gen.h switch: body called by name", cc)
        t(d.ir <= 1.2 * hi.ir, "a generator body called by name (gen.h caveat 6.2) inlines to within 1.2x the inlined "
          "hand iterator, in Ir (%s, switch): %.1f vs %.1f Ir = %.2fx" % (cc, d.ir, hi.ir, d.ir / hi.ir))
        gd = get(G1, "gen.h goto: body called by name", cc)
        res.append(("info", "%s, goto: a body called by name %.1f Ir = %.2fx the inlined hand iterator (a function "
                    "whose labels' addresses are taken is not inlined)" % (cc, gd.ir, gd.ir / hi.ir)))
        # coro.h part I through a pointer, each job, against each peer through a pointer
        for be in ("switch", "goto"):
            for peer in ("pt lc-switch", "Tatham crReturn"):
                figs, ok = [], True
                for grp, job in ((G1, "1 yield"), (G5, "5 yields"), (GE, "echo")):
                    o, q = get(grp, "coro.h %s: function pointer" % be, cc), get(grp, "%s: function pointer" % peer, cc)
                    ok = ok and o.ir <= q.ir + 0.5
                    figs.append("%s %.1f vs %.1f" % (job, o.ir, q.ir))
                t(ok, "coro.h part I resumed through a pointer no slower than %s through a pointer, in Ir (%s, %s; "
                  "ties within 0.5): %s Ir" % (peer, cc, be, ", ".join(figs)))
    # the C++ peers, each against the C rows of its compiler family
    for r in [r for r in rows if r.group == G1 and (r.name.startswith("Boost.Asio") or r.name.startswith("C++20"))]:
        fam = family(r.cc)
        if r.name.endswith("function pointer"):
            op = max(get(G1, "gen.h %s: port (NAME_next)" % be, fam).ir for be in ("switch", "goto"))
            t(op <= r.ir + 0.5, "port no slower than %s (%s): ours (worst port, %s) %.1f Ir vs %.1f Ir"
              % (r.name, r.cc, fam, op, r.ir))
        else:
            ours = min(get(G1, "gen.h %s: body called by name" % be, fam).ir for be in ("switch", "goto"))
            t(ours <= r.ir + 0.5, "no slower than %s (%s): ours (best body called by name, %s) %.1f Ir vs %.1f Ir"
              % (r.name, r.cc, fam, ours, r.ir))
    cc0 = CCS[0][0]
    ons = max(get(G1, "gen.h %s: port (NAME_next)" % be, cc0).med for be in ("switch", "goto"))
    uc = get(G1, "glibc ucontext swapcontext x2", cc0)
    t(uc.med / ons >= 100, ">= 100x faster than ucontext (time; port, worse backend, %s): %.1f ns vs %.2f ns = %.0fx"
      % (cc0, uc.med, ons, uc.med / ons))
    pn = [r for r in rows if r.group == G1 and r.name.startswith("CPython")][0]
    t(pn.med / ons >= 25, ">= 25x faster than CPython next(g) (time): %.1f ns vs %.2f ns = %.0fx" % (pn.med, ons, pn.med / ons))

    # the runtime
    base = [r for r in rows if r.name == BARE][0]
    rr = [r for r in rows if r.name.startswith("function-pointer round robin")][0]
    sws = [r for r in rows if r.name.startswith("task switch")]
    s1 = sws[0]
    t(s1.ir <= 3 * base.ir, "task switch <= 3x bare generator resume (1k tasks, Ir): %.1f vs %.1f = %.2fx"
      % (s1.ir, base.ir, s1.ir / base.ir))
    t(s1.ir <= 2.5 * rr.ir, "task switch <= 2.5x a function-pointer round robin (1k tasks / slots, Ir): %.1f vs %.1f = "
      "%.2fx (ns: %.2f vs %.2f)" % (s1.ir, rr.ir, s1.ir / rr.ir, s1.med, rr.med))
    flat = [r for r in sws if not r.name.endswith("10M tasks")]   # 1k .. 1M
    hi_ns, lo_ns = max(r.med for r in flat), min(r.med for r in flat)
    irs = [r.ir for r in flat if r.ir is not None]
    wide = [r for r in rows if r.name.startswith(WIDE)]
    mem = ("; the memory alone (%s): ns %s = %.2fx" % (WIDE, " / ".join(fmt(r.med) for r in wide),
                                                     wide[-1].med / wide[0].med)) if len(wide) == 2 else ""
    t(hi_ns / lo_ns <= 1.5 and (max(irs) / min(irs) <= 1.1 if irs else True),
      "task switch flat from 1k to %s tasks (max/min <= 1.5x in time, <= 1.1x in Ir): ns %s = %.2fx; Ir %s%s"
      % (flat[-1].name.split(", ")[-1].replace(" tasks", ""), " / ".join(fmt(r.med) for r in flat), hi_ns / lo_ns,
         " / ".join(fmt(x, 1) for x in irs), mem))
    for r in [r for r in rows if r.name.startswith("Python asyncio")]:
        m = r.name.split(", ")[-1]
        mine = [x for x in sws if x.name.endswith(m)]
        mine = mine[0] if mine else sws[0]
        t(r.med / mine.med >= 500, ">= 500x asyncio's switch rate (%s): %.0f ns vs %.2f ns (%s) = %.0fx"
          % (m, r.med, mine.med, mine.name.split(", ")[-1], r.med / mine.med))
    bpt = base.extra.get("bytes_per_task", 0)
    t(bpt <= 64, "<= 64 bytes of runtime state per task on x86-64, port included: sizeof(gen_task_t) %d + "
      "sizeof(gen_async) %d = %d bytes" % (base.extra.get("task_bytes", 0), base.extra.get("port_bytes", 0), bpt))
    big = [r for r in sws if r.name.endswith("10M tasks")]
    if big:
        mb = big[0].extra["rss_kb"] / 1024
        t(mb <= 800, "10M tasks within 800 MB: peak RSS %.0f MB (VmHWM)" % mb)
    else:
        res.append(("note", "10M tasks within 800 MB: not measured (BENCH_NO_10M)"))
    # the same targets for the small loop (gen.h section 11): protothread-style tasks
    pts = [r for r in rows if r.name.startswith(PT_SWITCH)]
    if pts:
        p1 = pts[0]
        t(p1.ir <= 2.5 * rr.ir, "small loop: task switch <= 2.5x a function-pointer round robin (1k tasks / slots, "
          "Ir): %.1f vs %.1f = %.2fx (ns: %.2f vs %.2f)" % (p1.ir, rr.ir, p1.ir / rr.ir, p1.med, rr.med))
        pflat = [r for r in pts if not r.name.endswith("10M tasks")]
        hi, lo = max(r.med for r in pflat), min(r.med for r in pflat)
        pirs = [r.ir for r in pflat if r.ir is not None]
        pwide = [r for r in rows if r.name.startswith(PT_WIDE)]
        pmem = ("; the memory alone (%s): ns %s = %.2fx" % (PT_WIDE, " / ".join(fmt(r.med) for r in pwide),
                                                           pwide[-1].med / pwide[0].med)) if len(pwide) == 2 else ""
        t(hi / lo <= 1.5 and (max(pirs) / min(pirs) <= 1.1 if pirs else True),
          "small loop: task switch flat from 1k to %s tasks (max/min <= 1.5x in time, <= 1.1x in Ir): ns %s = "
          "%.2fx; Ir %s%s" % (pflat[-1].name.split(", ")[-1].replace(" tasks", ""),
                              " / ".join(fmt(r.med) for r in pflat), hi / lo, " / ".join(fmt(x, 1) for x in pirs), pmem))
        for r in [r for r in rows if r.name.startswith("Python asyncio")]:
            m = r.name.split(", ")[-1]
            mine = ([x for x in pts if x.name.endswith(m)] or pts)[0]
            t(r.med / mine.med >= 500, "small loop: >= 500x asyncio's switch rate (%s): %.0f ns vs %.2f ns (%s) = %.0fx"
              % (m, r.med, mine.med, mine.name.split(", ")[-1], r.med / mine.med))
        pb = base.extra.get("pt_bytes", 0)
        t(pb <= 64, "small loop: <= 64 bytes of state per task on x86-64 (its gen_pt_t: the body's place, the "
          "loop's link, the deadline): %d bytes" % pb)
        pbig = [r for r in pts if r.name.endswith("10M tasks")]
        if pbig:
            mb = pbig[0].extra["rss_kb"] / 1024
            t(mb <= 800, "small loop: 10M tasks within 800 MB: peak RSS %.0f MB (VmHWM; each task's frame: its "
              "gen_pt_t and a counter)" % mb)
    return res


SIZE_TARGETS = (
    ("Cortex-M0 (arm-none-eabi-gcc -Os)", "arm-none-eabi-gcc", ["-mcpu=cortex-m0", "-mthumb"], "arm-none-eabi-size", ("SWITCH", "GOTO")),
    ("AVR ATmega328P (avr-gcc -Os)", "avr-gcc", ["-mmcu=atmega328p"], "avr-size", ("SWITCH", "GOTO")),
    ("8051 (sdcc --model-large)", "sdcc", None, None, ("SWITCH",)),
)


SMALL_BUILD = ["-DGEN_NO_IO", "-DCORO_NO_MESSAGES"]   # the TickTasks sketch's levers but the combinators
SIZE_JOBS = (  # (job, ours, hand, extra flags for ours): sources relative to the project
    ("generator (gen.h)", "test/matrix/size/ref_gen.c", "test/matrix/size/ref_sm.c", []),
    ("task (gen.h runtime, tick clock)", "bench/size/ref_task.c", "bench/size/ref_task_sm.c", []),
    ("task, GEN_NO_IO CORO_NO_MESSAGES", "bench/size/ref_task.c", "bench/size/ref_task_sm.c", SMALL_BUILD),
    ("task (gen.h small loop, tick clock)", "bench/size/ref_pt.c", "bench/size/ref_task_sm.c", []),
)
SDCC_FLASH = ("CSEG", "CONST", "_CODE", "CODE", "_RODATA", "RODATA", "INITIALIZER", "_INITIALIZER", "HOME",
              "GSINIT", "GSFINAL", "_HOME", "_GSINIT", "_GSFINAL")
# sdcc keeps every static function a header defines, used or not: leave out
# what each reference does not use (as the matrix's size cells do)
SDCC_CFG = {"ref_gen": ["-DGEN_NO_ASYNC", "-DGEN_NO_PT", "-DGEN_NO_COMBINATORS"],
            "ref_task": ["-DGEN_NO_COMBINATORS", "-DGEN_NO_PT"], "ref_pt": ["-DGEN_PT_ONLY"]}
SDCC_RAM = ("DSEG", "XSEG", "ISEG", "OSEG", "BSEG", "PSEG", "XISEG", "_DATA", "DATA", "_BSS", "BSS", "_INITIALIZED")


def size_one(cc, flags, size, be, src, tmp, extra=()):
    """(flash, RAM, why) of one source's object file, built with the extra
    flags too: flash is code + constants (+ initialisers), RAM is data +
    bss (the frames are static)."""
    src = os.path.join(ROOT, src)
    incs = list(extra) + ["-I", ROOT, "-I", os.path.dirname(src)]
    tag = os.path.splitext(os.path.basename(src))[0]
    out = tag + ("_small" if extra else "")
    if cc == "sdcc":
        d = os.path.join(tmp, "sdcc_%s_%s/" % (be, out))
        os.makedirs(d, exist_ok=True)
        try:
            r = subprocess.run(["sdcc", "-mmcs51", "--model-large", "--stack-auto", "--std-c99", "--opt-code-size",
                                "-DNDEBUG", "-DCORO_BACKEND_" + be] + SDCC_CFG.get(tag, []) + incs + ["-c", src, "-o", d],
                               capture_output=True, text=True, timeout=SDCC_TIMEOUT)
        except subprocess.TimeoutExpired:
            return None, None, "sdcc took over %d s" % SDCC_TIMEOUT
        rel = os.path.join(d, tag + ".rel")
        if r.returncode != 0 or not os.path.exists(rel):
            err = [l for l in (r.stdout + r.stderr).splitlines() if "error" in l]
            return None, None, ("sdcc: " + err[0].replace(ROOT + "/", "").strip().split(". ")[0] if err else "build failed")
        flash = ram = 0
        for line in open(rel):
            f = line.split()
            if len(f) >= 4 and f[0] == "A" and f[2] == "size":
                if f[1] in SDCC_FLASH:
                    flash += int(f[3], 16)
                elif f[1] in SDCC_RAM:
                    ram += int(f[3], 16)
        return flash, ram, ""
    obj = os.path.join(tmp, "%s_%s_%s.o" % (cc, be, out))
    r = subprocess.run([cc] + flags + ["-Os", "-DNDEBUG", "-std=c99", "-DCORO_BACKEND_" + be] + incs +
                       ["-c", src, "-o", obj], capture_output=True, text=True)
    if r.returncode != 0:
        return None, None, "build failed"
    f = subprocess.run([size, obj], capture_output=True, text=True).stdout.splitlines()[1].split()
    return int(f[0]) + int(f[1]), int(f[1]) + int(f[2]), ""


def note_missing_toolchains():
    """[("note", text)] for each size toolchain that is not installed."""
    return [("note", "%s not installed (test/matrix/install.sh installs it): no %s figures" % (cc, name))
            for name, cc, _, _, _ in SIZE_TARGETS if not shutil.which(cc)]


M0 = SIZE_TARGETS[0]   # Cortex-M0: the 3-state protothread and the flash targets
PT3_IMPLS = (  # (name, PT3_IMPL, backend) of bench/size/pt3.c
    ("pt lc-switch", 1, "SWITCH"),
    ("pt lc-addrlabels", 2, "SWITCH"),
    ("coro.h switch", 3, "SWITCH"),
    ("coro.h goto", 3, "GOTO"),
)


def pt3_size(impl, be, threads, tmp):
    """.text + .rodata of bench/size/pt3.c with that many threads, on the
    Cortex-M0 (-Os -DNDEBUG), from arm-none-eabi-size -A; None on failure."""
    _, cc, flags, size, _ = M0
    obj = os.path.join(tmp, "pt3_%d_%s_%d.o" % (impl, be, threads))
    r = subprocess.run([cc] + flags + ["-Os", "-DNDEBUG", "-std=c99", "-Wall", "-Wextra", "-DCORO_BACKEND_" + be,
                        "-DPT3_IMPL=%d" % impl, "-DPT3_THREADS=%d" % threads, "-I", ROOT, "-I", os.path.join(ROOT, "bench"),
                        "-c", os.path.join(ROOT, "bench/size/pt3.c"), "-o", obj], capture_output=True, text=True)
    if r.returncode != 0:
        print("bench: pt3.c failed to build:\n%s" % r.stderr, file=sys.stderr)
        return None
    if r.stderr.strip():
        print("bench: warnings from pt3.c:\n%s" % r.stderr, file=sys.stderr)
    out = subprocess.run([size, "-A", obj], capture_output=True, text=True).stdout
    return sum(int(l.split()[1]) for l in out.splitlines() if l.startswith((".text", ".rodata")))


def sizes(ex):
    """Size rows: each SIZE_JOBS reference next to its hand-written twin, for
    the toolchains test/matrix/install.sh installed, and the 3-state
    protothread on the Cortex-M0. Futures, run alongside callgrind."""
    tmp = os.path.join(OUT, "size")
    os.makedirs(tmp, exist_ok=True)
    jobs, pt3 = [], []
    for name, cc, flags, size, bes in SIZE_TARGETS:
        if not shutil.which(cc):
            continue
        for job, ours, hand, extra in SIZE_JOBS:
            for be in bes:
                jobs.append((name, be, job, ex.submit(size_one, cc, flags, size, be, ours, tmp, extra),
                             ex.submit(size_one, cc, flags, size, be, hand, tmp)))
    if shutil.which(M0[1]):
        for name, impl, be in PT3_IMPLS:
            pt3.append((name, [ex.submit(pt3_size, impl, be, n, tmp) for n in (0, 1, 2)]))
    return jobs, pt3


def size_table(jobs):
    hdr = ["target", "backend", "job", "ours: flash", "ours: RAM", "hand-written: flash", "hand-written: RAM",
           "x hand (flash)", "x hand (RAM)"]
    lines, got = [], {}
    for name, be, job, fo, fh in jobs:
        (of, oram, why), (hf, hram, _) = fo.result(), fh.result()
        got[(name, be, job)] = (of, oram, hf, hram)
        b = lambda x: "%d B" % x if x is not None else "-"
        lines.append([name, be.lower(), job, b(of) if of is not None else "- (%s)" % why, b(oram), b(hf), b(hram),
                      "%.2f" % (of / hf) if of and hf else "-", "%.2f" % (oram / hram) if oram and hram else "-"])
    return hdr, lines, got


def pt3_table(pt3):
    """The 3-state protothread: hdr, lines, {name: (first, further)}."""
    hdr = ["implementation", "0 threads", "1 thread", "2 threads", "first thread", "each further thread"]
    lines, got = [], {}
    for name, fs in pt3:
        s0, s1, s2 = (f.result() for f in fs)
        if None in (s0, s1, s2):
            lines.append([name, "-", "-", "-", "- (build failed)", "-"])
            continue
        got[name] = (s1 - s0, s2 - s1)
        lines.append([name] + ["%d B" % x for x in (s0, s1, s2, s1 - s0, s2 - s1)])
    return hdr, lines, got


def size_targets(sgot, pgot, hsz):
    """The size targets: [("PASS"|"MISS"|"note", text)]."""
    res = note_missing_toolchains()

    def t(ok, text):
        res.append(("PASS" if ok else "MISS", text))
    m0 = M0[0].split(" (")[0]
    pt = pgot.get("pt lc-switch")
    for name in ("coro.h switch", "coro.h goto"):
        if pt and name in pgot:
            for i, fig in enumerate(("first thread", "each further thread")):
                o, p = pgot[name][i], pt[i]
                t(o <= 1.15 * p, "3-state protothread on %s (-Os -DNDEBUG, .text + .rodata), %s: %s <= 1.15x pt "
                  "lc-switch: %d B vs %d B = %.2fx" % (m0, fig, name, o, p, o / p))
    for target, ct_sw, ct_goto, ptr, gt in hsz:
        if ct_sw is None:
            res.append(("note", "control block on %s: the probe did not build" % target))
            continue
        ok = ct_sw == 2 and (ct_goto is None or ct_goto == ptr)
        t(ok, "control block sizeof(coro_t) on %s (-DNDEBUG, CORO_LINE_TYPE default): switch %d B (target 2), %s"
          "; a generator's gen_t (switch): %s B"
          % (target, ct_sw, "goto %s B (target: a pointer, %s B)" % (ct_goto, ptr) if ct_goto is not None
             else "no goto backend there", gt))
    for job in SIZE_JOBS[1:]:
        for be in ("SWITCH", "GOTO"):
            of, _, _, _ = sgot.get((M0[0], be, job[0]), (None,) * 4)
            if of:
                t(of <= 700, "flash of the reference blinking task (%s: %s, tick clock, one task, "
                  "sleep%s) on %s (%s) <= 700 B: %d B"
                  % (job[1], "the small loop" if "small loop" in job[0] else "loop",
                     ", " + " ".join(f[2:] for f in job[3]) if job[3] else "", m0, be.lower(), of))
    for be in ("SWITCH", "GOTO"):
        of, oram, hf, hram = sgot.get((M0[0], be, SIZE_JOBS[0][0]), (None,) * 4)
        if of and hf:
            t(of <= 1.5 * hf, "flash of the reference generator (gen.h, test/matrix/size/ref_gen.c) on %s (%s) <= 1.5x "
              "the hand-written state machine (ref_sm.c): %d B vs %d B = %.2fx" % (m0, be.lower(), of, hf, of / hf))
            t(oram <= 1.5 * hram, "RAM of the reference generator on %s (%s) <= 1.5x the hand-written state machine: "
              "%d B vs %d B = %.2fx" % (m0, be.lower(), oram, hram, oram / hram))
    return res


def header_sizes():
    """sizeof(coro_t) (switch and goto backends), sizeof(void *) and
    sizeof(gen_t) (switch), -DNDEBUG, on the small targets whose toolchains
    are there: [(target, coro_t switch, coro_t goto or None, pointer, gen_t)].
    A global of each type is compiled and its size read back (nm -S; sdcc's
    .rel areas). coro_t's probe includes coro.h alone, gen_t's gen.h."""
    tmp = os.path.join(OUT, "header")
    os.makedirs(tmp, exist_ok=True)
    probes = {}   # name -> source file
    for name, hdr, be, typ in (("coro_switch", "coro.h", "SWITCH", "coro_t"), ("coro_goto", "coro.h", "GOTO", "coro_t"),
                               ("gen_switch", "gen.h", "SWITCH", "gen_t"), ("ptr", None, None, "void *")):
        path = os.path.join(tmp, "%s.c" % name)
        with open(path, "w") as f:
            f.write("#define NDEBUG\n")
            if hdr:
                f.write('#define CORO_BACKEND_%s\n#include "%s"\n' % (be, hdr))
            f.write("%s header_probe;\n" % typ)
        probes[name] = path
    out = []
    for target, cc, flags, nm in (("Cortex-M0", "arm-none-eabi-gcc", ["-mcpu=cortex-m0", "-mthumb"], "arm-none-eabi-nm"),
                                  ("AVR ATmega328P", "avr-gcc", ["-mmcu=atmega328p"], "avr-nm")):
        if not shutil.which(cc):
            continue
        got = {}
        for name, path in probes.items():
            o = os.path.join(tmp, "%s_%s.o" % (cc, name))
            r = subprocess.run([cc] + flags + ["-Os", "-std=c99", "-fno-common", "-I", ROOT, "-c", path, "-o", o],
                               capture_output=True, text=True)
            sym = subprocess.run([nm, "-S", o], capture_output=True, text=True).stdout if r.returncode == 0 else ""
            m = re.search(r"^\S+ (\S+) \S header_probe$", sym, re.M)
            got[name] = int(m.group(1), 16) if m else None
        out.append((target, got["coro_switch"], got["coro_goto"], got["ptr"], got["gen_switch"]))
    if shutil.which("sdcc"):   # no labels as values: the switch backend only
        got = {}
        for name in ("coro_switch", "gen_switch", "ptr"):
            d = os.path.join(tmp, "sdcc_%s/" % name)
            os.makedirs(d, exist_ok=True)
            subprocess.run(["sdcc", "-mmcs51", "--model-large", "--stack-auto", "--std-c99", "-DGEN_NO_ASYNC", "-DGEN_NO_PT", "-I", ROOT,
                            "-c", probes[name], "-o", d], capture_output=True, text=True)
            size = None
            rel = os.path.join(d, "%s.rel" % name)
            if os.path.exists(rel):
                for line in open(rel):
                    f = line.split()
                    if len(f) >= 4 and f[0] == "A" and f[1] == "XSEG" and f[2] == "size":
                        size = int(f[3], 16)
            got[name] = size
        out.append(("8051 (sdcc --model-large)", got["coro_switch"], None, got["ptr"], got["gen_switch"]))
    return out


def chart(rows, path):
    """The 1-yield table as a bar chart: the C rows of the first compiler
    (gcc) and every other row (C++, ucontext, CPython)."""
    if not shutil.which("gnuplot"):
        print("bench: gnuplot missing (bench/install.sh): no chart", file=sys.stderr)
        return
    others = [t for t, _ in CCS[1:]]
    dat = os.path.join(OUT, "chart.dat")
    with open(dat, "w") as f:
        for r in rows:
            if r.group != G1 or r.cc in others:
                continue
            lab = r.name.replace(" [base]", "").replace('"', "'") + (" (%s)" % r.cc if r.cc != "-" else "")
            f.write('"%s" %.4f %s\n' % (lab, r.med, "%.2f" % r.ir if r.ir is not None else "NaN"))
    gp = """set terminal pngcairo size 1600,850 noenhanced font ",10"
set output '%s'
set title 'one produced value per round trip (1 yield; C rows: %s -O2 -DNDEBUG): instructions (callgrind) and ns (median), log scale'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set logscale y
set yrange [0.1:*]
set grid ytics
set xtics rotate by 35 right scale 0
set key top left
set bmargin 19
set lmargin 26
set rmargin 8
plot '%s' using 3:xtic(1) title 'instructions/op' lc rgb '#3060c0', '' using 2 title 'ns/op' lc rgb '#e08020'
""" % (path, CCS[0][0], dat)
    r = subprocess.run(["gnuplot"], input=gp, capture_output=True, text=True)
    if r.returncode != 0:
        gp = gp.replace("pngcairo", "png")
        r = subprocess.run(["gnuplot"], input=gp, capture_output=True, text=True)
    if r.returncode != 0:
        print("bench: gnuplot failed: %s" % r.stderr, file=sys.stderr)


def version(cmd):
    r = subprocess.run([cmd, "--version"], capture_output=True, text=True)
    return r.stdout.splitlines()[0] if r.returncode == 0 and r.stdout else cmd


SIZE_NOTE = ("flash = code + constants (+ initialisers), RAM = data + bss (the frames, loop and task are static); "
             "object files at -Os -DNDEBUG")
PT3_NOTE = ("a 3-state protothread (bench/size/pt3.c: wait until a flag, yield, end) on the Cortex-M0, "
            "arm-none-eabi-gcc -mcpu=cortex-m0 -mthumb -Os -DNDEBUG: .text + .rodata of objects holding 0, 1 and 2 such "
            "threads (distinct functions, external linkage, a flag each); first = 1 - 0, further = 2 - 1")


def main():
    t0 = time.time()
    cpp, asio = build()
    rows = rows_for(cpp, asio)
    with cf.ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as ex:
        szjobs, pt3jobs = sizes(ex)
        if shutil.which("valgrind") and not os.environ.get("BENCH_NO_CALLGRIND"):
            print("bench: counting instructions with callgrind (and sizes)...", file=sys.stderr)
            t1 = time.time()
            count_instructions(rows, ex)
            print("bench: callgrind took %.0f s" % (time.time() - t1), file=sys.stderr)
        else:
            print("bench: valgrind missing (bench/install.sh) or BENCH_NO_CALLGRIND: no Ir/op, no timing targets",
                  file=sys.stderr)
        shdr, slines, sgot = size_table(szjobs)
        phdr, plines, pgot = pt3_table(pt3jobs)
    print("bench: timing %d rows x %d rounds (N = %d)%s..." % (len(rows), ROUNDS, N,
          " pinned with taskset" if TASKSET else ""), file=sys.stderr)
    t1 = time.time()
    time_rows(rows)
    print("bench: timing took %.0f s" % (time.time() - t1), file=sys.stderr)
    t1 = time.time()
    sweep = layout_sweep(layout_builds())
    print("bench: the layout sweep took %.0f s" % (time.time() - t1), file=sys.stderr)
    tabs = tables(rows)
    res = targets(rows, sweep) if all(r.ir is not None for r in rows if r.cg) else []
    res += size_targets(sgot, pgot, header_sizes())
    host = subprocess.run(["uname", "-srm"], capture_output=True, text=True).stdout.strip()
    head = "make bench: N = %d, %d rounds, %s; C rows: %s, -O2 -DNDEBUG; runtime rows: %s" % (
        N, ROUNDS, host, "; ".join(version(c) for _, c in CCS), CCS[0][0])
    base = [r for r in rows if r.name == BARE][0]
    state = ("runtime state per task: %s bytes (sizeof gen_task_t %s + sizeof gen_async %s), the frame's own fields "
             "not counted; the small loop's task: sizeof gen_pt_t %s" % (base.extra.get("bytes_per_task"),
                                                                         base.extra.get("task_bytes"),
                                                                         base.extra.get("port_bytes"),
                                                                         base.extra.get("pt_bytes")))
    print(head)
    for g, hdr, lines in tabs:
        print("\n== %s\n%s" % (g, show(hdr, lines)))
    print("\n" + state)
    if slines:
        print("\n== size: the references of test/matrix/size/ and bench/size/ next to hand-written state machines doing "
              "the same job; %s\n%s" % (SIZE_NOTE, show(shdr, slines)))
    if plines:
        print("\n== size: %s\n%s" % (PT3_NOTE, show(phdr, plines)))
    print("\ntargets (goals, not tests):")
    for ok, text in res:
        print("  %s  %s" % (ok, text))
    with open(os.path.join(OUT, "results.md"), "w") as f:
        f.write("# make bench\n\n%s\n\n" % head)
        for g, hdr, lines in tabs:
            f.write("## %s\n\n%s\n\n" % (g[0].upper() + g[1:], markdown(hdr, lines)))
        f.write("%s\n\n" % state)
        if slines:
            f.write("## Flash and RAM\n\nThe reference generator (test/matrix/size/ref_gen.c: Fibonacci numbers, one a "
                    "call) and the reference task (bench/size/ref_task.c: an LED blinking every 500 ticks on a tick "
                    "clock, polled from a super-loop) next to hand-written state machines doing the same job "
                    "(ref_sm.c, ref_task_sm.c); %s.\n\n%s\n\n" % (SIZE_NOTE, markdown(shdr, slines)))
        if plines:
            f.write("## A 3-state protothread\n\nCode size of %s.\n\n%s\n\n" % (PT3_NOTE, markdown(phdr, plines)))
        f.write("## Targets\n\n")
        for ok, text in res:
            f.write("- **%s** %s\n" % (ok, text))
    chart(rows, os.path.join(OUT, "chart.png"))
    print("\nwrote build/bench/results.md, build/bench/chart.png (%.0f s)" % (time.time() - t0))
    if not os.environ.get("BENCH_NO_NET"):
        print("bench: the network benchmark (bench/net_bench.py)...", file=sys.stderr)
        r = subprocess.run([PY, os.path.join(ROOT, "bench", "net_bench.py")])
        if r.returncode != 0:
            sys.exit("bench: the network benchmark failed (status %d); the other results are in build/bench/results.md"
                     % r.returncode)


if __name__ == "__main__":
    main()
