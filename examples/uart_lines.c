/* uart_lines: coro.h alone, no gen.h. A UART line reader as a driver on a
   small microcontroller writes it: the receive interrupt puts each byte in a
   ring buffer, and a resumable function takes them out and assembles lines.
   It reports a line with the bytes the ring dropped inside it (when the
   bytes came faster than the super-loop drained them), abandons a partial
   line after RX_TIMEOUT ticks of silence, and cuts a line longer than its
   buffer, discarding the rest up to the newline. The hardware is a test
   double: a script says which bytes arrive at which tick (the interrupt is
   a plain call) and when the super-loop is too busy to run the reader; the
   tick counter is the loop's, no real time passes. The driver (the ISR side
   and the reader) uses no stdio: main prints (test/py/uart_lines.py). */
#include <stdio.h>
#include "coro.h"

/* ==== the driver: portable, no stdio ===================================== */

/* What it needs from the platform (the test double below provides them). */
static unsigned hal_ticks(void);  /* a tick counter; it may wrap */
static void hal_irq_off(void);    /* around what the ISR also writes */
static void hal_irq_on(void);

/* The ring buffer. Each side writes only its own index, and an index is
   one byte (atomic even on an 8-bit CPU), so the two need no lock. The
   indices run free and wrap at 256; RX_SIZE is a power of two. */
#define RX_SIZE 16
struct uart_rx {
    unsigned char buf[RX_SIZE];
    volatile unsigned char head;    /* the ISR's: bytes received (mod 256) */
    volatile unsigned char tail;    /* the reader's: bytes taken (mod 256) */
    volatile unsigned char dropped; /* bytes lost to a full ring, not yet reported */
    volatile unsigned char gap;     /* where: the index of the byte after them */
};

/* ISR side: the receive interrupt, one byte. */
static void uart_rx_isr(struct uart_rx *u, unsigned char byte)
{
    unsigned char head = u->head;
    if ((unsigned char)(head - u->tail) == RX_SIZE) { /* full: the byte is lost */
        if (u->dropped == 0)
            u->gap = head;
        if (u->dropped != 255)
            u->dropped = (unsigned char)(u->dropped + 1);
        return;
    }
    u->buf[head % RX_SIZE] = byte;
    u->head = (unsigned char)(head + 1);
}

/* Reader side: takes the oldest byte into *byte; 0 when the ring is empty.
   Once the reader has taken every byte that came before a loss, the lost
   bytes are added to *lost. */
static int uart_getc(struct uart_rx *u, unsigned char *byte, unsigned *lost)
{
    unsigned char tail = u->tail;
    if (u->dropped != 0 && tail == u->gap) { /* gap is stable while dropped != 0 */
        hal_irq_off();
        *lost += u->dropped;
        u->dropped = 0;
        hal_irq_on();
    }
    if (tail == u->head)
        return 0;
    *byte = u->buf[tail % RX_SIZE];
    u->tail = (unsigned char)(tail + 1);
    return 1;
}

#define LINE_MAX 20  /* characters a line keeps */
#define RX_TIMEOUT 4 /* ticks of silence that abandon a partial line */

enum { LINE_NONE, LINE_OK, LINE_TOO_LONG, LINE_TIMEOUT };

/* The reader's frame: its coro_t, what it hands over, what survives a yield. */
struct line_reader {
    coro_t co;
    /* handed over: set by the call that returns with status != LINE_NONE,
       valid until the next call */
    int status;
    char line[LINE_MAX + 1]; /* the characters kept, NUL-terminated */
    unsigned len;            /* how many */
    unsigned extra;          /* characters past LINE_MAX, discarded */
    unsigned lost;           /* bytes the ring dropped inside this line */
    /* survives a yield */
    unsigned char c; /* the byte taken */
    int got;         /* next_byte: a byte came (else the time ran out) */
    unsigned last;   /* tick of the last byte */
};

/* A byte, or the inter-byte timeout: nonzero when either happened, and
   r->got says which. */
static int next_byte(struct line_reader *r, struct uart_rx *u)
{
    r->got = uart_getc(u, &r->c, &r->lost);
    return r->got || (unsigned)(hal_ticks() - r->last) >= RX_TIMEOUT;
}

/* Runs for ever: suspends while it waits for bytes, and once per line,
   with status set (the caller takes the line before the next call). */
