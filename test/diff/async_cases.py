#!/usr/bin/env python3
"""async_cases.py - minimal programs, in async_diff.py's program format, for
each divergence between gen.h's runtime and asyncio 3.11 that the
differential test found or was told about. Each one runs on both sides and
prints both traces; "agrees" means the library (or the harness) no longer
shows the divergence.

  python3 test/diff/async_cases.py [--headers DIR] [--cell gcc-goto-asan]
      [--python] [NAME...]

--python prints each program as Python source as well. Exit status 0
always: these are reports, not the test (async_diff.py is the test).
"""
import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import async_diff as D  # noqa: E402


class P:
    """a program under construction: P().task(steps...) etc. return body ids"""

    def __init__(self, nev=0, res=(), qcap=()):
        self.prog = {'tasks': [], 'bodies': [], 'nev': nev, 'res': [list(r) for r in res],
                     'qcap': list(qcap)}

    def _body(self, kind, steps, fin, agen):
        self.prog['bodies'].append({'kind': kind, 'steps': [list(s) for s in steps],
                                    'fin': None if fin is None else [list(s) for s in fin],
                                    'agen': agen})
        return len(self.prog['bodies']) - 1

    def task(self, *steps, fin=None, agen=None):
        self.prog['tasks'].append(self._body(D.K_TASK, steps, fin, agen))
        return self

    def child(self, *steps, fin=None):
        return self._body(D.K_CHILD, steps, fin, None)

    def agen(self, *steps, fin=None):
        return self._body(D.K_AGEN, steps, fin, None)


S = D.S


