#!/usr/bin/env python3
"""bench/net_bench.py - the network side of `make bench` (bench/run.py runs
it last): the /hello server of examples/hello_server.c, built with epoll and
with poll, next to its aiohttp twin (test/py/hello_server.py) and a plain
asyncio streams server (bench/net/asyncio_hello.py), on 127.0.0.1 only.

usage: python3 bench/net_bench.py [--seconds S] [--rounds R] [--results FILE]
  --seconds S     wrk's duration per run (default 3, env NET_BENCH_SECONDS)
  --rounds R      runs per server and connection count (default 3, env
                  NET_BENCH_ROUNDS): the tables give their median
  --results FILE  the markdown file the section is appended to (default
                  build/bench/results.md, the one bench/run.py writes; a
                  section left there by an earlier run of this script is
                  replaced)

1. Throughput: wrk (Debian's package; bench/install.sh installs it)
   -tK -c C --latency GET /hello (K: one thread per core wrk runs on) at
   C = 10, 100, 1,000 keep-alive connections, no handler sleep
   (`SERVER serve PORT 0 60000`; ours print two lines per request: sent to
   /dev/null). The four servers run at once, each warmed up for 1 s; then
   R rounds, each running wrk once per connection count and server
   (interleaved: a slow spell of the machine hits all alike); the tables
   give the median of the rounds' requests/s, 50% and 99% latencies, and
   list every error wrk reports (connect/read/write errors, timeouts,
   non-2xx answers). Also the server's CPU time during its runs
   (/proc/PID/stat): the share of its core and the CPU per request, wrk's
   share of its core (which of the two was the limit), and what else took
   those cores (/proc/stat). With two or more cores and taskset there, the
   servers run on the last core and wrk on the others, so they do not
   compete for one. RLIMIT_NOFILE is raised to its hard limit for wrk and
   every server.
2. Memory: a fresh server each, 10,000 connections opened by an asyncio
   client here, one keep-alive GET /hello answered on each, all kept open and
   idle; then the server's VmRSS and VmHWM (peak) from /proc/PID/status.
   Skipped, with the reason, if RLIMIT_NOFILE cannot reach 10,100.
Targets (goals, not tests): each of our builds at >= 10x aiohttp's
requests/s at 100 connections, and holding 10,000 idle connections under
50 MB (VmHWM; MB = 2^20 bytes, as bench/run.py's). Exit status 1 only when
the benchmark itself could not run (a build failed, a server did not start).
"""
import argparse
import asyncio
import os
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402  (bench/run.py: its table printers)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "build", "bench")
HOST = "127.0.0.1"
CONNS = (10, 100, 1000)
IDLE_CONNS = 10000
NEED_FDS = IDLE_CONNS + 100
SECTION = "## Network: /hello under wrk"   # the first heading of this script's section in results.md
SYS_PY = "/usr/bin/python3"                # Debian's python3-aiohttp is installed for this one only
NCPU = os.cpu_count() or 1
PIN = bool(shutil.which("taskset")) and NCPU >= 2
SERVER_CPU = str(NCPU - 1)
CLIENT_CPUS = "0" if NCPU == 2 else "0-%d" % (NCPU - 2)
SERVER_CORES, CLIENT_CORES = [NCPU - 1], list(range(NCPU - 1)) if NCPU >= 2 else [0]
WRK_THREADS = NCPU - 1 if PIN else NCPU   # one per core wrk may use: a second one on one core only time-slices
REQ = b"GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
BODY = b"Hello, World!"


FAILED = []   # what kept the benchmark from running: exit status 1


class Skip(Exception):
    pass