static int line_reader(struct line_reader *r, struct uart_rx *u)
{
    CORO_BEGIN(&r->co);
    for (;;) {
        r->status = LINE_NONE;
        r->len = r->extra = r->lost = 0;
        CORO_WAIT_UNTIL(uart_getc(u, &r->c, &r->lost)); /* a line's first byte: no time limit */
        for (;;) {
            if (r->c == '\n') {
                r->status = r->extra ? LINE_TOO_LONG : LINE_OK;
                break;
            }
            if (r->len < LINE_MAX)
                r->line[r->len++] = (char)r->c;
            else
                r->extra++; /* too long: discard up to the newline */
            r->last = hal_ticks();
            CORO_WAIT_UNTIL(next_byte(r, u));
            if (!r->got) {
                r->status = LINE_TIMEOUT; /* abandon the partial line */
                break;
            }
        }
        r->line[r->len] = '\0';
        CORO_YIELD(); /* hand the line over */
    }
    CORO_END();
}

/* ==== the test double and the super-loop: prints what happens ============ */

static unsigned tick; /* advanced by the super-loop */
static unsigned hal_ticks(void) { return tick; }
static void hal_irq_off(void) {} /* the simulated ISR never runs in between */
static void hal_irq_on(void) {}

/* which bytes the wire brings at which tick */
static const struct { unsigned tick; const char *bytes; } script[] = {
    { 0, "hel" }, { 1, "lo\n" },            /* a line in two pieces */
    { 2, "ok\nfine\n" },                    /* two lines in one tick */
    { 5, "0123456789" }, { 6, "abcdefghij" }, /* a burst while the loop is busy */
    { 8, "xy\n" },
    { 10, "this line will n" }, { 11, "ot fit in the bu" }, { 12, "ffer\n" },
    { 15, "abc" },                          /* then silence */
    { 21, "bye\n" }
};
#define NSCRIPT (sizeof script / sizeof script[0])
#define BUSY_FROM 5 /* the super-loop is busy elsewhere (a flash write, say) */
#define BUSY_TO 6   /* from BUSY_FROM to BUSY_TO: the reader does not run */
#define END 23      /* ticks the simulation runs */

static void show(const char *s) /* a string in quotes, newlines as \n */
{
    putchar('"');
    for (; *s; s++)
        if (*s == '\n')
            printf("\\n");
        else
            putchar(*s);
    putchar('"');
}

int main(void)
{
    /* static, so zeroed: a fresh coroutine and an empty ring */
    static struct uart_rx u;
    static struct line_reader r;
    unsigned s = 0, lines = 0, too_long = 0, timeouts = 0, dropped = 0;

    for (tick = 0; tick < END; tick++) {
        int busy = tick >= BUSY_FROM && tick <= BUSY_TO;
        if (s < NSCRIPT && script[s].tick == tick) { /* the interrupts of this tick */
            unsigned before = u.dropped;
            const char *p;
            for (p = script[s].bytes; *p; p++)
                uart_rx_isr(&u, (unsigned char)*p);
            printf("tick %u: rx ", tick);
            show(script[s].bytes);
            if (u.dropped != before) {
                printf(", ring full: %u dropped", u.dropped - before);
                dropped += u.dropped - before;
            }
            printf("%s\n", busy ? " (loop busy: reader not run)" : "");
            s++;
        }
        if (busy)
            continue;
        if (line_reader(&r, &u) != CORO_SUSPENDED) {
            printf("the reader ended\n");
            return 1;
        }
        if (r.status == LINE_OK) {
            lines++;
            printf("tick %u: line ", tick);
            show(r.line);
            if (r.lost)
                printf(" (%u bytes lost in it: ring overflow)", r.lost);
            printf("\n");
        } else if (r.status == LINE_TOO_LONG) {
            too_long++;
            printf("tick %u: too long: ", tick);
            show(r.line);
            printf(" kept, %u more discarded\n", r.extra);
        } else if (r.status == LINE_TIMEOUT) {
            timeouts++;
            printf("tick %u: timeout: ", tick);
            show(r.line);
            printf(" abandoned after %d ticks of silence\n", RX_TIMEOUT);
        }
    }
    printf("%u ticks: %u lines, %u too long, %u timed out, %u bytes dropped\n",
           tick, lines, too_long, timeouts, dropped);
    return 0;
}
