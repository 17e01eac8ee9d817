#!/usr/bin/env python3
"""gen_diff.py - differential test of coro.h/gen.h generators against
CPython's.

The same random scripts (sequences of next, send(k), throw(E(k)), close on a
fresh instance of one program) run on the Python programs of gen_programs.py,
in this process, and on their C twins in gen_twins.c, built in several cells
(compiler x backend x optimisation) and each run as one process reading every
script on stdin. Every trace line must match.

    python3 test/diff/gen_diff.py [--seed S] [--scripts N] [--cells quick|full]
                                  [--headers DIR] [--long SECONDS] [--jobs J]

Defaults: the fixed seed, 2000 scripts per program, all cells (gcc and clang
where installed x CORO_BACKEND_SWITCH/GOTO x -O0 with ASan+UBSan / -O2, all
with test/run.sh's warning flags and -Werror). Binaries go to build/diff/,
named by a hash of their sources, headers and flags: an unchanged one is not
built again. --headers DIR tests the coro.h and gen.h of DIR; --long runs
rounds with fresh seeds until SECONDS have passed; --jobs J cells at once.

Output: one line per cell, `PASS gen diff <cell>: N scripts x P programs, 0
divergences` or `FAIL ...`; under a FAIL, per diverging program, its
shortest failing script (minimised by dropping operations) and both traces up
to the first differing line; then a summary line. Exit status 1 if any cell
diverged or failed to build.
"""
import argparse
import concurrent.futures
import hashlib
import os
import random
import shutil
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import gen_programs  # noqa: E402

CWARN = ("-std=c99 -Wall -Wextra -Wpedantic -Werror -Wshadow -Wconversion -Wsign-conversion -Wundef "
         "-Wstrict-prototypes -Wmissing-prototypes -Wcast-qual -Wswitch-default -Wimplicit-fallthrough").split()
OPTS = {
    "-O0-asan": "-O0 -g -fsanitize=address,undefined -fno-sanitize-recover=all".split(),
    "-O2": ["-O2"],
}
DEFAULT_SEED = 20261129
DEFAULT_SCRIPTS = 2000
SRC = os.path.join(HERE, "gen_twins.c")
BUILD = os.path.join(ROOT, "build", "diff")
ENV = dict(os.environ, ASAN_OPTIONS="detect_leaks=0:abort_on_error=0",
           UBSAN_OPTIONS="print_stacktrace=1")

_py_lock = threading.Lock()  # gen_programs keeps a global log and ME


# ---- cells and builds ---------------------------------------------------------


def compilers():
    seen, out = set(), []
    for cc in ("gcc", "clang"):
        path = shutil.which(cc)
        if not path:
            continue
        real = os.path.realpath(path)
        if real in seen:
            continue
        seen.add(real)
        out.append(cc)
    return out


def is_gcc(cc):
    try:
        v = subprocess.run([cc, "--version"], capture_output=True, text=True).stdout
    except OSError:
        return False
    return "clang" not in v.splitlines()[0].lower() if v else False


def cells(kind):
    ccs = compilers()
    if kind == "quick":
        cc = ccs[0]
        return [(cc, "SWITCH", "-O0-asan"), (cc, "GOTO", "-O2")]
    return [(cc, be, opt) for cc in ccs for be in ("SWITCH", "GOTO") for opt in OPTS]


def cell_name(cell):
    return "%s %s %s" % cell


def build(cell, headers):
    cc, be, opt = cell
    flags = CWARN + (["-Wjump-misses-init"] if is_gcc(cc) else []) + OPTS[opt]
    cmd = [cc] + flags + ["-DCORO_BACKEND_" + be, "-I", headers, SRC, "-o"]
    # named by what goes into it: an unchanged binary is not built again
    h = hashlib.sha1(" ".join(cmd + [shutil.which(cc) or cc]).encode())
    for f in (SRC, os.path.join(headers, "coro.h"), os.path.join(headers, "gen.h")):
        with open(f, "rb") as fh:
            h.update(fh.read())
    exe = os.path.join(BUILD, "gen_twins_%s_%s_%s_%s" % (cc, be, opt.strip("-").replace("-", "_"), h.hexdigest()[:12]))
    if os.path.exists(exe):
        return exe, ""
    tmp = "%s.%d.tmp" % (exe, os.getpid())
    r = subprocess.run(cmd + [tmp], capture_output=True, text=True)
    if r.returncode != 0:
        return None, " ".join(cmd + [exe]) + "\n" + r.stdout + r.stderr
    os.replace(tmp, exe)
    return exe, ""


# ---- scripts and traces ----------------------------------------------------------


def random_op(rng):
    r = rng.random()
    if r < 0.40:
        return "next"
    if r < 0.65:
        return "send:%d" % rng.choice([-5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 7, 9, 30])
    if r < 0.85:
        return "throw:%d" % rng.randint(1, 9)
    return "close"


