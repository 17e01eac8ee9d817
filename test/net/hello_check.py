#!/usr/bin/env python3
"""hello_check: robustness and load checks for an HTTP /hello server.

usage: python3 test/net/hello_check.py [--quick] -- SERVER_CMD...

The checker starts the server itself, once per phase, as
    SERVER_CMD... serve PORT DELAY_MS IDLE_MS
PORT is a free 127.0.0.1 port picked here, DELAY_MS the handler's sleep
before it answers "Hello, World!", IDLE_MS how long a connection that has
not sent a whole request may stay open. The command must exec the server
itself (not run it as a child): its descriptors and memory are read from
/proc/PID, PID being the process started here.

Every check prints one line, "PASS <what and figures>" or "FAIL <what and
why>"; a check that cannot run here prints "SKIP <why>" and counts as
neither. The exit status is 1 if any check failed.

  a. DELAY_MS=1000: 100 concurrent GET /hello, one connection each: all
     200 "Hello, World!", the batch done in 0.9 to 2.0 s, each connection
     closed by the server after its answer (Connection: close)
  b. keep-alive: 3 requests one after another on one connection, all 200,
     the connection open between them
  c. a malformed request line: 400, then the connection closed
  d. request line + headers over the limit (2048 bytes in examples/hello_server.c): 431, then the connection closed
  e. IDLE_MS=300: a silent connection and one that stops half-way through
     the request line are closed within IDLE_MS + 1 s (not before IDLE_MS)
  f. disconnects (DELAY_MS=300): a partial request then close; a whole
     request then close before the answer; the same with a reset; after
     each, 0.5 s later, the server's descriptors are back to their baseline
     and a normal request works
  g. 10,000 connections open at once, a keep-alive request answered on each;
     the server's VmRSS then (under 50 MB); descriptors back to baseline
     after they close (skipped if RLIMIT_NOFILE cannot reach 10,100)
  h. soak (not with --quick): 200,000 requests over 50 keep-alive
     connections, pipelined 100 at a time: all 200, VmRSS growth from after
     the first 10,000 to the end at most 1 MB, descriptors back to baseline

Loopback only; every loop is bounded, every phase has a deadline, and every
server started is stopped (SIGTERM, SIGKILL 2 s later). Standard library
only.
"""
import asyncio
import os
import resource
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

HOST = "127.0.0.1"
BODY = b"Hello, World!"
REQ_CLOSE = b"GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
REQ_KEEP = b"GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
IDLE_LONG = 120000      # IDLE_MS for the phases that do not test it
PHASE_DEADLINE = 60     # seconds
NEED_FDS = 10100        # for phase g

counts = {"PASS": 0, "FAIL": 0}
servers = []            # every server started, for the final cleanup


def report(ok, what):
    word = "PASS" if ok else "FAIL"
    counts[word] += 1
    print(f"{word} {what}", flush=True)


def skip(what):
    print(f"SKIP {what}", flush=True)


def raise_nofile():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def mb(kb):
    return f"{kb / 1024:.1f} MB"


