/* i2c_regs: coro.h alone, no gen.h. A register read over I2C as a driver on
   a small microcontroller does it: wait until the bus is free, claim it,
   write the register address (a NACKing device is tried again after a
   pause), read n bytes, all within one deadline. The driver fails with its
   own error codes (CORO_FAIL, CORO_ERROR_USER and below), which the caller
   gets as the call's result; its finally section releases the bus however
   the transaction ends. The bus is a test double playing a scenario tick by
   tick: another master holding the bus, a device that NACKs, a device
   holding the clock low; its interrupts are plain calls, and the tick
   counter is the loop's (no real time passes). The driver uses no stdio:
   the test double and main print (test/py/i2c_regs.py). */
#include <stdio.h>
#include "coro.h"

/* ==== the driver: portable, no stdio ===================================== */

/* What it needs from the platform (the test double below provides them). */
static unsigned hal_ticks(void);      /* a tick counter; it may wrap */
static int hal_i2c_busy(void);        /* another master holds the bus */
static void hal_i2c_claim(void);      /* the bus is ours (a lock, a power-up...) */
static void hal_i2c_release(void);
static void hal_i2c_write(unsigned char dev, unsigned char reg); /* START, dev+W, reg */
static void hal_i2c_read(unsigned char dev, unsigned char n);    /* START, dev+R, n bytes */
static unsigned char hal_i2c_data(void); /* the next byte read */
static void hal_i2c_stop(void);          /* STOP; cancels a transfer under way */

#define I2C_TRIES 3     /* address phases before giving up on a NACKing device */
#define I2C_PAUSE 2     /* ticks between two tries */
#define I2C_DEADLINE 16 /* ticks a whole transaction may take */

/* the driver's errors: a failed transaction returns one of them */
enum {
    I2C_ERR_TIMEOUT = CORO_ERROR_USER,  /* -16: the deadline passed */
    I2C_ERR_NACK = CORO_ERROR_USER - 1  /* -17: the device NACKed every try */
};

/* What the interrupt reports: the address phase was ACKed or NACKed, the
   read is done. The ISR writes it, the driver reads and clears it. */
enum { I2C_EV_NONE, I2C_EV_ACK, I2C_EV_NACK, I2C_EV_DONE };
struct i2c {
    volatile unsigned char event;
};

/* ISR side: the bus interrupt. */
static void i2c_isr(struct i2c *bus, unsigned char event) { bus->event = event; }

/* The transaction's frame: the request, and what survives a yield. */
struct i2c_read {
    coro_t co;
    unsigned char dev, reg, n; /* the request: n bytes from register reg */
    unsigned char *buf;        /* where they go */
    unsigned char tries;       /* address phases so far (the caller may read it) */
    unsigned char claimed;     /* the bus is ours: the finally section releases it */
    unsigned char ev;          /* event_or_late: the event seen (I2C_EV_NONE: late) */
    unsigned start, pause;     /* ticks: the transaction began, a pause began */
};

static int late(const struct i2c_read *x)
{
    return (unsigned)(hal_ticks() - x->start) >= I2C_DEADLINE;
}

/* An interrupt's event, or the deadline: nonzero when either came, and
   x->ev says which. An event that came is taken even when late. */
static int event_or_late(struct i2c_read *x, struct i2c *bus)
{
    x->ev = bus->event;
    return x->ev != I2C_EV_NONE || late(x);
}

/* Reads x->n bytes from register x->reg of device x->dev into x->buf.
   CORO_DONE, or I2C_ERR_TIMEOUT, or I2C_ERR_NACK; the bus is released in
   every case. */
static int i2c_read_regs(struct i2c_read *x, struct i2c *bus)
{
    CORO_BEGIN(&x->co);
    x->tries = 0;
    x->claimed = 0;
    x->start = hal_ticks();
    CORO_WAIT_UNTIL(!hal_i2c_busy() || late(x));
    if (late(x))
        CORO_FAIL(I2C_ERR_TIMEOUT); /* nothing to release yet */
    hal_i2c_claim();
    x->claimed = 1;
    for (;;) { /* the address phase, tried again while the device NACKs */
        x->tries++;
        bus->event = I2C_EV_NONE;
        hal_i2c_write(x->dev, x->reg);
        CORO_WAIT_UNTIL(event_or_late(x, bus));
        if (x->ev == I2C_EV_ACK)
            break;
        if (x->ev == I2C_EV_NONE)
            CORO_FAIL(I2C_ERR_TIMEOUT);
        if (x->tries == I2C_TRIES)
            CORO_FAIL(I2C_ERR_NACK);
        hal_i2c_stop();
        x->pause = hal_ticks();
        CORO_WAIT_UNTIL((unsigned)(hal_ticks() - x->pause) >= I2C_PAUSE);
    }
    bus->event = I2C_EV_NONE;
    hal_i2c_read(x->dev, x->n);
    CORO_WAIT_UNTIL(event_or_late(x, bus));
    if (x->ev != I2C_EV_DONE)
        CORO_FAIL(I2C_ERR_TIMEOUT); /* a device holding the clock low, say */
    {
        unsigned char i;
        for (i = 0; i < x->n; i++)
            x->buf[i] = hal_i2c_data();
    }
    CORO_FINALLY(); /* after the body's end and after CORO_FAIL */
    /* No waiting here: after a CORO_FAIL a suspension would end the
       coroutine at once, without releasing the bus (coro.h, CORO_FINALLY).
       A STOP that must be waited for is waited for before CORO_FAIL. */
    if (x->claimed) {
        hal_i2c_stop();
        hal_i2c_release();
        x->claimed = 0;
    }
    CORO_END();
}

