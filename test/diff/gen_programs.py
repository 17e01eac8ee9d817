"""gen_programs.py - the Python side of the generator differential test.

Python generator programs (each has a C twin in gen_twins.c, mirroring it
line by line) and the in-process script runner that prints their traces.

A script is one line: `prog op op ...`, each op one of
    next | send:K | throw:K | close
applied, in order, to a fresh instance of program `prog`. After every op
one trace line is printed:
    <op> -> <outcome> | <log lines written during the op, '; '-joined, or -> | <state>
Outcomes (the same vocabulary on both sides):
    yield <v>                         the op produced a value
    return <r>                        StopIteration from the op that finished it
    stop                              StopIteration from an already-closed generator
    raise E <code>                    the program's own exception E(code), code >= 1
    raise GeneratorExit
    closed                            close() returned None (C: GEN_DONE)
    raise RuntimeError ignored-close  (C: GEN_ERROR_IGNORED_CLOSE)
    raise TypeError not-started       (C: GEN_ERROR_NOT_STARTED)
    raise ValueError running          (C: GEN_ERROR_RUNNING)
State: CREATED, RUNNING, SUSPENDED, CLOSED (inspect.getgeneratorstate).

Run as a script, it reads scripts on stdin and writes traces on stdout,
exactly as the C binary does.
"""
import gc
import inspect
import sys

# ---- the program's world: a log, its own exception, the generator itself ----

LOG = []
LOGGING = False  # off between scripts: see run_scripts


def log(*args):
    if LOGGING:
        LOG.append(" ".join(str(a) for a in args))


class E(Exception):
    def __init__(self, code):
        super().__init__(code)
        self.code = code


ME = None  # the top-level generator of the running script (for re-entry)


def describe(exc):
    """The outcome vocabulary for an exception (see the module docstring)."""
    if isinstance(exc, StopIteration):
        return "stop" if exc.value is None else "return %s" % exc.value
    if isinstance(exc, E):
        return "raise E %d" % exc.code
    if isinstance(exc, GeneratorExit):
        return "raise GeneratorExit"
    if isinstance(exc, RuntimeError) and "ignored GeneratorExit" in str(exc):
        return "raise RuntimeError ignored-close"
    if isinstance(exc, TypeError) and "just-started" in str(exc):
        return "raise TypeError not-started"
    if isinstance(exc, ValueError) and "already executing" in str(exc):
        return "raise ValueError running"
    return "raise %s %s" % (type(exc).__name__, exc)


def try_op(fn):
    """Run an operation on a generator from inside a body (re-entry): its
    outcome, "running" for 'generator already executing'."""
    try:
        v = fn()
    except ValueError as e:
        if "already executing" in str(e):
            return "running"
        return describe(e)
    except (Exception, GeneratorExit) as e:  # noqa: B014
        return describe(e)
    return "closed" if v is None else "yield %s" % v


# ==== the programs ===========================================================
# Every program returns an int explicitly on its normal path. The C twin of
# each is in gen_twins.c under the same name.

# ---- plain yields and sends


def basic():
    log("start")
    x = yield 1
    log("x", x)
    x = yield 2
    log("x", x)
    return 3


def acc():
    total = 0
    while True:
        x = yield total
        if x is None:
            log("next")
            continue
        total += x
        log("total", total)
        if total < 0:
            return total
        if total > 20:
            raise E(total)


# ---- try/except around a yield, in a loop; re-raise, return from except


def catch_loop():
    n = 0
    while n < 4:
        try:
            x = yield n
        except E as e:
            log("caught", e.code)
            if e.code % 3 == 0:
                raise
            if e.code % 3 == 1:
                return 100 + e.code
            n += 2
        else:
            log("x", x)
            n += 1
    return n


# ---- try/finally (with except GeneratorExit to see a close)


def try_finally():
    try:
        log("start")
        x = yield 1
        log("x", x)
        if x is not None and x < 0:
            raise E(-x)
        yield 2
        return 10
    except GeneratorExit:
        log("closing")
        raise
    finally:
        log("finally")


# ---- try/except/else inside try/finally, a yield in the handler's aftermath


def tef():
    r = 0
    try:
        try:
            x = yield 1
        except E as e:
            log("caught", e.code)
            r = e.code
        else:
            log("x", x)
            r = -1 if x is None else x
        y = yield r
        log("y", y)
        return r
    finally:
        log("finally")


# ---- a yield inside a finally section: close ignored


def fin_yield():
    try:
        x = yield 1
        log("x", x)
        return 1
    finally:
        log("fin")
        y = yield 2
        log("after", y)


# ---- the finally section ignores a close (yields), then returns


def fin_yield_return():
    try:
        yield 1
        return 1
    finally:
        log("fin")
        yield 2
        log("after")
        return 4


