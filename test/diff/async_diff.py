#!/usr/bin/env python3
"""async_diff.py - differential test of gen.h's async runtime against
CPython 3.11's asyncio.

Random concurrent programs (2-8 tasks, each a random list of steps: sleeps,
awaits of child coroutines that return or raise, gather, wait_for,
cancellation, Event, Lock/Semaphore, bounded Queue, async generators with
async for / anext / asend / athrow / aclose, awaiting a task or oneself,
try/except around one await, a try block around a run of steps,
try/finally around a body). Each program runs

  - as Python: emitted as readable source (test/diff/async_vloop.py is its
    runtime: real asyncio on a virtual clock) and exec'd here;
  - as C: test/diff/async_interp.c, one binary per build cell, interprets
    the same program (read from stdin, many programs per process).

Both write a trace "<virtual time> <task/coroutine label> <event>" plus the
end state (ok/deadlock, time) and each task's outcome; the traces must be
identical.

  python3 test/diff/async_diff.py [--seed S] [--programs N]
      [--cells quick|full] [--headers DIR] [--long SECONDS] [--show K]
      [--no-minimise] [--dump DIR] [--replay JSON] [--without F,F...]

  --seed S       programs S*1000003+k for k < N (default seed 1, N 300)
  --cells        quick: gcc goto -O0 ASan+UBSan and clang switch -O2 (the
                 default, for `make test`: about 10 s on 2 cores); full:
                 {gcc, clang} x {goto, switch} x {ASan+UBSan -O0, -O2}
  --headers DIR  where coro.h and gen.h are (default: the repository)
  --long SECONDS after the first batch, fresh random seeds until the time
                 is up
  --show K       divergences printed in full (default 1; minimising one
                 takes up to 20 s)
  --dump DIR     write every program of the first batch as Python source
  --replay JSON  run one program given as data (printed with each
                 divergence, "as data"), on every cell
  --without F,.. leave generator features out, to look past known
                 divergences (exploration only; see FEATURES)

The build cells must also agree with each other (a disagreement is a
failure of its own). test/diff/async_cases.py runs hand-made minimal
programs, one per divergence found so far.

Output: one line per build cell, "PASS async diff <cell>: N programs, 0
divergences" or "FAIL ...", then for up to --show divergences the program
(Python source, minimised: tasks and steps dropped while it still diverges)
and both traces up to the first differing line. Exit status 1 on any
divergence or build failure.

What the programs cover: sleep(k), k in 0..5 (0: asyncio.sleep(0) /
GEN_SLEEP0); await of a child coroutine that returns or raises (children up
to 2 deep, with their own try/finally); gather of 1-3 children with and
without return_exceptions; wait_for(child task, 0..6); cancel of any task
(itself, one awaiting a task, gather or wait_for: as it falls); Event
set/clear/wait, including set then clear before the waiter runs; Lock and
Semaphore(1-2) acquired around a sleep (async with: GEN_ASYNC_WITH);
bounded Queue put/get;
one async generator per task (yields, sleeps, may raise, may have a
finally that sleeps) consumed by async for (with break sometimes), anext,
asend (None or a value), athrow, aclose, also before it started or after it
ended; awaiting another task or oneself; try/except around one await (call,
gather, wait_for, await task/self); a try block (try: ... except
BaseException, GeneratorExit let through) around a run of any steps of a
coroutine or async generator body, so a sleep, an event wait, an acquire,
a queue operation, an async generator operation or an athrow'n yield is
caught too (GEN_TRY in C, around every step: outside the run its except
branch raises again); try/finally around a whole body; task results and
errors; deadlocks (reported the same way on both sides).

Not expressible on the C side (so not generated): a finally block that
awaits anywhere but around a whole body; nested try blocks in one body;
wait_for or gather over anything but spawned tasks; cancelling gather's
children or its future directly; asyncio's finalisation of an abandoned
async generator by the garbage collector (C has none: both sides leave it
suspended); shield, asyncio.timeout, TaskGroup, uncancel, cancel messages.

Harness choices that keep the comparison meaningful:
  (a) equal timer deadlines: FIFO on the Python side (see async_vloop.py),
      as coro.h documents.
  (b) a woken Queue getter gets the item it was woken for in coro.h, while
      asyncio lets another getter overtake it: every queue here has exactly
      one producer task and one consumer task (both top-level), so nobody
      can overtake anybody.
  (c) wait_for corner cases whose 3.11 behaviour 3.12 changed (wait_for was
      reimplemented on asyncio.timeout in 3.12, gh-96764) are detected on the
      Python side (Runtime.wait_for in async_vloop.py) and such programs are
      skipped, not compared (their number is printed).
  (d) two CPython 3.11 bugs are steered clear of: see
      avoid_await_after_self_await (a task that awaited itself confuses
      later awaits of it; Task.cancel recurses forever along a cycle of
      tasks awaiting each other).
"""
import argparse
import copy
import json
import os
import random
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

import async_vloop  # noqa: E402  (the Python runtime of the programs)

WAIT_FOR_3_12 = async_vloop.Runtime.wait_for.__doc__

OPS = ['SLEEP', 'CALL', 'GATHER', 'WAITFOR', 'CANCEL', 'EVSET', 'EVCLEAR',
       'EVWAIT', 'LOCK', 'PUT', 'GET', 'AFOR', 'ANEXT', 'ASEND', 'ATHROW',
       'ACLOSE', 'AWAITSELF', 'AWAITTASK', 'RAISE', 'RETURN', 'YIELD']
