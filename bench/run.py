#!/usr/bin/env python3
"""bench/run.py - `make bench`: build every variant, time it, count its
instructions, print the table, write build/bench/results.md and chart.png.

usage: python3 bench/run.py [N]      N: round trips per timed run (default 20000000)
env:   CC (default cc), BENCH_ROUNDS (default 5), BENCH_NO_CALLGRIND=1, BENCH_NO_10M=1

ns/op: the median of BENCH_ROUNDS rounds; in each round every row runs once,
in order (interleaved), pinned with taskset when present.
Ir/op: instructions per op from valgrind --tool=callgrind, run at two sizes
and differenced, so the fixed start-up cost cancels out (deterministic).
x base: the row's Ir/op (else ns/op) over its group's baseline row's.
"""
import concurrent.futures as cf
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "build", "bench")
SDCC_TIMEOUT = int(os.environ.get("BENCH_SDCC_TIMEOUT", "120"))  # seconds one sdcc compile may take
CC = os.environ.get("CC", "cc")
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


def build():
    os.makedirs(OUT, exist_ok=True)
    b = lambda *p: os.path.join(OUT, *p)
    cflags = ["-std=gnu99", "-O2", "-Wall", "-Wextra", "-I", ROOT]
    built = {}
    for be in ("SWITCH", "GOTO"):
        sh([CC] + cflags + ["-DCORO_BACKEND_" + be, os.path.join(ROOT, "bench/gen_bench.c"), "-o", b("gen_" + be.lower())])
    sh([CC] + cflags + [os.path.join(ROOT, "bench/rt_bench.c"), "-o", b("rt")])
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
    def __init__(self, group, name, cmd, n, ops=None, cg=None, rounds=None, note=""):
        self.group, self.name, self.cmd, self.n = group, name, cmd, n
        self.ops = ops or (lambda n: n)   # ops done by cmd(n), for callgrind
        self.cg = cg                      # (n1, n2) for callgrind, or None
        self.rounds = rounds or ROUNDS
        self.note = note
        self.ns, self.ir, self.extra = [], None, {}