# ---- known case: a catching yield inside a finally section


def fcatch():
    try:
        yield 1
        return 3
    finally:
        try:
            yield 2
        except E as e:
            log("caught in finally", e.code)


# ---- known case: return inside a finally section


def freturn():
    try:
        x = yield 1
        if x is not None and x < 0:
            raise E(-x)
    finally:
        log("finally")
        return 5


# ---- known case: catching yield froms of subs that end without suspending


def sub(n):
    if n < 0:
        raise E(-n)
    for i in range(n):
        yield i
    return n


def multi():
    try:
        yield from sub(-4)
    except E as e:
        log("caught", e.code)
    try:
        r = yield from sub(0)
    except E as e:
        log("caught", e.code)
    else:
        log("got", r)
    yield 0
    return 0


# ---- yield from, two levels, neither catching at the top


def leaf(base):
    try:
        x = yield base + 1
        log("leaf x", x)
        if x is not None and x < 0:
            raise E(-x)
        try:
            x = yield base + 2
        except E as e:
            log("leaf caught", e.code)
            x = e.code
        return base + (0 if x is None else x)
    finally:
        log("leaf fin")


def chain2():
    try:
        r = yield from leaf(10)
        log("r", r)
        yield r
        return r
    except GeneratorExit:
        log("top closing")
        raise
    finally:
        log("top fin")


# ---- three levels: a catching middle, a yield in its handler


def mid(base):
    try:
        r = yield from leaf(base)
    except E as e:
        log("mid caught", e.code)
        yield -e.code
        r = e.code
    else:
        log("mid got", r)
    return r


def chain3():
    try:
        r = yield from mid(20)
        log("top r", r)
        yield r
        return r
    finally:
        log("top fin")


# ---- a close ignored deep in a chain (the leaf's finally yields)


def stubborn():
    try:
        yield 1
        yield 2
        return 2
    finally:
        log("stub fin")
        yield 99
        log("stub after")


def mid_stub():
    try:
        r = yield from stubborn()
    except E as e:
        log("mid caught", e.code)
        r = e.code
    log("mid r", r)
    yield r
    return r


def chain_ignore():
    try:
        r = yield from mid_stub()
        return r
    finally:
        log("top fin")


# ---- errors raised, caught and re-raised in a finally section; a catching
# ---- yield from of a sub that raises (at once or after a yield), in finally


def raiser(n):
    log("raiser", n)
    if n > 0:
        x = yield n
        log("raiser x", x)
    raise E(n + 20)


def fin_raise():
    x = None
    try:
        x = yield 1
        log("x", x)
        return 1
    finally:
        log("fin")
        try:
            yield from raiser(0 if x is None else x)
        except E as e:
            log("fin caught", e.code)
            if e.code > 25:
                raise E(e.code + 100)


# ---- a catching yield from in a finally section, of a sub with its own finally


def two(k):
    try:
        x = yield k
        log("two x", x)
        yield k + 1
        return k + 2
    finally:
        log("two fin", k)


def fin_yf():
    try:
        yield 1
        return 1
    finally:
        log("fin")
        try:
            r = yield from two(10)
        except E as e:
            log("fin caught", e.code)
        else:
            log("fin got", r)


# ---- return inside a sub's finally section, seen through yield from


def fret_sub():
    try:
        x = yield 1
        log("sub x", x)
        return 2
    finally:
        log("sub fin")
        return 7


def fret_top():
    r = yield from fret_sub()
    log("r", r)
    yield r
    return r


# ---- nested try/finally, expressed by delegating to a sub-generator


def inner_fin(k):
    try:
        x = yield k
        log("inner x", x)
        return k if x is None else x
    finally:
        log("inner fin", k)


def nested():
    try:
        a = yield from inner_fin(1)
        b = yield from inner_fin(a + 1)
        return a + b
    finally:
        log("outer fin")


# ---- re-entry: a body calling its own next/send/throw/close, a sub calling
# ---- the top's next, a yield from itself


def reent_sub():
    log("sub next", try_op(lambda: next(ME)))
    yield 5
    return 6


def reentry():
    log("next", try_op(lambda: next(ME)))
    yield 1
    log("send", try_op(lambda: ME.send(3)))
    log("throw", try_op(lambda: ME.throw(E(1))))
    log("close", try_op(lambda: ME.close()))
    r = yield from reent_sub()
    log("r", r)
    try:
        yield from ME
    except ValueError:
        log("self running")
    yield r
    return r


# ---- subs that end without suspending: return at once, raise at once


def instant(n):
    log("instant", n)
    if n < 0:
        raise E(-n)
    return n
    yield  # a generator that never yields


def instant_chain():
    r = yield from instant(2)
    log("r", r)
    try:
        r = yield from instant(-3)
    except E as e:
        log("caught", e.code)
        r = e.code
    x = yield r
    r2 = yield from instant(-5 if x is None else x)
    yield r2
    return r2


