/* t_timed.c - gen.h's timed waits (Event, Semaphore/Lock, Queue with a
   timeout) and the idle rule's custom hook. Waits on descriptors are in
   t_io.c (the driver contract, with a test double) and host_io.c (the
   host's poll() and epoll drivers). */
#include "async_log.h"

/* ---- timed waits on Event, Semaphore, Queue ----------------------------- */

static gen_event_t ev;
static gen_semaphore_t sem;

struct evwait { gen_async gen; gen_delay_t timeout; const char *name; };

static int evwait_body(gen_async *g)
{
    struct evwait *w = GEN_SELF(struct evwait, gen, g);
    GEN_BEGIN(g);
    GEN_EVENT_WAIT_FOR(g, &ev, w->timeout);
    at(gen_timed_out(g) ? (const char *)"timeout" : w->name);
    GEN_SLEEP(g, 1000); /* a stale timer would wake this early */
    at("slept");
    GEN_END(g);
}

struct setter { gen_async gen; gen_time_t after; };

static int setter_body(gen_async *g)
{
    struct setter *s = GEN_SELF(struct setter, gen, g);
    GEN_BEGIN(g);
    GEN_SLEEP(g, s->after);
    gen_event_set(&ev);
    GEN_END(g);
}

/* a fresh clear event, and a task waiting on it for `timeout` */
static void evwait_start(struct evwait *w, gen_task_t *t, gen_delay_t timeout, const char *name)
{
    w->timeout = timeout;
    w->name = name;
    gen_spawn(&loop, t, gen_async_init(&w->gen, evwait_body));
}

static void ev_clear(void)
{
    ev.waiters.first = ev.waiters.last = 0;
    ev.is_set = 0;
}

static void event_times_out(void)
{
    UNIT_FRAME struct evwait w;
    UNIT_FRAME gen_task_t t;
    start();
    ev_clear();
    evwait_start(&w, &t, 50, "set");
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_STR(log_text(), "timeout@50 slept@1050");
    CHECK(ev.waiters.first == 0); /* it left the waiters' list */
}

static void event_set_in_time(void)
{
    UNIT_FRAME struct evwait w;
    UNIT_FRAME struct setter s;
    UNIT_FRAME gen_task_t t, u;
    start();
    ev_clear();
    s.after = 20;
    evwait_start(&w, &t, 50, "set");
    gen_spawn(&loop, &u, gen_async_init(&s.gen, setter_body));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    /* the timer at 50 went with the wake-up: the sleep runs to 1020 */
    CHECK_STR(log_text(), "set@20 slept@1020");
}

static void event_already_set_and_forever(void)
{
    UNIT_FRAME struct evwait w, x;
    UNIT_FRAME struct setter s;
    UNIT_FRAME gen_task_t t, u, v;
    start();
    ev_clear();
    ev.is_set = 1;
    evwait_start(&w, &t, 0, "was-set"); /* set already: no wait, no timeout */
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_STR(log_text(), "was-set@0 slept@1000");
    /* GEN_FOREVER: no timer at all; woken by the set at 5000 */
    log_reset();
    ev.is_set = 0;
    s.after = 5000;
    evwait_start(&x, &u, GEN_FOREVER, "set");
    gen_spawn(&loop, &v, gen_async_init(&s.gen, setter_body));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_STR(log_text(), "set@6000 slept@7000");
}

struct acq { gen_async gen; gen_delay_t timeout; const char *name; gen_time_t hold; };

static int acq_body(gen_async *g)
{
    struct acq *a = GEN_SELF(struct acq, gen, g);
    GEN_BEGIN(g);
    GEN_ACQUIRE_FOR(g, &sem, a->timeout);
    if (gen_timed_out(g)) {
        at("timeout");
        GEN_RETURN(g, 0);
    }
    at(a->name);
    GEN_SLEEP(g, a->hold);
    CHECK_EQ(gen_semaphore_release(&sem), GEN_DONE);
    GEN_END(g);
}

static void acquire_times_out(void)
{
    UNIT_FRAME struct acq a, b, c;
    UNIT_FRAME gen_task_t t, u, v;
    start();
    gen_lock_init(&sem);
    a.timeout = GEN_FOREVER; a.name = "a"; a.hold = 100;
    b.timeout = 30; b.name = "b"; b.hold = 0;   /* gives up at 30 */
    c.timeout = 200; c.name = "c"; c.hold = 10; /* gets it at 100 */
    gen_spawn(&loop, &t, gen_async_init(&a.gen, acq_body));
    gen_spawn(&loop, &u, gen_async_init(&b.gen, acq_body));
    gen_spawn(&loop, &v, gen_async_init(&c.gen, acq_body));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_STR(log_text(), "a@0 timeout@30 c@100");
    CHECK_EQ(sem.value, 1); /* every permit back: nothing taken by b */
    CHECK_EQ(sem.granted, 0);
    CHECK(sem.waiters.first == 0);
}

