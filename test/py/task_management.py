import asyncio

async def task_example():
    await asyncio.sleep(2)
    print("Task Completed")

# The article's top-level await, inside a main coroutine
async def main():
    task = asyncio.create_task(task_example())
    await task  # Wait for task to complete

asyncio.run(main())
