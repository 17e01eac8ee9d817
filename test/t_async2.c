/* t_async2.c - gen.h's async runtime, second part (t_async.c has the first,
   t_async3.c and t_async4.c the others, so that each fits a small target):
   events, the trace hook, async generators, on the virtual clock
   (semaphores are in t_async8.c). */
#include "async_log.h"

/* ---- sleep(0) is a bare yield: round robin ---------------------------------------- */

struct spinner { gen_async gen; const char *name; int i; };

static int spinner_body(gen_async *g)
{
    struct spinner *s = GEN_SELF(struct spinner, gen, g);
    GEN_BEGIN(g);
    for (s->i = 0; s->i < 3; s->i++) {
        log_add(s->name);
        GEN_SLEEP0(g);
    }
    GEN_END(g);
}

static void sleep0_round_robin(void)
{
    UNIT_FRAME struct spinner a, b;
    UNIT_FRAME gen_task_t ta, tb;
    start();
    a.name = "a";
    b.name = "b";
    gen_spawn(&loop, &ta, gen_async_init(&a.gen, spinner_body));
    gen_spawn(&loop, &tb, gen_async_init(&b.gen, spinner_body));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_STR(log_text(), "a b a b a b");
    CHECK_EQ(gen_now(&loop), 0);
}

/* ---- Event, Semaphore, Queue ---------------------------------------------------- */

static gen_event_t event;

struct evwaiter { gen_async gen; const char *name; };

static int evwaiter_body(gen_async *g)
{
    struct evwaiter *w = GEN_SELF(struct evwaiter, gen, g);
    GEN_BEGIN(g);
    GEN_EVENT_WAIT(g, &event);
    at(w->name);
    GEN_END(g);
}

static int evsetter_body(gen_async *g)
{
    GEN_BEGIN(g);
    GEN_SLEEP(g, 250);
    at("set");
    gen_event_set(&event);
    GEN_END(g);
}

static void event_wakes_all_in_order(void)
{
    UNIT_FRAME struct evwaiter w1, w2;
    UNIT_FRAME gen_async setter;
    UNIT_FRAME gen_task_t t1, t2, ts;
    static gen_event_t zero_event;             /* static storage: zeroed */
    start();
    event = zero_event;                          /* zero is a clear event */
    w1.name = "w1";
    w2.name = "w2";
    gen_spawn(&loop, &t1, gen_async_init(&w1.gen, evwaiter_body));
    gen_spawn(&loop, &t2, gen_async_init(&w2.gen, evwaiter_body));
    gen_spawn(&loop, &ts, gen_async_init(&setter, evsetter_body));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_STR(log_text(), "set@250 w1@250 w2@250");
    CHECK(gen_event_is_set(&event));
    gen_event_clear(&event);
    CHECK(!gen_event_is_set(&event));
}

/* a waiter cancelled in the middle of the line leaves it; the others keep
   their places */
static void cancelled_waiter_leaves_the_line(void)
{
    UNIT_FRAME struct evwaiter w[4];
    UNIT_FRAME gen_async setter;
    UNIT_FRAME gen_task_t t[4], ts;
    static const char *const names[4] = { "w1", "w2", "w3", "w4" };
    static gen_event_t zero_event;
    int i;
    start();
    event = zero_event;
    for (i = 0; i < 4; i++) {
        w[i].name = names[i];
        gen_spawn(&loop, &t[i], gen_async_init(&w[i].gen, evwaiter_body));
    }
    gen_spawn(&loop, &ts, gen_async_init(&setter, evsetter_body));
    gen_loop_step(&loop);                        /* w1..w4 wait, in that order */
    CHECK_EQ(gen_cancel(&t[1]), 1);              /* one from the middle */
    CHECK_EQ(gen_cancel(&t[3]), 1);              /* and the last */
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_STR(log_text(), "set@250 w1@250 w3@250");
    CHECK_EQ(gen_task_error(&t[1])->code, GEN_ERROR_CANCELLED);
    CHECK_EQ(gen_task_error(&t[3])->code, GEN_ERROR_CANCELLED);
}

static void deadlock_is_reported(void)
{
    UNIT_FRAME struct evwaiter w1;
    UNIT_FRAME gen_task_t t1;
    start();
    gen_event_clear(&event);
    w1.name = "w1";
    gen_spawn(&loop, &t1, gen_async_init(&w1.gen, evwaiter_body));
    CHECK_EQ(gen_loop_run(&loop), GEN_ERROR_DEADLOCK);
    CHECK_EQ(gen_task_state(&t1), GEN_TASK_WAITING);
    gen_event_set(&event);                       /* now it can go on */
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_STR(log_text(), "w1@0");
}

/* an "interrupt" that fires while the loop idles: sets the event */
static int idles;
static void isr_idle(gen_loop_t *l, gen_time_t wait)
{
    (void)l;
    (void)wait;
    if (++idles == 2)
        gen_event_set_from_isr(&event);          /* as an interrupt handler would */
}

static void event_set_from_interrupt(void)
{
    UNIT_FRAME struct evwaiter w1;
    UNIT_FRAME gen_task_t t1;
    static gen_event_t zero_event;
    start();
    event = zero_event;
    idles = 0;
    loop.idle = isr_idle;
    gen_loop_watch(&loop, &event);
    w1.name = "woken";
    gen_spawn(&loop, &t1, gen_async_init(&w1.gen, evwaiter_body));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);     /* waits in idle, not a deadlock */
    CHECK_EQ(idles, 2);
    CHECK_STR(log_text(), "woken@0");
}

/* ---- trace hook ------------------------------------------------------------------ */

