#!/usr/bin/env bash
# test/teach/run.sh - the teaching pictures: `timeline --svg FILE` (an SVG
# timeline drawn from the loop's trace hook) and `echo --sequence` (a
# sequence diagram of next/send/close). From the top of the repository:
#     bash test/teach/run.sh
# One PASS/FAIL line per check; exit status 1 if any failed. Writes under
# build/teach/ only. The expected pictures are derived here from the Python
# twins (test/py/), the stored outputs (test/expected/, CPython's) and the
# examples' sources, never from the programs' own output. Needs gcc, clang
# (SKIP_CLANG=1 leaves it out) and python3.
set -u
cd "$(dirname "$0")/../.." || exit 1

B=build/teach
rm -rf "$B"
mkdir -p "$B"

CWARN="-std=c99 -Wall -Wextra -Wpedantic -Werror -Wshadow -Wconversion -Wsign-conversion -Wundef
 -Wstrict-prototypes -Wmissing-prototypes -Wcast-qual -Wswitch-default -Wimplicit-fallthrough"

passed=0
failed=0
pass() { passed=$((passed + 1)); printf 'PASS %s\n' "$*"; }
fail() { failed=$((failed + 1)); printf 'FAIL %s\n' "$*"; }
show() { sed -n '1,15p' "$1" | sed 's/^/     | /'; }
# relay LOG: a checker's PASS/FAIL lines become checks here
relay() {
    local line n=0
    while IFS= read -r line; do
        case "$line" in
            PASS\ *) pass "${line#PASS }"; n=$((n + 1)) ;;
            FAIL\ *) fail "${line#FAIL }"; n=$((n + 1)) ;;
        esac
    done < "$1"
    [ "$n" -gt 0 ] || { fail "$2: the checker printed nothing"; show "$1"; }
}

if ! command -v python3 >/dev/null 2>&1; then
    fail "python3 is not installed: the pictures cannot be checked"
    exit 1
fi

# ---- the checkers (python3; the expected values derived independently) ----

# teachlib.py: what both checkers print: one PASS/FAIL line per check of
# the picture (TAG: the build), and the checks of the expected values
# themselves once (on the first build) or when they fail
cat > $B/teachlib.py <<'EOF'
tag, first = "", True

def setup(t, f):
    global tag, first
    tag, first = t, f
def check(ok, what):
    print("%s %s: %s" % ("PASS" if ok else "FAIL", tag, what))
    return ok

def derived(ok, what):  # a check of the expected values themselves: shown once
    if first or not ok:
        print("%s %s" % ("PASS" if ok else "FAIL", what))
EOF

# check_svg.py SVG STDOUT TOLERANCE_MS: the SVG against test/py/timeline.py's
# workers, test/expected/timeline.txt, examples/timeline.c's source and the
# run's own text output
cat > $B/check_svg.py <<'EOF'
import re, sys
import xml.etree.ElementTree as ET
svg, out, tol, tag, first = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4], sys.argv[5] == "1"
NS = "{http://www.w3.org/2000/svg}"

from teachlib import check, derived, setup
setup(tag, first)

# the resumes Python makes: each worker(name, delay, times) resumes at
# 0, delay, ..., times * delay (its start, then the end of each sleep)
py = open("test/py/timeline.py").read()
want = {}
for name, delay, times in re.findall(r'worker\("(\w+)", ([0-9.]+), (\d+)\)', py):
    want[name] = [round(k * float(delay) * 1000) for k in range(int(times) + 1)]
# the same from CPython's stored output: every "resume" line
stored = {}
for line in open("test/expected/timeline.txt"):
    t, name, event = line.split()
    if event == "resume":
        stored.setdefault(name, []).append(round(float(t.rstrip("s")) * 1000))
derived(want and want == stored, "the resumes test/py/timeline.py's workers make (%s) are "
      "test/expected/timeline.txt's" % ", ".join("%s %d" % (n, len(v)) for n, v in sorted(want.items())))
# the resumes the run's own text output shows, per task
shown = {}
for line in open(out):
    t, name, event = line.split()
    if event == "resume":
        shown[name] = shown.get(name, 0) + 1

# the line a worker waits at: its GEN_SLEEP in examples/timeline.c
src = open("examples/timeline.c").read().split("\n")
sleep_lines = [i + 1 for i, l in enumerate(src) if "GEN_SLEEP(" in l]
derived(len(sleep_lines) == 1, "examples/timeline.c has one GEN_SLEEP, at line %s" % sleep_lines)

try:
    root = ET.parse(svg).getroot()
except (ET.ParseError, OSError) as e:
    check(False, "%s is well-formed XML (%s)" % (svg, e))
    sys.exit(0)
