/* t_try2.c - try blocks in async bodies (from t_try.c, so that each part
   fits a small target): try/except around awaits catches a child's error
   and a cancellation, an async generator catches athrow in a GEN_TRY, and
   async with (GEN_ASYNC_WITH) releases on a cancellation and an error. The
   Python each mirrors is above it. */
#include "unit.h"
#include "gen.h"

#ifndef GEN_NO_ASYNC
static gen_loop_t try_loop;
static gen_clock_t try_clock;
static unsigned long caught_at, cancelled_at, end_at;

/* async def child(): await asyncio.sleep(2); raise E(5)
   async def worker():
       try:
           await asyncio.sleep(1)
           await child()
           log("not here")
       except E as e:
           log("caught")
       try:
           await asyncio.sleep(10)
       except asyncio.CancelledError:
           log("cancelled")
       await asyncio.sleep(1)
       log("end")
   async def canceller(): await asyncio.sleep(5); t.cancel()
   caught at 3, cancelled at 5, end at 6 */
struct tchild { gen_async gen; };

static int tchild_body(gen_async *g)
{
    GEN_BEGIN(g);
    GEN_SLEEP(g, 2);
    GEN_FAIL(g, 5, "E");
    GEN_END(g);
}

struct tworker { gen_async gen; struct tchild c; };

static int tworker_body(gen_async *g)
{
    struct tworker *f = GEN_SELF(struct tworker, gen, g);
    GEN_BEGIN(g);
    GEN_TRY(g) {
        GEN_SLEEP(g, 1);
        GEN_AWAIT(g, gen_async_init(&f->c.gen, tchild_body));
        log_add("not-here");
    } GEN_EXCEPT(g) {
        if (gen_caught(g)->code == 5)
            caught_at = (unsigned long)gen_now(&try_loop);
    } GEN_END_TRY(g);
    GEN_TRY(g) {
        GEN_SLEEP(g, 10);
    } GEN_EXCEPT(g) {
        if (gen_caught(g)->code == GEN_ERROR_CANCELLED)
            cancelled_at = (unsigned long)gen_now(&try_loop);
    } GEN_END_TRY(g);
    GEN_SLEEP(g, 1);
    end_at = (unsigned long)gen_now(&try_loop);
    GEN_END(g);
}

struct tcanceller { gen_async gen; gen_task_t *t; gen_delay_t at; };

static int tcanceller_body(gen_async *g)
{
    struct tcanceller *f = GEN_SELF(struct tcanceller, gen, g);
    GEN_BEGIN(g);
    GEN_SLEEP(g, f->at);
    gen_cancel(f->t);
    GEN_END(g);
}

static void try_around_awaits_catches_errors_and_cancels(void)
{
    UNIT_FRAME struct tworker w;
    UNIT_FRAME struct tcanceller c;
    UNIT_FRAME gen_task_t tw, tc;
    gen_loop_init(&try_loop, gen_clock_virtual(&try_clock));
    log_reset();
    caught_at = cancelled_at = end_at = 0;
    c.t = &tw;
    c.at = 5;
    gen_spawn(&try_loop, &tw, gen_async_init(&w.gen, tworker_body));
    gen_spawn(&try_loop, &tc, gen_async_init(&c.gen, tcanceller_body));
    CHECK_EQ(gen_loop_run(&try_loop), GEN_DONE);
    CHECK_STR(log_text(), "");
    CHECK_EQ(caught_at, 3);
    CHECK_EQ(cancelled_at, 5);
    CHECK_EQ(end_at, 6);
    CHECK_EQ(gen_task_result(&tw), GEN_DONE);
}

/* async def ag():
       n = 0
       while True:
           try:
               yield n
           except E as e:
               n = 100 + e.code
           n += 1
   anext -> 0, athrow(E(4)) -> 105, anext -> 106 */
GEN_AGEN_DECLARE(tagen, int)

struct tag { tagen gen; int n; };

static int tag_body(tagen *g)
{
    struct tag *f = GEN_SELF(struct tag, gen, g);
    GEN_BEGIN(g);
    f->n = 0;
    for (;;) {
        GEN_TRY(g) {
            GEN_AYIELD(g, f->n);
        } GEN_EXCEPT(g) {
            f->n = 100 + gen_caught(g)->code;
        } GEN_END_TRY(g);
        f->n += 1;
    }
    GEN_END(g);
}

struct tag_user { gen_async gen; struct tag a; int v[3]; };

static int tag_user_body(gen_async *g)
{
    struct tag_user *u = GEN_SELF(struct tag_user, gen, g);
    GEN_BEGIN(g);
    tagen_init(&u->a.gen, tag_body);
    GEN_ANEXT(g, &u->a.gen, &u->v[0]);
    GEN_ATHROW(g, &u->a.gen, 4, "E", &u->v[1]);
    GEN_ANEXT(g, &u->a.gen, &u->v[2]);
    GEN_ACLOSE(g, &u->a.gen);
    GEN_END(g);
}