OP = {n: i for i, n in enumerate(OPS)}
K_TASK, K_CHILD, K_AGEN = 0, 1, 2
MAXS = 16

CWARN = ('-std=c99 -Wall -Wextra -Wpedantic -Werror -Wshadow -Wconversion '
         '-Wsign-conversion -Wundef -Wstrict-prototypes -Wmissing-prototypes '
         '-Wcast-qual -Wswitch-default -Wimplicit-fallthrough').split()
OPTS = {'asan': '-O0 -g -fsanitize=address,undefined -fno-sanitize-recover=all'.split(),
        'O2': ['-O2']}


def S(op, a=0, b=0, c=0, d=0, e=0):
    return [OP[op]] + [int(x) for x in (a, b, c, d, e)]


# ---------------------------------------------------------------- generator

FEATURES = ('cancel', 'cancel_self', 'gather', 'wait_for', 'wait_for0', 'await_task', 'await_self',
            'event', 'event_clear', 'lock', 'queue', 'agen', 'asend', 'athrow', 'aclose',
            'catch', 'finally', 'raise', 'try')


class Gen:
    """program generator; `without`: features left out (for exploring
    past known divergences: python3 async_diff.py --without cancel,athrow)"""

    def __init__(self, rng, without=()):
        self.r = rng
        self.off = set(without)

    def on(self, f):
        return f not in self.off

    def catch(self, p):
        return self.on('catch') and self.r.random() < p

    def new_body(self, kind, steps, fin=None, agen=None):
        self.bodies.append({'kind': kind, 'steps': steps, 'fin': fin, 'agen': agen})
        return len(self.bodies) - 1

    def fin(self, p):
        r = self.r
        if r.random() >= p or not self.on('finally'):
            return None
        out = []
        for _ in range(r.choice([0, 1, 1, 2])):
            x = r.random()
            if x < 0.45:
                out.append(S('SLEEP', r.randint(1, 3)))
            elif x < 0.8 or not self.nev:
                out.append(S('SLEEP', 0))
            else:
                out.append(S('EVSET', r.randrange(self.nev)))
        return out

    def sleep(self):
        r = self.r
        return S('SLEEP', r.choice([0, 0, 1, 1, 2, 3, 4, 5]))

    def child(self, depth, same=True):
        """a child coroutine: a few steps, then return v or raise E<k>;
        same: it runs in the task being generated (awaited, not a task)"""
        old = self.same
        self.same = old and same
        try:
            return self._child(depth)
        finally:
            self.same = old

    def _child(self, depth):
        r = self.r
        steps = []
        for _ in range(r.choice([0, 1, 1, 2, 3])):
            x = r.random()
            if x < 0.45:
                steps.append(self.sleep())
            elif x < 0.55 and depth < 2:
                steps.append(S('CALL', self.child(depth + 1), self.catch(0.4)))
            elif x < 0.62 and depth < 1 and self.on('gather'):
                steps.append(self.gather(depth + 1))
            elif x < 0.70 and self.nev:
                steps.append(S(r.choice(['EVSET', 'EVWAIT', 'EVSET']), r.randrange(self.nev)))
            elif x < 0.78 and self.nres:
                steps.append(S('LOCK', r.randrange(self.nres), r.choice([0, 1, 2])))
            elif x < 0.88 and not self.no_cancel:
                steps.append(S('CANCEL', self.cancel_target()))
            else:
                steps.append(self.sleep())
        if r.random() < 0.7 or not self.on('raise'):
            steps.append(S('RETURN', r.randint(1, 9)))
        else:
            steps.append(S('RAISE', r.randint(1, 9)))
        return self.new_body(K_CHILD, steps, self.fin(0.3))

    def gather(self, depth):
        r = self.r
        n = r.choice([1, 2, 2, 3])
        kids = [self.child(depth, False) for _ in range(n)] + [-1] * (3 - n)
        return S('GATHER', kids[0], kids[1], kids[2], r.random() < 0.4, self.catch(0.4))

    def agen(self):
        r = self.r
        steps = []
        for _ in range(r.choice([1, 2, 3, 3, 4])):
            x = r.random()
            if x < 0.65:
                steps.append(S('YIELD', r.randint(1, 9)))
            else:
                steps.append(self.sleep())
        if r.random() < 0.15 and self.on('raise'):
            steps.append(S('RAISE', r.randint(1, 9)))
        fin = None
        if r.random() < 0.5 and self.on('finally'):
            fin = [self.sleep() for _ in range(r.choice([0, 1]))]
        return self.new_body(K_AGEN, steps, fin)

    def cancel_target(self):
        r = self.r
        if not self.on('cancel_self') and self.same and self.nt > 1:
            return r.choice([j for j in range(self.nt) if j != self.cur])
        return r.randrange(self.nt)

    def task(self, i):
        r = self.r
        self.cur = i
        self.same = True
        steps = []
        agen = None
        n = r.choice([1, 2, 3, 3, 4, 5, 6])
        while len(steps) < n:
            x = r.random()
            if x < 0.18:
                steps.append(self.sleep())
            elif x < 0.28:
                steps.append(S('CALL', self.child(1), self.catch(0.5)))
            elif x < 0.35 and self.on('gather'):
                steps.append(self.gather(1))
            elif x < 0.41 and self.on('wait_for'):
                steps.append(S('WAITFOR', self.child(1, False),
                               r.randint(0 if self.on('wait_for0') else 1, 6),
                               self.catch(0.5)))
            elif x < 0.52 and self.on('cancel'):
                steps.append(S('CANCEL', self.cancel_target()))
            elif x < 0.62 and self.nev:
                e = r.randrange(self.nev)
                y = r.random()
                if y < 0.4:
                    steps.append(S('EVWAIT', e))
                elif y < 0.65 or not self.on('event_clear'):
                    steps.append(S('EVSET', e))
                elif y < 0.75:
                    steps.append(S('EVCLEAR', e))
                else:  # set then clear before the waiter runs
                    steps += [S('EVSET', e), S('EVCLEAR', e)]
            elif x < 0.68 and self.nres:
                steps.append(S('LOCK', r.randrange(self.nres), r.choice([0, 1, 2, 3])))
            elif x < 0.80 and self.on('agen'):
                if agen is None:
                    agen = self.agen()
                y = r.random()
                if y < 0.3:
                    steps.append(S('AFOR', r.choice([0, 0, 1, 2])))
                elif y < 0.55:
                    steps.append(S('ANEXT'))
                elif y < 0.75 and self.on('asend'):
                    steps.append(S('ASEND', r.choice([0, 1, 2, 3])))
                elif y < 0.88 and self.on('athrow'):
                    steps.append(S('ATHROW', r.randint(1, 9)))
                elif self.on('aclose'):
                    steps.append(S('ACLOSE'))
            elif x < 0.83 and self.on('await_self'):
                steps.append(S('AWAITSELF', self.catch(0.7)))
            elif x < 0.93 and self.on('await_task'):
                j = r.randrange(self.nt)
                if j == i and not self.on('await_self'):
                    j = (i + 1) % self.nt
                steps.append(S('AWAITTASK', j, self.catch(0.6)))
            elif x < 0.95 and self.on('raise'):
                steps.append(S('RAISE', r.randint(1, 9)))
                break
            else:
                steps.append(self.sleep())
        return self.new_body(K_TASK, steps, self.fin(0.4), agen)

    def program(self):
        r = self.r
        self.bodies = []
        self.nt = r.choice([2, 2, 3, 3, 3, 4, 4, 5, 6, 8])
        self.nev = r.choice([0, 1, 1, 2]) if self.on('event') else 0
        self.nres = r.choice([0, 0, 1, 2]) if self.on('lock') else 0
        self.no_cancel = not self.on('cancel')
        res = []
        for _ in range(self.nres):
            res.append(['Lock', 1] if r.random() < 0.5 else ['Semaphore', r.randint(1, 2)])
        tasks = [self.task(i) for i in range(self.nt)]
        qcap = []
        for q in range(r.choice([0, 0, 0, 1, 2]) if self.on('queue') else 0):
            p, c = r.sample(range(self.nt), 2)
            qcap.append(r.randint(1, 2))
            nput = r.randint(1, 3)
            nget = nput if r.random() < 0.8 else max(0, nput + r.choice([-1, 1]))
            for k in range(nput):
                st = self.bodies[tasks[p]]['steps']
                if len(st) < MAXS - 1:
                    st.insert(r.randint(0, len(st)), S('PUT', q, k + 1))
            for k in range(nget):
                st = self.bodies[tasks[c]]['steps']
                if len(st) < MAXS - 1:
                    st.insert(r.randint(0, len(st)), S('GET', q))
        # an event somebody waits for is set by some task (fewer deadlocks)
        sets, waits = set(), set()
        for b in self.bodies:
            for st in b['steps'] + (b['fin'] or []):
                (sets if st[0] == OP['EVSET'] else waits if st[0] == OP['EVWAIT'] else set()).add(st[1])
        for e in sorted(waits - sets):
            st = self.bodies[tasks[r.randrange(self.nt)]]['steps']
            if len(st) < MAXS - 1:
                st.insert(r.randint(0, len(st)), S('EVSET', e))
        # a try block (try: ... except BaseException but GeneratorExit) around
        # a run of a body's steps: GEN_TRY around each of them in C
        for b in self.bodies:
            if b['steps'] and self.on('try') and r.random() < 0.3:
                t0 = r.randrange(len(b['steps']))
                b['try'] = [t0, r.randint(t0 + 1, len(b['steps']))]
        prog = {'tasks': tasks, 'bodies': self.bodies, 'nev': self.nev,
                'res': res, 'qcap': qcap}
        avoid_await_after_self_await(prog)
        return prog


