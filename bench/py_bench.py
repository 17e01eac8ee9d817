"""bench/py_bench.py - CPython's side of `make bench`.

usage: python3 bench/py_bench.py VARIANT N
  next       next(g) on a generator with one yield in a loop
  send       g.send(x) (an echo: yields what was sent)
  asyncio    N tasks, each doing `await asyncio.sleep(0)` K times (K = 20)
prints "ns_per_op <x>"; exits 1 on a bad checksum.
"""
import asyncio
import sys
import time


def counter():
    i = 0
    while True:
        yield i
        i += 1


def echo():
    acc = 0
    while True:
        acc = yield acc


def run_next(n):
    g = counter()
    nx = next
    s = 0
    t0 = time.perf_counter_ns()
    for _ in range(n):
        s += nx(g)
    t1 = time.perf_counter_ns()
    return t1 - t0, s, n * (n - 1) // 2, n


def run_send(n):
    g = echo()
    next(g)
    send = g.send
    s = 0
    t0 = time.perf_counter_ns()
    for k in range(n):
        s += send(k)
    t1 = time.perf_counter_ns()
    return t1 - t0, s, n * (n - 1) // 2, n


K = 20


async def job():
    for _ in range(K):
        await asyncio.sleep(0)
    return 7


def run_asyncio(n):
    async def main():
        tasks = [asyncio.ensure_future(job()) for _ in range(n)]
        t0 = time.perf_counter_ns()
        res = await asyncio.gather(*tasks)
        t1 = time.perf_counter_ns()
        return t1 - t0, sum(res)
    dt, s = asyncio.run(main())
    return dt, s, 7 * n, n * K


def main():
    variant, n = sys.argv[1], int(sys.argv[2])
    fn = {"next": run_next, "send": run_send, "asyncio": run_asyncio}[variant]
    dt, got, want, ops = fn(n)
    if got != want:
        print(f"{variant}: checksum {got}, expected {want}", file=sys.stderr)
        sys.exit(1)
    print(f"ns_per_op {dt / ops:.4f}")


if __name__ == "__main__":
    main()