def cases():
    out = []

    def case(name, what, p):
        out.append((name, what, p.prog))

    p = P()
    p.task(S('AWAITTASK', 1))
    p.task(S('SLEEP', 5))
    p.task(S('SLEEP', 1), S('CANCEL', 0))
    case('cancel-awaiting-task', 'cancelling a task that awaits another task does not cancel the '
         'awaited task in C (asyncio: Task.cancel cancels the future it waits on)', p)

    p = P()
    p.task(S('CANCEL', 0))
    case('cancel-self-then-return', 'a task cancelled while it runs that returns before its next '
         'await ends cancelled in asyncio, done in C', p)

    p = P()
    p.task(S('SLEEP', 0), fin=[])
    p.task(S('SLEEP', 0), S('SLEEP', 0))
    p.task(S('CANCEL', 0))
    case('cancel-ready-task-reorders', 'gen_cancel moves an already-ready task to the end of the '
         'ready queue (asyncio leaves its place)', p)

    p = P(nev=1)
    p.task(S('EVWAIT', 0))
    p.task(S('EVSET', 0), S('EVCLEAR', 0))
    case('event-set-clear', 'Event set() then clear() before the waiter runs: asyncio wakes the '
         'waiter, C waits on (deadlock here)', p)

    p = P()
    c = p.child(S('RETURN', 1))
    p.task(S('GATHER', c, -1, -1, 0, 0))
    p.task(S('SLEEP', 0), S('SLEEP', 0), S('SLEEP', 0))
    case('gather-resumes-early', 'a task awaiting gather resumes one pass earlier in C (asyncio: '
         'child done -> gather callback -> outer future -> task wakeup)', p)

    p = P()
    c = p.child(S('RETURN', 1))
    p.task(S('WAITFOR', c, 3, 0))
    p.task(S('SLEEP', 0), S('SLEEP', 0), S('SLEEP', 0))
    case('wait_for-resumes-early', 'a task awaiting wait_for resumes one pass earlier in C', p)

    p = P()
    c = p.child(S('SLEEP', 5), S('RETURN', 1), fin=[])
    p.task(S('GATHER', c, -1, -1, 0, 0))
    p.task(S('SLEEP', 0), S('CANCEL', 0), S('SLEEP', 0), S('SLEEP', 0))
    case('cancel-gather-late', 'cancelling a task that awaits gather cancels the children only '
         'when that task next runs in C (asyncio: at once, through the gather future)', p)

    p = P()
    c = p.child(S('RETURN', 2))
    p.task(S('WAITFOR', c, 0, 1))
    case('wait_for-zero', 'wait_for(t, 0) lets the task run first in C; asyncio cancels it at '
         'once (TimeoutError, the task never runs)', p)

    p = P()
    a = p.agen(S('YIELD', 1), S('YIELD', 2), S('YIELD', 3))
    p.task(S('ANEXT'), S('ASEND', 5), S('ANEXT'), agen=a)
    case('asend-sticks', 'after an asend, the next anext still delivers the sent value in C', p)

    p = P()
    a = p.agen(S('YIELD', 1))
    p.task(S('ATHROW', 3), agen=a)
    case('athrow-unstarted', 'athrow into a never-started async generator does nothing in C '
         '(asyncio raises the error in the caller)', p)

    p = P()
    a = p.agen(S('YIELD', 1))
    p.task(S('ASEND', 2), agen=a)
    case('asend-unstarted', 'asend of a non-None value to a never-started async generator starts '
         'it in C (asyncio raises TypeError)', p)

    p = P()
    p.task(S('AWAITSELF', 1))
    p.task(S('SLEEP', 0))
    case('await-self', 'awaiting one\'s own task fails at once in C, one pass later in asyncio', p)

    p = P()
    p.task(S('CANCEL', 0), S('AWAITTASK', 1))
    p.task()
    case('cancel-self-then-await-task', 'variant of the two above: a task cancelled while it runs '
         'that then awaits a task: asyncio cancels the awaited task at the await (Task.__step '
         'with _must_cancel cancels the future it is about to wait on)', p)

    p = P()
    c = p.child(S('RETURN', 6))
    p.task(S('CANCEL', 0), S('GATHER', c, -1, -1, 1, 0))
    case('cancel-self-then-gather', 'variant: a task cancelled while it runs that then awaits '
         'gather: asyncio cancels the gather (and so its children, before they run) at the await', p)

    # found by the harness, not in the list it was given
    p = P()
    c1 = p.child(S('RAISE', 1))
    c2 = p.child(S('RETURN', 2))
    p.task(S('CALL', c1, 1), S('CALL', c2, 1))
    case('stale-caught-call', 'NEW: GEN_AWAIT_CATCH of a child that finishes without suspending '
         'reports the error caught by the previous catching await (gen_caught is not reset)', p)

    p = P()
    c1 = p.child(S('RAISE', 1))
    p.task()
    p.task(S('CALL', c1, 1), S('AWAITTASK', 0, 1))
    case('stale-caught-task', 'NEW: GEN_AWAIT_TASK_CATCH of a task already done with a result '
         'reports the error caught by the previous catching await', p)

    p = P()
    a = p.agen()
    p.task(S('ANEXT'), S('ATHROW', 4), agen=a)
    case('athrow-exhausted', 'NEW: athrow into an exhausted (or closed) async generator: CPython '
         '3.11 returns None; GEN_ATHROW leaves it closed, which the consumer can only read as '
         'StopAsyncIteration', p)

    p = P(res=[('Semaphore', 2)])
    p.task(S('LOCK', 0, 1), S('LOCK', 0, 0))
    p.task(S('LOCK', 0, 2))
    p.task(S('LOCK', 0, 1), S('LOCK', 0, 3))
    case('semaphore-newcomer', 'NEW: Semaphore(2), a free permit while a woken waiter has not run '
         'yet: a newcomer takes it at once in C; in asyncio 3.11 locked() counts the woken waiter, '
         'so the newcomer queues and gets the permit one pass later, after the waiter ran', p)

    p = P()
    c1 = p.child(S('SLEEP', 1), S('RETURN', 9))
    c2 = p.child(S('RAISE', 2))
    c3 = p.child(S('SLEEP', 5), S('RETURN', 1))
    p.task(S('GATHER', c1, c2, -1, 0, 1), S('GATHER', c3, -1, -1, 0, 0))
    case('gather-struct-reuse', 'NEW: a gather that raised early (a child failed) leaves its other '
         'children pointing at its gen_gather_t; the interpreter reuses the frame\'s gen_gather_t '
         'for the next gather (as a loop of gathers would), and the old child ending completes '
         'the new gather early with a wrong result list. asyncio: an old gather\'s children '
         'affect nothing', p)

    p = P()
    a = p.agen()
    p.task(S('ASEND', 0), agen=a)
    case('asend-none-exhausts', 'asend(None) to a never-started async generator that ends at once: '
         'StopAsyncIteration (C: asend(None) is GEN_ANEXT; GEN_ASEND always sends a value)', p)

    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--headers', default=D.ROOT)
    ap.add_argument('--cell', default=None)
    ap.add_argument('--python', action='store_true')
    ap.add_argument('names', nargs='*')
    args = ap.parse_args()
    cell = args.cell or D.cells_for('quick')[0]
    os.makedirs(os.path.join(D.ROOT, 'build', 'diff'), exist_ok=True)
    binpath, pr = D.build(cell, os.path.abspath(args.headers))
    log, _ = pr.communicate()
    if pr.returncode:
        print('build failed:\n' + log)
        return 1
    for name, what, prog in cases():
        if args.names and name not in args.names:
            continue
        py, skip = D.run_python(prog)
        c = D.run_c(binpath, [prog])[0]
        k = D.first_diff(py, c)
        print('== %s: %s' % (name, 'agrees' if k is None else 'DIVERGES at line %d' % (k + 1)))
        print('   ' + what)
        if args.python:
            print(D.emit_python(prog, name))
        w = max(len(x) for x in py + ['python']) + 2
        print('   %-*s| %s' % (w, 'python', 'C'))
        for i in range(max(len(py), len(c))):
            a = py[i] if i < len(py) else ''
            b = c[i] if i < len(c) else ''
            print('%s  %-*s| %s' % ('>' if a != b else ' ', w, a, b))
    return 0


if __name__ == '__main__':
    sys.exit(main())