def avoid_await_after_self_await(prog):
    """CPython 3.11 behaviours the harness steers clear of (bugs, not
    semantics the C library should copy):
      - after a task awaited itself (RuntimeError "Task cannot await on
        itself"), its _asyncio_future_blocking flag stays set: another task
        that awaits it later fails with RuntimeError("await wasn't used with
        future") instead of waiting, and its own next self-await raises in
        the same pass instead of one pass later. So a task awaits itself at
        most once, and no other task awaits a task that awaits itself.
      - Task.cancel() follows the chain of awaited tasks recursively: along
        a cycle of tasks awaiting each other it recurses until
        RecursionError. So a task awaits only tasks after it in the list
        (no cycles), or itself.
    Offending awaits become sleep(0)."""
    nt = len(prog['tasks'])

    def selfish(i):
        b = prog['bodies'][prog['tasks'][i]]
        return any(st[0] == OP['AWAITSELF'] or st[0] == OP['AWAITTASK'] and st[1] == i
                   for st in b['steps'])
    for i, bid in enumerate(prog['tasks']):
        seen_self = False
        for st in prog['bodies'][bid]['steps']:
            if st[0] == OP['AWAITTASK'] and st[1] < i:
                st[:] = S('SLEEP', 0)
            if st[0] == OP['AWAITSELF'] or st[0] == OP['AWAITTASK'] and st[1] == i:
                if seen_self:
                    st[:] = S('SLEEP', 0)
                seen_self = True
    bad = {i for i in range(nt) if selfish(i)}
    for i, bid in enumerate(prog['tasks']):
        for st in prog['bodies'][bid]['steps']:
            if st[0] == OP['AWAITTASK'] and st[1] in bad and st[1] != i:
                st[:] = S('SLEEP', 0)