GEN_QUEUE_DECLARE(tq, int)
static tq q;
static int qbuf[1];

struct qget { gen_async gen; gen_delay_t timeout; int got; };

static int qget_body(gen_async *g)
{
    struct qget *r = GEN_SELF(struct qget, gen, g);
    GEN_BEGIN(g);
    for (;;) {
        GEN_QUEUE_GET_FOR(g, tq, &q, &r->got, r->timeout);
        if (gen_timed_out(g))
            break;
        at(r->got == 7 ? "got7" : r->got == 8 ? "got8" : "got?");
    }
    at("idle");
    GEN_END(g);
}

struct qput { gen_async gen; int item; gen_delay_t timeout; };

static int qput_body(gen_async *g)
{
    struct qput *p = GEN_SELF(struct qput, gen, g);
    GEN_BEGIN(g);
    GEN_QUEUE_PUT_FOR(g, tq, &q, p->item, p->timeout);
    at(gen_timed_out(g) ? "put-timeout" : "put");
    GEN_END(g);
}

static void queue_times_out(void)
{
    UNIT_FRAME struct qput p1, p2, p3;
    UNIT_FRAME struct qget r;
    UNIT_FRAME gen_task_t t1, t2, t3, t4;
    start();
    tq_init(&q, qbuf, 1);
    p1.item = 7; p1.timeout = 10;   /* room: put at once */
    p2.item = 9; p2.timeout = 10;   /* full until 10: gives up */
    p3.item = 8; p3.timeout = GEN_FOREVER;
    gen_spawn(&loop, &t1, gen_async_init(&p1.gen, qput_body));
    gen_spawn(&loop, &t2, gen_async_init(&p2.gen, qput_body));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_STR(log_text(), "put@0 put-timeout@10");
    CHECK_EQ(tq_size(&q), 1);
    log_reset();
    r.timeout = 100;                /* gets 7, then 8, then nothing for 100 */
    gen_spawn(&loop, &t3, gen_async_init(&p3.gen, qput_body));
    gen_spawn(&loop, &t4, gen_async_init(&r.gen, qget_body));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_STR(log_text(), "got7@10 put@10 got8@10 idle@110");
    CHECK_EQ(tq_size(&q), 0);
}

/* a timed wait that is cancelled: CancelledError, and its timer goes */
static void timed_wait_cancelled(void)
{
    UNIT_FRAME struct evwait w;
    UNIT_FRAME gen_task_t t;
    start();
    ev_clear();
    evwait_start(&w, &t, 50, "set");
    (void)gen_loop_step(&loop);
    CHECK_EQ(gen_cancel(&t), 1);
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_EQ(gen_task_error(&t)->code, GEN_ERROR_CANCELLED);
    CHECK_EQ(gen_now(&loop), 0);   /* no timer was left to jump to */
    CHECK(loop.timers == 0);
}

/* ---- the idle rule ------------------------------------------------------- */

/* an idle hook of one's own may wake a task (it looks at something): no
   deadlock without a watched event, as before the driver existed */
static int idle_calls;
static void idle_sets_event(gen_loop_t *l, gen_time_t wait)
{
    (void)l;
    CHECK_EQ(wait, GEN_FOREVER_WAIT);
    if (++idle_calls == 3)
        gen_event_set(&ev);
}

static void idle_hook_is_not_a_deadlock(void)
{
    UNIT_FRAME struct evwait w;
    UNIT_FRAME gen_task_t t;
    start();
    ev_clear();
    idle_calls = 0;
    loop.idle = idle_sets_event;
    evwait_start(&w, &t, GEN_FOREVER, "set");
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_EQ(idle_calls, 3);
    CHECK_STR(log_text(), "set@0 slept@1000");
}

void t_timed(void)
{
    RUN(event_times_out);
    RUN(event_set_in_time);
    RUN(event_already_set_and_forever);
    RUN(acquire_times_out);
    RUN(queue_times_out);
    RUN(timed_wait_cancelled);
    RUN(idle_hook_is_not_a_deadlock);
}