class Server:
    """One server process: SERVER_CMD serve PORT DELAY_MS IDLE_MS."""

    def __init__(self, cmd, delay_ms, idle_ms):
        self.port = free_port()
        self.state = None   # its GET /stats answer at the baseline, if it has one
        self.args = cmd + ["serve", str(self.port), str(delay_ms), str(idle_ms)]
        self.log = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(
            self.args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=self.log, preexec_fn=raise_nofile)
        servers.append(self)

    async def ready(self, timeout=10.0):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                return False
            try:
                _, w = await asyncio.open_connection(HOST, self.port)
                w.close()
                return True
            except OSError:
                await asyncio.sleep(0.05)
        return False

    def fds(self):
        try:
            return len(os.listdir(f"/proc/{self.proc.pid}/fd"))
        except OSError:
            return -1

    def rss_kb(self):
        try:
            with open(f"/proc/{self.proc.pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1])
        except OSError:
            pass
        return -1

    def exited(self):
        return self.proc.poll()

    def stderr_tail(self, n=300):
        self.log.seek(0)
        text = self.log.read().decode(errors="replace").strip()
        return text[-n:].replace("\n", " | ")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(2)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        if self in servers:
            servers.remove(self)


class Conns:
    """The client connections of one phase, all aborted when it ends."""

    def __init__(self, srv):
        self.srv = srv
        self.writers = []
        self.progress = lambda: ""  # for the message if the deadline hits

    async def open(self):
        r, w = await asyncio.open_connection(HOST, self.srv.port)
        self.writers.append(w)
        return r, w

    def abort_all(self):
        for w in self.writers:
            w.transport.abort()
        self.writers.clear()


async def read_response(reader):
    """(status, headers, body) of one HTTP/1.1 answer."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head[:-4].split(b"\r\n")
    parts = lines[0].split(b" ", 2)
    if len(parts) < 2 or not parts[0].startswith(b"HTTP/1.") or not parts[1].isdigit():
        raise ValueError(f"bad status line {lines[0][:60]!r}")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        headers[name.strip().lower().decode("latin-1")] = value.strip().decode("latin-1")
    if "content-length" in headers:
        body = await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        body = b""
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0].strip(), 16)
            if size == 0:
                while await reader.readuntil(b"\r\n") != b"\r\n":
                    pass    # trailers
                break
            body += await reader.readexactly(size)
            await reader.readexactly(2)
    elif headers.get("connection", "").lower() == "close":
        body = await reader.read(1 << 16)
    else:
        body = b""
    return int(parts[1]), headers, body


def describe(e):
    if isinstance(e, asyncio.IncompleteReadError):
        return f"connection closed after {len(e.partial)} bytes of the answer"
    if isinstance(e, TimeoutError):
        return "no answer in time"
    return f"{type(e).__name__}: {e}".rstrip(": ")


async def closed_within(reader, seconds):
    """Seconds until EOF (or reset), reading and dropping any data; None if
    the connection is still open after `seconds`."""
    t0 = time.monotonic()
    try:
        async with asyncio.timeout(seconds):
            while await reader.read(4096):
                pass
    except TimeoutError:
        return None
    except ConnectionError:
        pass
    return time.monotonic() - t0


async def still_open(reader, seconds=0.2):
    """True if nothing arrives, EOF neither, for `seconds`."""
    try:
        async with asyncio.timeout(seconds):
            data = await reader.read(1)
    except TimeoutError:
        return True
    except ConnectionError:
        return False
    return False if data == b"" else None   # None: unexpected bytes


async def normal_request(conns):
    """'' if a GET /hello on a new connection is answered 200 BODY, else why."""
    try:
        async with asyncio.timeout(5):
            r, w = await conns.open()
            w.write(REQ_CLOSE)
            code, _, body = await read_response(r)
    except Exception as e:
        return f"a normal request then failed ({describe(e)})"
    w.close()
    if code != 200 or body != BODY:
        return f"a normal request then got {code} {body[:40]!r}"
    return ""


async def loop_state(conns):
    """The server's GET /stats answer (its loop's live tasks, registered
    waits and open connections), or None if it has no such page."""
    try:
        async with asyncio.timeout(5):
            r, w = await conns.open()
            w.write(b"GET /stats HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            code, _, body = await read_response(r)
        w.close()
    except Exception:
        return None
    return body.decode("latin-1") if code == 200 else None


def check_state(tag, base, now):
    """A check that the loop's state is back to the baseline (C server)."""
    if base is None:
        return
    report(now == base, f"{tag}: loop state back to the baseline: {now} (baseline {base})")


def summary(errors):
    """'3 x no answer in time; 1 x ...' from a list of reasons."""
    seen = {}
    for e in errors:
        seen[e] = seen.get(e, 0) + 1
    return "; ".join(f"{n} x {e}" for e, n in list(seen.items())[:4])


# ---------------------------------------------------------------- phases

async def phase_a(srv, conns):
    n = 100
    t0 = time.monotonic()

    async def one():
        async with asyncio.timeout(10):
            r, w = await conns.open()
            w.write(REQ_CLOSE)
            code, _, body = await read_response(r)
        t = time.monotonic() - t0
        if code != 200 or body != BODY:
            raise ValueError(f"got {code} {body[:40]!r}")
        return t, await closed_within(r, 2)

    res = await asyncio.gather(*(one() for _ in range(n)), return_exceptions=True)
    good = [x for x in res if not isinstance(x, BaseException)]
    errors = [describe(x) for x in res if isinstance(x, BaseException)]
    report(len(good) == n,
           f"a: {n} concurrent GET /hello, one connection each (DELAY_MS=1000): "
           f"{len(good)}/{n} answered 200 {BODY.decode()!r}"
           + (f"; {summary(errors)}" if errors else ""))
    if good:
        took = max(t for t, _ in good)
        report(0.9 <= took <= 2.0 and len(good) == n,
               f"a: concurrency: the batch took {took:.2f} s (0.9 to 2.0 s allowed)")
        closed = sum(c is not None for _, c in good)
        report(closed == len(good),
               f"a: Connection: close honoured: the server closed {closed}/{len(good)} "
               f"connections after the answer")