static void async_generator_catches_athrow(void)
{
    UNIT_FRAME struct tag_user u;
    UNIT_FRAME gen_task_t t;
    gen_loop_init(&try_loop, gen_clock_virtual(&try_clock));
    u.v[0] = u.v[1] = u.v[2] = -1;
    gen_spawn(&try_loop, &t, gen_async_init(&u.gen, tag_user_body));
    CHECK_EQ(gen_loop_run(&try_loop), GEN_DONE);
    CHECK_EQ(gen_task_result(&t), GEN_DONE);
    CHECK_EQ(u.v[0], 0);
    CHECK_EQ(u.v[1], 105);
    CHECK_EQ(u.v[2], 106);
    CHECK_EQ(gen_state(&u.a.gen), GEN_CLOSED);
}
#if CORO__HAS_COUNTER /* GEN_ASYNC_WITH puts two resume points on one line */
/* lock = asyncio.Lock()
   async def holder(fail):
       async with lock:
           log("in")
           await asyncio.sleep(10)
           if fail: raise E(8)
   async def other():
       async with lock:
           log("other")
   holder(0) cancelled at 3: the lock is free at 3 (other@3); holder(1):
   E 8 at 10, the lock free at 10 (other@10) */
static gen_lock_t try_lock;
static unsigned long other_at;

struct tholder { gen_async gen; int fail; };

static int tholder_body(gen_async *g)
{
    struct tholder *f = GEN_SELF(struct tholder, gen, g);
    GEN_BEGIN(g);
    GEN_ASYNC_WITH(g, &try_lock) {
        log_add("in");
        GEN_SLEEP(g, 10);
        if (f->fail)
            GEN_FAIL(g, 8, "E");
    } GEN_END_WITH(g, &try_lock);
    log_add("not-here");
    GEN_END(g);
}

static int tother_body(gen_async *g)
{
    GEN_BEGIN(g);
    GEN_ASYNC_WITH(g, &try_lock) {
        other_at = (unsigned long)gen_now(&try_loop);
    } GEN_END_WITH(g, &try_lock);
    GEN_END(g);
}

static void async_with_releases_on_cancel_and_error(void)
{
    UNIT_FRAME struct tholder h;
    UNIT_FRAME struct tcanceller c;
    UNIT_FRAME gen_async o;
    UNIT_FRAME gen_task_t th, tc, to;
    int fail;
    for (fail = 0; fail < 2; fail++) {
        gen_loop_init(&try_loop, gen_clock_virtual(&try_clock));
        gen_lock_init(&try_lock);
        log_reset();
        other_at = 0;
        h.fail = fail;
        c.t = &th;
        c.at = 3;
        gen_spawn(&try_loop, &th, gen_async_init(&h.gen, tholder_body));
        gen_spawn(&try_loop, &to, gen_async_init(&o, tother_body));
        if (!fail)
            gen_spawn(&try_loop, &tc, gen_async_init(&c.gen, tcanceller_body));
        CHECK_EQ(gen_loop_run(&try_loop), GEN_DONE);
        CHECK_STR(log_text(), "in");
        CHECK_EQ(gen_task_result(&th), GEN_ERROR);
        CHECK_EQ(gen_task_error(&th)->code, fail ? 8 : GEN_ERROR_CANCELLED);
        CHECK_EQ(other_at, fail ? 10 : 3);
        CHECK_EQ(gen_lock_try(&try_lock), 1);               /* free again */
    }
}

#else
static void async_with_releases_on_cancel_and_error(void)
{
    unit_out("  n/a: async_with_releases_on_cancel_and_error: GEN_ASYNC_WITH needs __COUNTER__\n");
}
#endif
#else
static void try_around_awaits_catches_errors_and_cancels(void)
{
    unit_out("  n/a: try_around_awaits_catches_errors_and_cancels: built with GEN_NO_ASYNC (no runtime)\n");
}
static void async_generator_catches_athrow(void)
{
    unit_out("  n/a: async_generator_catches_athrow: built with GEN_NO_ASYNC (no runtime)\n");
}
static void async_with_releases_on_cancel_and_error(void)
{
    unit_out("  n/a: async_with_releases_on_cancel_and_error: built with GEN_NO_ASYNC (no runtime)\n");
}
#endif

void t_try2(void)
{
    RUN(try_around_awaits_catches_errors_and_cancels);
    RUN(async_generator_catches_athrow);
    RUN(async_with_releases_on_cancel_and_error);
}
