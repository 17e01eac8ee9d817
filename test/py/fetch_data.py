import asyncio

async def fetch_data(url):
    print(f"Fetching data from {url}...")
    await asyncio.sleep(2)  # simulate a delay
    print(f"Data fetched from {url}...")
    return url

async def main():
    urls = ["http://example.com/page1", "http://example.com/page2"]
    tasks = []
    for url in urls:
        task = asyncio.create_task(fetch_data(url))
        tasks.append(task)
    results = await asyncio.gather(*tasks)
    print(results)

asyncio.run(main())
