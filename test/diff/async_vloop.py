"""async_vloop.py - the Python side of the async differential test: real
asyncio (Task, gather, wait_for, Event, Lock, Semaphore, Queue, async
generators) on a virtual clock, for the programs test/diff/async_diff.py
generates and emits as Python source (each one imports this module and can
be run by hand: python3 prog.py prints its trace).

The loop is an asyncio.BaseEventLoop whose "selector" does not wait: its
select(timeout) advances the virtual time by timeout (the time to the next
timer when nothing is ready), and loop.time() returns that virtual time (an
integer: 1 unit = 1 unit of gen_clock_virtual). BaseEventLoop rather than
SelectorEventLoop: the latter opens a socketpair per loop (thousands of
programs, one process), and we never wait on file descriptors.

The loop is driven pass by pass with BaseEventLoop._run_once (3.11) until
every task is done, or nothing is ready and no timer is pending: a deadlock,
reported as gen_loop_run's GEN_ERROR_DEADLOCK is on the C side.

Documented deviation (a) of the C library, neutralised here: coro.h fires
timers with equal deadlines in FIFO order (the order they were set), while
asyncio leaves their order to heapq, which is not stable. call_at below
makes the order FIFO among equal deadlines (a sequence number breaks ties).
"""
import asyncio
import heapq
import sys
from asyncio import events


class Err(Exception):
    """The programs' own exception, E<k> in traces (C: GEN_FAIL code -16-k)."""

    def __init__(self, k):
        super().__init__(k)
        self.k = k


# CPython 3.11 leaves an async generator whose aclose()/athrow() a
# cancellation interrupted marked as running: its next anext() raises
# RuntimeError "... asynchronous generator is already running"; gen.h's is
# closed (StopAsyncIteration). Programs that meet it are skipped, not
# compared (Runtime.run reads this list).
_AGEN_LEFT_RUNNING = []


def ename(e):
    if isinstance(e, RuntimeError) and 'asynchronous generator is already running' in str(e):
        _AGEN_LEFT_RUNNING.append(e)
    if isinstance(e, asyncio.CancelledError):
        return 'Cancelled'
    if isinstance(e, TimeoutError):
        return 'Timeout'
    if isinstance(e, Err):
        return 'E%d' % e.k
    return type(e).__name__


class _SeqTimerHandle(events.TimerHandle):
    """A TimerHandle ordered by (when, seq): FIFO among equal deadlines."""
    __slots__ = ('_seq',)

    def __init__(self, when, seq, callback, args, loop, context=None):
        super().__init__(when, callback, args, loop, context)
        self._seq = seq

    def __lt__(self, other):
        if self._when != other._when:
            return self._when < other._when
        return self._seq < other._seq

    def __le__(self, other):
        return self < other or self is other

    def __gt__(self, other):
        return other < self

    def __ge__(self, other):
        return other < self or self is other


class _VSelector:
    def __init__(self, loop):
        self.loop = loop

    def select(self, timeout=None):
        if timeout:  # nothing ready: jump to the next deadline
            self.loop.vt += timeout
        return []

    def close(self):
        pass


class VLoop(asyncio.BaseEventLoop):
    def __init__(self):
        super().__init__()
        self.vt = 0
        self._seq = 0
        self._selector = _VSelector(self)

    def time(self):
        return self.vt

    def call_at(self, when, callback, *args, context=None):
        # FIFO among equal deadlines, as coro.h does (documented deviation (a))
        self._check_closed()
        self._seq += 1
        timer = _SeqTimerHandle(when, self._seq, callback, args, self, context)
        heapq.heappush(self._scheduled, timer)
        timer._scheduled = True
        return timer

    def _process_events(self, event_list):
        pass

    def _write_to_self(self):
        pass


def fmtlist(xs):
    """gather's result list: values, and exceptions by name"""
    return '[' + ', '.join(str(x) if isinstance(x, int) else ename(x) for x in xs) + ']'


def _quiet_unraisable(_args):
    pass