def rows_for(cpp, asio):
    b = lambda *p: os.path.join(OUT, *p)
    G, R = "generator round trip", "async runtime"
    rows = []
    add = lambda *a, **k: rows.append(Row(*a, **k)) or rows[-1]
    c = lambda exe, v: (lambda n: [exe, v, str(n)])
    cg = (1000, 11000)
    gs, gg = b("gen_switch"), b("gen_goto")
    add(G, "hand iterator, inlined (C)", c(gs, "hand_inline"), N, cg=cg)
    add(G, "hand iterator, function pointer (C) [base]", c(gs, "hand_fptr"), N, cg=cg).base = True
    for be, exe in (("switch", gs), ("goto", gg)):
        add(G, "gen.h %s: direct (body called by name), 1 yield" % be, c(exe, "g1_body"), N, cg=cg)
        add(G, "gen.h %s: NAME_next, body known to the compiler, 1 yield" % be, c(exe, "g1_direct"), N, cg=cg)
        add(G, "gen.h %s: port, 1 yield" % be, c(exe, "g1_port"), N, cg=cg)
        add(G, "gen.h %s: direct (body called by name), 5 yields" % be, c(exe, "g5_body"), N, cg=cg)
        add(G, "gen.h %s: NAME_next, body known to the compiler, 5 yields" % be, c(exe, "g5_direct"), N, cg=cg)
        add(G, "gen.h %s: port, 5 yields" % be, c(exe, "g5_port"), N, cg=cg)
        add(G, "gen.h %s: send, body known to the compiler" % be, c(exe, "send_direct"), N, cg=cg)
        add(G, "gen.h %s: send, port" % be, c(exe, "send_port"), N, cg=cg)
    for tag, exe in cpp.items():
        add(G, "C++20 generator<long> (%s)" % tag, c(exe, "cpp20"), N, cg=cg)
    if asio:
        for tag, exe in cpp.items():
            if tag == "clang++-19":
                continue
            add(G, "Boost.Asio coroutine, direct (%s)" % tag, c(exe, "asio"), N, cg=cg)
            add(G, "Boost.Asio coroutine, function pointer (%s)" % tag, c(exe, "asio_fptr"), N, cg=cg)
    add(G, "glibc ucontext swapcontext x2", c(gs, "ucontext"), max(N // 100, 1000), cg=cg)
    pyc = lambda v: (lambda n: [PY, os.path.join(ROOT, "bench/py_bench.py"), v, str(n)])
    add(G, "CPython %s next(g)" % sys.version.split()[0], pyc("next"), max(N // 20, 1000), cg=(1000, 11000))
    add(G, "CPython %s g.send(x)" % sys.version.split()[0], pyc("send"), max(N // 20, 1000), cg=(1000, 11000))

    rt = b("rt")
    add(R, "bare generator resume (gen_async_next, port) [base]", lambda n: [rt, "resume", "0", str(n)], N,
        cg=(1000, 101000)).base = True

    def sw(m, cgk=None, rounds=None):
        k = max(2, N // m)
        return add(R, "task switch, GEN_SLEEP0, %s tasks" % human(m),
                   lambda n, m=m, k=k: [rt, "switch", str(m), str(k)], 0,
                   ops=lambda kk, m=m: m * kk,
                   cg=None if not cgk else cgk, rounds=rounds, note="m=%d" % m)
    r1 = sw(1000, (10, 110))
    r1.cgcmd = lambda kk: [rt, "switch", "1000", str(kk)]
    r10 = sw(10000, (2, 12))
    r10.cgcmd = lambda kk: [rt, "switch", "10000", str(kk)]
    r2 = sw(100000, (2, 4))
    r2.cgcmd = lambda kk: [rt, "switch", "100000", str(kk)]
    r3 = sw(1000000, (1, 2), rounds=3)
    r3.cgcmd = lambda kk: [rt, "switch", "1000000", str(kk)]
    if not os.environ.get("BENCH_NO_10M"):
        sw(10000000, rounds=3)
    s = add(R, "1M sleeping tasks, distinct deadlines (virtual clock)", lambda n: [rt, "sleep", "1000000", "0"], 0,
            cg=(10000, 20000), rounds=3)
    s.cgcmd = lambda m: [rt, "sleep", str(m), "0"]
    for m in (10000, 100000):
        add(R, "Python asyncio sleep(0) switch, %s tasks" % human(m),
            lambda n, m=m: [PY, os.path.join(ROOT, "bench/py_bench.py"), "asyncio", str(m)], 0, rounds=3)
    return rows


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
    if True:
        for row in rows:
            if not row.cg:
                continue
            mk = getattr(row, "cgcmd", row.cmd)
            n1, n2 = row.cg
            jobs.append((row, n1, n2, ex.submit(callgrind, mk(n1)), ex.submit(callgrind, mk(n2))))
        for row, n1, n2, f1, f2 in jobs:
            i1, i2 = f1.result(), f2.result()
            if hasattr(row, "cgcmd") and row.group == "async runtime" and "switch" in row.name:
                ops = row.ops(n2) - row.ops(n1)
            else:
                ops = n2 - n1
            row.ir = (i2 - i1) / ops


def time_rows(rows):
    for rnd in range(max(r.rounds for r in rows)):
        for row in rows:
            if rnd >= row.rounds:
                continue
            out = sh(TASKSET + row.cmd(row.n))
            f = dict(zip(out.split()[::2], out.split()[1::2]))
            row.ns.append(float(f["ns_per_op"]))
            for k in ("rss_kb", "bytes_per_task", "task_bytes", "port_bytes"):
                if k in f:
                    row.extra[k] = int(f[k])
        print("  round %d/%d done" % (rnd + 1, max(r.rounds for r in rows)), file=sys.stderr)


def fmt(x, d=2):
    if x is None:
        return "-"
    return ("%.*f" % (d, x)) if x < 1000 else "{:,.0f}".format(x)


def table(rows):
    bases = {r.group: r for r in rows if getattr(r, "base", False)}
    hdr = ["group", "variant", "ns/op (median)", "Ir/op", "x base (Ir)", "x base (ns)", "peak RSS"]
    lines = []
    for r in rows:
        r.med = statistics.median(r.ns)
    for r in rows:
        b = bases[r.group]
        xir = r.ir / b.ir if r.ir is not None and b.ir else None
        xns = r.med / b.med if getattr(b, "med", None) else None
        rss = "%.1f MB" % (r.extra["rss_kb"] / 1024) if "rss_kb" in r.extra and r.group == "async runtime" else ""
        lines.append([r.group, r.name, fmt(r.med), fmt(r.ir, 1), fmt(xir), fmt(xns), rss])
    return hdr, lines


def show(hdr, lines):
    w = [max(len(str(x[i])) for x in [hdr] + lines) for i in range(len(hdr))]
    out = []
    for j, l in enumerate([hdr] + lines):
        out.append("  ".join(str(x).ljust(w[i]) if i < 2 else str(x).rjust(w[i]) for i, x in enumerate(l)))
        if j == 0:
            out.append("  ".join("-" * k for k in w))
    return "\n".join(out)


def markdown(hdr, lines):
    out = ["| " + " | ".join(hdr) + " |", "|" + "|".join("---" if i < 2 else "---:" for i in range(len(hdr))) + "|"]
    out += ["| " + " | ".join(l) + " |" for l in lines]
    return "\n".join(out)


def targets(rows):
    by = {r.name: r for r in rows}
    get = lambda pfx: [r for r in rows if r.name.startswith(pfx)]
    res = []

    def t(ok, text):
        res.append(("PASS" if ok else "MISS", text))

    hf, hi = by["hand iterator, function pointer (C) [base]"], by["hand iterator, inlined (C)"]
    for be in ("switch", "goto"):
        p = by["gen.h %s: port, 1 yield" % be]
        t(p.ir <= 1.25 * hf.ir, "port round trip <= 1.25x hand iterator via fptr (%s): %.1f vs %.1f Ir = %.2fx"
          % (be, p.ir, hf.ir, p.ir / hf.ir))
    d = by["gen.h switch: direct (body called by name), 1 yield"]
    t(d.ir <= 1.2 * hi.ir, "direct (body called by name, gen.h caveat 6.2) <= 1.2x inlined hand iterator (switch): "
      "%.1f vs %.1f Ir = %.2fx" % (d.ir, hi.ir, d.ir / hi.ir))
    gd = by["gen.h goto: direct (body called by name), 1 yield"]
    res.append(("info", "goto: direct %.1f Ir = %.2fx the inlined hand iterator (gcc does not inline a function "
                "whose labels' addresses are taken)" % (gd.ir, gd.ir / hi.ir)))
    ours = min(d.ir, gd.ir)
    for r in get("Boost.Asio coroutine, direct") + get("C++20 generator"):
        t(ours <= r.ir + 0.5, "no slower than %s: ours (best direct) %.1f Ir vs %.1f Ir" % (r.name, ours, r.ir))
    for r in get("Boost.Asio coroutine, function pointer"):
        op = max(by["gen.h switch: port, 1 yield"].ir, by["gen.h goto: port, 1 yield"].ir)
        t(op <= r.ir + 0.5, "port no slower than %s: ours (worst port) %.1f Ir vs %.1f Ir" % (r.name, op, r.ir))
    ons = max(by["gen.h switch: port, 1 yield"].med, by["gen.h goto: port, 1 yield"].med)
    uc = by["glibc ucontext swapcontext x2"]
    t(uc.med / ons >= 100, ">= 100x faster than ucontext (time; port, worse backend): %.1f ns vs %.2f ns = %.0fx"
      % (uc.med, ons, uc.med / ons))
    pn = get("CPython")[0]
    t(pn.med / ons >= 25, ">= 25x faster than CPython next(g) (time): %.1f ns vs %.2f ns = %.0fx" % (pn.med, ons, pn.med / ons))
    base = by["bare generator resume (gen_async_next, port) [base]"]
    sws = get("task switch")
    s1 = sws[0]
    t(s1.ir <= 3 * base.ir, "task switch <= 3x bare generator resume (1k tasks, Ir): %.1f vs %.1f = %.2fx"
      % (s1.ir, base.ir, s1.ir / base.ir))
    hi_ns, lo_ns = max(r.med for r in sws), min(r.med for r in sws)
    irs = [r.ir for r in sws if r.ir is not None]
    t(hi_ns / lo_ns <= 1.5 and (max(irs) / min(irs) <= 1.1 if irs else True),
      "task switch flat 1k..%s (max/min <= 1.5x in time, <= 1.1x in Ir): ns %s = %.2fx; Ir %s"
      % (sws[-1].name.split(", ")[-1], " / ".join(fmt(r.med) for r in sws), hi_ns / lo_ns, " / ".join(fmt(x, 1) for x in irs)))
    for r in get("Python asyncio"):
        m = r.name.split(", ")[-1]
        mine = [x for x in sws if x.name.endswith(m)]
        mine = mine[0] if mine else sws[0]
        t(r.med / mine.med >= 500, ">= 500x asyncio's switch rate (%s): %.0f ns vs %.2f ns (%s) = %.0fx"
          % (m, r.med, mine.med, mine.name.split(", ")[-1], r.med / mine.med))
    bpt = base.extra.get("bytes_per_task", 0)
    t(bpt <= 32, "<= 32 bytes of runtime state per task: sizeof(gen_task_t) + sizeof(gen_async) = %d bytes" % bpt)
    big = [r for r in sws if r.name.endswith("10M tasks")]
    if big:
        mb = big[0].extra["rss_kb"] / 1024
        t(mb <= 400, "10M tasks within 400 MB: peak RSS %.0f MB (VmHWM)" % mb)
    return res


SIZE_TARGETS = (
    ("Cortex-M0 (arm-none-eabi-gcc -Os)", "arm-none-eabi-gcc", ["-mcpu=cortex-m0", "-mthumb"], "arm-none-eabi-size", ("SWITCH", "GOTO")),
    ("AVR ATmega328P (avr-gcc -Os)", "avr-gcc", ["-mmcu=atmega328p"], "avr-size", ("SWITCH", "GOTO")),
    ("8051 (sdcc --model-large)", "sdcc", None, None, ("SWITCH",)),
)


SIZE_JOBS = (  # (job, ours, hand): sources relative to the project
    ("generator (gen.h)", "test/matrix/size/ref_gen.c", "test/matrix/size/ref_sm.c"),
    ("task (gen.h runtime, tick clock)", "bench/size/ref_task.c", "bench/size/ref_task_sm.c"),
)
SDCC_FLASH = ("CSEG", "CONST", "_CODE", "CODE", "_RODATA", "RODATA", "INITIALIZER", "_INITIALIZER", "HOME",
              "GSINIT", "GSFINAL", "_HOME", "_GSINIT", "_GSFINAL")
# sdcc keeps every static function a header defines, used or not: leave out
# what each reference does not use (as the matrix's size cells do)
SDCC_CFG = {"ref_gen": ["-DGEN_NO_ASYNC", "-DGEN_NO_COMBINATORS"], "ref_task": ["-DGEN_NO_COMBINATORS"]}
SDCC_RAM = ("DSEG", "XSEG", "ISEG", "OSEG", "BSEG", "PSEG", "XISEG", "_DATA", "DATA", "_BSS", "BSS", "_INITIALIZED")


def size_one(cc, flags, size, be, src, tmp):
    """(flash, RAM, why) of one source's object file: flash is code +
    constants (+ initialisers), RAM is data + bss (the frames are static)."""
    src = os.path.join(ROOT, src)
    incs = ["-I", ROOT, "-I", os.path.dirname(src)]
    tag = os.path.splitext(os.path.basename(src))[0]
    if cc == "sdcc":
        d = os.path.join(tmp, "sdcc_%s_%s/" % (be, tag))
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
    obj = os.path.join(tmp, "%s_%s_%s.o" % (cc, be, tag))
    r = subprocess.run([cc] + flags + ["-Os", "-DNDEBUG", "-std=c99", "-DCORO_BACKEND_" + be] + incs +
                       ["-c", src, "-o", obj], capture_output=True, text=True)
    if r.returncode != 0:
        return None, None, "build failed"
    f = subprocess.run([size, obj], capture_output=True, text=True).stdout.splitlines()[1].split()
    return int(f[0]) + int(f[1]), int(f[1]) + int(f[2]), ""


def sizes(ex):
    """Size rows: each SIZE_JOBS reference next to its hand-written twin, for
    the toolchains test/matrix/install.sh installed. Futures, run alongside
    callgrind."""
    tmp = os.path.join(OUT, "size")
    os.makedirs(tmp, exist_ok=True)
    jobs = []
    for name, cc, flags, size, bes in SIZE_TARGETS:
        if not shutil.which(cc):
            continue
        for job, ours, hand in SIZE_JOBS:
            for be in bes:
                jobs.append((name, be, job, ex.submit(size_one, cc, flags, size, be, ours, tmp),
                             ex.submit(size_one, cc, flags, size, be, hand, tmp)))
    return jobs


def size_table(jobs):
    hdr = ["target", "backend", "job", "ours: flash", "ours: RAM", "hand-written: flash", "hand-written: RAM",
           "x hand (flash)"]
    lines, got = [], {}
    for name, be, job, fo, fh in jobs:
        (of, oram, why), (hf, hram, _) = fo.result(), fh.result()
        got[(name, be, job)] = (of, hf)
        b = lambda x: "%d B" % x if x is not None else "-"
        lines.append([name, be.lower(), job, b(of) if of is not None else "- (%s)" % why, b(oram), b(hf), b(hram),
                      "%.2f" % (of / hf) if of and hf else "-"])
    return hdr, lines, got


def header_sizes():
    """sizeof(coro_t) and sizeof(gen_t), switch backend, on the 8-bit targets
    whose toolchains are there: [(target, coro_t, gen_t)]. A global of each
    type is compiled and its size read back (avr-nm -S; sdcc's .rel areas)."""
    tmp = os.path.join(OUT, "header")
    os.makedirs(tmp, exist_ok=True)
    out = []
    for typ in ("coro_t", "gen_t"):
        with open(os.path.join(tmp, "%s.c" % typ), "w") as f:
            f.write('#define CORO_BACKEND_SWITCH\n#include "%s"\n%s header_probe;\n' % ("coro.h" if typ == "coro_t" else "gen.h", typ))
    if shutil.which("avr-gcc"):
        got = []
        for typ in ("coro_t", "gen_t"):
            o = os.path.join(tmp, "avr_%s.o" % typ)
            r = subprocess.run(["avr-gcc", "-mmcu=atmega328p", "-Os", "-std=c99", "-I", ROOT, "-c",
                                os.path.join(tmp, "%s.c" % typ), "-o", o], capture_output=True, text=True)
            nm = subprocess.run(["avr-nm", "-S", o], capture_output=True, text=True).stdout if r.returncode == 0 else ""
            m = re.search(r"^\S+ (\S+) \S header_probe$", nm, re.M)
            got.append(int(m.group(1), 16) if m else None)
        out.append(("AVR ATmega328P (avr-gcc)", got[0], got[1]))
    if shutil.which("sdcc"):
        got = []
        for typ in ("coro_t", "gen_t"):
            d = os.path.join(tmp, "sdcc_%s/" % typ)
            os.makedirs(d, exist_ok=True)
            subprocess.run(["sdcc", "-mmcs51", "--model-large", "--stack-auto", "--std-c99", "-DGEN_NO_ASYNC", "-I", ROOT, "-c",
                            os.path.join(tmp, "%s.c" % typ), "-o", d], capture_output=True, text=True)
            size = None
            rel = os.path.join(d, "%s.rel" % typ)
            if os.path.exists(rel):
                for line in open(rel):
                    f = line.split()
                    if len(f) >= 4 and f[0] == "A" and f[1] == "XSEG" and f[2] == "size":
                        size = int(f[3], 16)
            got.append(size)
        out.append(("8051 (sdcc --model-large)", got[0], got[1]))
    return out


def chart(rows, path):
    if not shutil.which("gnuplot"):
        print("bench: gnuplot missing (bench/install.sh): no chart", file=sys.stderr)
        return
    dat = os.path.join(OUT, "chart.dat")
    with open(dat, "w") as f:
        for r in rows:
            if r.group != "generator round trip":
                continue
            lab = r.name.replace(" [base]", "").replace('"', "'")
            f.write('"%s" %.4f %s\n' % (lab, r.med, "%.2f" % r.ir if r.ir is not None else "NaN"))
    gp = """set terminal pngcairo size 1400,800 noenhanced font ",10" 
set output '%s'
set title 'one produced value per round trip: instructions (callgrind) and ns (median), log scale'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set logscale y
set yrange [0.1:*]
set grid ytics
set xtics rotate by 35 right scale 0
set key top left
set bmargin 16
set lmargin 22
set rmargin 8
plot '%s' using 3:xtic(1) title 'instructions/op' lc rgb '#3060c0', '' using 2 title 'ns/op' lc rgb '#e08020'
""" % (path, dat)
    r = subprocess.run(["gnuplot"], input=gp, capture_output=True, text=True)
    if r.returncode != 0:
        gp = gp.replace("pngcairo", "png")
        r = subprocess.run(["gnuplot"], input=gp, capture_output=True, text=True)
    if r.returncode != 0:
        print("bench: gnuplot failed: %s" % r.stderr, file=sys.stderr)


def main():
    t0 = time.time()
    cpp, asio = build()
    rows = rows_for(cpp, asio)
    with cf.ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as ex:
        szjobs = sizes(ex)
        if shutil.which("valgrind") and not os.environ.get("BENCH_NO_CALLGRIND"):
            print("bench: counting instructions with callgrind (and flash sizes)...", file=sys.stderr)
            count_instructions(rows, ex)
        else:
            print("bench: valgrind missing (bench/install.sh): no Ir/op", file=sys.stderr)
        shdr, slines, sgot = size_table(szjobs)
    print("bench: timing %d rows x %d rounds (N = %d)%s..." % (len(rows), ROUNDS, N,
          " pinned with taskset" if TASKSET else ""), file=sys.stderr)
    time_rows(rows)
    hdr, lines = table(rows)
    res = targets(rows) if all(r.ir is not None for r in rows if r.cg) else []
    for name, ct, gt in header_sizes():
        if ct is not None:
            res.append(("PASS" if ct <= 4 else "MISS",
                        "switch-backend header <= 4 bytes on an 8-bit target, %s: sizeof(coro_t) = %d bytes "
                        "(a generator's gen_t: %s bytes)" % (name, ct, gt)))
    for be in ("SWITCH", "GOTO"):
        of, hf = sgot.get((SIZE_TARGETS[0][0], be, SIZE_JOBS[0][0]), (None, None))
        if of and hf:
            res.append(("PASS" if of <= 1.15 * hf else "MISS",
                        "flash of the reference generator on Cortex-M0 (%s) <= 1.15x the hand-written state machine: "
                        "%d B vs %d B = %.2fx" % (be.lower(), of, hf, of / hf)))
    host = subprocess.run(["uname", "-srm"], capture_output=True, text=True).stdout.strip()
    cc = subprocess.run([CC, "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    head = "make bench: N = %d, %d rounds, %s, %s, -O2" % (N, ROUNDS, host, cc)
    txt = show(hdr, lines)
    print(head)
    print(txt)
    base = [r for r in rows if r.name.startswith("bare generator")][0]
    print("\nruntime state per task: %s bytes (sizeof gen_task_t %s + sizeof gen_async %s), the frame's own fields not counted"
          % (base.extra.get("bytes_per_task"), base.extra.get("task_bytes"), base.extra.get("port_bytes")))
    if slines:
        print("\nsize: the references of test/matrix/size/ and bench/size/ next to hand-written state machines doing the"
              " same job; flash = code + constants, RAM = data + bss (the frames are static), -Os -DNDEBUG")
        print(show(shdr, slines))
    print("\ntargets (goals, not tests):")
    for ok, text in res:
        print("  %s  %s" % (ok, text))
    with open(os.path.join(OUT, "results.md"), "w") as f:
        f.write("# make bench\n\n%s\n\n%s\n\nruntime state per task: %s bytes (sizeof gen_task_t %s + sizeof gen_async %s)\n\n" %
                (head, markdown(hdr, lines), base.extra.get("bytes_per_task"), base.extra.get("task_bytes"),
                 base.extra.get("port_bytes")))
        if slines:
            f.write("## Flash and RAM\n\nThe reference generator (test/matrix/size/ref_gen.c: Fibonacci numbers, one a "
                    "call) and the reference task (bench/size/ref_task.c: an LED blinking every 500 ticks on a tick "
                    "clock, polled from a super-loop) next to hand-written state machines doing the same job "
                    "(ref_sm.c, ref_task_sm.c). Object files at -Os -DNDEBUG: flash = code + constants, RAM = data + "
                    "bss (the frames, loop and task are static).\n\n%s\n\n" % markdown(shdr, slines))
        f.write("## Targets\n\n")
        for ok, text in res:
            f.write("- **%s** %s\n" % (ok, text))
    chart(rows, os.path.join(OUT, "chart.png"))
    print("\nwrote build/bench/results.md, build/bench/chart.png (%.0f s)" % (time.time() - t0))


if __name__ == "__main__":
    main()