def make_scripts(seed, per_program):
    rng = random.Random(seed)
    scripts = []
    for name in gen_programs.PROGRAMS:
        for _ in range(per_program):
            n = rng.randint(1, 12)
            scripts.append(" ".join([name] + [random_op(rng) for _ in range(n)]))
    return scripts


def py_traces(scripts):
    with _py_lock:
        return gen_programs.run_scripts(scripts)


def split_blocks(text):
    """C output -> list of blocks (lists of lines), one per script."""
    blocks = []
    for line in text.splitlines():
        if line.startswith("== "):
            blocks.append([line])
        elif blocks:
            blocks[-1].append(line)
    return blocks


def run_c_raw(exe, scripts, unbuffered=False):
    """(stdout, error text or ''): the C traces of scripts. Unbuffered, the
    binary flushes every line, so that after a crash or a hang the output
    stops inside the script that failed."""
    timeout = 30 + len(scripts) // 200
    try:
        r = subprocess.run([exe] + (["-u"] if unbuffered else []), input="\n".join(scripts) + "\n",
                           capture_output=True, text=True, env=ENV, timeout=timeout)
    except subprocess.TimeoutExpired as e:
        out = e.stdout or ""
        if isinstance(out, bytes):
            out = out.decode("utf-8", "replace")
        return out, "timed out after %d s" % timeout
    err = ""
    if r.returncode != 0:
        err = "exit status %d\n%s" % (r.returncode, "\n".join(r.stderr.splitlines()[-25:]))
    return r.stdout, err


def run_c(exe, scripts):
    """(blocks, error text or ''): the C traces of scripts (a few of them
    unbuffered: see run_c_raw)."""
    out, err = run_c_raw(exe, scripts, unbuffered=len(scripts) <= 64)
    return split_blocks(out), err


def joined(traces):
    return "".join("\n".join(t) + "\n" for t in traces)


def first_difference(py, c):
    """Index of the first differing line of two traces, or None."""
    for i in range(max(len(py), len(c))):
        if i >= len(py) or i >= len(c) or py[i] != c[i]:
            return i
    return None


MAX_CRASHES = 20


def diverging(exe, scripts, expected):
    """[(index, c_block, error)] of the scripts whose C trace differs; error
    is the crash (or hang) report of a script that crashed the binary, after
    which the scripts that follow it run in a new process."""
    out = []
    start = 0
    crashes = 0
    while start < len(scripts):
        text, err = run_c_raw(exe, scripts[start:])
        if start == 0 and not err and text == joined(expected):
            return []
        blocks = split_blocks(text)
        if err:
            # buffered output: the blocks before the last are whole; find
            # the script that failed again, flushing every line
            keep = max(0, len(blocks) - 1)
            for j, c in enumerate(blocks[:keep]):
                if c != expected[start + j]:
                    out.append((start + j, c, ""))
            start += keep
            text, err = run_c_raw(exe, scripts[start:], unbuffered=True)
            blocks = split_blocks(text)
        for j, c in enumerate(blocks):
            crashed_here = bool(err) and j == len(blocks) - 1
            if crashed_here or c != expected[start + j]:
                out.append((start + j, c, err if crashed_here else ""))
        if not err:
            break
        crashes += 1
        if not blocks:  # died before its first line
            out.append((start, [], err))
            start += 1
        else:
            start += len(blocks)
        if crashes >= MAX_CRASHES:
            break
    return out


def still_fails(exe, script):
    exp = py_traces([script])
    return bool(diverging(exe, [script], exp))


_minimised = {}  # shortest diverging script -> its minimised form, across cells
_min_lock = threading.Lock()


def minimise(exe, script):
    """Drop operations while the script still diverges."""
    m = minimise_(exe, script)
    with _min_lock:
        _minimised[script] = m
    return m


def minimise_(exe, script):
    words = script.split()
    # the ops after the first differing line do not matter
    exp = py_traces([script])[0]
    blocks, _ = run_c(exe, [script])
    c = blocks[0] if blocks else []
    d = first_difference(exp, c)
    if d is not None and 1 <= d < len(words):
        cand = " ".join(words[:d + 1])
        if still_fails(exe, cand):
            words = cand.split()
    changed = True
    while changed and len(words) > 2:
        changed = False
        cands = [" ".join(words[:i] + words[i + 1:]) for i in range(1, len(words))]
        exps = py_traces(cands)
        bad = diverging(exe, cands, exps)
        if bad:
            words = cands[bad[0][0]].split()
            changed = True
    return " ".join(words)


def show_case(exe, script):
    """The report of one diverging script: both traces up to the first difference."""
    exp = py_traces([script])[0]
    blocks, err = run_c(exe, [script])
    c = blocks[0] if blocks else []
    d = first_difference(exp, c)
    d = len(exp) if d is None else d
    lines = ["    script: %s" % script, "    python:"]
    lines += ["      " + x for x in exp[:d + 1]]
    lines.append("    c:")
    lines += ["      " + x for x in c[:d + 1]]
    if err:
        lines.append("    c crashed: " + err.replace("\n", "\n      "))
    return "\n".join(lines)


