# timeline: the Python twin of examples/timeline.c.
# timeline: who runs when. Each task is wrapped so that every resume and
# every suspension is printed with the loop time, as gen.h's trace hook does.
import asyncio

class Traced:
    """Runs a coroutine step by step, printing each resume and suspension."""
    def __init__(self, name, coro):
        self.name, self.coro = name, coro

    def __await__(self):
        it = self.coro.__await__()
        loop = asyncio.get_running_loop()
        start = self.start
        value = None
        while True:
            print(f"{loop.time() - start:4.1f}s {self.name:<8} resume")
            try:
                request = it.send(value)
            except StopIteration as stop:
                print(f"{loop.time() - start:4.1f}s {self.name:<8} done")
                return stop.value
            print(f"{loop.time() - start:4.1f}s {self.name:<8} suspend")
            value = yield request

async def worker(name, delay, times):
    for _ in range(times):
        await asyncio.sleep(delay)

async def traced(name, coro, start):
    t = Traced(name, coro)
    t.start = start
    return await t

async def main():
    start = asyncio.get_running_loop().time()
    a = asyncio.create_task(traced("fast", worker("fast", 0.3, 3), start))
    b = asyncio.create_task(traced("slow", worker("slow", 0.5, 2), start))
    await a
    await b

asyncio.run(main())