def raise_nofile(need=NEED_FDS):
    """Raises this process's RLIMIT_NOFILE to at least `need` (and its soft
    limit to its hard one); False when it cannot."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = max(soft, hard if hard != resource.RLIM_INFINITY else need, need)
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, max(hard, want) if hard != resource.RLIM_INFINITY else hard))
    except (ValueError, OSError):
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        except (ValueError, OSError):
            pass
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0] >= need


def preexec():
    """In each child (server, wrk): the same limit as here."""
    raise_nofile()


def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


# ---- the servers --------------------------------------------------------------


def wrk_version():
    r = subprocess.run(["wrk", "--version"], capture_output=True, text=True)
    m = re.search(r"wrk (\S+)", r.stdout + r.stderr)
    return m.group(1) if m else "?"


def py_version(py):
    r = subprocess.run([py, "-c", "import sys; print(sys.version.split()[0])"], capture_output=True, text=True)
    return r.stdout.strip() if r.returncode == 0 else None


def build():
    """[(name, argv before PORT)], and notes on what is missing."""
    os.makedirs(OUT, exist_ok=True)
    cc = shutil.which("gcc") or os.environ.get("CC", "cc")
    servers, notes = [], []
    src = os.path.join(ROOT, "examples", "hello_server.c")
    for name, exe, flags in (("ours, epoll", "hello_epoll", []),
                             ("ours, poll", "hello_poll", ["-DHELLO_USE_POLL", "-DGEN_POLL_SLOTS=12288"])):
        out = os.path.join(OUT, exe)
        cmd = [cc, "-std=c99", "-O2", "-I", ROOT] + flags + [src, "-o", out]
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit("net_bench: failed: %s\n%s" % (" ".join(cmd), r.stderr))
        servers.append((name, [out, "serve"]))
    py = SYS_PY if os.path.exists(SYS_PY) else sys.executable
    pyv = py_version(py)
    r = subprocess.run([py, "-c", "import aiohttp; print(aiohttp.__version__)"], capture_output=True, text=True)
    if r.returncode == 0:
        servers.append(("aiohttp %s" % r.stdout.strip(), [py, os.path.join(ROOT, "test/py/hello_server.py"), "serve"]))
    else:
        notes.append("aiohttp is not installed for %s (Debian: python3-aiohttp): no aiohttp rows" % py)
    servers.append(("asyncio streams", [py, os.path.join(ROOT, "bench/net/asyncio_hello.py"), "serve"]))
    pyline = "Python servers: %s (Python %s), single process, default event loop" % (py, pyv)
    return servers, notes, pyline, "%s -std=c99 -O2" % os.path.basename(cc)


class Server:
    """One server process on a free port: started, waited for, stopped."""

    def __init__(self, argv):
        self.port = free_port()
        self.err = tempfile.TemporaryFile()
        cmd = (["taskset", "-c", SERVER_CPU] if PIN else []) + argv + [str(self.port), "0", "60000"]
        # taskset execs the server: self.proc.pid is the server's own
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self.err,
                                     preexec_fn=preexec)
        try:
            self.wait_ready()
        except BaseException:
            self.stop()
            raise

    def wait_ready(self, limit=20.0):
        end = time.monotonic() + limit
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                raise RuntimeError("the server exited at once (status %s): %s" % (self.proc.returncode, self.stderr()))
            try:
                socket.create_connection((HOST, self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("the server did not accept within %.0f s" % limit)

    def status(self):
        """{field: kB} of VmRSS and VmHWM."""
        got = {}
        with open("/proc/%d/status" % self.proc.pid) as f:
            for line in f:
                k, _, v = line.partition(":")
                if k in ("VmRSS", "VmHWM"):
                    got[k] = int(v.split()[0])
        return got

    def cpu(self):
        """CPU seconds used so far (user + system), from /proc/PID/stat."""
        with open("/proc/%d/stat" % self.proc.pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stderr(self):
        self.err.seek(0)
        return self.err.read().decode(errors="replace").strip()[-2000:]

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(2)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        err = self.stderr()
        self.err.close()
        return err


# ---- 1. throughput --------------------------------------------------------------

UNIT = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3, "h": 3600e3}


def ms(text):
    m = re.match(r"([\d.]+)(us|ms|s|m|h)$", text)
    return float(m.group(1)) * UNIT[m.group(2)] if m else None


def core_times(cpus):
    """(busy, total) clock ticks of those cores so far, from /proc/stat;
    steal counts as busy (the hypervisor gave the core to someone else)."""
    busy = total = 0
    with open("/proc/stat") as f:
        for line in f:
            w = line.split()
            if w[0].startswith("cpu") and w[0][3:].isdigit() and int(w[0][3:]) in cpus:
                v = [int(x) for x in w[1:9]]
                busy, total = busy + sum(v) - v[3] - v[4], total + sum(v)
    return busy, total


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def wrk(srv, conns, seconds):
    """wrk's figures: {rps, p50, p99 (ms), requests, cpu (the server's CPU
    seconds during the run), wall (s), errors: [text]}."""
    cmd = (["taskset", "-c", CLIENT_CPUS] if PIN else []) + [
        "wrk", "-t%d" % WRK_THREADS, "-c%d" % conns, "-d%ds" % seconds, "--timeout", "5s", "--latency",
        "http://%s:%d/hello" % (HOST, srv.port)]
    c0, w0, t0 = srv.cpu(), children_cpu(), time.monotonic()
    k0 = [core_times(SERVER_CORES), core_times(CLIENT_CORES)]
    r = subprocess.run(cmd, capture_output=True, text=True, preexec_fn=preexec, timeout=seconds + 60)
    wall = time.monotonic() - t0
    k1 = [core_times(SERVER_CORES), core_times(CLIENT_CORES)]
    cpu = srv.cpu() - c0 if srv.proc.poll() is None else None
    wcpu = children_cpu() - w0   # wrk's (taskset execs it): the servers are not waited for yet

    def share(i):   # how busy those cores were: 0..1
        b, t = k1[i][0] - k0[i][0], k1[i][1] - k0[i][1]
        return b / t if t > 0 else None
    # the share of the server's core, and of wrk's cores, that went to
    # anything else (other processes, the hypervisor's steal): lost figures
    other = share(0) - cpu / wall if PIN and cpu is not None and share(0) is not None else None
    wother = share(1) - wcpu / wall / len(CLIENT_CORES) if PIN and share(1) is not None else None
    out = r.stdout + r.stderr
    f = {"errors": [], "out": out, "cpu": cpu, "wall": wall, "other": other, "wcpu": wcpu, "wother": wother}
    m = re.search(r"Requests/sec:\s+([\d.]+)", out)
    f["rps"] = float(m.group(1)) if m else None
    for p in ("50", "99"):
        m = re.search(r"^\s+%s%%\s+(\S+)" % p, out, re.M)
        f["p" + p] = ms(m.group(1)) if m else None
    m = re.search(r"(\d+) requests in ([\d.]+\w+)", out)
    f["requests"] = int(m.group(1)) if m else None
    m = re.search(r"Socket errors: (.*)", out)
    if m:
        f["errors"].append("socket errors: " + m.group(1).strip())
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if m:
        f["errors"].append("non-2xx/3xx answers: " + m.group(1))
    if r.returncode != 0 or f["rps"] is None:
        f["errors"].append("wrk failed (status %d): %s" % (r.returncode, out.strip()[-500:]))
    return f


def throughput(servers, seconds, rounds):
    """{(server, conns): figures}: the median of `rounds` runs for rps, p50
    and p99 each; CPU figures summed over the runs; every run's errors. All
    servers run at once (idle but the one under wrk), and the runs are
    interleaved, so that a slow spell of the machine hits them all alike."""
    runs, live = {}, {}
    try:
        for name, argv in servers:
            try:
                live[name] = Server(argv)
                wrk(live[name], 10, 1)   # warm-up, not counted
            except (RuntimeError, subprocess.TimeoutExpired) as e:
                runs[(name, CONNS[0])] = [{"rps": None, "errors": ["%s" % e]}]
                FAILED.append("%s: %s" % (name, e))
                print("  %s: %s" % (name, e), file=sys.stderr)
                if name in live:
                    live.pop(name).stop()
        for rnd in range(rounds):
            for c in CONNS:
                for name, _ in servers:
                    srv = live.get(name)
                    if not srv:
                        continue
                    try:
                        f = wrk(srv, c, seconds)
                    except subprocess.TimeoutExpired as e:
                        f = {"rps": None, "errors": ["%s" % e]}
                    if srv.proc.poll() is not None:
                        f["errors"].append("the server died (status %s)" % srv.proc.returncode)
                        live.pop(name)
                        err = srv.stop()
                        if err:
                            f["errors"].append("server stderr: " + err.replace("\n", " | ")[:300])
                    if f["errors"]:
                        f["errors"] = ["round %d: %s" % (rnd + 1, e) for e in f["errors"]]
                    runs.setdefault((name, c), []).append(f)
            print("  round %d/%d done: %s" % (rnd + 1, rounds, "; ".join(
                "%s %s" % (name, "/".join(fmt_rps(runs[(name, c)][-1].get("rps")) if (name, c) in runs else "-"
                                          for c in CONNS)) for name, _ in servers)), file=sys.stderr)
    finally:
        for name, srv in live.items():
            err = srv.stop()
            if err:
                runs.setdefault((name, CONNS[0]), [{"rps": None, "errors": []}])[-1]["errors"].append(
                    "server stderr: " + err.replace("\n", " | ")[:300])
    res = {}
    for key, fs in runs.items():
        ok = [f for f in fs if f.get("rps") is not None]
        med = lambda k: statistics.median([f[k] for f in ok if f.get(k) is not None]) if any(
            f.get(k) is not None for f in ok) else None
        summed = lambda k: sum(f[k] for f in ok) if ok and all(f.get(k) is not None for f in ok) else None
        top = lambda k: max(f[k] for f in ok) if ok and all(f.get(k) is not None for f in ok) else None
        res[key] = {"rps": med("rps"), "p50": med("p50"), "p99": med("p99"), "each": [f.get("rps") for f in fs],
                    "errors": [e for f in fs for e in f["errors"]], "cpu": summed("cpu"), "wall": summed("wall"),
                    "requests": summed("requests"), "wcpu": summed("wcpu"), "other": top("other"),
                    "wother": top("wother")}
    return res


# ---- 2. memory with 10,000 idle connections -----------------------------------------


async def open_idle(port, n, limit=60.0):
    """n connections, one keep-alive GET /hello answered on each, kept
    open: (writers, failures: {why: count})."""
    writers, failed = [], {}
    sem = asyncio.Semaphore(200)   # connections being set up at once

    async def one():
        async with sem:
            w = None
            try:
                r, w = await asyncio.wait_for(asyncio.open_connection(HOST, port), 20)
                w.write(REQ)
                head = await asyncio.wait_for(r.readuntil(b"\r\n\r\n"), 20)
                m = re.search(rb"(?i)\r\ncontent-length:\s*(\d+)", head)
                body = await asyncio.wait_for(r.readexactly(int(m.group(1))), 20) if m else b""
                if not head.startswith(b"HTTP/1.1 200 ") or body != BODY:
                    raise ValueError("answer %r" % head.split(b"\r\n")[0])
                writers.append(w)
            except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, asyncio.LimitOverrunError,
                    ValueError) as e:
                why = type(e).__name__ + (" " + str(e) if isinstance(e, ValueError) else "")
                failed[why] = failed.get(why, 0) + 1
                if w:
                    w.close()

    try:
        await asyncio.wait_for(asyncio.gather(*(one() for _ in range(n))), limit)
    except asyncio.TimeoutError:
        failed["not done within %.0f s" % limit] = n - len(writers) - sum(failed.values())
    return writers, failed


async def idle_rss(srv, n):
    before = srv.status()
    t0 = time.monotonic()
    writers, failed = await open_idle(srv.port, n)
    took = time.monotonic() - t0
    await asyncio.sleep(1.0)   # idle
    alive = srv.proc.poll() is None
    st = srv.status() if alive else {}
    for w in writers:
        w.close()
    await asyncio.sleep(0.2)
    return {"before": before.get("VmRSS"), "rss": st.get("VmRSS"), "hwm": st.get("VmHWM"), "ok": len(writers),
            "failed": failed, "took": took, "alive": alive}


def memory(servers):
    """{server: figures}, or a Skip with the reason."""
    if not raise_nofile():
        raise Skip("RLIMIT_NOFILE cannot reach %d here (soft, hard = %s)"
                   % (NEED_FDS, resource.getrlimit(resource.RLIMIT_NOFILE)))
    res = {}
    for name, argv in servers:
        srv = None
        try:
            srv = Server(argv)
            res[name] = asyncio.run(idle_rss(srv, IDLE_CONNS))
            print("  %s: %d connections in %.1f s, VmHWM %s kB" % (name, res[name]["ok"], res[name]["took"],
                  res[name]["hwm"]), file=sys.stderr)
        except RuntimeError as e:
            res[name] = {"error": str(e)}
            FAILED.append("%s: %s" % (name, e))
        finally:
            if srv:
                err = srv.stop()
                if err and name in res:
                    res[name]["stderr"] = err.replace("\n", " | ")[:300]
    return res


# ---- output --------------------------------------------------------------------------


def fmt_rps(x):
    return "{:,.0f}".format(x) if x is not None else "-"


def fmt_ms(x):
    return "-" if x is None else "%.2f ms" % x if x < 100 else "%.0f ms" % x


def mb(kb):
    return kb / 1024 if kb is not None else None


def show(hdr, lines):
    return run.show(hdr, lines, left=1)


def markdown(hdr, lines):
    return run.markdown(hdr, lines, left=1)


def wrk_table(servers, res):
    hdr = ["server"]
    for c in CONNS:
        hdr += ["req/s @%s" % "{:,}".format(c), "p50 @%s" % "{:,}".format(c), "p99 @%s" % "{:,}".format(c)]
    lines = []
    for name, _ in servers:
        line = [name]
        for c in CONNS:
            f = res.get((name, c), {})
            line += [fmt_rps(f.get("rps")), fmt_ms(f.get("p50")), fmt_ms(f.get("p99"))]
        lines.append(line)
    return hdr, lines


def cpu_table(servers, res):
    """Per run: the server's CPU (share of its core, per request), wrk's
    (share of its cores), and what else ran on them."""
    hdr = ["server", "connections", "req/s in each round", "server CPU", "server CPU/request", "wrk CPU"]
    if PIN:
        hdr += ["others on the server's core", "others on wrk's core%s" % ("s" if len(CLIENT_CORES) > 1 else "")]
    lines = []
    pct = lambda x: "%.0f%%" % (100 * x) if x is not None else "-"
    for name, _ in servers:
        for c in CONNS:
            f = res.get((name, c))
            if not f or f.get("rps") is None:
                continue
            ok = f.get("cpu") is not None and f.get("requests")
            line = [name, "{:,}".format(c), " / ".join(fmt_rps(x) for x in f["each"]),
                    pct(f["cpu"] / f["wall"]) if ok else "-",
                    "%.1f us" % (1e6 * f["cpu"] / f["requests"]) if ok else "-",
                    pct(f["wcpu"] / f["wall"] / len(CLIENT_CORES))]
            if PIN:
                line += [pct(f["other"]), pct(f["wother"])]
            lines.append(line)
    return hdr, lines


def disturbed(servers, res):
    """The runs whose cores went to something else for more than 10%."""
    out = []
    for name, _ in servers:
        for c in CONNS:
            f = res.get((name, c)) or {}
            o = max(f.get("other") or 0, f.get("wother") or 0)
            if o > 0.10:
                out.append("%s, %s connections (%.0f%% of a core)" % (name, "{:,}".format(c), 100 * o))
    return out


def per_request(f):
    return f["cpu"] / f["requests"] if f and f.get("cpu") is not None and f.get("requests") else None


OTHERS_NOTE = ("; wrk's CPU: the share of its core%s; others: the share of that core that went to anything else "
               "(other processes, the hypervisor's steal; /proc/stat): figures lost to them"
               % ("s" if len(CLIENT_CORES) > 1 else ""))


def wrk_errors(servers, res):
    """["server, N connections: what wrk reported"] for each run that had errors."""
    out = []
    for name, _ in servers:
        for c in CONNS:
            f = res.get((name, c))
            if f and f["errors"]:
                out.append("%s, %s connections: %s" % (name, "{:,}".format(c), "; ".join(f["errors"])))
    return out


def rss_table(servers, res):
    hdr = ["server", "VmRSS at start", "VmRSS with 10k idle", "VmHWM (peak)", "per connection", "answered",
           "opened in"]
    lines = []
    for name, _ in servers:
        f = res.get(name, {})
        if "error" in f or not f:
            lines.append([name, "-", "-", "-", "-", "- (%s)" % f.get("error", "not run"), "-"])
            continue
        per = "%.2f kB" % ((f["rss"] - f["before"]) / f["ok"]) if f["ok"] and f["rss"] and f["before"] else "-"
        lines.append([name, "%.1f MB" % mb(f["before"]), "%.1f MB" % mb(f["rss"]) if f["rss"] else "-",
                      "%.1f MB" % mb(f["hwm"]) if f["hwm"] else "-", per, "{:,}".format(f["ok"]), "%.1f s" % f["took"]])
    return hdr, lines


def rss_problems(servers, res):
    out = []
    for name, _ in servers:
        f = res.get(name, {})
        if f.get("failed"):
            out.append("%s: %d connections failed: %s" % (name, sum(f["failed"].values()),
                       ", ".join("%s x%d" % kv for kv in sorted(f["failed"].items()))))
        if f.get("alive") is False:
            out.append("%s: the server died during the test" % name)
        if f.get("stderr"):
            out.append("%s: server stderr: %s" % (name, f["stderr"]))
    return out


def targets(servers, tput, rss, skipped):
    res = []

    def t(ok, text):
        res.append(("PASS" if ok else "MISS", text))
    ours = [n for n, _ in servers if n.startswith("ours")]
    aio = [n for n, _ in servers if n.startswith("aiohttp")]
    others = [n for n, _ in servers if not n.startswith("ours")]
    base = tput.get((aio[0], 100), {}).get("rps") if aio else None
    for n in ours:
        r = tput.get((n, 100), {}).get("rps")
        if r and base:
            t(r >= 10 * base, ">= 10x aiohttp's requests/s at 100 connections (%s): %s vs %s req/s = %.1fx"
              % (n, fmt_rps(r), fmt_rps(base), r / base))
        else:
            res.append(("note", ">= 10x aiohttp's requests/s at 100 connections (%s): not measured (%s)"
                        % (n, "no aiohttp" if not base else "no figure for ours")))
    for n in ours:
        f = tput.get((n, 100), {})
        if f.get("cpu") is not None and f.get("wall"):
            busy, wbusy = f["cpu"] / f["wall"], f["wcpu"] / f["wall"] / len(CLIENT_CORES)
            if busy < 0.9 and wbusy >= 0.9:
                res.append(("info", "%s at 100 connections kept its core %.0f%% busy, wrk %.0f%%: the load generator "
                            "is the limit of these requests/s, not the server" % (n, 100 * busy, 100 * wbusy)))
        if base and per_request(f) and per_request(tput.get((aio[0], 100))):
            a, o = per_request(tput[(aio[0], 100)]), per_request(f)
            res.append(("info", "server CPU per request at 100 connections (%s): %.1f us vs aiohttp's %.1f us = "
                        "%.1fx less" % (n, 1e6 * o, 1e6 * a, a / o)))
    for n in others:
        r = tput.get((n, 100), {}).get("rps")
        res.append(("info", "%s at 100 connections: %s req/s%s" % (
            n, fmt_rps(r), "; ours: " + ", ".join("%s %.1fx" % (o, tput[(o, 100)]["rps"] / r) for o in ours
                                                 if r and tput.get((o, 100), {}).get("rps")) if r else "")))
    if skipped:
        res.append(("note", "10,000 idle connections: not measured: %s" % skipped))
        return res
    for n in ours:
        f = rss.get(n, {})
        if f.get("hwm") and f.get("ok") == IDLE_CONNS:
            t(mb(f["hwm"]) < 50, "10,000 idle keep-alive connections under 50 MB (%s): VmHWM %.1f MB, VmRSS %.1f MB"
              % (n, mb(f["hwm"]), mb(f["rss"])))
        else:
            t(False, "10,000 idle keep-alive connections under 50 MB (%s): not held: %d answered%s" % (
                n, f.get("ok", 0), "; " + f["error"] if "error" in f else ""))
    for n in others:
        f = rss.get(n, {})
        if f.get("hwm"):
            res.append(("info", "%s with %s idle connections: VmHWM %.1f MB, VmRSS %.1f MB" % (
                n, "{:,}".format(f["ok"]), mb(f["hwm"]), mb(f["rss"]))))
    return res


def write_md(path, text):
    """Appends the section to path, replacing one an earlier run left there."""
    old = ""
    if os.path.exists(path):
        with open(path) as f:
            old = f.read()
        i = old.find(SECTION)
        if i >= 0:
            old = old[:i]
        old = old.rstrip("\n") + "\n\n" if old.strip() else ""
    with open(path, "w") as f:
        f.write(old + text)


def main():
    ap = argparse.ArgumentParser(description="the /hello servers under wrk, and with 10,000 idle connections")
    ap.add_argument("--seconds", type=int, default=int(os.environ.get("NET_BENCH_SECONDS", "3")))
    ap.add_argument("--rounds", type=int, default=int(os.environ.get("NET_BENCH_ROUNDS", "3")))
    ap.add_argument("--results", default=os.path.join(OUT, "results.md"))
    a = ap.parse_args()
    t0 = time.time()
    servers, notes, pyline, ccline = build()
    pin = ("servers pinned to core %s, wrk to core%s %s (taskset)" % (SERVER_CPU, "s" if "-" in CLIENT_CPUS else "",
           CLIENT_CPUS) if PIN else "not pinned (%s)" % ("taskset missing" if NCPU >= 2 else "one core"))
    head = ("wrk %s -t%d -d%ds --timeout 5s --latency GET /hello, keep-alive, 127.0.0.1, no handler sleep; the median "
            "of %d interleaved rounds; %d cores, %s; ours: examples/hello_server.c, %s (poll build: -DHELLO_USE_POLL "
            "-DGEN_POLL_SLOTS=12288), stdout to /dev/null; %s" % (wrk_version(), WRK_THREADS, a.seconds, a.rounds,
                                                                 NCPU, pin, ccline, pyline))
    print("net bench: " + head, file=sys.stderr)
    tput = {}
    if shutil.which("wrk"):
        print("net bench: throughput (%d rounds of %d servers x %d runs of %d s)..." % (
            a.rounds, len(servers), len(CONNS), a.seconds), file=sys.stderr)
        tput = throughput(servers, a.seconds, a.rounds)
    else:
        notes.append("wrk is not installed (bench/install.sh installs it): no throughput figures")
    skipped = None
    print("net bench: %d idle connections per server..." % IDLE_CONNS, file=sys.stderr)
    try:
        rss = memory(servers)
    except Skip as e:
        rss, skipped = {}, str(e)
    whdr, wlines = wrk_table(servers, tput)
    chdr, clines = cpu_table(servers, tput)
    errs = wrk_errors(servers, tput)
    dist = disturbed(servers, tput)
    rhdr, rlines = rss_table(servers, rss)
    probs = rss_problems(servers, rss)
    res = [("note", n) for n in notes] + targets(servers, tput, rss, skipped)
    took = time.time() - t0

    print("\nnet bench: " + head)
    if tput:
        print("\n== /hello under wrk: requests/s, 50%% and 99%% latency at %s connections\n%s"
              % (", ".join("{:,}".format(c) for c in CONNS), show(whdr, wlines)))
        print("wrk errors: " + ("none" if not errs else "\n  " + "\n  ".join(errs)))
        print("\n== CPU during each run: the server's (user + system, /proc/PID/stat), the share of its core and per "
              "request%s\n%s" % (OTHERS_NOTE if PIN else "", show(chdr, clines)))
        if dist:
            print("DISTURBED: something else took over 10%% of a core during: %s; those figures are low" % "; ".join(dist))
    if skipped:
        print("\n== 10,000 idle keep-alive connections: skipped: %s" % skipped)
    else:
        print("\n== 10,000 idle keep-alive connections (one GET /hello answered on each, then idle): the server's "
              "memory\n%s" % show(rhdr, rlines))
        if probs:
            print("problems:\n  " + "\n  ".join(probs))
    print("\nnetwork targets (goals, not tests):")
    for ok, text in res:
        print("  %s  %s" % (ok, text))

    md = "%s\n\n%s.\n\n" % (SECTION, head)
    if tput:
        md += "Requests/s and the 50%% and 99%% latencies at %s connections.\n\n%s\n\n" % (
            ", ".join("{:,}".format(c) for c in CONNS), markdown(whdr, wlines))
        md += "wrk's errors: %s\n\n" % ("none." if not errs else "\n\n" + "\n".join("- " + e for e in errs))
        md += ("CPU during each run: the server's (user + system, from /proc/PID/stat), the share of its core and "
               "per request answered%s.\n\n%s\n\n" % (OTHERS_NOTE if PIN else "", markdown(chdr, clines)))
        if dist:
            md += "**Disturbed**: something else took over 10%% of a core during: %s; those figures are low.\n\n" % (
                "; ".join(dist))
    md += "## Network: 10,000 idle keep-alive connections\n\n"
    if skipped:
        md += "Skipped: %s.\n\n" % skipped
    else:
        md += ("A fresh server each; an asyncio client opens 10,000 connections, sends one keep-alive GET /hello "
               "on each, reads the answer and keeps them all open and idle; then the server's VmRSS and VmHWM "
               "(/proc/PID/status; MB = 2^20 bytes). Per connection: (VmRSS with them - VmRSS at start) / "
               "connections.\n\n%s\n\n" % markdown(rhdr, rlines))
        if probs:
            md += "\n".join("- " + p for p in probs) + "\n\n"
    md += "## Network targets\n\n" + "".join("- **%s** %s\n" % r for r in res)
    os.makedirs(os.path.dirname(os.path.abspath(a.results)), exist_ok=True)
    write_md(a.results, md)
    print("\nappended to %s (%.0f s)" % (os.path.relpath(a.results, ROOT) if a.results.startswith(ROOT) else a.results,
                                         took))
    if FAILED:
        sys.exit("net_bench: could not run: " + "; ".join(FAILED))


if __name__ == "__main__":
    main()