static int resumes, suspends, dones;
static void tracer(gen_loop_t *l, gen_task_t *t, int ev)
{
    (void)l;
    (void)t;
    if (ev == GEN_TRACE_RESUME) resumes++;
    if (ev == GEN_TRACE_SUSPEND) suspends++;
    if (ev == GEN_TRACE_DONE) dones++;
}

static void trace_hook(void)
{
    UNIT_FRAME struct spinner a;
    UNIT_FRAME gen_task_t ta;
    start();
    resumes = suspends = dones = 0;
    loop.trace = tracer;
    a.name = "a";
    gen_spawn(&loop, &ta, gen_async_init(&a.gen, spinner_body));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_EQ(resumes, 4);
    CHECK_EQ(suspends, 3);
    CHECK_EQ(dones, 1);
}

/* ---- async generators --------------------------------------------------------- */

GEN_AGEN_DECLARE(agen_int, int)

struct ticker { agen_int gen; int i, n; };

static int ticker_body(agen_int *g)
{
    struct ticker *t = GEN_SELF(struct ticker, gen, g);
    GEN_BEGIN(g);
    for (t->i = 0; t->i < t->n; t->i++) {
        GEN_SLEEP(g, 1000);
        GEN_AYIELD(g, t->i);
        if (gen_was_sent(g))
            t->i += g->sent;
        if (gen_caught(g))
            at("never");
    }
    GEN_FINALLY(g);
    at(gen_closing(g) ? "agen-close" : "agen-end");
    GEN_SLEEP(g, 50);                            /* cleanup may await */
    at("agen-cleaned");
    GEN_END(g);
}

static agen_int *ticker(struct ticker *t, int n)
{
    t->n = n;
    return agen_int_init(&t->gen, ticker_body);
}

struct agen_user { gen_async gen; struct ticker tk; agen_int *it; int v, sum, mode; };

static int agen_user_body(gen_async *g)
{
    struct agen_user *u = GEN_SELF(struct agen_user, gen, g);
    GEN_BEGIN(g);
    u->it = ticker(&u->tk, 5);
    u->sum = 0;
    if (u->mode == 0) {
        GEN_ASYNC_FOR(g, u->it, &u->v) {
            at("value");
            u->sum = u->sum * 10 + u->v;
        }
    } else if (u->mode == 1) {
        GEN_ANEXT(g, u->it, &u->v);
        u->sum = u->v;
        GEN_ASEND(g, u->it, 2, &u->v);           /* skips to 3 */
        u->sum = u->sum * 10 + u->v;
        GEN_ACLOSE(g, u->it);
        at("closed");
    } else {
        GEN_ANEXT(g, u->it, &u->v);
        GEN_ATHROW(g, u->it, 4, "thrown in", &u->v); /* not caught: raised here */
        at("not-reached");
    }
    GEN_END(g);
}

/* mode 3, a function of its own: cc65 names GEN_ASYNC_FOR's label
   gen__body__LINE__ (one per function) */
static int agen_break_body(gen_async *g)
{
    struct agen_user *u = GEN_SELF(struct agen_user, gen, g);
    GEN_BEGIN(g);
    u->it = ticker(&u->tk, 5);
    u->sum = 0;
    GEN_ASYNC_FOR(g, u->it, &u->v) {            /* the body awaits, continues, breaks */
        if (u->v == 1)
            continue;
        GEN_SLEEP(g, 10);
        at("body");
        u->sum = u->sum * 10 + u->v;
        if (u->v == 3)
            break;
    }
    GEN_ACLOSE(g, u->it);
    at("closed");
    GEN_END(g);
}

static void async_generator(void)
{
    UNIT_FRAME struct agen_user u;
    UNIT_FRAME gen_task_t t;
    start();
    u.mode = 0;
    gen_spawn(&loop, &t, gen_async_init(&u.gen, agen_user_body));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_EQ(u.sum, 1234);                        /* 0 1 2 3 4 */
    CHECK_STR(log_text(), "value@1000 value@2000 value@3000 value@4000 value@5000 agen-end@5000 agen-cleaned@5050");
    log_reset();
    start();
    u.mode = 1;
    gen_spawn(&loop, &t, gen_async_init(&u.gen, agen_user_body));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_EQ(gen_task_result(&t), GEN_DONE);
    CHECK_EQ(u.sum, 3);                           /* 0, then 3 after asend(2) */
    CHECK_STR(log_text(), "agen-close@2000 agen-cleaned@2050 closed@2050");
    CHECK_EQ(gen_state(u.it), GEN_CLOSED);
    log_reset();
    start();
    u.mode = 2;
    gen_spawn(&loop, &t, gen_async_init(&u.gen, agen_user_body));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_EQ(gen_task_result(&t), GEN_ERROR);
    CHECK_STR(gen_task_error(&t)->msg, "thrown in");
    CHECK_STR(log_text(), "agen-end@1000 agen-cleaned@1050");
    log_reset();
    start();
    u.mode = 3;
    gen_spawn(&loop, &t, gen_async_init(&u.gen, agen_break_body));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_EQ(gen_task_result(&t), GEN_DONE);
    CHECK_EQ(u.sum, 23);                          /* 0, (1 skipped), 2, 3, break */
    CHECK_STR(log_text(), "body@1010 body@3020 body@4030 agen-close@4030 agen-cleaned@4080 closed@4080");
}

void t_async2(void)
{
    RUN(async_generator);
    RUN(sleep0_round_robin);
    RUN(event_wakes_all_in_order);
    RUN(cancelled_waiter_leaves_the_line);
    RUN(deadlock_is_reported);
    RUN(event_set_from_interrupt);
    RUN(trace_hook);
}