async def phase_b(srv, conns):
    r, w = await conns.open()
    for i in range(1, 4):
        w.write(REQ_KEEP)
        try:
            async with asyncio.timeout(5):
                code, headers, body = await read_response(r)
        except Exception as e:
            report(False, f"b: keep-alive: request {i} on the connection: {describe(e)}")
            return
        if code != 200 or body != BODY:
            report(False, f"b: keep-alive: request {i} got {code} {body[:40]!r}")
            return
        if headers.get("connection", "").lower() == "close":
            report(False, f"b: keep-alive: answer {i} says Connection: close")
            return
        state = await still_open(r)
        if state is not True:
            report(False, f"b: keep-alive: after answer {i} the connection "
                   + ("was closed" if state is False else "sent unexpected bytes"))
            return
    report(True, "b: keep-alive: 3 requests one after another on one connection, "
           "each answered 200, the connection open between them and after")


async def refused(srv, conns, tag, what, request, want):
    """Send `request`, expect status `want`, then the connection closed and
    the server still serving."""
    r, w = await conns.open()
    w.write(request)
    try:
        async with asyncio.timeout(5):
            code, _, _ = await read_response(r)
    except ConnectionResetError:
        report(False, f"{tag}: {what}: the connection was reset before the answer "
               f"could be read (closed with the request unread? drain it first)")
        return
    except Exception as e:
        report(False, f"{tag}: {what}: {describe(e)}")
        return
    closed = await closed_within(r, 2)
    after = await normal_request(conns)
    why = []
    if code != want:
        why.append(f"status {code}, not {want}")
    if closed is None:
        why.append("the connection still open 2 s after the answer")
    if after:
        why.append(after)
    report(not why, f"{tag}: {what}: " + ("; ".join(why) if why else
           f"{code}, the connection closed {closed * 1000:.0f} ms after, "
           f"the server still serving"))


async def phase_c(srv, conns):
    await refused(srv, conns, "c", "malformed request line b'NONSENSE'",
                  b"NONSENSE\r\n\r\n", 400)


async def phase_d(srv, conns):
    big = (b"GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Filler: "
           + b"a" * 6000 + b"\r\n\r\n")
    await refused(srv, conns, "d", f"{len(big)} bytes of request line and headers "
                  f"(limit 2048)", big, 431)


async def phase_e(srv, conns):
    idle = 0.3
    for what, data in (("a silent connection", b""),
                       ("a connection sending half a request line, b'GET /hel'", b"GET /hel")):
        r, w = await conns.open()
        t0 = time.monotonic()
        if data:
            w.write(data)
        closed = await closed_within(r, idle + 1.0)
        if closed is not None:
            closed = time.monotonic() - t0
        if closed is None:
            report(False, f"e: IDLE_MS=300: {what}: still open after {idle + 1.0:.1f} s")
        else:
            report(closed >= idle - 0.05,
                   f"e: IDLE_MS=300: {what}: closed after {closed:.2f} s "
                   f"({idle - 0.05:.2f} to {idle + 1.0:.1f} s allowed)")


async def settle_baseline(srv, conns):
    """The server's descriptor count once it has served a request."""
    why = await normal_request(conns)
    conns.abort_all()
    await asyncio.sleep(0.5)
    srv.state = await loop_state(conns)
    await asyncio.sleep(0.1)
    return srv.fds(), why