# ---------------------------------------------------------------- emitters

def reachable(prog):
    seen = set()
    todo = list(prog['tasks'])
    while todo:
        b = todo.pop()
        if b in seen or b < 0:
            continue
        seen.add(b)
        body = prog['bodies'][b]
        if body['agen'] is not None:
            todo.append(body['agen'])
        for st in body['steps']:
            if st[0] in (OP['CALL'], OP['WAITFOR']):
                todo.append(st[1])
            elif st[0] == OP['GATHER']:
                todo += [k for k in st[1:4] if k >= 0]
    return sorted(seen)


def fname(prog, bid):
    k = prog['bodies'][bid]['kind']
    return {K_TASK: 't', K_CHILD: 'c', K_AGEN: 'ag'}[k] + str(bid)


def emit_step(prog, st, i, ind, out, tag='s'):
    op = OPS[st[0]]
    a, b, c, d, e = st[1:]
    p = ' ' * ind
    s = '%s%d' % (tag, i)

    def L(x, extra=0):
        out.append(' ' * (ind + extra) + x)

    def catching(await_line, ok_line, catch):
        if catch:
            L('try:')
            L(await_line, 4)
            L('except BaseException as e:')
            L("log(lab, '%s caught ' + ename(e))" % s, 4)
            L('else:')
            L(ok_line, 4)
        else:
            L(await_line)
            L(ok_line)

    if op == 'SLEEP':
        L("log(lab, '%s sleep %d')" % (s, a))
        L('await asyncio.sleep(%d)' % a)
    elif op == 'CALL':
        L("log(lab, '%s call')" % s)
        catching("r = await %s(lab + '.%d')" % (fname(prog, a), i),
                 "log(lab, f'%s -> {r}')" % s, b)
    elif op == 'GATHER':
        kids = [k for k in (a, b, c) if k >= 0]
        args = ', '.join("%s(lab + '.%d.%d')" % (fname(prog, k), i, j) for j, k in enumerate(kids))
        if d:
            args += ', return_exceptions=True'
        L("log(lab, '%s gather')" % s)
        catching('r = await asyncio.gather(%s)' % args,
                 "log(lab, '%s -> ' + fmtlist(r))" % s, e)
    elif op == 'WAITFOR':
        L("ct = asyncio.create_task(%s(lab + '.%d'))" % (fname(prog, a), i))
        L("log(lab, '%s wait_for %d')" % (s, b))
        catching('r = await R.wait_for(ct, %d)' % b, "log(lab, f'%s -> {r}')" % s, c)
    elif op == 'CANCEL':
        L("log(lab, f'%s cancel T%d -> {int(R.T[%d].cancel())}')" % (s, a, a))
    elif op == 'EVSET':
        L("log(lab, '%s set %d')" % (s, a))
        L('R.E[%d].set()' % a)
    elif op == 'EVCLEAR':
        L("log(lab, '%s clear %d')" % (s, a))
        L('R.E[%d].clear()' % a)
    elif op == 'EVWAIT':
        L("log(lab, '%s wait %d')" % (s, a))
        L('await R.E[%d].wait()' % a)
        L("log(lab, '%s woke %d')" % (s, a))
    elif op == 'LOCK':
        L("log(lab, '%s lock %d')" % (s, a))
        L('async with R.L[%d]:' % a)
        L("log(lab, '%s locked %d')" % (s, a), 4)
        L('await asyncio.sleep(%d)' % b, 4)
        L("log(lab, '%s unlock %d')" % (s, a), 4)
    elif op == 'PUT':
        L("log(lab, '%s put %d %d')" % (s, a, b))
        L('await R.Q[%d].put(%d)' % (a, b))
        L("log(lab, '%s put done')" % s)
    elif op == 'GET':
        L("log(lab, '%s get %d')" % (s, a))
        L('r = await R.Q[%d].get()' % a)
        L("log(lab, f'%s got {r}')" % s)
    elif op == 'AFOR':
        L("log(lab, '%s afor')" % s)
        L('n = 0')
        L('async for v in ag:')
        L("log(lab, f'%s item {v}')" % s, 4)
        if a:
            L('n += 1', 4)
            L('if n == %d:' % a, 4)
            L("log(lab, '%s break')" % s, 8)
            L('break', 8)
        L('else:')
        L("log(lab, '%s afor end')" % s, 4)
    elif op in ('ANEXT', 'ASEND', 'ATHROW'):
        if op == 'ANEXT':
            L("log(lab, '%s anext')" % s)
            aw = 'anext(ag)'
        elif op == 'ASEND':
            L("log(lab, '%s asend %d')" % (s, a))
            aw = 'ag.asend(%s)' % (a or 'None')
        else:
            L("log(lab, '%s athrow E%d')" % (s, a))
            aw = 'ag.athrow(Err(%d))' % a
        L('try:')
        L('r = await %s' % aw, 4)
        L('except StopAsyncIteration:')
        L("log(lab, '%s stop')" % s, 4)
        if op == 'ATHROW':
            # a documented difference: CPython 3.11's athrow into an
            # exhausted async generator returns None; C has no None of
            # type T and reports it closed, as StopAsyncIteration
            L('else:')
            L("log(lab, '%s stop' if r is None else f'%s -> {r}')" % (s, s), 4)
        else:
            L('else:')
            L("log(lab, f'%s -> {r}')" % s, 4)
    elif op == 'ACLOSE':
        L("log(lab, '%s aclose')" % s)
        L('await ag.aclose()')
        L("log(lab, '%s closed')" % s)
    elif op == 'AWAITSELF':
        L("log(lab, '%s await self')" % s)
        catching('r = await asyncio.current_task()', "log(lab, '%s -> ?')" % s, a)
    elif op == 'AWAITTASK':
        L("log(lab, '%s await T%d')" % (s, a))
        catching('r = await R.T[%d]' % a, "log(lab, f'%s -> {r}')" % s, b)
    elif op == 'RAISE':
        L("log(lab, '%s raise E%d')" % (s, a))
        L('raise Err(%d)' % a)
    elif op == 'RETURN':
        L("log(lab, '%s return %d')" % (s, a))
        L('return %d' % a)
    elif op == 'YIELD':
        L("log(lab, '%s yield %d')" % (s, a))
        L('x = yield %d' % a)
        L("log(lab, f'%s resumed {x}')" % s)
    else:
        raise ValueError(op)


