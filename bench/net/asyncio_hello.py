"""bench/net/asyncio_hello.py - the /hello server with nothing but asyncio
streams, for bench/net_bench.py: the floor of a Python asyncio server,
next to aiohttp (test/py/hello_server.py) and ours (examples/hello_server.c).

usage: python3 bench/net/asyncio_hello.py serve [PORT] [DELAY_MS] [IDLE_MS]
  serves on 127.0.0.1:PORT (default 8080) until killed; the arguments are
  those of the other two servers. DELAY_MS: the handler sleeps that long
  before it answers (0: no sleep at all); IDLE_MS: a connection that has
  not sent a whole request for that long is closed (default 60000).

HTTP/1.1 with keep-alive (HTTP/1.0 only with "Connection: keep-alive"),
pipelined requests answered in order. GET /hello: 200 text/plain
"Hello, World!" with Content-Length, as the other two answer; another path:
404; another method: 405; a malformed request line or a request with a
body: 400; a head over 8 KiB: 431. Each answer but a 200 closes the
connection. Standard library only; nothing is printed per request.
"""
import asyncio
import sys

HEAD_MAX = 8192
HELLO = b"Hello, World!"
REASONS = {200: "OK", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed",
           431: "Request Header Fields Too Large"}


def answer(status, keep):
    body = HELLO if status == 200 else ("%d: %s" % (status, REASONS[status])).encode()
    return (("HTTP/1.1 %d %s\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: %d\r\n%s\r\n"
             % (status, REASONS[status], len(body), "" if keep else "Connection: close\r\n")).encode() + body)


OK_KEEP, OK_CLOSE = answer(200, True), answer(200, False)


def parse(head):
    """(status, keep) of one request head (without its blank line); status
    0 means GET /hello."""
    lines = head.split(b"\r\n")
    parts = lines[0].split(b" ")
    if len(parts) != 3 or parts[2] not in (b"HTTP/1.1", b"HTTP/1.0") or not parts[0].isalpha():
        return 400, False
    fields = {}
    for line in lines[1:]:
        name, sep, value = line.partition(b":")
        if not sep:
            return 400, False
        fields[name.strip().lower()] = value.strip().lower()
    if fields.get(b"content-length", b"0") != b"0" or b"transfer-encoding" in fields:
        return 400, False   # no bodies for /hello
    conn = fields.get(b"connection", b"")
    keep = conn != b"close" if parts[2] == b"HTTP/1.1" else conn == b"keep-alive"
    if parts[1] != b"/hello":
        return 404, False
    if parts[0] != b"GET":
        return 405, False
    return 0, keep


async def serve_conn(reader, writer, delay, idle):
    loop = asyncio.get_running_loop()
    try:
        while True:
            # the idle timeout: a timer that drops the connection, cheaper
            # than asyncio.wait_for (a task per request)
            timer = loop.call_later(idle, writer.transport.abort)
            try:
                head = await reader.readuntil(b"\r\n\r\n")
            except asyncio.LimitOverrunError:
                writer.write(answer(431, False))
                await writer.drain()
                return
            finally:
                timer.cancel()
            status, keep = parse(head[:-4])
            if status:
                writer.write(answer(status, False))
                await writer.drain()
                return
            if delay:
                await asyncio.sleep(delay)
            writer.write(OK_KEEP if keep else OK_CLOSE)
            await writer.drain()
            if not keep:
                return
    except (asyncio.IncompleteReadError, ConnectionError):
        pass   # the client left, or stayed silent too long
    finally:
        writer.close()


async def main(port, delay, idle):
    server = await asyncio.start_server(lambda r, w: serve_conn(r, w, delay, idle), "127.0.0.1", port,
                                        limit=HEAD_MAX, backlog=4096)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    a = sys.argv[1:]
    if not a or a[0] != "serve":
        sys.exit("usage: asyncio_hello.py serve [PORT] [DELAY_MS] [IDLE_MS]")
    port = int(a[1]) if len(a) > 1 else 8080
    delay = (int(a[2]) if len(a) > 2 else 0) / 1000
    idle = (int(a[3]) if len(a) > 3 else 60000) / 1000
    try:
        asyncio.run(main(port, delay, idle))
    except KeyboardInterrupt:
        pass
