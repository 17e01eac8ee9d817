# producer_consumer: a producer and a slower consumer joined by a queue of
# size 2: when it is full, put waits until the consumer takes an item.
# C twin: examples/producer_consumer.c
import asyncio

async def producer(queue):
    for i in range(1, 6):
        await queue.put(i)  # waits while the queue is full
        print(f"put {i} (size {queue.qsize()})")
        await asyncio.sleep(0.2)

async def consumer(queue):
    for _ in range(5):
        item = await queue.get()  # waits while the queue is empty
        print(f"got {item} (size {queue.qsize()})")
        await asyncio.sleep(0.5)

async def main():
    queue = asyncio.Queue(maxsize=2)
    await asyncio.gather(producer(queue), consumer(queue))

asyncio.run(main())