/* ==== the test double and the caller: prints what happens ================ */

#define NEVER 0xffffu /* busy: another master never lets go */

static const struct scenario {
    const char *what;
    unsigned busy;  /* ticks another master holds the bus at the start */
    unsigned nacks; /* address phases the device NACKs */
    int stuck;      /* the device holds the clock low during the read */
    unsigned char reg;
} scenarios[] = {
    { "the bus is free, the device ACKs", 0, 0, 0, 0x10 },
    { "the bus is busy for 3 ticks, the device NACKs twice", 3, 2, 0, 0x20 },
    { "the device NACKs every try", 0, 9, 0, 0x30 },
    { "the device holds the clock low during the read", 0, 0, 1, 0x40 },
    { "another master never lets go of the bus", NEVER, 0, 0, 0x50 }
};
#define NSCENARIOS (sizeof scenarios / sizeof scenarios[0])

static unsigned tick; /* advanced by the caller's loop */
static struct {
    const struct scenario *sc;
    unsigned nacks;        /* NACKs still to come */
    unsigned char event;   /* the interrupt due at tick `due` */
    unsigned due;
    unsigned char reg;     /* the device's register pointer */
    unsigned claims, releases;
} sim;

static const char *const ev_names[] = { "none", "ACK", "NACK", "read done" };

static unsigned hal_ticks(void) { return tick; }
static int hal_i2c_busy(void) { return tick < sim.sc->busy; }
static void hal_i2c_claim(void)
{
    sim.claims++;
    printf("  tick %u: claim the bus\n", tick);
}
static void hal_i2c_release(void)
{
    sim.releases++;
    printf("  tick %u: release the bus\n", tick);
}
static void hal_i2c_write(unsigned char dev, unsigned char reg)
{
    printf("  tick %u: START 0x%02x+W, register 0x%02x\n", tick, dev, reg);
    sim.reg = reg;
    sim.event = I2C_EV_ACK;
    if (sim.nacks > 0) {
        sim.nacks--;
        sim.event = I2C_EV_NACK;
    }
    sim.due = tick + 1;
}
static void hal_i2c_read(unsigned char dev, unsigned char n)
{
    printf("  tick %u: START 0x%02x+R, %u bytes\n", tick, dev, n);
    if (sim.sc->stuck) {
        printf("  tick %u: the device holds the clock low\n", tick);
        return; /* no interrupt will come */
    }
    sim.event = I2C_EV_DONE;
    sim.due = tick + 1;
}
static unsigned char hal_i2c_data(void)
{
    unsigned char v = (unsigned char)(sim.reg ^ 0x5a); /* the device's registers */
    sim.reg++;
    return v;
}
static void hal_i2c_stop(void)
{
    printf("  tick %u: STOP\n", tick);
    sim.event = I2C_EV_NONE;
}

/* what the bus does at the start of a tick: its interrupts */
static void sim_step(struct i2c *bus)
{
    if (tick == 0 && hal_i2c_busy())
        printf("  tick %u: the bus is busy (another master)\n", tick);
    if (tick != 0 && tick == sim.sc->busy)
        printf("  tick %u: the bus is free\n", tick);
    if (sim.event != I2C_EV_NONE && sim.due == tick) {
        printf("  tick %u: interrupt: %s\n", tick, ev_names[sim.event]);
        i2c_isr(bus, sim.event);
        sim.event = I2C_EV_NONE;
    }
}

static const char *i2c_error_name(int rc)
{
    if (rc == I2C_ERR_TIMEOUT)
        return "I2C_ERR_TIMEOUT";
    if (rc == I2C_ERR_NACK)
        return "I2C_ERR_NACK";
    return "a coro.h error"; /* (coro_strerror's messages: some 300 bytes of an AVR's RAM) */
}

int main(void)
{
    static struct i2c bus;
    static struct i2c_read x; /* static: zeroed (see protothread.c) */
    unsigned char data[2];
    unsigned i, ok = 0;

    for (i = 0; i < NSCENARIOS; i++) {
        int rc;
        sim.sc = &scenarios[i];
        sim.nacks = sim.sc->nacks;
        sim.event = I2C_EV_NONE;
        sim.claims = sim.releases = 0;
        printf("%u. %s: read 2 bytes from register 0x%02x\n", i + 1, sim.sc->what, sim.sc->reg);
        coro_init(&x.co); /* a fresh transaction */
        x.dev = 0x48;
        x.reg = sim.sc->reg;
        x.n = sizeof data;
        x.buf = data;
        for (tick = 0;; tick++) {
            sim_step(&bus);
            rc = i2c_read_regs(&x, &bus);
            if (rc != CORO_SUSPENDED)
                break;
        }
        if (rc == CORO_DONE) {
            ok++;
            printf("  -> done at tick %u, tries %u: 0x%02x 0x%02x\n", tick, x.tries, data[0], data[1]);
        } else {
            printf("  -> failed at tick %u, tries %u: %d %s\n", tick, x.tries, rc, i2c_error_name(rc));
        }
        printf("  bus claimed %u, released %u\n", sim.claims, sim.releases);
    }
    printf("%u of %u transactions done\n", ok, (unsigned)NSCENARIOS);
    return 0;
}