check(root.tag == NS + "svg", "%s is well-formed XML, an <svg> in the SVG namespace" % svg)

# the time axis as drawn: its ticks' labels ("0.3 s") and x
ticks = [(float(t.text.split()[0]) * 1000, float(t.get("x")))
         for t in root.iter(NS + "text") if t.get("class") == "tick"]
ok = len(ticks) >= 2
if ok:
    (t0, x0), (t1, x1) = ticks[0], ticks[-1]
    scale = (x1 - x0) / (t1 - t0)
    ok = scale > 0 and all(abs(x0 + (t - t0) * scale - x) < 0.05 for t, x in ticks)
check(ok, "the time axis: %d ticks, evenly spaced" % len(ticks))
if not ok:
    sys.exit(0)
x_of = lambda ms: x0 + (ms - t0) * scale

rows = {}
for g in root.iter(NS + "g"):
    if g.get("class") != "task":
        continue
    name = [t.text for t in g.iter(NS + "text") if t.get("class") == "name"]
    rects = [r for r in g if r.tag == NS + "rect"]
    labels = [t for t in g if t.tag == NS + "text" and t.get("class") == "label"]
    rows[name[0] if name else None] = (rects, labels)
check(sorted(rows) == sorted(want), "a row per task: %s" % sorted(rows))
for name in sorted(want):
    rects, labels = rows.get(name, ([], []))
    check(len(rects) == len(want[name]) == shown.get(name),
          "%s: %d boxes, one per resume (Python's %d, the text output's %s)"
          % (name, len(rects), len(want[name]), shown.get(name)))
    xs = [float(r.get("x")) for r in rects]
    check(len(xs) == len(want[name]) and all(abs(x - x_of(t)) <= tol * scale + 0.05 for x, t in zip(xs, want[name])),
          "%s: the boxes' left edges on the axis at %s ms (within %g ms)" % (name, want[name], tol))
    # each label inside its box: "start", then the line of the GEN_SLEEP
    inside = len(labels) == len(rects) and all(
        float(r.get("x")) <= float(l.get("x")) < float(r.get("x")) + float(r.get("width"))
        and float(r.get("y")) <= float(l.get("y")) <= float(r.get("y")) + float(r.get("height"))
        for r, l in zip(rects, labels))
    texts = [l.text for l in labels]
    check(inside and texts == ["start"] + ["line %d" % sleep_lines[0]] * (len(want[name]) - 1),
          "%s: each box labelled with the line it resumed at: %s" % (name, texts))
    done = ["done" in r.get("class", "").split() for r in rects]
    check(done == [False] * (len(rects) - 1) + [True],
          "%s: the last box alone is marked done" % name)
EOF

# check_sequence.py DIAGRAM TAG: echo's diagram against what CPython does
# running test/py/echo.py (traced with sys.settrace), the lines of
# examples/echo.c and test/expected/echo.txt
cat > $B/check_sequence.py <<'EOF'
import ast, dis, io, linecache, re, sys
diagram, tag, first = sys.argv[1], sys.argv[2], sys.argv[3] == "1"

from teachlib import check, derived, setup
setup(tag, first)

# ---- what CPython does: every resume of the generator, who resumed it
# and how (next, send(v), close: GeneratorExit), what it printed, what it
# yielded; the implicit close is the garbage collector's at the script's end
SRC = "test/py/echo.py"
events = []
yield_lines = {i + 1 for i, l in enumerate(open(SRC)) if "yield" in l}
class Out(io.TextIOBase):
    buf = ""
    def write(self, s):
        self.buf += s
        while "\n" in self.buf:
            line, self.buf = self.buf.split("\n", 1)
            events.append(("out", line))
        return len(s)
unwinding = [False]
def local(frame, event, arg):
    if event == "exception":
        unwinding[0] = True
        if issubclass(arg[0], GeneratorExit):
            events[-1] = ("call", "close", None, events[-1][3])
    elif event == "line":
        unwinding[0] = False
    elif event == "return":
        op = [i.opname for i in dis.get_instructions(frame.f_code) if i.offset == frame.f_lasti]
        if not unwinding[0] and op == ["YIELD_VALUE"]:
            events.append(("return", "yield", arg, "yield" if frame.f_lineno in yield_lines else frame.f_lineno))
        else:
            events.append(("return", "closed", None, None))
    return local
