# wait_for: a slow task under asyncio.wait_for with a timeout; on timeout the
# task is cancelled, its finally block runs, then TimeoutError is raised in
# the waiter.
# C twin: examples/wait_for.c
import asyncio

async def slow_operation():
    try:
        print("slow operation: started")
        await asyncio.sleep(5)
        print("slow operation: finished")  # not reached: too slow
        return 42
    finally:
        print("slow operation: cleanup")

async def main():
    task = asyncio.create_task(slow_operation())
    try:
        result = await asyncio.wait_for(task, timeout=1)
        print(f"result: {result}")
    except asyncio.TimeoutError as e:  # the builtin TimeoutError since 3.11
        print(f"caught {type(e).__name__}")
    print("cancelled:", task.cancelled())

asyncio.run(main())