# ---- one cell ----------------------------------------------------------------------


def check_cell(exe, scripts, expected):
    """(number of diverging scripts, how many crashed, {program: its
    shortest diverging script})."""
    bad = diverging(exe, scripts, expected)
    per_prog = {}
    crashes = sum(1 for _i, _c, err in bad if err)
    for i, _c, _err in bad:
        s = scripts[i]
        prog = s.split()[0]
        if prog not in per_prog or len(s.split()) < len(per_prog[prog].split()):
            per_prog[prog] = s
    return len(bad), crashes, per_prog


def cases_of(exe, per_prog):
    """[(program, report)] of the minimised cases, shortest first. A case
    minimised in an earlier cell is shown again if it diverges here too."""
    with _min_lock:
        known = {prog: _minimised.get(s) for prog, s in per_prog.items()}
    again = [prog for prog in per_prog if known[prog]]
    scripts = [known[prog] for prog in again]
    exps = py_traces(scripts)
    blocks, err = run_c(exe, scripts) if scripts else ([], "")
    mins = {}
    for k, prog in enumerate(again):
        if not err and k < len(blocks) and blocks[k] != exps[k]:
            mins[prog] = scripts[k]
    for prog, s in per_prog.items():
        if prog not in mins:
            mins[prog] = minimise(exe, s)
    cases = sorted((len(m.split()), prog, show_case(exe, m)) for prog, m in mins.items())
    return [(prog, text) for _n, prog, text in cases]


def run_round(built, scripts, per_program, jobs, reported):
    """Run every built cell on scripts; print the cell lines. Returns the
    names of the failing cells."""
    expected = py_traces(scripts)
    nprog = len(gen_programs.PROGRAMS)
    failed = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        futs = {name: pool.submit(check_cell, exe, scripts, expected) for name, exe in built}
        results = [(name, exe) + futs[name].result() for name, exe in built]
    # minimising comes after, one cell at a time: a case found in several
    # cells is minimised once (see minimise)
    for name, exe, nbad, crashes, per_prog in results:
        if nbad == 0:
            print("PASS gen diff %s: %d scripts x %d programs, 0 divergences" % (name, per_program, nprog))
            continue
        failed.append(name)
        cases = cases_of(exe, per_prog)
        print("FAIL gen diff %s: %d scripts x %d programs, %d divergences%s in %d programs (%s)"
              % (name, per_program, nprog, nbad,
                 " (%d crashes%s)" % (crashes, ", gave up" if crashes >= MAX_CRASHES else "") if crashes else "",
                 len(cases), ", ".join(p for p, _ in cases)))
        for prog, text in cases:
            if text in reported:
                print("  %s: as in %s" % (prog, reported[text]))
            else:
                reported[text] = name
                print("  %s:\n%s" % (prog, text))
        sys.stdout.flush()
    return failed


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--scripts", type=int, default=DEFAULT_SCRIPTS, help="scripts per program")
    ap.add_argument("--cells", choices=("quick", "full"), default="full")
    ap.add_argument("--headers", default=ROOT, help="directory holding coro.h and gen.h")
    ap.add_argument("--long", type=float, default=0, metavar="SECONDS",
                    help="randomised campaign: fresh seeds until the time is up")
    ap.add_argument("--jobs", type=int, default=max(2, os.cpu_count() or 2))
    args = ap.parse_args()

    headers = os.path.abspath(args.headers)
    for h in ("coro.h", "gen.h"):
        if not os.path.isfile(os.path.join(headers, h)):
            print("FAIL gen diff: no %s in %s" % (h, headers))
            return 1
    os.makedirs(BUILD, exist_ok=True)
    t0 = time.time()
    todo = cells(args.cells)
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        results = list(pool.map(lambda c: build(c, headers), todo))
    built, failed = [], 0
    for cell, (exe, log) in zip(todo, results):
        if exe is None:
            failed += 1
            print("FAIL gen diff %s: build" % cell_name(cell))
            print("\n".join("     | " + x for x in log.splitlines()[:15]))
        else:
            built.append((cell_name(cell), exe))
    sys.stdout.flush()

    reported = {}
    failed_cells = set()
    rounds = 0
    seed = args.seed
    deadline = t0 + args.long
    while True:
        rounds += 1
        if args.long:
            print("-- round %d, seed %d" % (rounds, seed))
        scripts = make_scripts(seed, args.scripts)
        failed_cells.update(run_round(built, scripts, args.scripts, args.jobs, reported))
        if not args.long or time.time() >= deadline:
            break
        seed = random.SystemRandom().randrange(1 << 31)
    failed += len(failed_cells)
    ncells = len(todo)
    print("gen diff: %d cell%s, %d failed, %d round%s from seed %d, headers %s, %.1f s"
          % (ncells, "" if ncells == 1 else "s", failed, rounds, "" if rounds == 1 else "s",
             args.seed, headers, time.time() - t0))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
