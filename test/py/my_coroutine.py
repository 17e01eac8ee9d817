import asyncio

async def my_coroutine():
    print("Start Coroutine")
    await asyncio.sleep(1)  # Non-blocking sleep
    print("End Coroutine")

# Running the coroutine
asyncio.run(my_coroutine())
