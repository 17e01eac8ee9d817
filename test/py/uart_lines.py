# uart_lines: a UART line reader. A receive interrupt puts each byte in a
# ring buffer; a generator takes them out and assembles lines, reporting the
# bytes the full ring dropped inside a line, abandoning a partial line after
# RX_TIMEOUT ticks of silence, and cutting a line longer than its buffer
# (the rest is discarded up to the newline). The wire and the busy
# super-loop are a script, time is the loop's tick counter.
# C twin: examples/uart_lines.c

RX_SIZE = 16
LINE_MAX = 20
RX_TIMEOUT = 4

LINE_NONE, LINE_OK, LINE_TOO_LONG, LINE_TIMEOUT = range(4)

tick = 0  # advanced by the super-loop


def hal_ticks():
    return tick


# ---- the driver -------------------------------------------------------------

class UartRx:
    def __init__(self):
        self.buf = [0] * RX_SIZE
        self.head = 0  # the ISR's: bytes received (mod 256)
        self.tail = 0  # the reader's: bytes taken (mod 256)
        self.dropped = 0  # bytes lost to a full ring, not yet reported
        self.gap = 0  # where: the index of the byte after them


def uart_rx_isr(u, byte):
    head = u.head
    if (head - u.tail) % 256 == RX_SIZE:  # full: the byte is lost
        if u.dropped == 0:
            u.gap = head
        if u.dropped != 255:
            u.dropped += 1
        return
    u.buf[head % RX_SIZE] = byte
    u.head = (head + 1) % 256


def uart_getc(u, r):
    """The oldest byte into r.c (True), or False when the ring is empty;
    once the gap is reached, the lost bytes are added to r.lost."""
    tail = u.tail
    if u.dropped != 0 and tail == u.gap:
        r.lost += u.dropped
        u.dropped = 0
    if tail == u.head:
        return False
    r.c = u.buf[tail % RX_SIZE]
    u.tail = (tail + 1) % 256
    return True


class LineReader:
    def __init__(self):
        self.status = LINE_NONE
        self.line = ""
        self.extra = 0
        self.lost = 0
        self.c = 0
        self.got = False
        self.last = 0


def next_byte(r, u):
    r.got = uart_getc(u, r)
    return r.got or hal_ticks() - r.last >= RX_TIMEOUT


def line_reader(r, u):
    """Runs for ever: yields while it waits for bytes, and once per line
    with r.status set."""
    while True:
        r.status = LINE_NONE
        r.line = ""
        r.extra = r.lost = 0
        while not uart_getc(u, r):  # a line's first byte: no time limit
            yield
        while True:
            if r.c == ord("\n"):
                r.status = LINE_TOO_LONG if r.extra else LINE_OK
                break
            if len(r.line) < LINE_MAX:
                r.line += chr(r.c)
            else:
                r.extra += 1  # too long: discard up to the newline
            r.last = hal_ticks()
            while not next_byte(r, u):
                yield
            if not r.got:
                r.status = LINE_TIMEOUT  # abandon the partial line
                break
        yield  # hand the line over


# ---- the test double and the super-loop -------------------------------------

script = {
    0: "hel", 1: "lo\n",
    2: "ok\nfine\n",
    5: "0123456789", 6: "abcdefghij",
    8: "xy\n",
    10: "this line will n", 11: "ot fit in the bu", 12: "ffer\n",
    15: "abc",
    21: "bye\n",
}
BUSY_FROM, BUSY_TO = 5, 6
END = 23


def show(s):
    return '"' + s.replace("\n", "\\n") + '"'


u = UartRx()
r = LineReader()
reader = line_reader(r, u)
lines = too_long = timeouts = dropped = 0
while tick < END:
    busy = BUSY_FROM <= tick <= BUSY_TO
    if tick in script:
        before = u.dropped
        for ch in script[tick]:
            uart_rx_isr(u, ord(ch))
        msg = "tick {}: rx {}".format(tick, show(script[tick]))
        if u.dropped != before:
            msg += ", ring full: {} dropped".format(u.dropped - before)
            dropped += u.dropped - before
        print(msg + (" (loop busy: reader not run)" if busy else ""))
    if not busy:
        next(reader)
        if r.status == LINE_OK:
            lines += 1
            msg = "tick {}: line {}".format(tick, show(r.line))
            if r.lost:
                msg += " ({} bytes lost in it: ring overflow)".format(r.lost)
            print(msg)
        elif r.status == LINE_TOO_LONG:
            too_long += 1
            print("tick {}: too long: {} kept, {} more discarded".format(
                tick, show(r.line), r.extra))
        elif r.status == LINE_TIMEOUT:
            timeouts += 1
            print("tick {}: timeout: {} abandoned after {} ticks of silence".format(
                tick, show(r.line), RX_TIMEOUT))
    tick += 1
print("{} ticks: {} lines, {} too long, {} timed out, {} bytes dropped".format(
    tick, lines, too_long, timeouts, dropped))