def try_range(b):
    """the body's try block (t0, t1), clamped to its steps, or None"""
    t = b.get('try')
    if not t:
        return None
    t0, t1 = t[0], min(t[1], len(b['steps']))
    return (t0, t1) if t0 < t1 else None


def emit_python(prog, title='program'):
    out = ['# async_diff %s: python3 <this file> prints its trace' % title,
           '# (R.wait_for is asyncio.wait_for, watched for the corner cases 3.12 changed)',
           'import asyncio, sys',
           'sys.path.insert(0, %r)' % HERE,
           'from async_vloop import Runtime, Err, ename, fmtlist',
           'R = Runtime(events=%d, locks=%r, queues=%r)' % (
               prog['nev'], [tuple(x) for x in prog['res']], prog['qcap']),
           'log = R.log']
    task_of = {b: i for i, b in enumerate(prog['tasks'])}
    for bid in reachable(prog):
        b = prog['bodies'][bid]
        out.append('')
        out.append('')
        out.append('async def %s(lab):' % fname(prog, bid))
        ind = 4
        if b['agen'] is not None:
            out.append("    ag = %s(lab + '.ag')" % fname(prog, b['agen']))
        if b['fin'] is not None:
            out.append('    try:')
            ind = 8
        tag = 'a' if b['kind'] == K_AGEN else 's'
        tr = try_range(b)
        for i, st in enumerate(b['steps']):
            if tr and i == tr[0]:
                out.append(' ' * ind + 'try:')
                ind += 4
            emit_step(prog, st, i, ind, out, tag)
            if tr and i == tr[1] - 1:
                ind -= 4
                out.append(' ' * ind + 'except GeneratorExit:')
                out.append(' ' * ind + '    raise')
                out.append(' ' * ind + 'except BaseException as e:')
                out.append(' ' * ind + "    log(lab, 'x%d caught ' + ename(e))" % tr[0])
        if b['kind'] == K_TASK:
            out.append(' ' * ind + 'return %d' % (100 + task_of[bid]))
        elif b['kind'] == K_CHILD and tr:
            # its last step (a return or a raise) may be caught: it then
            # ends here, as the C child does with its zeroed result
            out.append(' ' * ind + 'return 0')
        elif not b['steps'] or ind == 8 and b['kind'] == K_AGEN:
            out.append(' ' * ind + 'pass')
        if b['fin'] is not None:
            out.append('    finally:')
            out.append("        log(lab, 'finally')")
            for i, st in enumerate(b['fin']):
                emit_step(prog, st, i, 8, out, 'f')
        if b['kind'] == K_AGEN:
            out.append('    return')
            out.append('    yield  # (an async generator even without yield steps)')
    out.append('')
    out.append('')
    out.append('TASKS = [%s]' % ', '.join(fname(prog, b) for b in prog['tasks']))
    out.append("if __name__ == '__main__':")
    out.append("    print('\\n'.join(R.run(TASKS)))")
    return '\n'.join(out) + '\n'


