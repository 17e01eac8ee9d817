# read_file: the seed's read_file coroutine, reading a file without blocking
# the loop while a heartbeat task keeps ticking.
# asyncio has no asyncio.read(): a regular file is always "ready" for
# poll/select, so there is no asynchronous file read to wait on. The honest
# equivalent reads the file through a pipe from a child process, whose
# one-second sleep plays a slow device.
# C twin: examples/read_file.c
import asyncio

async def read_file(filename):
    print(f"Reading {filename}...")
    proc = await asyncio.create_subprocess_exec(
        "sh", "-c", f"sleep 1; exec cat {filename}",
        stdout=asyncio.subprocess.PIPE)
    contents = b""
    while True:
        chunk = await proc.stdout.read(64)
        if chunk == b"":
            break
        contents += chunk
    await proc.wait()
    print(f"Finished reading {filename}")
    return contents

async def heartbeat(done):
    n = 0
    while True:
        try:
            await asyncio.wait_for(done.wait(), 0.4)
            return
        except asyncio.TimeoutError:
            n += 1
            print(f"tick {n}: the loop runs while the file is read")

async def main():
    done = asyncio.Event()
    beat = asyncio.create_task(heartbeat(done))
    contents = await read_file("examples/example.txt")
    done.set()
    await beat
    lines = contents.count(b"\n")
    first = contents.split(b"\n", 1)[0].decode()
    print(f"read {len(contents)} bytes in {lines} lines; the first: {first}")

asyncio.run(main())
