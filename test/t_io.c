/* t_io.c - gen.h's waits on descriptors through a test double of a
   driver: the driver contract of section 9 and the loop's idle rule with
   a driver, on every target (the host's poll() and epoll drivers are
   tested on real descriptors in host_io.c). */
#include "async_log.h"

enum { FAKE_SLOTS = 3 };
struct fake {
    gen_io_driver_t base;
    gen_io_t *io[FAKE_SLOTS];
    unsigned char pending[8];   /* per fd: a result to report, or 0 */
    int refuse;                 /* add returns this */
    int block_only;             /* report only from a wait that may block */
    int adds, removes, waits;
    gen_time_t last_wait;
};
static struct fake fake;

static int fake_add(gen_io_driver_t *d, gen_io_t *io)
{
    unsigned i;
    (void)d;
    fake.adds++;
    if (fake.refuse)
        return fake.refuse;
    for (i = 0; i < FAKE_SLOTS; i++)
        if (!fake.io[i]) {
            fake.io[i] = io;
            io->slot = i;
            fake.base.waiting++;
            return 0;
        }
    return 28; /* ENOSPC on Linux; any errno value will do */
}

static void fake_remove(gen_io_driver_t *d, gen_io_t *io)
{
    (void)d;
    fake.removes++;
    CHECK(fake.io[io->slot] == io);
    fake.io[io->slot] = 0;
    fake.base.waiting--;
}

static void fake_wait(gen_io_driver_t *d, gen_time_t wait)
{
    unsigned i;
    (void)d;
    fake.waits++;
    fake.last_wait = wait;
    if (fake.block_only && !wait)
        return;
    for (i = 0; i < FAKE_SLOTS; i++) {
        gen_io_t *io = fake.io[i];
        if (io && fake.pending[io->fd]) {
            unsigned r = fake.pending[io->fd];
            fake.pending[io->fd] = 0;
            if (r == GEN_IO_ERROR)
                io->err = 5;
            gen_io_ready(io, r);
        }
    }
}

static void fake_start(void)
{
    unsigned i;
    start();
    for (i = 0; i < FAKE_SLOTS; i++)
        fake.io[i] = 0;
    for (i = 0; i < 8; i++)
        fake.pending[i] = 0;
    fake.base.add = fake_add;
    fake.base.remove = fake_remove;
    fake.base.wait = fake_wait;
    fake.base.waiting = 0;
    fake.refuse = 0;
    fake.block_only = 0;
    fake.adds = fake.removes = fake.waits = 0;
    loop.io = &fake.base;
}

static const char *const io_names[] = { "cancelled", "ready", "timeout", "hangup", "error" };

struct reader { gen_async gen; gen_io_t io; int fd; gen_delay_t timeout; int write; };

static int reader_body(gen_async *g)
{
    struct reader *r = GEN_SELF(struct reader, gen, g);
    GEN_BEGIN(g);
    if (r->write)
        GEN_WAIT_WRITABLE(g, &r->io, r->fd, r->timeout);
    else
        GEN_WAIT_READABLE(g, &r->io, r->fd, r->timeout);
    at(io_names[r->io.result]);
    GEN_END(g);
}

/* a device that becomes ready (with `result`) after a delay */
struct device { gen_async gen; gen_time_t after; int fd; unsigned char result; };

static int device_body(gen_async *g)
{
    struct device *d = GEN_SELF(struct device, gen, g);
    GEN_BEGIN(g);
    GEN_SLEEP(g, d->after);
    fake.pending[d->fd] = d->result;
    GEN_END(g);
}

static void io_outcomes(void)
{
    UNIT_FRAME struct reader r1, r2, r3;
    UNIT_FRAME struct device d1, d2;
    UNIT_FRAME gen_task_t t1, t2, t3, t4, t5;
    fake_start();
    r1.fd = 1; r1.timeout = GEN_FOREVER; r1.write = 0;
    r2.fd = 2; r2.timeout = 100; r2.write = 1;
    r3.fd = 3; r3.timeout = 40; r3.write = 0;
    d1.fd = 1; d1.after = 10; d1.result = GEN_IO_READY;
    d2.fd = 2; d2.after = 20; d2.result = GEN_IO_HANGUP;
    gen_spawn(&loop, &t1, gen_async_init(&r1.gen, reader_body));
    gen_spawn(&loop, &t2, gen_async_init(&r2.gen, reader_body));
    gen_spawn(&loop, &t3, gen_async_init(&r3.gen, reader_body));
    gen_spawn(&loop, &t4, gen_async_init(&d1.gen, device_body));
    gen_spawn(&loop, &t5, gen_async_init(&d2.gen, device_body));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_STR(log_text(), "ready@10 hangup@20 timeout@40");
    CHECK_EQ(r2.io.events, GEN_IO_WRITE);
    CHECK_EQ(fake.adds, 3);
    CHECK_EQ(fake.removes, 3);       /* however each wait ended */
    CHECK_EQ(fake.base.waiting, 0);
    CHECK(fake.waits > 0);
}