def serialise(prog):
    """the integer format async_interp.c reads"""
    v = [len(prog['tasks']), len(prog['bodies']), prog['nev'], len(prog['res']), len(prog['qcap'])]
    v += [x[1] for x in prog['res']]
    v += prog['qcap']
    v += prog['tasks']
    for b in prog['bodies']:
        fin = b['fin']
        tr = try_range(b) or (-1, -1)
        v += [b['kind'], -1 if b['agen'] is None else b['agen'], len(b['steps']),
              -1 if fin is None else len(fin), tr[0], tr[1]]
        for st in b['steps'] + (fin or []):
            v += [int(x) for x in st]
    return ' '.join(map(str, v)) + '\n'


# ---------------------------------------------------------------- running

class _Dead:
    def __getattr__(self, name):
        raise RuntimeError('program finished')


_DEAD = _Dead()


def run_python(prog):
    src = emit_python(prog)
    ns = {'__name__': 'async_diff_program'}
    try:
        exec(compile(src, '<program>', 'exec'), ns)
        trace = ns['R'].run(ns['TASKS'])
        # The coroutines a deadlock left pending run their finally sections
        # when they are garbage collected, maybe in the middle of a later
        # program, where asyncio.sleep would find that program's loop: cut
        # this program's code off from asyncio.
        ns['asyncio'] = _DEAD
        return trace, ns['R'].skip
    except Exception as ex:  # a harness bug: show it as a trace
        return ['python harness error: %r' % ex], None


def run_c(binpath, progs):
    """traces of progs from one binary; a crash reports the program it
    crashed on and goes on with the next ones"""
    traces = []
    i = 0
    if not os.path.exists(binpath) and binpath in REBUILD:  # build/diff was cleaned meanwhile
        build(*REBUILD[binpath])[1].communicate()
    while i < len(progs):
        data = ''.join(serialise(p) for p in progs[i:])
        pr = subprocess.run([binpath], input=data, capture_output=True, text=True)
        chunks = pr.stdout.split('=\n')
        done = chunks[:-1]
        traces += [c.splitlines() for c in done]
        i += len(done)
        if pr.returncode != 0 and i < len(progs):
            tail = chunks[-1].splitlines()
            err = pr.stderr.strip().splitlines()
            traces.append(tail + ['C crashed: exit %d' % pr.returncode] + err[:8])
            i += 1
        elif i < len(progs) and pr.returncode == 0:
            traces += [['C produced no trace']] * (len(progs) - i)
            break
    return traces


def first_diff(a, b):
    for k in range(max(len(a), len(b))):
        if k >= len(a) or k >= len(b) or a[k] != b[k]:
            return k
    return None


REBUILD = {}  # binary -> (cell, headers): run_c rebuilds a binary that vanished


def build(cell, headers):
    cc, be, opt = cell.split('-')
    tag = '' if os.path.samefile(headers, ROOT) else os.path.basename(os.path.normpath(headers)) + '-'
    out = os.path.join(ROOT, 'build', 'diff', 'async_interp-' + tag + cell)
    REBUILD[out] = (cell, headers)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    cmd = [cc] + CWARN + OPTS[opt] + ['-DCORO_BACKEND_' + be.upper(), '-I', headers,
                                      os.path.join(HERE, 'async_interp.c'), '-o', out]
    return out, subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def cells_for(kind):
    ccs = [c for c in ('gcc', 'clang') if shutil.which(c)]
    if kind == 'full':
        return ['%s-%s-%s' % (c, b, o) for c in ccs for b in ('goto', 'switch') for o in ('asan', 'O2')]
    # quick: one sanitised build, one optimised build on the other backend
    # and (where installed) the other compiler
    return ['%s-goto-asan' % ccs[0], '%s-switch-O2' % ccs[-1]]


def _task_refs(prog):
    refs = set()
    for bid in reachable(prog):
        b = prog['bodies'][bid]
        for st in b['steps'] + (b['fin'] or []):
            if st[0] in (OP['CANCEL'], OP['AWAITTASK']):
                refs.add(st[1])
    return refs


def _drop_task(prog, i):
    """prog without top-level task i (nobody refers to it): later indices
    shift down"""
    p = copy.deepcopy(prog)
    p['tasks'].pop(i)
    for b in p['bodies']:
        for st in b['steps'] + (b['fin'] or []):
            if st[0] in (OP['CANCEL'], OP['AWAITTASK']) and st[1] > i:
                st[1] -= 1
    return p


AGEN_OPS = {OP[n] for n in ('AFOR', 'ANEXT', 'ASEND', 'ATHROW', 'ACLOSE')}


