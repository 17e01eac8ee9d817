/* t_async9.c - gen.h's async runtime, ninth part (from t_async8.c, so
   that each part fits a small target): an async generator's send type,
   and asend/athrow at its edges. */
#define ASYNC_LOG_NO_AT
#include "async_log.h"

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

void t_async9(void)
{
    RUN(async_generator_send_type_is_the_callers);
    RUN(async_generator_send_and_throw_as_asyncio);
}