# ---- three levels with a catching top: the error of an instant sub deep down


def mid_instant(n):
    log("mid start", n)
    r = yield from instant(n)
    x = yield r
    r = yield from instant(-7 if x is None else x)
    return r


def deep_catch():
    try:
        r = yield from mid_instant(1)
    except E as e:
        log("top caught", e.code)
        r = -e.code
    else:
        log("top got", r)
    try:
        r = yield from mid_instant(-2)
    except E as e:
        log("top caught", e.code)
        r = -e.code
    yield r
    return r


# ---- a throw caught at a yield in the else branch; re-raise a different code


def except_else():
    try:
        x = yield 1
    except E as e:
        log("caught", e.code)
        if e.code > 5:
            raise E(e.code * 10)
        x = e.code
    else:
        log("else", x)
        try:
            x = yield 2
        except E as e:
            log("else caught", e.code)
            x = -e.code
    yield 3
    return 0 if x is None else x


# ---- a finally section that raises, also while closing


def fin_raise_close():
    n = 0
    try:
        while True:
            x = yield n
            if x is None:
                break
            n += x
        return n
    finally:
        log("fin", n)
        if n > 3:
            raise E(n)


# ---- close: the sub's finally raises, the delegating generator catches that
# ---- and yields again (a close ignored outside any finally section)


def closer_sub():
    try:
        yield 1
        yield 2
        return 2
    finally:
        log("sub fin")
        raise E(6)


def catch_close():
    try:
        r = yield from closer_sub()
    except E as e:
        log("caught", e.code)
        r = e.code
    x = yield r
    log("x", x)
    return r


# ---- a caught throw, then a catching yield from of a sub that returns at once


def stale_yield():
    try:
        yield 1
    except E as e:
        log("caught", e.code)
    try:
        r = yield from instant(2)
    except E as e:
        log("caught again", e.code)
        r = -1
    else:
        log("got", r)
    yield r
    return r


# ---- three levels: the middle one's finally section yields; a catching top


def mid_fy(k):
    try:
        r = yield from two(k)
        return r
    finally:
        log("midfy fin")
        x = yield -1
        log("midfy after", x)


def chain_fy():
    try:
        r = yield from mid_fy(30)
    except E as e:
        log("top caught", e.code)
        r = e.code
    yield r
    return r


# ---- a finally section that yields (close ignored), then raises


def fin_yield_raise():
    try:
        x = yield 1
        log("x", x)
        return 1
    finally:
        y = yield 2
        log("after", y)
        if y is not None and y > 0:
            raise E(y)


# ---- a yield from inside the handler of a catching yield from


def handler_yf():
    try:
        r = yield from leaf(40)
    except E as e:
        log("caught", e.code)
        r = yield from inner_fin(e.code)
    yield r
    return r


# ---- re-entry from a finally section (also while closing)


def reent_fin():
    try:
        yield 1
        yield 2
        return 2
    finally:
        log("fin next", try_op(lambda: next(ME)))
        log("fin close", try_op(lambda: ME.close()))


# ==== try blocks (GEN_TRY / GEN_EXCEPT): any number of yields, raises and
# ==== yield froms inside one try, nested, in a loop, in a finally section

# ---- a try block around two yields and a raise, in a loop; re-raise and a
# ---- yield in the handler


def try_block():
    n = 0
    while n < 5:
        try:
            x = yield n
            if x is not None and x < 0:
                raise E(-x)
            y = yield n + 10
            log("y", y)
        except E as e:
            log("caught", e.code)
            if e.code % 3 == 0:
                raise
            if e.code % 3 == 1:
                z = yield 100 + e.code
                log("z", z)
        n += 1
    return n


# ---- nested try blocks: the inner handler re-raises to the outer one, and a
# ---- throw at a yield in the inner handler goes to the outer one too


def try_nested():
    try:
        try:
            x = yield 1
            if x is not None and x < 0:
                raise E(-x)
            yield 2
        except E as e:
            log("inner", e.code)
            if e.code % 2 == 0:
                raise
            z = yield 20 + e.code
            log("z", z)
        yield 3
    except E as e:
        log("outer", e.code)
        yield 30 + e.code
    finally:
        log("finally")
    return 7


# ---- a try block around a yield and a yield from (the sub raises, or ends)


def try_from():
    k = 0
    while k < 3:
        try:
            x = yield k
            r = yield from sub(2 if x is None else x)
            log("got", r)
        except E as e:
            log("caught", e.code)
        k += 1
    return k


# ---- a try block inside a finally section: what it catches does not
# ---- replace the error (or the close) the section runs for