static void io_refused_and_no_driver(void)
{
    UNIT_FRAME struct reader r1, r2;
    UNIT_FRAME gen_task_t t1, t2;
    fake_start();
    fake.refuse = 9;                 /* EBADF, say */
    r1.fd = 1; r1.timeout = 100; r1.write = 0;
    gen_spawn(&loop, &t1, gen_async_init(&r1.gen, reader_body));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_STR(log_text(), "error@0");
    CHECK_EQ(r1.io.err, 9);
    CHECK_EQ(fake.removes, 0);       /* never registered */
    CHECK(loop.timers == 0);
    log_reset();
    start();                          /* loop.io is NULL */
    r2.fd = 1; r2.timeout = GEN_FOREVER; r2.write = 0;
    gen_spawn(&loop, &t2, gen_async_init(&r2.gen, reader_body));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_STR(log_text(), "error@0");
    CHECK_EQ(r2.io.err, 0);
}

static void io_error_and_full(void)
{
    UNIT_FRAME struct reader r[4];
    UNIT_FRAME struct device d;
    UNIT_FRAME gen_task_t t[5];
    unsigned i;
    fake_start();
    for (i = 0; i < 4; i++) {
        r[i].fd = (int)i + 1; r[i].timeout = 10; r[i].write = 0;
        gen_spawn(&loop, &t[i], gen_async_init(&r[i].gen, reader_body));
    }
    d.fd = 1; d.after = 5; d.result = GEN_IO_ERROR;
    gen_spawn(&loop, &t[4], gen_async_init(&d.gen, device_body));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    /* three slots: the fourth wait is refused at once */
    CHECK_STR(log_text(), "error@0 error@5 timeout@10 timeout@10");
    CHECK_EQ(r[3].io.err, 28);
    CHECK_EQ(r[0].io.err, 5);
    CHECK_EQ(fake.base.waiting, 0);
}

/* cancelled while it waits, directly or through wait_for: unregistered,
   CancelledError / TimeoutError */
struct wf { gen_async gen; gen_wait_for_t w; gen_task_t *task; };

static int wf_body(gen_async *g)
{
    struct wf *f = GEN_SELF(struct wf, gen, g);
    GEN_BEGIN(g);
    GEN_AWAIT_CATCH(g, gen_wait_for(&f->w, f->task, 30));
    at(gen_caught(g) ? gen_caught(g)->msg : (const char *)"no error");
    GEN_END(g);
}

static void io_cancelled(void)
{
    UNIT_FRAME struct reader r1, r2;
    UNIT_FRAME struct wf f;
    UNIT_FRAME gen_task_t t1, t2, t3;
    fake_start();
    r1.fd = 1; r1.timeout = GEN_FOREVER; r1.write = 0;
    gen_spawn(&loop, &t1, gen_async_init(&r1.gen, reader_body));
    (void)gen_loop_step(&loop);
    CHECK_EQ(fake.base.waiting, 1);
    CHECK_EQ(gen_cancel(&t1), 1);
    CHECK_EQ(fake.base.waiting, 0);  /* unregistered at once */
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_EQ(gen_task_error(&t1)->code, GEN_ERROR_CANCELLED);
    CHECK_EQ(r1.io.result, 0);
    r2.fd = 2; r2.timeout = GEN_FOREVER; r2.write = 0;
    f.task = &t2;
    gen_spawn(&loop, &t2, gen_async_init(&r2.gen, reader_body));
    gen_spawn(&loop, &t3, gen_async_init(&f.gen, wf_body));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_STR(log_text(), "TimeoutError@30");
    CHECK_EQ(gen_task_error(&t2)->code, GEN_ERROR_CANCELLED);
    CHECK_EQ(fake.base.waiting, 0);
    CHECK_EQ(fake.adds, fake.removes);
}

/* ---- the idle rule ------------------------------------------------------- */

/* with waits registered and no timer, the loop waits in the driver with no
   limit (GEN_FOREVER_WAIT) instead of reporting a deadlock */
static void io_wait_is_not_a_deadlock(void)
{
    UNIT_FRAME struct reader r;
    UNIT_FRAME gen_task_t t;
    fake_start();
    r.fd = 4; r.timeout = GEN_FOREVER; r.write = 0;
    gen_spawn(&loop, &t, gen_async_init(&r.gen, reader_body));
    (void)gen_loop_step(&loop);
    fake.block_only = 1;
    fake.pending[4] = GEN_IO_READY;  /* what the blocking wait will find */
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_STR(log_text(), "ready@0");
    CHECK_EQ(fake.last_wait, GEN_FOREVER_WAIT);
}

/* with a timer pending, the driver waits until that deadline at most */
static void io_wait_until_the_deadline(void)
{
    UNIT_FRAME struct reader r;
    UNIT_FRAME gen_task_t t;
    UNIT_FRAME gen_clock_t ticks;
    fake_start();
    gen_loop_init(&loop, gen_clock_ticks(&ticks, 0));
    loop.io = &fake.base;
    r.fd = 4; r.timeout = 70; r.write = 0;
    gen_spawn(&loop, &t, gen_async_init(&r.gen, reader_body));
    (void)gen_loop_step(&loop);
    gen_clock_tick(&ticks);
    (void)gen_loop_step(&loop);
    fake.block_only = 1;
    fake.pending[4] = GEN_IO_READY;
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_EQ(fake.last_wait, 69);    /* 70 after the start, 1 tick gone */
    CHECK_STR(log_text(), "ready@1");
}

void t_io(void)
{
    RUN(io_outcomes);
    RUN(io_refused_and_no_driver);
    RUN(io_error_and_full);
    RUN(io_cancelled);
    RUN(io_wait_is_not_a_deadlock);
    RUN(io_wait_until_the_deadline);
}