def shrink_candidates(prog):
    """smaller variants of prog, biggest cuts first"""
    nt = len(prog['tasks'])
    refs = _task_refs(prog)
    if nt > 1:
        for i in range(nt):
            if i not in refs:
                yield _drop_task(prog, i)
    for i, bid in enumerate(prog['tasks']):
        b = prog['bodies'][bid]
        if b['steps'] or b['fin'] is not None:
            p = copy.deepcopy(prog)
            p['bodies'][bid]['steps'] = []
            p['bodies'][bid]['fin'] = None
            yield p
    for bid in reachable(prog):
        b = prog['bodies'][bid]
        if b['agen'] is not None and not any(st[0] in AGEN_OPS for st in b['steps']):
            p = copy.deepcopy(prog)
            p['bodies'][bid]['agen'] = None
            yield p
        if b['fin'] is not None:
            p = copy.deepcopy(prog)
            p['bodies'][bid]['fin'] = None
            yield p
            for k in range(len(b['fin'])):
                p = copy.deepcopy(prog)
                del p['bodies'][bid]['fin'][k]
                yield p
        keep_last = b['kind'] == K_CHILD
        for k in range(len(b['steps']) - (1 if keep_last else 0)):
            p = copy.deepcopy(prog)
            del p['bodies'][bid]['steps'][k]
            yield p
        for k, st in enumerate(b['steps']):
            if st[0] == OP['GATHER'] and sum(x >= 0 for x in st[1:4]) > 1:
                for j in range(3):
                    if st[1 + j] >= 0:
                        p = copy.deepcopy(prog)
                        s2 = p['bodies'][bid]['steps'][k]
                        kids = [x for x in s2[1:4] if x >= 0]
                        kids.remove(st[1 + j])
                        s2[1:4] = kids + [-1] * (3 - len(kids))
                        yield p
            if st[0] == OP['SLEEP'] and st[1] > 1:
                p = copy.deepcopy(prog)
                p['bodies'][bid]['steps'][k][1] = 1
                yield p
            if st[0] in (OP['CALL'], OP['GATHER'], OP['AWAITTASK'], OP['AWAITSELF']):
                # a catching await without the catch, or the reverse
                ci = {OP['CALL']: 2, OP['GATHER']: 5, OP['AWAITTASK']: 2, OP['AWAITSELF']: 1}[st[0]]
                if st[ci]:
                    p = copy.deepcopy(prog)
                    p['bodies'][bid]['steps'][k][ci] = 0
                    yield p


def tidy(prog):
    """drop unused events, locks and queues (cosmetic: indices kept dense)"""
    p = copy.deepcopy(prog)
    used = {'ev': set(), 'res': set(), 'q': set()}
    for bid in reachable(p):
        b = p['bodies'][bid]
        for st in b['steps'] + (b['fin'] or []):
            if st[0] in (OP['EVSET'], OP['EVCLEAR'], OP['EVWAIT']):
                used['ev'].add(st[1])
            elif st[0] == OP['LOCK']:
                used['res'].add(st[1])
            elif st[0] in (OP['PUT'], OP['GET']):
                used['q'].add(st[1])
    maps = {k: {o: n for n, o in enumerate(sorted(v))} for k, v in used.items()}
    for b in p['bodies']:
        for st in b['steps'] + (b['fin'] or []):
            if st[0] in (OP['EVSET'], OP['EVCLEAR'], OP['EVWAIT']):
                st[1] = maps['ev'].get(st[1], 0)
            elif st[0] == OP['LOCK']:
                st[1] = maps['res'].get(st[1], 0)
            elif st[0] in (OP['PUT'], OP['GET']):
                st[1] = maps['q'].get(st[1], 0)
    p['nev'] = len(used['ev'])
    p['res'] = [p['res'][o] for o in sorted(used['res'])]
    p['qcap'] = [p['qcap'][o] for o in sorted(used['q'])]
    # keep the reachable bodies only, renumbered
    keep = reachable(p)
    new = {o: n for n, o in enumerate(keep)}
    bodies = [copy.deepcopy(p['bodies'][o]) for o in keep]
    for b in bodies:
        if b['agen'] is not None:
            b['agen'] = new[b['agen']]
        for st in b['steps']:
            if st[0] in (OP['CALL'], OP['WAITFOR']):
                st[1] = new[st[1]]
            elif st[0] == OP['GATHER']:
                st[1:4] = [new[k] if k >= 0 else -1 for k in st[1:4]]
    p['bodies'] = bodies
    p['tasks'] = [new[b] for b in p['tasks']]
    return p


def size(prog):
    return sum(len(prog['bodies'][b]['steps']) + len(prog['bodies'][b]['fin'] or [])
               for b in reachable(prog)) + len(prog['tasks'])


def minimise(prog, binpath, budget=20.0):
    t0 = time.time()
    cur = prog
    while time.time() - t0 < budget:
        cands = list(shrink_candidates(cur))
        if not cands:
            break
        ct = run_c(binpath, cands)
        found = None
        for p, c in zip(cands, ct):
            py, skip = run_python(p)
            if not skip and first_diff(py, c) is not None:
                found = p
                break
        if found is None:
            break
        cur = found
    return cur


