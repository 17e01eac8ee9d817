import asyncio

async def fail_coroutine():
    await asyncio.sleep(1)
    raise ValueError("Something went wrong")

async def main():
    try:
        await fail_coroutine()
    except ValueError as e:
        print(f"Error: {e}")

asyncio.run(main())  # Output: Error: Something went wrong