def try_in_finally():
    try:
        x = yield 1
        if x is not None and x < 0:
            raise E(-x)
        return 1
    finally:
        log("fin")
        try:
            y = yield 2
            if y is not None and y < 0:
                raise E(-y)
        except E as e:
            log("caught in finally", e.code)
        log("fin end")


# ---- try/finally blocks (GEN_TRY_FINALLY): a finally block per try, run on
# ---- the way out of an error, a close, a return; nested; in the finally
# ---- section; with an except around or inside


def tf_block():
    n = 0
    while n < 4:
        try:
            x = yield n
            if x is not None and x < 0:
                raise E(-x)
            if x is not None and x > 50:
                return x
        finally:
            log("fin", n)
        n += 1
    return n


def tf_except():
    try:
        try:
            x = yield 1
            if x is not None and x < 0:
                raise E(-x)
            yield 2
        except E as e:
            log("caught", e.code)
            if e.code % 2 == 0:
                raise E(e.code + 1)
            yield 10 + e.code
    finally:
        log("fin")
    yield 3
    return 0


def tf_nested():
    try:
        try:
            try:
                r = yield from sub(2)
                log("got", r)
                x = yield 5
                if x is not None and x < 0:
                    raise E(-x)
            finally:
                log("inner fin")
            yield 6
        finally:
            log("outer fin")
    except E as e:
        log("caught", e.code)
        yield 7
    return 1


def tf_in_finally():
    try:
        x = yield 1
        if x is not None and x < 0:
            raise E(-x)
        return 4
    finally:
        log("fin")
        try:
            y = yield 2
            log("y", y)
            if y is not None and y < 0:
                raise E(-y)
        finally:
            log("inner fin")
        log("fin end")


def tf_return():
    k = 0
    try:
        x = yield 1
        k = 0 if x is None else x
        if k > 0:
            return k
        if k < 0:
            raise E(-k)
        yield 2
    finally:
        log("fin", k)
        if k == 9:
            return 99
    return -1


PROGRAMS = {f.__name__: f for f in [
    basic, acc, catch_loop, try_finally, tef, fin_yield, fin_yield_return,
    fcatch, freturn, multi, chain2, chain3, chain_ignore, fin_raise, fin_yf,
    fret_top, nested, reentry, instant_chain, deep_catch, except_else,
    fin_raise_close, catch_close, stale_yield, chain_fy, fin_yield_raise,
    handler_yf, reent_fin, try_block, try_nested, try_from, try_in_finally,
    tf_block, tf_except, tf_nested, tf_in_finally, tf_return,
]}

# ==== the runner =============================================================

STATES = {
    inspect.GEN_CREATED: "CREATED",
    inspect.GEN_RUNNING: "RUNNING",
    inspect.GEN_SUSPENDED: "SUSPENDED",
    inspect.GEN_CLOSED: "CLOSED",
}


def apply(g, op):
    if op == "close":
        g.close()
        return "closed"
    if op == "next":
        v = next(g)
    elif op.startswith("send:"):
        v = g.send(int(op[5:]))
    elif op.startswith("throw:"):
        v = g.throw(E(int(op[6:])))
    else:
        raise SystemExit("gen_programs.py: unknown op %r" % op)
    return "yield %s" % v


def run_script(line):
    """The trace of one script line: a list of lines (the header first).
    Use run_scripts for many: a generator left suspended is finalised
    (closed, running its finally section) when it is collected, which
    must not happen, and log, during another script."""
    global ME, LOGGING
    words = line.split()
    out = ["== " + " ".join(words)]
    fn = PROGRAMS.get(words[0])
    if fn is None:
        out.append("unknown program " + words[0])
        return out
    ME = fn()
    del LOG[:]
    LOGGING = True
    for op in words[1:]:
        try:
            res = apply(ME, op)
        except (Exception, GeneratorExit) as e:  # noqa: B014
            res = describe(e)
        out.append("%s -> %s | %s | %s" % (op, res, "; ".join(LOG) or "-",
                                         STATES[inspect.getgeneratorstate(ME)]))
        del LOG[:]
    LOGGING = False
    ME = None  # finalised now, or by gc.collect in run_scripts: logging is off
    return out


def run_scripts(lines):
    """The traces of many scripts, with the garbage collector held off
    while a script runs (see run_script)."""
    old_hook = sys.unraisablehook
    sys.unraisablehook = lambda unraisable: None  # "generator ignored GeneratorExit" at finalisation
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        out = []
        for i, line in enumerate(lines):
            out.append(run_script(line))
            if i % 500 == 499:
                gc.collect()
        gc.collect()
        return out
    finally:
        if was_enabled:
            gc.enable()
        sys.unraisablehook = old_hook


def main():
    for trace in run_scripts([line for line in sys.stdin if line.strip()]):
        sys.stdout.write("\n".join(trace) + "\n")


if __name__ == "__main__":
    main()
