/* t_forms.c - the one-statement forms of Python's generator idioms:
   x = yield v (GEN_YIELD_RECV) and a bare raise in an except branch
   (GEN_RERAISE), with the Python each mirrors above it. */
#include "unit.h"
#include "gen.h"

/* def acc():
       total = 0
       while True:
           x = yield total
           total += -1 if x is None else x */
struct acc { gen_int gen; int total, x; };

static int acc_body(gen_int *g)
{
    struct acc *a = GEN_SELF(struct acc, gen, g);
    GEN_BEGIN(g);
    a->total = 0;
    for (;;) {
        GEN_YIELD_RECV(g, a->total, a->x, -1);
        a->total += a->x;
    }
    GEN_END(g);
}

static void yield_recv_takes_sent_or_default(void)
{
    UNIT_FRAME struct acc a;
    int v = 0;
    gen_int *g = gen_int_init(&a.gen, acc_body);
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(v, 0);
    CHECK_EQ(gen_int_send(g, 5, &v), GEN_YIELDED);   /* x = 5 */
    CHECK_EQ(v, 5);
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);      /* x = None: -1 */
    CHECK_EQ(v, 4);
    CHECK_EQ(gen_int_send(g, 10, &v), GEN_YIELDED);
    CHECK_EQ(v, 14);
    CHECK_EQ(gen_close(g), GEN_DONE);
}

/* def rr(log):
       try:
           yield 1
       except E:
           log.append("caught")
           raise
       finally:
           log.append("finally") */
struct rr { gen_int gen; int caught, finally, bare; };

static int rr_body(gen_int *g)
{
    struct rr *r = GEN_SELF(struct rr, gen, g);
    GEN_BEGIN(g);
    if (r->bare)
        GEN_RERAISE(g); /* nothing caught: RuntimeError */
    GEN_YIELD_CATCH(g, 1);
    if (gen_caught(g)) {
        r->caught++;
        GEN_RERAISE(g);
    }
    GEN_YIELD(g, 2);
    GEN_FINALLY(g);
    r->finally++;
    GEN_END(g);
}

static void reraise_raises_the_caught_error(void)
{
    UNIT_FRAME struct rr r;
    int v = 0;
    gen_int *g;
    r.caught = r.finally = r.bare = 0;
    g = gen_int_init(&r.gen, rr_body);
    CHECK_EQ(gen_int_next(g, &v), GEN_YIELDED);
    CHECK_EQ(gen_int_throw(g, 7, "E", &v), GEN_ERROR);
    CHECK_EQ(gen_error(g)->code, 7);
    CHECK_STR(gen_error(g)->msg, "E");
    CHECK_EQ(r.caught, 1);
    CHECK_EQ(r.finally, 1);
    CHECK_EQ(gen_state(g), GEN_CLOSED);
}

static void reraise_with_nothing_caught_is_runtime_error(void)
{
    UNIT_FRAME struct rr r;
    int v = 0;
    gen_int *g;
    r.caught = r.finally = 0;
    r.bare = 1;
    g = gen_int_init(&r.gen, rr_body);
    CHECK_EQ(gen_int_next(g, &v), GEN_ERROR);
    CHECK_EQ(gen_error(g)->code, GEN_ERROR_RUNNING);
    CHECK_STR(gen_error(g)->msg, "No active exception to reraise");
    CHECK_EQ(r.finally, 1);
}

void t_forms(void)
{
    RUN(yield_recv_takes_sent_or_default);
    RUN(reraise_raises_the_caught_error);
    RUN(reraise_with_nothing_caught_is_runtime_error);
}
