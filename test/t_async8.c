/* t_async8.c - gen.h's async runtime, eighth part (from t_async.c, so
   that each part fits a small target): the suspended line, a caught
   cancellation, wait_for, the tick clock's wrap-around; an async
   generator's send type, and asend/athrow at its edges (from t_async6.c). */
#define ASYNC_LOG_FETCH
#include "async_log.h"

/* ---- introspection: the line a task waits at, through its awaits ----------------- */

struct liner { gen_async gen; struct fetch child; };
static unsigned liner_sleep_line;

static int liner_body(gen_async *g)
{
    struct liner *l = GEN_SELF(struct liner, gen, g);
    GEN_BEGIN(g);
    GEN_AWAIT(g, fetch(&l->child, "x", 100, 0));
    liner_sleep_line = __LINE__ + 1;
    GEN_SLEEP(g, 100);
    GEN_END(g);
}

static void task_line_follows_the_awaits(void)
{
    UNIT_FRAME struct liner l;
    UNIT_FRAME gen_task_t t;
    start();
    gen_spawn(&loop, &t, gen_async_init(&l.gen, liner_body));
    gen_loop_step(&loop);                        /* in the child's sleep */
    CHECK(gen_task_line(&t) > 0);
    CHECK_EQ(gen_task_line(&t), gen_line(&l.child.gen));
    vclock.ticks = 100;
    gen_loop_step(&loop);                        /* the child returned: our own sleep */
    CHECK_EQ(gen_task_line(&t), liner_sleep_line);
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_EQ(gen_task_line(&t), 0);              /* done */
}

/* ---- a task that catches its cancellation goes on ------------------------------------ */

struct stubborn { gen_async gen; struct fetch child; };

static int stubborn_body(gen_async *g)
{
    struct stubborn *s = GEN_SELF(struct stubborn, gen, g);
    GEN_BEGIN(g);
    GEN_AWAIT_CATCH(g, fetch(&s->child, "s", 1000, 0));
    if (gen_caught(g))
        at(gen_caught(g)->msg);
    GEN_SLEEP(g, 100);                           /* cancelled once: not again */
    at("went-on");
    GEN_RETURN(g, 3);
    GEN_END(g);
}

static void caught_cancellation_goes_on(void)
{
    UNIT_FRAME struct stubborn s;
    UNIT_FRAME gen_task_t t;
    start();
    gen_spawn(&loop, &t, gen_async_init(&s.gen, stubborn_body));
    gen_loop_step(&loop);
    vclock.ticks = 200;
    CHECK_EQ(gen_cancel(&t), 1);
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_STR(log_text(), "s@0 fetch-cleanup@200 CancelledError@200 went-on@300");
    CHECK_EQ(gen_task_result(&t), GEN_DONE);
    CHECK_EQ(s.gen.result, 3);
}

/* ---- wait_for -------------------------------------------------------------------- */

struct waiter { gen_async gen; gen_wait_for_t wf; gen_task_t *target; gen_time_t timeout; };

static int waiter_body(gen_async *g)
{
    struct waiter *w = GEN_SELF(struct waiter, gen, g);
    GEN_BEGIN(g);
    GEN_AWAIT_CATCH(g, gen_wait_for(&w->wf, w->target, w->timeout));
    at(gen_caught(g) ? gen_caught(g)->msg : (const char *)"in-time");
    GEN_END(g);
}

static void wait_for_timeout(void)
{
    UNIT_FRAME struct fetch f;
    UNIT_FRAME struct waiter w;
    UNIT_FRAME gen_task_t tf, tw;
    start();
    gen_spawn(&loop, &tf, fetch(&f, "slow", 5000, 0));
    w.target = &tf;
    w.timeout = 1000;
    gen_spawn(&loop, &tw, gen_async_init(&w.gen, waiter_body));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_STR(log_text(), "slow@0 fetch-cleanup@1000 TimeoutError@1000");
    CHECK_EQ(gen_task_error(&tf)->code, GEN_ERROR_CANCELLED);
    log_reset();
    start();
    gen_spawn(&loop, &tf, fetch(&f, "fast", 500, 0));
    gen_spawn(&loop, &tw, gen_async_init(&w.gen, waiter_body));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_STR(log_text(), "fast@0 fetched@500 in-time@500");
    CHECK_EQ(gen_now(&loop), 500);               /* the timeout timer was removed */
}

/* ---- clocks: tick wrap-around --------------------------------------------------- */

static void tick_clock_wraps(void)
{
    UNIT_FRAME gen_clock_t ticks;
    UNIT_FRAME struct fetch f;
    UNIT_FRAME gen_task_t t;
    gen_time_t top = (gen_time_t)~(gen_time_t)0;
    int n;
    gen_loop_init(&loop, gen_clock_ticks(&ticks, (gen_time_t)(top - 5u)));
    gen_spawn(&loop, &t, fetch(&f, "w", 10, 0));
    for (n = 0; n < 30 && gen_loop_step(&loop); n++)
        gen_clock_tick(&ticks);                  /* one tick per step, wrapping */
    CHECK(gen_task_done(&t));
    CHECK_EQ(n, 10);                              /* woke 10 ticks later, not at once */
    CHECK_EQ(ticks.ticks, 4);                     /* top - 5 + 10, wrapped */
    CHECK(gen__before(top, (gen_time_t)(top + 1u)));
    CHECK(!gen__before((gen_time_t)(top + 1u), top));
}

