# hello_server: the seed's /hello web server with aiohttp; each request's
# handler sleeps DELAY seconds, and requests are served concurrently.
# aiohttp wants a Response, so hello() wraps the seed's handle_request.
#   no arguments: demo; serve on an ephemeral 127.0.0.1 port, send three
#     concurrent GET /hello from raw client connections, print the answers,
#     stop the server
#   serve [PORT] [DELAY_MS] [IDLE_MS]: serve on 127.0.0.1:PORT (default
#     8080) with a DELAY_MS (default 1000) handler; IDLE_MS is ignored
#     (used by test/net/hello_check.py and the benchmarks)
# Needs aiohttp: run it with /usr/bin/python3 (Debian's python3-aiohttp).
# C twin: examples/hello_server.c
import asyncio
import sys

from aiohttp import web

DELAY = 1.0

async def handle_request(request):
    print(f"Received request {request}")
    await asyncio.sleep(DELAY)
    print(f"Finished handling request {request}")
    return "Hello, World!"

async def hello(request):
    return web.Response(text=await handle_request(request))

def make_app():
    app = web.Application()
    app.add_routes([web.get("/hello", hello)])
    return app

async def client(port):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                 b"Connection: close\r\n\r\n")
    await writer.drain()
    status = (await reader.readline()).decode().rstrip("\r\n")
    length = 0
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b"\n", b""):
            break
        name, _, value = line.decode().partition(":")
        if name.strip().lower() == "content-length":
            length = int(value)
    body = (await reader.readexactly(length)).decode()
    writer.close()
    await writer.wait_closed()
    return status, body

async def demo():
    runner = web.AppRunner(make_app())
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    print("Serving /hello on 127.0.0.1")
    answers = await asyncio.gather(*(client(port) for _ in range(3)))
    for i, (status, body) in enumerate(answers, 1):
        print(f"client {i}: {status}, {body}")
    await runner.cleanup()
    print("Server stopped")

def main():
    global DELAY
    if len(sys.argv) > 1 and sys.argv[1] == "serve":
        port = int(sys.argv[2]) if len(sys.argv) > 2 else 8080
        DELAY = (int(sys.argv[3]) if len(sys.argv) > 3 else 1000) / 1000
        web.run_app(make_app(), host="127.0.0.1", port=port, print=None,
                    access_log=None)
    elif len(sys.argv) == 1:
        sys.stdout.reconfigure(line_buffering=True)
        asyncio.run(demo())
    else:
        sys.exit("usage: hello_server.py [serve [PORT] [DELAY_MS] [IDLE_MS]]")

main()