def trace(frame, event, arg):
    if event != "call" or frame.f_code.co_filename != SRC or frame.f_code.co_name != "echo":
        return None
    unwinding[0] = False
    where = "top" if frame.f_lineno == frame.f_code.co_firstlineno else \
            "yield" if frame.f_lineno in yield_lines else frame.f_lineno
    caller = frame.f_back
    text = linecache.getline(caller.f_code.co_filename, caller.f_lineno).strip()
    op, val = "?", None
    try:
        call = ast.parse(text).body[0].value
        if isinstance(call.func, ast.Name) and call.func.id == "next":
            op = "next"
        elif isinstance(call.func, ast.Attribute) and call.func.attr == "send":
            op, val = "send", ast.literal_eval(call.args[0])
    except (SyntaxError, IndexError, AttributeError, ValueError):
        pass
    events.append(("call", op, val, where))
    return local
ns = {"__name__": "__main__"}
stdout = sys.stdout
sys.stdout = Out()
sys.settrace(trace)
exec(compile(open(SRC).read(), SRC, "exec"), ns)
ns.clear()  # the script's end: its names go, the generator is collected, closed
sys.settrace(None)
sys.stdout = stdout
python = events
ops = ["%s%s" % (e[1], "(%r)" % e[2] if e[2] is not None else "") for e in python if e[0] == "call"]
derived(ops == ["next", "send('Hello!')", "send('World!')", "close"],
      "CPython on test/py/echo.py: %s (the close: the garbage collector's)" % ", ".join(ops))

# ---- the C diagram, read back: arrows to the generator, arrows back, and
# the program's own output (unindented) between them
c_src = open("examples/echo.c").read().split("\n")
c_yield = [i + 1 for i, l in enumerate(c_src) if "GEN_YIELD(" in l]
derived(len(c_yield) == 1, "examples/echo.c has one GEN_YIELD, at line %s" % c_yield)
lines = open(diagram).read().split("\n")
check(len(lines) > 2 and lines[-1] == "" and lines[0].split() == ["main", "echo"]
      and re.fullmatch(r"  \| +\|", lines[1]), "the diagram's head: main and echo, two lifelines")
width = len(lines[1])
c, bad = [], []
def at_line(note, prefix):
    m = re.fullmatch(prefix + r" at line (\d+)", note)
    return "yield" if m and c_yield and int(m.group(1)) == c_yield[0] else None
for line in lines[2:-1]:
    m = re.fullmatch(r"  \|-- (.*?) -+>\|  (.*)", line)
    if m:
        call, note = m.groups()
        if len(line) - len(note) - 2 != width:
            bad.append(line)
        name = call.split("(")[0]
        args = call[len(name) + 1:-1]
        if name == "gen_str_next" and args == "gen, NULL":
            op, val = "next", None
        elif name == "gen_str_send" and re.fullmatch(r'gen, "[^"\\]*", NULL', args):
            op, val = "send", args.split('"')[1]
        elif name == "gen_close" and args == "gen":
            op, val = "close", None
        else:
            op, val = "?" + call, None
        where = "top" if note == "starts at the top" else \
                at_line(note, "GeneratorExit raised" if op == "close" else "resumes")
        c.append(("call", op, val, where))
        continue
    m = re.fullmatch(r"  \|<-+ (.*?) --\|  (.*)", line)
    if m:
        label, note = m.groups()
        if len(line) - len(note) - 2 != width:
            bad.append(line)
        if label == "GEN_YIELDED, value NULL":     # NULL: Python's None
            c.append(("return", "yield", None, at_line(note, "suspended")))
        elif label == "GEN_DONE" and note == "closed":
            c.append(("return", "closed", None, None))
        else:
            c.append(("return", "?" + label, note, None))
        continue
    c.append(("out", line))
check(not bad, "every arrow spans the two lifelines%s" % (": not " + repr(bad) if bad else ""))
show = lambda evs: "; ".join(" ".join(str(x) for x in e if x is not None) for e in evs)
check(c == python, "the arrows and the output between them are CPython's: %s" % show(python)
      + ("" if c == python else " -- the C diagram: %s" % show(c)))
outs = [e[1] for e in c if e[0] == "out"]
check(outs == open("test/expected/echo.txt").read().split("\n")[:-1],
      "the output between the arrows is test/expected/echo.txt, line by line")
EOF

# ---- the builds, both compilers and backends, and the runs ----------------
# bad_argument WHAT BIN ARGS...: a bad command line gets the usage on
# stderr, nothing on stdout, exit status 2
bad_argument() {
    local what=$1 bin=$2 st
    shift 2
    if "$bin" "$@" >"$bin.bad.out" 2>"$bin.bad.err"; then st=0; else st=$?; fi
    if [ $st = 2 ] && [ ! -s "$bin.bad.out" ] && grep -q usage "$bin.bad.err"; then
        pass "$what with a bad argument: usage on stderr, exit 2"
    else
        fail "$what with a bad argument: exit $st"
    fi
}

