# echo_tcp: the smallest useful network program, a TCP echo server and its
# client with asyncio streams, in one process.
#   no arguments: demo; the server on an ephemeral 127.0.0.1 port, a client
#     sends three lines and prints the echoes, the server counts them
#   serve [PORT]: echo on 127.0.0.1:PORT (default 8888) forever
# C twin: examples/echo_tcp.c
import asyncio
import sys

async def echo(reader, writer):
    count = 0
    try:
        while True:
            line = await reader.readline()
            if line == b"":
                break
            writer.write(line)
            await writer.drain()
            count += 1
        writer.close()
        await writer.wait_closed()
    except ConnectionError:  # the client reset the connection: drop it
        writer.close()
    return count

async def client(port):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    for word in ["hello", "coroutines", "bye"]:
        writer.write(word.encode() + b"\n")
        await writer.drain()
        reply = (await reader.readline()).decode().rstrip("\n")
        print(f"client sent {word!r}, got {reply!r}")
    writer.close()
    await writer.wait_closed()

async def demo():
    done = asyncio.Event()
    counts = []

    async def handle(reader, writer):
        counts.append(await echo(reader, writer))
        done.set()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    print("echo server on 127.0.0.1")
    await client(port)
    await done.wait()
    print(f"server: {counts[0]} lines echoed, client gone")
    server.close()
    await server.wait_closed()

async def serve(port):
    server = await asyncio.start_server(echo, "127.0.0.1", port)
    async with server:
        await server.serve_forever()

if len(sys.argv) > 1 and sys.argv[1] == "serve":
    asyncio.run(serve(int(sys.argv[2]) if len(sys.argv) > 2 else 8888))
elif len(sys.argv) == 1:
    asyncio.run(demo())
else:
    sys.exit("usage: echo_tcp.py [serve [PORT]]")