def show_divergence(prog, binpath, title, do_min=True):
    before = size(prog)
    if do_min:
        prog = minimise(prog, binpath)
        t = tidy(prog)
        py_t, _ = run_python(t)
        if first_diff(py_t, run_c(binpath, [t])[0]) is not None:
            prog = t
    py, _ = run_python(prog)
    c = run_c(binpath, [prog])[0]
    k = first_diff(py, c)
    print('---- %s (minimised: %d -> %d steps+tasks)' % (title, before, size(prog)))
    print(emit_python(prog, title).rstrip())
    print('---- as data (--replay accepts it): %s' % json.dumps(prog, separators=(',', ':')))
    print('---- traces up to the first difference (line %s)' % (None if k is None else k + 1))
    n = len(py) if k is None else k + 1
    print('python:')
    for line in py[:n]:
        print('    ' + line)
    print('C:')
    for line in c[:n]:
        print('    ' + line)
    print('----')
    return prog


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0].replace('\n', ' '))
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--programs', type=int, default=300)
    ap.add_argument('--cells', choices=['quick', 'full'], default='quick')
    ap.add_argument('--headers', default=ROOT)
    ap.add_argument('--long', type=float, default=0, metavar='SECONDS')
    ap.add_argument('--show', type=int, default=1, help='divergences to print (minimised)')
    ap.add_argument('--no-minimise', action='store_true')
    ap.add_argument('--dump', metavar='DIR', help='write every program as DIR/p<seed>_<k>.py')
    ap.add_argument('--replay', metavar='JSON', help='run one program given as data (a file or the text)')
    ap.add_argument('--without', default='', metavar='F,F',
                    help='leave generator features out (exploration only): ' + ','.join(FEATURES))
    args = ap.parse_args()
    ap_replay = args.replay
    without = [f for f in args.without.split(',') if f]
    for f in without:
        if f not in FEATURES:
            ap.error('unknown feature %s' % f)

    os.makedirs(os.path.join(ROOT, 'build', 'diff'), exist_ok=True)
    cells = cells_for(args.cells)
    if not all(os.path.isfile(os.path.join(args.headers, h)) for h in ('coro.h', 'gen.h')):
        for cell in cells:
            print('FAIL async diff %s: build (no coro.h and gen.h in %s)' % (cell, args.headers))
        return 1
    built = {}
    failed = False
    procs = [(cell,) + build(cell, os.path.abspath(args.headers)) for cell in cells]
    for cell, out, pr in procs:
        log, _ = pr.communicate()
        if pr.returncode != 0:
            print('FAIL async diff %s: build' % cell)
            for line in log.splitlines()[:15]:
                print('     | ' + line)
            failed = True
        else:
            built[cell] = out

    if ap_replay:
        text = open(ap_replay).read() if os.path.exists(ap_replay) else ap_replay
        prog = json.loads(text)
        bad = 0
        for cell, binpath in built.items():
            py, skip = run_python(prog)
            c = run_c(binpath, [prog])[0]
            same = first_diff(py, c) is None
            bad += not same
            print('%s async diff %s: replay%s' % ('PASS' if same else 'FAIL', cell, ' (skipped: %s)' % skip if skip else ''))
            if not same:
                show_divergence(prog, binpath, 'replay, cell ' + cell, False)
        return 1 if bad or failed else 0

    deadline = time.time() + args.long
    seed = args.seed
    shown = 0
    nskipped = 0
    total = {c: [0, 0, 0] for c in built}
    while True:
        rng_progs = []
        for k in range(args.programs):
            rng_progs.append(Gen(random.Random(seed * 1000003 + k), without).program())
        res = [run_python(p) for p in rng_progs]
        py = [t for t, _ in res]
        skipped = [k for k, (_, sk) in enumerate(res) if sk]
        nskipped += len(skipped)
        if args.dump:
            os.makedirs(args.dump, exist_ok=True)
            for k, p in enumerate(rng_progs):
                with open(os.path.join(args.dump, 'p%d_%d.py' % (seed, k)), 'w') as f:
                    f.write(emit_python(p, 'seed %d program %d' % (seed, k)))
        first_ct = None
        for cell, binpath in built.items():
            ct = run_c(binpath, rng_progs)
            bad = [k for k in range(len(rng_progs))
                   if res[k][1] is None and first_diff(py[k], ct[k]) is not None]
            if first_ct is None:
                first_ct = (cell, ct)
            else:  # the build cells must agree with each other, skipped programs included
                split = [k for k in range(len(rng_progs)) if first_diff(first_ct[1][k], ct[k]) is not None]
                total[cell][2] += len(split)
                for k in split[:1]:
                    j = first_diff(first_ct[1][k], ct[k])
                    print('---- cells %s and %s disagree on seed %d program %d (line %d):'
                          % (first_ct[0], cell, seed, k, j + 1))
                    print(emit_python(rng_progs[k], 'seed %d program %d' % (seed, k)).rstrip())
                    for name, tr in ((first_ct[0], first_ct[1][k]), (cell, ct[k])):
                        print(name + ':')
                        for line in tr[:j + 1]:
                            print('    ' + line)
            total[cell][0] += len(rng_progs) - len(skipped)
            crashes = [k for k in range(len(rng_progs))
                       if any(x.startswith('fatal') or x.startswith('C crashed') for x in ct[k])]
            if crashes:
                print('---- %s: the C side crashed on %d programs (first: seed %d program %d)'
                      % (cell, len(crashes), seed, crashes[0]))
            total[cell][1] += len(bad)
            for k in bad[:max(0, args.show - shown)]:
                show_divergence(rng_progs[k], binpath, 'seed %d program %d, cell %s' % (seed, k, cell),
                                not args.no_minimise)
                shown += 1
        if time.time() >= deadline:
            break
        seed = random.randrange(1 << 30)
    print('async diff: %d programs skipped (wait_for corner cases that 3.12 changed; a Lock released with a cancelled first waiter; '
          'an async generator used again after a cancelled aclose/athrow)' % nskipped)
    for cell in cells:
        if cell not in built:
            continue
        n, bad, split = total[cell]
        print('%s async diff %s: %d programs, %d divergences%s' % (
            'FAIL' if bad or split else 'PASS', cell, n, bad,
            ', %d disagreements with %s' % (split, next(iter(built))) if split else ''))
        failed |= bad > 0 or split > 0
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