class Runtime:
    """The shared state of one program: events E, locks/semaphores L, queues
    Q, top-level tasks T, and the trace."""

    MAX_PASSES = 100000

    def __init__(self, events=0, locks=(), queues=()):
        self.nev = events
        self.locks = list(locks)
        self.queues = list(queues)
        self.trace = None
        self.loop = None
        self.skip = None

    async def wait_for(self, fut, timeout):
        """asyncio.wait_for(fut, timeout), watched for the corner cases whose
        3.11 behaviour 3.12 changed (wait_for reimplemented on
        asyncio.timeout, gh-96764, PR #98518): a program that reaches one is
        skipped (self.skip says why), not compared.
          1. the awaiting task is cancelled while it waits (or has a cancel
             pending when it starts waiting) and the inner task
             still ends with a result or an error of its own (3.11 may
             return the result, swallowing the cancellation, or raise
             CancelledError after waiting for it; 3.12 delivers the
             cancellation through asyncio.timeout and returns what the inner
             task returned);
          2. the timeout expires at the virtual time the inner task ends
             (3.11 looks at fut.done() and returns its result; 3.12 raises
             TimeoutError once the timeout's cancellation was delivered);
          3. after a timeout the inner task is not cancelled: it caught the
             cancellation and returned or raised (3.11 returns its result or
             raises its error; 3.12 raises TimeoutError or that error).
        timeout <= 0 is not a corner case: 3.12 kept 3.11's special path
        (cancel the inner task at once without letting it run)."""
        if self.trace is None:
            raise RuntimeError('program finished')
        loop = self.loop
        me = asyncio.current_task()
        deadline = loop.vt + timeout
        n_cancel = me.cancelling() - bool(me._must_cancel)  # a pending cancel counts
        ended = []
        fut.add_done_callback(lambda f: ended.append(loop.vt))
        try:
            return await asyncio.wait_for(fut, timeout)
        finally:
            if fut.done() and not ended:  # its done callback is still due
                ended.append(loop.vt)
            inner_own_end = fut.done() and not fut.cancelled()
            if me.cancelling() > n_cancel and inner_own_end:
                self.skip = self.skip or 'wait_for corner 1 (cancelled while the inner task ends by itself)'
            elif timeout > 0 and inner_own_end and ended[0] == deadline:
                self.skip = self.skip or 'wait_for corner 2 (timeout at the time the inner task ends)'
            elif timeout > 0 and inner_own_end and ended[0] > deadline:
                self.skip = self.skip or 'wait_for corner 3 (inner task not cancelled by the timeout)'

    def _watched_lock(self):
        """asyncio.Lock, watched for the one place where it differs from
        asyncio.Semaphore(1), which coro.h's gen_lock_t is (documented): a
        release while the first waiter's cancellation is not yet delivered
        wakes nobody (the cancelled waiter wakes the next one when it runs;
        Semaphore skips it and wakes the next at once). A program that gets
        there is skipped, not compared."""
        rt = self
        lock = asyncio.Lock()
        plain = lock._wake_up_first

        def wake_up_first():
            ws = lock._waiters
            if ws and ws[0].cancelled() and any(not w.done() for w in ws):
                rt.skip = rt.skip or 'Lock released with a cancelled first waiter (Semaphore(1) differs)'
            plain()
        lock._wake_up_first = wake_up_first
        return lock

    def log(self, lab, msg):
        if self.trace is not None:  # frozen after the run (GC'd coroutines)
            self.trace.append('%d %s %s' % (self.loop.vt, lab, msg))

    def run(self, task_fns):
        sys.unraisablehook = _quiet_unraisable
        loop = VLoop()
        loop.set_exception_handler(lambda lp, ctx: None)
        self.loop = loop
        self.trace = []
        self.skip = None
        del _AGEN_LEFT_RUNNING[:]
        self.E = [asyncio.Event() for _ in range(self.nev)]
        self.L = [self._watched_lock() if kind == 'Lock' else asyncio.Semaphore(v)
                  for kind, v in self.locks]
        self.Q = [asyncio.Queue(maxsize=cap) for cap in self.queues]
        # An async generator left suspended (async for with break, anext
        # without exhausting it) is finalised by asyncio when it is garbage
        # collected: the loop's finalizer hook schedules its aclose(). C has
        # no garbage collector and leaves it suspended, so the harness keeps
        # every started async generator alive and never finalises it.
        self.kept = []
        old_hooks = sys.get_asyncgen_hooks()
        sys.set_asyncgen_hooks(firstiter=None, finalizer=self.kept.append)
        events._set_running_loop(loop)
        try:
            self.T = [loop.create_task(fn('T%d' % i), name='T%d' % i)
                      for i, fn in enumerate(task_fns)]
            status = 'ok'
            passes = 0
            while True:
                if not asyncio.all_tasks(loop):
                    break
                if not loop._ready and all(h._cancelled for h in loop._scheduled):
                    status = 'deadlock'
                    break
                loop._run_once()
                passes += 1
                if passes > self.MAX_PASSES:
                    status = 'runaway'
                    break
        finally:
            events._set_running_loop(None)
            sys.set_asyncgen_hooks(*old_hooks)
        out = self.trace + ['end %s %d' % (status, loop.vt)]
        for i, t in enumerate(self.T):
            if not t.done():
                out.append('T%d pending' % i)
            elif t.cancelled():
                out.append('T%d cancelled' % i)
            elif t.exception() is not None:
                out.append('T%d error %s' % (i, ename(t.exception())))
            else:
                out.append('T%d done %s' % (i, t.result()))
        if _AGEN_LEFT_RUNNING:
            self.skip = self.skip or 'an async generator whose aclose/athrow was cancelled, used again (3.11 leaves it running)'
        self.trace = None
        loop._ready.clear()
        loop._scheduled.clear()
        loop.close()
        return out