ccs=""
for cc in gcc clang; do
    if [ "$cc" = clang ] && [ "${SKIP_CLANG:-0}" = 1 ]; then continue; fi
    if command -v $cc >/dev/null 2>&1; then ccs="$ccs $cc"; else fail "$cc is not installed"; fi
done

first=1 # the checkers check their expected values on the first build only
for cc in $ccs; do
    extra=""
    [ $cc = gcc ] && extra="-Wjump-misses-init"
    for be in SWITCH GOTO; do
        n="$cc $be"
        tl=$B/timeline_${cc}_$be
        ec=$B/echo_${cc}_$be
        if $cc $CWARN $extra -O2 -DCORO_BACKEND_$be -D_POSIX_C_SOURCE=200809L -DGEN_HOST_CLOCK_IS_VIRTUAL \
                -I. examples/timeline.c -o $tl >$tl.log 2>&1; then
            pass "$n: examples/timeline.c builds warning-free (virtual clock)"
            if $tl >$tl.plain 2>&1 && cmp -s $tl.plain test/expected/timeline.txt; then
                pass "$n: timeline without --svg prints test/expected/timeline.txt, byte for byte"
            else
                fail "$n: timeline without --svg"; diff $tl.plain test/expected/timeline.txt | show /dev/stdin
            fi
            if $tl --svg $tl.svg >$tl.out 2>$tl.err && [ ! -s $tl.err ] && cmp -s $tl.out test/expected/timeline.txt; then
                pass "$n: timeline --svg FILE: stdout still test/expected/timeline.txt, nothing on stderr"
            else
                fail "$n: timeline --svg FILE"; cat $tl.err | show /dev/stdin; diff $tl.out test/expected/timeline.txt | show /dev/stdin
            fi
            python3 $B/check_svg.py $tl.svg $tl.out 0 "$n: timeline.svg" $first >$tl.check 2>&1
            relay $tl.check "$n: check_svg.py"
            bad_argument "$n: timeline" $tl --svg
        else
            fail "$n: examples/timeline.c build"; show $tl.log
        fi
        if $cc $CWARN $extra -O2 -DCORO_BACKEND_$be -I. examples/echo.c -o $ec >$ec.log 2>&1; then
            pass "$n: examples/echo.c builds warning-free"
            if $ec >$ec.plain 2>&1 && cmp -s $ec.plain test/expected/echo.txt; then
                pass "$n: echo without --sequence prints test/expected/echo.txt, byte for byte"
            else
                fail "$n: echo without --sequence"; diff $ec.plain test/expected/echo.txt | show /dev/stdin
            fi
            if $ec --sequence >$ec.seq 2>$ec.err && [ ! -s $ec.err ]; then
                pass "$n: echo --sequence runs, nothing on stderr"
            else
                fail "$n: echo --sequence"; show $ec.err
            fi
            python3 $B/check_sequence.py $ec.seq "$n: echo --sequence" $first >$ec.check 2>&1
            relay $ec.check "$n: check_sequence.py"
            bad_argument "$n: echo" $ec --bogus
        else
            fail "$n: examples/echo.c build"; show $ec.log
        fi
        first=0
    done
done

# the picture on the host clock, as a student runs it: the same boxes, each
# within 100 ms of Python's times (about one second of real time)
if [ -n "$ccs" ]; then
    cc=${ccs# }; cc=${cc%% *}
    tl=$B/timeline_host
    if $cc $CWARN -O2 -D_POSIX_C_SOURCE=200809L -I. examples/timeline.c -o $tl >$tl.log 2>&1 && $tl --svg $tl.svg >$tl.out 2>&1; then
        pass "$cc: timeline --svg on the host clock runs"
        python3 $B/check_svg.py $tl.svg $tl.out 100 "$cc host clock: timeline.svg" 0 >$tl.check 2>&1
        relay $tl.check "host clock: check_svg.py"
    else
        fail "$cc: timeline --svg on the host clock"; show $tl.log; show $tl.out
    fi
fi

# the helpers are C++-clean too, as make test builds every example as C++11
for cxx in g++ clang++; do
    case "$cxx" in clang*) [ "${SKIP_CLANG:-0}" = 1 ] && continue ;; esac
    command -v $cxx >/dev/null 2>&1 || continue
    for ex in timeline echo; do
        if $cxx -x c++ -std=c++11 -Wall -Wextra -Wpedantic -Werror -I. -c examples/$ex.c -o /dev/null >$B/cxx.log 2>&1; then
            pass "$cxx: examples/$ex.c builds as C++11"
        else
            fail "$cxx: examples/$ex.c as C++11"; show $B/cxx.log
        fi
    done
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