/* ---- an async generator's send type ------------------------------------------------ */

/* async def acc():
       total, n = 0, 0
       while True:
           x = yield n                    # asend(amount): n counts them
           if x is not None: total, n = total + x, n + 1
   anext 0; asend(70000) 1; asend(5) 2; anext 2; total 70005. The send type
   is the caller's choice: a long into an async generator of int (a value
   past a 16-bit int arrives whole; sdcc passes no struct by value, so a
   struct is not tried here). */
GEN_AGEN_SEND_DECLARE(agen_acc, int, long)

struct acc { agen_acc gen; long total; int n; };

static int acc_body(agen_acc *g)
{
    struct acc *a = GEN_SELF(struct acc, gen, g);
    GEN_BEGIN(g);
    a->total = 0;
    a->n = 0;
    for (;;) {
        GEN_AYIELD(g, a->n);
        if (gen_was_sent(g)) {
            a->total += g->sent;
            a->n++;
        }
    }
    GEN_END(g);
}

struct acc_user { gen_async gen; struct acc a; int v[4]; };

static int acc_user_body(gen_async *g)
{
    struct acc_user *u = GEN_SELF(struct acc_user, gen, g);
    GEN_BEGIN(g);
    agen_acc_init(&u->a.gen, acc_body);
    GEN_ANEXT(g, &u->a.gen, &u->v[0]);
    GEN_ASEND(g, &u->a.gen, 70000L, &u->v[1]);
    GEN_ASEND(g, &u->a.gen, 5L, &u->v[2]);
    GEN_ANEXT(g, &u->a.gen, &u->v[3]);          /* None: nothing added */
    GEN_ACLOSE(g, &u->a.gen);
    GEN_END(g);
}

static void async_generator_send_type_is_the_callers(void)
{
    UNIT_FRAME struct acc_user u;
    UNIT_FRAME gen_task_t t;
    start();
    gen_spawn(&loop, &t, gen_async_init(&u.gen, acc_user_body));
    CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
    CHECK_EQ(gen_task_result(&t), GEN_DONE);
    CHECK_EQ(u.v[0], 0);
    CHECK_EQ(u.v[1], 1);
    CHECK_EQ(u.v[2], 2);
    CHECK_EQ(u.v[3], 2);
    CHECK(u.a.total == 70005L);
    CHECK_EQ(gen_state(&u.a.gen), GEN_CLOSED);
}

/* async def ag():
       x = None
       while True:
           x = yield (x if x is not None else 0)   # logs what came in
   anext -> 0; asend(5) -> 5; anext -> 0 (the 5 is not sent again);
   athrow(E(3)) / asend(4) into a new one: E raised in the caller / TypeError */
GEN_AGEN_DECLARE(agen5, int)

static int echo_body(agen5 *g)
{
    GEN_BEGIN(g);
    for (;;) {
        GEN_AYIELD(g, gen_was_sent(g) ? g->sent : 0);
    }
    GEN_END(g);
}

struct echo_user { gen_async gen; agen5 e; int v[3]; int mode; };

static int echo_user_body(gen_async *g)
{
    struct echo_user *u = GEN_SELF(struct echo_user, gen, g);
    GEN_BEGIN(g);
    agen5_init(&u->e, echo_body);
    if (u->mode == 1)
        GEN_ATHROW(g, &u->e, 3, "E", &u->v[0]);
    if (u->mode == 2)
        GEN_ASEND(g, &u->e, 4, &u->v[0]);
    GEN_ANEXT(g, &u->e, &u->v[0]);
    GEN_ASEND(g, &u->e, 5, &u->v[1]);
    GEN_ANEXT(g, &u->e, &u->v[2]);
    GEN_ACLOSE(g, &u->e);
    GEN_END(g);
}

static void async_generator_send_and_throw_as_asyncio(void)
{
    UNIT_FRAME struct echo_user u;
    UNIT_FRAME gen_task_t t;
    int mode;
    for (mode = 0; mode < 3; mode++) {
        start();
        u.mode = mode;
        u.v[0] = u.v[1] = u.v[2] = -1;
        gen_spawn(&loop, &t, gen_async_init(&u.gen, echo_user_body));
        CHECK_EQ(gen_loop_run(&loop), GEN_DONE);
        if (mode == 0) {
            CHECK_EQ(gen_task_result(&t), GEN_DONE);
            CHECK_EQ(u.v[0], 0);
            CHECK_EQ(u.v[1], 5);
            CHECK_EQ(u.v[2], 0);
        } else {
            CHECK_EQ(gen_task_result(&t), GEN_ERROR);
            CHECK_EQ(gen_task_error(&t)->code, mode == 1 ? 3 : GEN_ERROR_NOT_STARTED);
            /* athrow closed it; a refused asend left it new */
            CHECK_EQ(gen_state(&u.e), mode == 1 ? GEN_CLOSED : GEN_CREATED);
            CHECK_EQ(u.v[0], -1);
        }
    }
}

void t_async8(void)
{
    RUN(task_line_follows_the_awaits);
    RUN(caught_cancellation_goes_on);
    RUN(wait_for_timeout);
    RUN(tick_clock_wraps);
    RUN(async_generator_send_type_is_the_callers);
    RUN(async_generator_send_and_throw_as_asyncio);
}