async def phase_f(srv, conns):
    base, why = await settle_baseline(srv, conns)
    if why:
        report(False, f"f: disconnects: before the phase, {why}")
        return
    partial = b"GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    cases = (("a partial request, then close", partial, False),
             ("a whole request (DELAY_MS=300), then close before the answer", REQ_KEEP, False),
             ("a whole request (DELAY_MS=300), then reset (SO_LINGER 0) before the answer",
              REQ_KEEP, True))
    for what, data, reset in cases:
        r, w = await conns.open()
        w.write(data)
        await w.drain()
        await asyncio.sleep(0.05)
        if reset:
            w.get_extra_info("socket").setsockopt(
                socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            w.transport.abort()
        else:
            w.close()
        await asyncio.sleep(0.5)
        fds = srv.fds()
        gone = srv.exited()
        after = "" if gone is not None else await normal_request(conns)
        conns.abort_all()
        why = []
        if gone is not None:
            why.append(f"the server exited with status {gone}")
        elif fds != base:
            why.append(f"{fds} descriptors 0.5 s later, baseline {base}")
        if after:
            why.append(after)
        report(not why, f"f: {what}: " + ("; ".join(why) if why else
               f"descriptors back to {base} within 0.5 s, a normal request then works"))
        if gone is None:
            await asyncio.sleep(0.1)
            check_state(f"f: {what}", srv.state, await loop_state(conns))
        if gone is not None:
            return


async def phase_g(srv, conns):
    n, batch = 10000, 100
    base, why = await settle_baseline(srv, conns)
    if why:
        report(False, f"g: 10000 connections: before the phase, {why}")
        return
    rss0 = srv.rss_kb()
    pairs, errors = [], []
    t0 = time.monotonic()
    for i in range(0, n, batch):
        res = await asyncio.gather(*(conns.open() for _ in range(batch)),
                                   return_exceptions=True)
        for x in res:
            (errors.append(describe(x)) if isinstance(x, BaseException) else pairs.append(x))
        if len(errors) > 100:
            break
    t_open = time.monotonic() - t0
    if errors:
        report(False, f"g: opening {n} connections in batches of {batch}: "
               f"{len(pairs)} opened; {summary(errors)}")
        return

    async def ask(r, w):
        w.write(REQ_KEEP)
        async with asyncio.timeout(30):
            code, _, body = await read_response(r)
        if code != 200 or body != BODY:
            raise ValueError(f"got {code} {body[:40]!r}")

    t1 = time.monotonic()
    res = await asyncio.gather(*(ask(r, w) for r, w in pairs), return_exceptions=True)
    t_ask = time.monotonic() - t1
    errors = [describe(x) for x in res if isinstance(x, BaseException)]
    await asyncio.sleep(0.2)
    still = sum(not r.at_eof() and r.exception() is None for r, _ in pairs)
    fds_open, rss = srv.fds(), srv.rss_kb()
    report(not errors and still == n,
           f"g: {n} connections open at once (opened in {t_open:.1f} s, batches of "
           f"{batch}): {n - len(errors)} answered 200 on keep-alive in {t_ask:.1f} s, "
           f"{still} still open; server descriptors {fds_open} (baseline {base})"
           + (f"; {summary(errors)}" if errors else ""))
    report(0 < rss < 50 * 1024,
           f"g: server VmRSS with {still} connections open: {mb(rss)} "
           f"(under 50 MB; {mb(rss0)} before the phase)")
    conns.abort_all()
    end = time.monotonic() + 10
    while srv.fds() != base and time.monotonic() < end and srv.exited() is None:
        await asyncio.sleep(0.1)
    fds = srv.fds()
    report(fds == base, f"g: all {n} closed: server descriptors {fds}, baseline {base}"
           + ("" if srv.exited() is None else f"; the server exited with status {srv.exited()}"))
    if srv.exited() is None:
        check_state(f"g: all {n} closed", srv.state, await loop_state(conns))


async def phase_h(srv, conns):
    nconn, depth, total, warm = 50, 100, 200000, 10000
    base, why = await settle_baseline(srv, conns)
    if why:
        report(False, f"h: soak: before the phase, {why}")
        return
    pairs = [await conns.open() for _ in range(nconn)]
    done = [0]
    bad = []

    async def worker(r, w, batches):
        for _ in range(batches):
            w.write(REQ_KEEP * depth)
            async with asyncio.timeout(20):
                for _ in range(depth):
                    code, _, body = await read_response(r)
                    if code != 200 or body != BODY:
                        bad.append(f"got {code} {body[:40]!r}")
                    done[0] += 1

    async def stage(requests):
        per = requests // (nconn * depth)
        res = await asyncio.gather(*(worker(r, w, per) for r, w in pairs),
                                   return_exceptions=True)
        return [describe(x) for x in res if isinstance(x, BaseException)]

    conns.progress = lambda: f" after {done[0]} of {total} answers"
    t0 = time.monotonic()
    errors = await stage(warm)
    rss1 = srv.rss_kb()
    if not errors:
        errors = await stage(total - warm)
    took = time.monotonic() - t0
    rss2 = srv.rss_kb()
    rate = done[0] / took if took else 0
    report(not errors and not bad and done[0] == total,
           f"h: soak: {done[0]}/{total} requests over {nconn} keep-alive connections, "
           f"pipelined {depth} at a time, in {took:.1f} s: {rate:.0f} requests/s"
           + (f"; {len(bad)} bad answers: {summary(bad)}" if bad else "")
           + (f"; {summary(errors)}" if errors else ""))
    if not errors:
        growth = rss2 - rss1
        report(growth <= 1024,
               f"h: VmRSS from after {warm} requests to the end: {mb(rss1)} -> "
               f"{mb(rss2)} ({growth:+d} kB; at most +1024 kB)")
    conns.abort_all()
    end = time.monotonic() + 5
    while srv.fds() != base and time.monotonic() < end and srv.exited() is None:
        await asyncio.sleep(0.1)
    fds = srv.fds()
    report(fds == base, f"h: after the soak, all closed: server descriptors {fds}, "
           f"baseline {base}")
    if srv.exited() is None:
        check_state("h: after the soak", srv.state, await loop_state(conns))


async def run_phase(cmd, tag, delay_ms, idle_ms, fn):
    srv = Server(cmd, delay_ms, idle_ms)
    conns = Conns(srv)
    t0 = time.monotonic()
    try:
        if not await srv.ready():
            st = srv.exited()
            report(False, f"{tag}: the server did not listen on {HOST}:{srv.port} within "
                   f"10 s" + ("" if st is None else f" (exited with status {st})")
                   + (f"; stderr: {srv.stderr_tail()}" if srv.stderr_tail() else ""))
            return
        try:
            async with asyncio.timeout(PHASE_DEADLINE):
                await fn(srv, conns)
        except TimeoutError:
            report(False, f"{tag}: phase deadline of {PHASE_DEADLINE} s exceeded"
                   + conns.progress())
        except Exception as e:
            report(False, f"{tag}: {describe(e)}")
        st = srv.exited()
        if st is not None:
            report(False, f"{tag}: the server exited with status {st} during the phase"
                   + (f"; stderr: {srv.stderr_tail()}" if srv.stderr_tail() else ""))
    finally:
        conns.abort_all()
        srv.stop()
        if os.environ.get("HELLO_CHECK_TIMES"):
            print(f"     ({tag}: {time.monotonic() - t0:.1f} s)", flush=True)


async def main(cmd, quick):
    raise_nofile()
    nofile = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    phases = [
        ("a", 1000, IDLE_LONG, phase_a),
        ("b", 0, IDLE_LONG, phase_b),
        ("c", 0, IDLE_LONG, phase_c),
        ("d", 0, IDLE_LONG, phase_d),
        ("e", 0, 300, phase_e),
        ("f", 300, IDLE_LONG, phase_f),
        ("g", 0, IDLE_LONG, phase_g),
        ("h", 0, IDLE_LONG, phase_h),
    ]
    for tag, delay_ms, idle_ms, fn in phases:
        if tag == "g" and nofile < NEED_FDS:
            skip(f"g: 10000 connections: RLIMIT_NOFILE reaches only {nofile} here, "
                 f"not {NEED_FDS}")
            continue
        if tag == "h" and quick:
            skip("h: soak: --quick")
            continue
        await run_phase(cmd, tag, delay_ms, idle_ms, fn)


def cli():
    args = sys.argv[1:]
    if "--" not in args:
        sys.exit(__doc__.split("\n\n")[1])
    i = args.index("--")
    opts, cmd = args[:i], args[i + 1:]
    if not cmd or any(o != "--quick" for o in opts):
        sys.exit(__doc__.split("\n\n")[1])
    # a SIGTERM to the checker still stops its servers (the finally below)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    t0 = time.monotonic()
    stopped = ""
    try:
        asyncio.run(main(cmd, "--quick" in opts))
    except (SystemExit, KeyboardInterrupt):
        stopped = ", stopped by a signal"
    finally:
        for srv in list(servers):
            srv.stop()
    print(f"hello_check: {counts['PASS']} passed, {counts['FAIL']} failed "
          f"in {time.monotonic() - t0:.0f} s{stopped}", flush=True)
    sys.exit(1 if counts["FAIL"] or stopped else 0)


if __name__ == "__main__":
    cli()
