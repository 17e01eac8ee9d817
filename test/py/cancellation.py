# cancellation: a task awaiting a child coroutine is cancelled by another
# task after a delay; CancelledError is raised where the child waits and
# every finally block runs, innermost first.
# C twin: examples/cancellation.c
import asyncio

async def child():
    try:
        print("child: working")
        await asyncio.sleep(10)
        print("child: done")  # not reached
    finally:
        print("child: finally")

async def parent():
    try:
        print("parent: awaiting child")
        await child()
        print("parent: done")  # not reached
    finally:
        print("parent: finally")

async def main():
    task = asyncio.create_task(parent())
    await asyncio.sleep(1)
    print("main: cancelling parent")
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        print("main: caught CancelledError")
    print("cancelled:", task.cancelled())

asyncio.run(main())
